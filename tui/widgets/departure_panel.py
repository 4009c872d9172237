"""A departing client: why they leave with that reason's response guide, then the check-ins.

The relationship outlives the account: logged check-ins, the next one due (a
logged check-in resets the cadence), the few after it, each labelled (3, 6 and
12 months, and for a price departure the call before their renewal).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from cierre.domain.model import Closure, Status
from cierre.domain.schedule import add_months
from cierre.tui.widgets.checkin_plan import logged_lines, plan_lines
from cierre.tui.widgets.countdown import local
from cierre.tui.widgets.shown import show
from cierre.tui.widgets.view_context import ViewContext

CHECKIN_STEPS = ("relationship", "done")


class DeparturePanel(Static):
    DEFAULT_CSS = """
    DeparturePanel { height: auto; padding: 0 1; margin-bottom: 1; }
    """

    def show(self, closure: Closure, ctx: ViewContext) -> None:
        parts: list = []
        parts += self._reason(closure, ctx, full=closure.step in ("conversation", "handover"))
        if closure.step in CHECKIN_STEPS:
            parts += ["\n\n"] + self._checkins(closure, ctx)
        self.display = bool(parts)
        show(self, Content.assemble(*parts))

    def _reason(self, closure: Closure, ctx: ViewContext, *, full: bool) -> list:
        t, playbook = ctx.t, ctx.playbook
        if not closure.reason:
            if closure.step == "perspective":
                return []
            return [(t("departure.reason_missing", keys=ctx.key_of("reason", "r")), "$warning")]
        reason = playbook.departure_reason(closure.reason)
        parts: list = [(t("departure.reason_is", reason=reason.get("label", closure.reason)), "bold")]
        if full and reason.get("guide"):
            parts += ["\n", (t("departure.guide_title"), "bold $accent"), "\n", (reason["guide"].strip(), "")]
        if reason.get("checkin"):
            parts += ["\n", (reason["checkin"].strip(), "$text-muted")]
        return parts

    def _checkins(self, closure: Closure, ctx: ViewContext) -> list:
        t = ctx.t
        parts = logged_lines(closure, ctx)
        if closure.status is Status.WON_BACK:
            return parts + ["\n", (t("departure.won_back_on", at=local(closure.status_at, ctx.tz, t)), "bold $success")]
        parts += ["\n"] + plan_lines(closure, ctx)
        if ctx.planner.relationship_only(closure):
            parts += ["\n", (ctx.playbook.text("calendar.relationship_only"), "$text-muted")]
        if closure.reason == "price":
            if closure.renewal_at:
                parts += ["\n", (t("departure.renewal_set", at=local(closure.renewal_at, ctx.tz, t, clock=False)), "")]
            else:
                guess = add_months(closure.received_at, 12)
                parts += ["\n", (t("departure.renewal_guess", at=local(guess, ctx.tz, t, clock=False)), "$text-muted")]
        return parts
