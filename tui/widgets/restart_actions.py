"""Action items: lessons turned into changes, each with a due date; ticked off one by one.

The list never takes focus (the screen's single keys stay live); the screen moves
its highlight with the arrow keys. A change repaints only the row it touched.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cierre.domain.model import ActionItem
from cierre.tui.safe import literal
from cierre.tui.widgets.tick_box import tick_box


class ActionList(OptionList):
    DEFAULT_CSS = """
    ActionList { height: 1fr; min-height: 3; border: round $primary 50%; padding: 0 1; }
    """

    def __init__(self, title: str, empty: str, due_text: Callable[[ActionItem], str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.can_focus = False
        self.border_title = title
        self._empty = empty
        self._due_text = due_text
        self._rows: dict[str, str] = {}  # action id -> what its row shows
        self.now: datetime | None = None

    def on_mount(self) -> None:
        self.border_subtitle = self._empty

    def set_texts(self, title: str, empty: str) -> None:
        self.border_title = title
        self._empty = empty
        if not self.option_count:
            self.border_subtitle = empty

    def row(self, item: ActionItem) -> Content:
        done = item.done_at is not None
        late = not done and self.now is not None and item.due < self.now
        box = (f"{tick_box(done)} ", "bold $success" if done else "bold")
        due = (self._due_text(item), "bold $error" if late else "$text-muted")
        text = literal(item.text, single_line=True)
        return Content.assemble(box, text.stylize("strike dim") if done else text, "   ", due)

    def sync(self, items: list[ActionItem]) -> None:
        ids = [item.id for item in items]
        if ids[: len(self._rows)] != list(self._rows):  # one was removed: draw the list again
            self.clear_options()
            self._rows = {}
        for item in items:
            content = self.row(item)
            if item.id not in self._rows:
                self.add_option(Option(content, id=item.id))
            elif self._rows[item.id] != content.markup:
                self.replace_option_prompt(item.id, content)
            self._rows[item.id] = content.markup
        if self.highlighted is None and items:
            self.highlighted = 0
        self.border_subtitle = "" if items else self._empty

    def move(self, step: int) -> None:
        if self.option_count:
            current = self.highlighted or 0
            self.highlighted = max(0, min(self.option_count - 1, current + step))

    @property
    def selected_id(self) -> str | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    @property
    def texts(self) -> list[str]:
        return [str(self.get_option_at_index(i).prompt) for i in range(self.option_count)]
