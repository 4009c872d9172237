"""The one-line summary of a closure kept in the index: enough for the dashboard and insights
without opening thousands of closure files.
"""

from __future__ import annotations

from typing import Any

from cierre.domain.model import Closure
from cierre.domain.schedule import Planner, ScheduleError
from cierre.domain.timeutil import to_iso

# Debrief findings that count as lessons in insights: what could have been done better, team feedback.
LESSON_KINDS = ("better", "feedback")


def summarize(closure: Closure, planner: Planner) -> dict[str, Any]:
    # Built field by field: serialising the whole closure (all its notes) twice per capture is the
    # largest cost of a keystroke on a long call.
    try:
        due = planner.due(closure)
    except ScheduleError:
        due = None
    return {
        "id": closure.id,
        "kind": closure.kind.value,
        "client": closure.client,
        "contact": closure.contact,
        "phone": closure.phone,
        "value": closure.value,
        "step": closure.step,
        "status": closure.status.value,
        "status_at": to_iso(closure.status_at),
        "archived_at": to_iso(closure.archived_at),
        "received_at": to_iso(closure.received_at),
        "created_at": to_iso(closure.created_at),
        "updated_at": to_iso(closure.updated_at),
        "active": closure.active,
        "due": to_iso(due),
        "steps": {name: record.to_dict() for name, record in closure.steps.items()},
        "guess_reason": closure.guess_reason,
        "reason": closure.reason,
        "confirm_outcome": closure.confirm_outcome,
        "competitor": closure.competitor,
        "calls": [
            {"started_at": to_iso(c.started_at), "ended_at": to_iso(c.ended_at), "result": c.result} for c in closure.calls
        ],
        "checkins": [to_iso(c.at) for c in closure.checkins],
        "actions": [{"due": to_iso(a.due), "done_at": to_iso(a.done_at)} for a in closure.actions],
        # Counts for insights; a plain note leaves them (and so the index) untouched.
        "suggestions": sum(1 for n in closure.notes if n.kind == "suggestion"),
        "lessons": sum(1 for n in closure.notes if n.kind in LESSON_KINDS),
    }
