"""The current step's checklist, numbered: the number keys toggle its items, and so does a click."""

from __future__ import annotations

import textwrap

from textual import events
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from cierre.domain.model import Closure
from cierre.tui.messages import ChecklistClicked
from cierre.tui.widgets.shown import show
from cierre.tui.widgets.tick_box import tick_box
from cierre.tui.widgets.view_context import ViewContext


def checklist_items(closure: Closure, ctx: ViewContext, step: str | None = None) -> list[tuple[str, str, bool]]:
    """(item id, text, checked) in playbook order."""
    step = step or closure.step
    checked = set(closure.checked(step))
    return [(item, text, item in checked) for item, text in ctx.playbook.checklist(closure.kind.value, step).items()]


INDENT = 7  # " 1 [✓] "


class Checklist(Static):
    DEFAULT_CSS = """
    Checklist { height: auto; padding: 0 1; margin-bottom: 1; }
    """

    _last: tuple | None = None

    def show(self, closure: Closure, ctx: ViewContext, step: str | None = None) -> None:
        self._last = (closure, ctx, step)
        items = checklist_items(closure, ctx, step)
        self.display = bool(items)
        if not items:
            return
        done = sum(1 for _, _, on in items if on)
        # Wrapped items keep a hanging indent, so each number stands out on the left.
        width = max(20, self.content_size.width - INDENT) if self.content_size.width else None
        parts: list = [(ctx.t("closure.checklist_title", done=done, total=len(items)), "bold")]
        for number, (_, text, on) in enumerate(items, start=1):
            mark = tick_box(on)
            lines = textwrap.wrap(text, width) if width else [text]
            item = [(f" {number} ", "bold $accent"), (f"{mark} {lines[0]}", "$success" if on else "")]
            for line in lines[1:]:
                item += ["\n", (" " * INDENT + line, "$success" if on else "")]
            # Every cell of the item says which it is: a click anywhere on it ticks it.
            parts += ["\n", Content.assemble(*item).stylize(Style.from_meta({"check": number}))]
        show(self, Content.assemble(*parts))

    def on_click(self, event: events.Click) -> None:
        number = event.style.meta.get("check")
        if isinstance(number, int):
            self.post_message(ChecklistClicked(number))

    def on_resize(self) -> None:
        if self._last is not None:
            self.show(*self._last)
