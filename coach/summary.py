"""The one-line summary of a closure kept in the index: enough for the dashboard and insights
without opening thousands of closure files.
"""

from __future__ import annotations

from typing import Any

from .model import Closure
from .schedule import Planner, ScheduleError
from .timeutil import to_iso

# Debrief findings that count as lessons in insights: what could have been done better, team feedback.
LESSON_KINDS = ("better", "feedback")


def summarize(closure: Closure, planner: Planner) -> dict[str, Any]:
    data = closure.to_dict()
    try:
        due = planner.due(closure)
    except ScheduleError:
        due = None
    return {
        "id": closure.id,
        "kind": data["kind"],
        "client": closure.client,
        "contact": closure.contact,
        "phone": closure.phone,
        "value": closure.value,
        "step": closure.step,
        "status": data["status"],
        "status_at": data["status_at"],
        "archived_at": data["archived_at"],
        "received_at": data["received_at"],
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
        "active": closure.active,
        "due": to_iso(due),
        "plan": str(planner.hours) + " " + planner.tz.key,
        "steps": data["steps"],
        "guess_reason": closure.guess_reason,
        "reason": closure.reason,
        "confirm_outcome": closure.confirm_outcome,
        "competitor": closure.competitor,
        "calls": [
            {"started_at": c["started_at"], "ended_at": c["ended_at"], "result": c["result"]} for c in data["calls"]
        ],
        "checkins": [c["at"] for c in data["checkins"]],
        "actions": [{"due": a["due"], "done_at": a["done_at"]} for a in data["actions"]],
        # Counts for insights; a plain note leaves them (and so the index) untouched.
        "suggestions": sum(1 for n in closure.notes if n.kind == "suggestion"),
        "lessons": sum(1 for n in closure.notes if n.kind in LESSON_KINDS),
    }
