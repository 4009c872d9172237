"""A lost proposal after its call: who won and with what offer, the stay-in-touch check-ins, and the
closure a reopened door links it to (or, for the new round, the one it came from)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from cierre.domain.model import Closure, Kind, Status
from cierre.domain.text import one_line
from cierre.tui.safe import literal
from cierre.tui.widgets.checkin_plan import logged_lines, plan_lines
from cierre.tui.widgets.countdown import local
from cierre.tui.widgets.shown import show
from cierre.tui.widgets.view_context import ViewContext

NOBODY_ELSE = ("no_decision", "in_house", "still_open")  # outcomes where no competitor won


def winner_text(closure: Closure, ctx: ViewContext) -> Content | None:
    """One paragraph: the parts of the winner's offer given, or what to do when none is."""
    t = ctx.t
    # The name first, as it is ("Who won: Brandwise"), then each part of the offer given, labelled.
    parts = [one_line(closure.competitor)] if closure.competitor.strip() else []
    parts += [
        t(f"winner.line_{part}", value=one_line(value))
        for part in closure.winner.PARTS[1:]
        if (value := getattr(closure.winner, part)).strip()
    ]
    if parts:
        return literal(t("winner.shown", parts=" · ".join(parts)))
    if closure.confirm_outcome in NOBODY_ELSE:
        outcome = ctx.playbook.labels("confirm_outcomes").get(closure.confirm_outcome, "")
        return Content.styled(t("winner.not_other", outcome=outcome), "$text-muted")
    return Content.styled(t("winner.nobody", keys=ctx.key_of("winner", "w")), "$warning")


class LostPanel(Static):
    DEFAULT_CSS = """
    LostPanel { height: auto; padding: 0 1; margin-bottom: 1; }
    """

    def show(self, closure: Closure, ctx: ViewContext) -> None:
        parts: list = []
        if closure.kind is Kind.LOST:
            parts = self._parts(closure, ctx)
        self.display = bool(parts)
        show(self, Content.assemble(*parts))

    def _parts(self, closure: Closure, ctx: ViewContext) -> list:
        t = ctx.t
        blocks: list[list] = []
        if closure.status is Status.OPPORTUNITY:
            keys = {"no": ctx.key_of("said_no", "v"), "won": ctx.key_of("won", "w")}
            blocks.append([(t("keepintouch.opportunity", **keys), "bold $accent")])
        elif closure.step != "recover":
            blocks.append([winner_text(closure, ctx)])
        if ctx.planner.keeps_in_touch(closure):
            # Once every step is done the view's title says it already.
            block: list = [] if closure.finished else [(t("keepintouch.lost_title"), "bold"), "\n"]
            if closure.touch_at is None:
                block += [(t("keepintouch.lost_default", keys=ctx.key_of("touch", "u")), "$text-muted"), "\n"]
            elif closure.touch_at > ctx.now:
                block += [(t("keepintouch.lost_named", at=local(closure.touch_at, ctx.tz, t, clock=False)), ""), "\n"]
            block += plan_lines(closure, ctx, 1)
            if closure.checkins:
                block += ["\n"] + logged_lines(closure, ctx)
            blocks.append(block)
        links = []
        hint = t("keepintouch.link_hint", keys=ctx.key_of("linked", "j"))
        for key, linked in (("reopened_from", closure.reopened_from), ("reopened_as", closure.reopened_as)):
            if linked:
                links.append((f"{t(f'keepintouch.{key}', id=linked)}  ({hint})", "$accent"))
        if links:
            blocks.append([part for link in links for part in ("\n", link)][1:])
        out: list = []
        for block in blocks:
            if out:
                out.append("\n\n")
            out += block
        return out
