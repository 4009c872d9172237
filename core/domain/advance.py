"""Finishing a step: the change itself, and what it would do to the calendar, told before it is done."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cierre.domain.events import EventPlanner
from cierre.domain.model import FINISHED, STEPS, Closure, Status, StepRecord
from cierre.domain.timeutil import from_iso


def finish_step(closure: Closure, now: datetime, *, skip: bool = False) -> None:
    """Mark the current step finished (or skipped) and start the next one, or finish the closure."""
    record = closure.steps.setdefault(closure.step, StepRecord(started_at=now))
    record.finished_at = now
    record.skipped = skip
    order = STEPS[closure.kind]
    position = order.index(closure.step)
    if position + 1 < len(order):
        closure.step = order[position + 1]
        closure.steps[closure.step] = StepRecord(started_at=now)
    else:
        closure.step = FINISHED
        closure.status = Status.DONE
        closure.status_at = now


def is_appointment(event: dict[str, Any]) -> bool:
    """A call or meeting someone else may expect; a step's own reminder goes with the step unremarked."""
    what = str(event.get("what", ""))
    return what in ("call", "debrief") or what.startswith("checkin")


def cancelled_by_finishing(events: EventPlanner, closure: Closure, now: datetime) -> list[dict[str, Any]]:
    """The appointments still ahead that finishing the current step would take off the calendar."""
    after = Closure.from_dict(closure.to_dict())
    finish_step(after, now)
    later = events.plan(after)
    ahead = []
    for uid, event in events.plan(closure).items():
        start = from_iso(event["start"])
        if uid not in later and is_appointment(event) and start is not None and start > now:
            ahead.append(event)
    return sorted(ahead, key=lambda event: event["start"])
