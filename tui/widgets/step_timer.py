"""The current step's clock: when it is due and how long is left, or by how much it ran over.

On the recovery step this is the recovery window, a live countdown with a few
restorative suggestions; when the window ends it says it is time to call, and an
overrun is shown in red with its length. Everything is computed from stored
timestamps and the clock on each redraw.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from cierre.domain.model import Closure, Kind, Status
from cierre.domain.schedule import ScheduleError
from cierre.tui.widgets.countdown import local, span, until
from cierre.tui.widgets.shown import show
from cierre.tui.widgets.view_context import ViewContext

SUGGESTIONS_SHOWN = 3


def suggestions(closure: Closure, ctx: ViewContext) -> list[str]:
    """A few suggestions, varied per closure but stable for it (no flicker on redraw)."""
    table = list(ctx.playbook.labels("suggestions").values())
    if not table:
        return []
    start = int(closure.received_at.timestamp()) // 3600 % len(table)
    return [table[(start + n) % len(table)] for n in range(min(SUGGESTIONS_SHOWN, len(table)))]


class StepTimer(Static):
    DEFAULT_CSS = """
    StepTimer { height: auto; padding: 0 1; margin-bottom: 1; }
    StepTimer.-overdue { border-left: thick $error; }
    StepTimer.-running { border-left: thick $accent; }
    """

    def show(self, closure: Closure, ctx: ViewContext) -> None:
        overdue = False
        try:
            lines, overdue = self._lines(closure, ctx)
        except ScheduleError as error:
            lines = [(str(error), "$error")]
        self.set_class(overdue, "-overdue")
        running = closure.step == "recover" or (closure.current_call is not None and closure.step in ("call", "conversation"))
        self.set_class(not overdue and running, "-running")
        parts: list = []
        for line in lines:
            if parts:
                parts.append("\n")
            parts.append(line)
        show(self, Content.assemble(*parts))

    def _lines(self, closure: Closure, ctx: ViewContext) -> tuple[list[tuple[str, str]], bool]:
        t, planner, now = ctx.t, ctx.planner, ctx.now
        if closure.status is Status.REOPENED:
            return [(t("closure.timer_reopened"), "bold $success")], False
        if closure.status is Status.WON_BACK:
            return [(t("closure.timer_won_back"), "bold $success")], False
        if closure.archived:
            return [(t("closure.timer_archived"), "$text-muted")], False
        if closure.step == "recover":
            return self._recovery(closure, ctx)
        lines: list[tuple[str, str]] = []
        overrun = planner.recovery_overrun(closure) if closure.kind is Kind.LOST else None
        call = closure.current_call
        if call is not None and closure.step in ("call", "conversation"):
            # The call is happening: its slot is neither upcoming nor overdue.
            key = "closure.timer_call_paused" if call.paused else "closure.timer_call_running"
            at = local(call.started_at, ctx.tz, t, weekday=False)
            lines.append((t(key, at=at, span=span(call.elapsed(now)), number=call.number), "bold $accent"))
            return lines, False
        due = planner.due(closure)
        if due is None:
            return [(t("closure.timer_finished"), "$success")], False
        text, overdue = until(due, now, t)
        label = {
            "call": "closure.timer_call",
            "conversation": "closure.timer_conversation",
            "debrief": "closure.timer_debrief",
            "relationship": "closure.timer_checkin",
            "done": "closure.timer_checkin",
        }.get(closure.step, "closure.timer_due")
        lines.append((t(label, at=local(due, ctx.tz, t), countdown=text), "bold $error" if overdue else "bold"))
        if closure.step in ("call", "conversation") and closure.calls:
            last = closure.calls[-1]
            result = t(f"closure.call_result_{last.result}") if last.result else t("closure.call_in_progress")
            lines.append((t("closure.timer_attempts", count=len(closure.calls), last=result), "$text-muted"))
        if overrun is not None and closure.step in ("call", "debrief", "restart"):
            lines.append((t("closure.recovery_overran", span=span(overrun.total_seconds())), "$error"))
        return lines, overdue

    def _recovery(self, closure: Closure, ctx: ViewContext) -> tuple[list[tuple[str, str]], bool]:
        t, now = ctx.t, ctx.now
        end = ctx.planner.recovery_end(closure)
        left = (end - now).total_seconds()
        if left > 0:
            lines = [(t("closure.recovery_left", span=span(left), at=local(end, ctx.tz, t)), "bold $accent")]
            lines.append((t("closure.recovery_suggest"), "$text-muted"))
            lines.extend((f"  • {item}", "") for item in suggestions(closure, ctx))
            return lines, False
        return [
            (t("closure.recovery_over"), "bold $accent"),
            (t("closure.recovery_overrun", span=span(left)), "bold $error"),
        ], True
