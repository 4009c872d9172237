"""The check-ins of a closure as lines: those logged, the next one due and the ones after it,
each with its label (3 months, 6 months, 12 months, renewal, the moment they named...)."""

from __future__ import annotations

from cierre.domain.model import Closure
from cierre.tui.safe import literal
from cierre.tui.widgets.countdown import local, until
from cierre.tui.widgets.view_context import ViewContext


def label_of(ctx: ViewContext, label: str) -> str:
    return ctx.t(f"keepintouch.labels.{label}")


def logged_lines(closure: Closure, ctx: ViewContext) -> list:
    t = ctx.t
    parts: list = [(t("departure.checkins_title", count=len(closure.checkins)), "bold")]
    for checkin in closure.checkins:
        parts += ["\n", (f" ✓ {local(checkin.at, ctx.tz, t)}", "$success")]
        if checkin.note:
            parts += ["  ", literal(checkin.note, single_line=True)]
    return parts


def plan_lines(closure: Closure, ctx: ViewContext, count: int = 3) -> list:
    """The next check-in with its countdown, then each later one on a line: label and day."""
    t = ctx.t
    plan = ctx.planner.checkin_plan(closure, count)
    first, later = plan[0], plan[1:]
    countdown, overdue = until(first.at, ctx.now, t)
    parts: list = [
        (
            t("keepintouch.next", label=label_of(ctx, first.label), at=local(first.at, ctx.tz, t), countdown=countdown),
            "bold $error" if overdue else "bold",
        )
    ]
    if later:
        parts += ["\n", (t("keepintouch.then"), "$text-muted")]
        for planned in later:
            day = local(planned.at, ctx.tz, t, weekday=False, clock=False)
            parts += ["\n", (f"  {t('keepintouch.then_item', label=label_of(ctx, planned.label), date=day)}", "$text-muted")]
    return parts
