"""The current step's checklist, numbered: the number keys toggle its items."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from coach.model import Closure
from tui.widgets.view_context import ViewContext, show


def checklist_items(closure: Closure, ctx: ViewContext, step: str | None = None) -> list[tuple[str, str, bool]]:
    """(item id, text, checked) in playbook order."""
    step = step or closure.step
    checked = set(closure.checked(step))
    return [(item, text, item in checked) for item, text in ctx.playbook.checklist(closure.kind.value, step).items()]


class Checklist(Static):
    DEFAULT_CSS = """
    Checklist { height: auto; padding: 0 1; margin-bottom: 1; }
    """

    def show(self, closure: Closure, ctx: ViewContext, step: str | None = None) -> None:
        items = checklist_items(closure, ctx, step)
        self.display = bool(items)
        if not items:
            return
        done = sum(1 for _, _, on in items if on)
        parts: list = [(ctx.t("closure.checklist_title", done=done, total=len(items)), "bold")]
        for number, (_, text, on) in enumerate(items, start=1):
            mark = "[x]" if on else "[ ]"
            parts.append("\n")
            parts.append((f" {number} ", "bold $accent"))
            parts.append((f"{mark} {text}", "$success" if on else ""))
        show(self, Content.assemble(*parts))
