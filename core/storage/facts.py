"""The facts of a closure that insights count: columns of its row in the index (index.py).

Derived from the closure's summary (summary.py) when its row is written, so counting is only
queries over columns (insights/counting.py). Each value is worked out here once, from the
summary alone:

  - times are fixed-width UTC text (as the store writes them), which sorts and compares as the
    time does, whatever form the summary had; a value that is not a time reads as missing;
  - figures that belong to one kind of closure are kept only on closures of that kind (the guess
    and the competitor on lost proposals, check-ins on departures...);
  - what depends on the time of counting is kept as the moment it changes: a recovery still
    running as the time it runs over, an open check-in or action item as its due time.

Older summaries lacking a field read as they always did: the field is missing, or zero.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Mapping

from cierre.domain.schedule import RECOVERY
from cierre.domain.text import one_line
from cierre.domain.timeutil import from_iso, to_iso

COLUMNS = (
    "kind",
    "received",
    "status",
    "reason",
    "competitor",
    "guess",
    "confirm",  # lost proposals only: the name as shown, a guess with the reason to compare
    "delay",
    "attempts",
    "not_reached",
    "last",  # calls: first one after the "no" (microseconds), results
    "overrun",
    "recover_by",  # recovery: ended after the window (or not), or still running until then
    "checkins",
    "checkin_due",  # departures only: check-ins logged, the next one when it is counted as due
    "lessons",
    "actions",
    "done",
    "pending",  # debrief: lessons, action items, done ones, due times of the rest
    "suggestions",  # how many were heard
)
MICROSECOND = timedelta(microseconds=1)


def _utc(text: Any) -> str | None:
    if isinstance(text, str) and len(text) == 32 and text.endswith("+00:00"):
        return text  # as to_iso writes it: nothing to convert
    try:
        return to_iso(from_iso(text)) if text else None
    except (TypeError, ValueError):
        return None


def _competitor(name: Any) -> str | None:
    if not name or not isinstance(name, str):
        return None
    return (name if name.isprintable() else one_line(name)).strip() or None


def _calls(calls: list[dict[str, Any]], received: str | None) -> tuple[int | None, int, int, str | None]:
    delay = None
    first = _utc(calls[0].get("started_at")) if calls and received else None
    if first:
        delay = (from_iso(first) - from_iso(received)) // MICROSECOND
    results = [result for call in calls if (result := call.get("result"))]
    return delay, len(results), results.count("not_reached"), results[-1] if results else None


def _recovery(s: Mapping[str, Any], received: str | None) -> tuple[bool | None, str | None]:
    """Whether a finished recovery ran past its window; the moment a running one will."""
    if not received:
        return None, None
    recover = (s.get("steps") or {}).get("recover")
    finished = _utc(recover.get("finished_at")) if recover else None
    if finished:
        return from_iso(finished) - from_iso(received) > RECOVERY, None
    if s.get("step") == "recover" and s.get("status") == "open" and not s.get("archived_at"):
        return None, to_iso(from_iso(received) + RECOVERY)
    return None, None


def _checkin_due(s: Mapping[str, Any]) -> str | None:
    # The summary's due time is the next check-in once the client is in the relationship step.
    if s.get("step") in ("relationship", "done") and s.get("status") in ("open", "done") and not s.get("archived_at"):
        return _utc(s.get("due"))
    return None


def row(s: Mapping[str, Any]) -> tuple[Any, ...]:
    """One summary's facts, in the order of COLUMNS."""
    kind, status, reason = s.get("kind"), s.get("status"), s.get("reason")
    received = _utc(s.get("received_at")) or ""  # one type in the column: it sorts, and "" reads as missing
    lost, departure = kind == "lost", kind == "departure"
    guess = s.get("guess_reason") if lost and reason else None
    actions = s.get("actions") or ()
    done = sum(1 for action in actions if action.get("done_at"))
    pending = [due for action in actions if not action.get("done_at") and (due := _utc(action.get("due")))]
    overrun, recover_by = _recovery(s, received) if lost else (None, None)
    return (
        kind,
        received,
        status,
        reason,
        _competitor(s.get("competitor")) if lost else None,
        guess or None,
        (s.get("confirm_outcome") or None) if lost else None,
        *_calls(s.get("calls") or [], received),
        overrun,
        recover_by,
        len(s.get("checkins") or ()) if departure else 0,
        _checkin_due(s) if departure else None,
        s.get("lessons") or 0,
        len(actions),
        done,
        pending or None,
        s.get("suggestions") or 0,
    )


__all__ = ["COLUMNS", "row"]
