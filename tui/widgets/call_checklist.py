"""The call checklist: one line per item, toggled by its number or a click; a line under it for what was learned."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from cierre.tui.messages import ChecklistClicked
from cierre.tui.safe import literal
from cierre.tui.widgets.call_keys import same
from cierre.tui.widgets.tick_box import tick_box


class ChecklistRow(Horizontal):
    """The number and box in a fixed column, the label beside it: a long label wraps under itself."""

    DEFAULT_CSS = """
    ChecklistRow { height: auto; }
    ChecklistRow:hover { background: $boost; }
    ChecklistRow .check-mark { width: 8; }
    ChecklistRow .check-label { width: 1fr; }
    ChecklistRow.-done .check-label { color: $text-muted; }
    """

    def __init__(self, number: int, mark: Content, label: Content, **kwargs) -> None:
        super().__init__(**kwargs)
        self.number = number
        self._mark, self._label = mark, label

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(ChecklistClicked(self.number))

    def compose(self) -> ComposeResult:
        yield Static(self._mark, classes="check-mark")
        yield Static(self._label, classes="check-label")

    def show_mark(self, mark: Content) -> None:
        self.query_one(".check-mark", Static).update(mark)

    @property
    def text(self) -> str:
        """The row as one line of plain text, as the user reads it."""
        mark, label = self.query(Static)
        return f"{mark.render()} {label.render()}"


class CallChecklist(Vertical):
    """Items come from the playbook (id -> label); `show_checked` repaints only the rows that changed."""

    DEFAULT_CSS = """
    CallChecklist { height: auto; padding: 0 1; }
    CallChecklist .call-title { color: $text-muted; text-style: bold; }
    CallChecklist #call-facts { height: auto; margin-top: 1; color: $text; }
    CallChecklist #call-guide { height: auto; color: $text-muted; }
    CallChecklist #call-guide.-first { margin-top: 1; }
    CallChecklist .-empty { display: none; }
    """

    def __init__(self, title: str, items: dict[str, str], **kwargs) -> None:
        super().__init__(**kwargs)
        self._title = title
        self.items = list(items.items())
        self._checked: set[str] | None = None
        self._rows: dict[str, ChecklistRow] = {}
        self._seen: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield Static(Content(self._title), classes="call-title")
        for number, (item_id, label) in enumerate(self.items, 1):
            row = ChecklistRow(number, self._mark(number, False), literal(label), id=f"call-check-{number}")
            self._rows[item_id] = row
            yield row
        yield Static(id="call-facts")
        yield Static(id="call-guide")

    def _mark(self, number: int, done: bool) -> Content:
        return Content.assemble((f" {number} ", "bold reverse"), " ", (tick_box(done), "bold" if done else ""))

    def item_id(self, number: int) -> str | None:
        return self.items[number - 1][0] if 1 <= number <= len(self.items) else None

    def show_checked(self, checked: list[str]) -> None:
        now = set(checked)
        for number, (item_id, _label) in enumerate(self.items, 1):
            done = item_id in now
            if self._checked is None or (item_id in self._checked) != done:
                row = self._rows[item_id]
                row.show_mark(self._mark(number, done))
                row.set_class(done, "-done")
        self._checked = now

    def show_facts(self, facts: list[tuple[str, str]], guide: str = "") -> None:
        """`facts` are (label, value) pairs such as the confirm outcome, reason and competitor."""
        parts: list[Content | str | tuple[str, str]] = []
        for label, value in facts:
            if parts:
                parts.append("  ·  ")
            parts += [(f"{label}: ", "bold"), literal(value, single_line=True)]
        self._update("call-facts", Content.assemble(*parts))
        self._update("call-guide", literal(guide))
        self.query_one("#call-guide").set_class(not parts, "-first")  # the gap under the list, when no facts hold it

    def _update(self, widget_id: str, content: Content) -> None:
        if not same(self._seen.get(widget_id), content):
            self._seen[widget_id] = content
            widget = self.query_one(f"#{widget_id}", Static)
            widget.update(content)
            widget.set_class(not content.plain, "-empty")  # a class, not an inline style: app.tcss may hide it too
