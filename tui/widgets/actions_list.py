"""Action items of a closure: the process changes that came out of it, each with its due date; a
click on one ticks it (or takes the tick back)."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from cierre.domain.model import ActionItem, Closure
from cierre.domain.text import one_line
from cierre.tui.messages import ActionClicked
from cierre.tui.safe import literal
from cierre.tui.widgets.countdown import local, until
from cierre.tui.widgets.shown import show
from cierre.tui.widgets.tick_box import tick_box
from cierre.tui.widgets.view_context import ViewContext


def owner_text(item: ActionItem, t, user: str) -> str:
    """Who owns a lesson, as shown beside it (an item of before owners is the user's)."""
    return t("lessons.owner", owner=one_line(item.owner_or(user)) or t("lessons.nobody"))


class ActionsList(Static):
    DEFAULT_CSS = """
    ActionsList { height: auto; padding: 0 1; margin-bottom: 1; }
    """

    def show(self, closure: Closure, ctx: ViewContext, *, always: bool = False) -> None:
        self.display = bool(closure.actions) or always
        if not self.display:
            return
        t = ctx.t
        parts: list = [(t("closure.actions_title", count=len(closure.actions)), "bold")]
        if not closure.actions:
            parts += ["\n", (t("closure.actions_empty", keys=ctx.key_of("add_action", "a")), "$text-muted")]
        user = self.app.settings.user_name
        for item in closure.actions:
            owner = Content.assemble(("  · ", "$text-muted"), literal(owner_text(item, t, user), single_line=True))
            if item.done_at:
                row = [
                    (f" {tick_box(True)} ", "$success"),
                    literal(item.text),
                    owner,
                    (f"  {t('closure.action_done', at=local(item.done_at, ctx.tz, t, weekday=False))}", "$text-muted"),
                ]
            else:
                countdown, overdue = until(item.due, ctx.now, t)
                due = f"  {local(item.due, ctx.tz, t, clock=item.due_date is None)} · {countdown}"
                row = [(f" {tick_box(False)} ", "bold"), literal(item.text), owner, (due, "$error" if overdue else "$text-muted")]
            parts += ["\n", Content.assemble(*row).stylize(Style.from_meta({"action": item.id}))]
        show(self, Content.assemble(*parts))

    def on_click(self, event: events.Click) -> None:
        action_id = event.style.meta.get("action")
        if isinstance(action_id, str):
            self.post_message(ActionClicked(action_id))
