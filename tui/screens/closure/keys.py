"""Which keys of the closure view apply to a closure in its current state.

A key that does not fit the step is hidden from the footer, the help and the
palette rather than refused after it is pressed.
"""

from __future__ import annotations

from cierre.domain.model import Closure, Kind

CALL_STEPS = ("recover", "call", "perspective", "conversation")  # call mode can start from these


def offered(action: str, parameters: tuple[object, ...], closure: Closure, checklist: int) -> bool:
    """True when `action` applies now; `checklist` is the number of items on the current step."""
    lost, step, finished = closure.kind is Kind.LOST, closure.step, closure.finished
    open_ = not closure.archived and closure.status.value in ("open", "done")
    match action:
        case "done" | "skip":
            return not finished and open_
        case "toggle":
            return not finished and checklist >= int(parameters[0])  # type: ignore[call-overload]
        case "call_mode" | "email":
            return step in CALL_STEPS and open_
        case "outcome":
            return step in ("call", "conversation") and open_
        case "guess":
            return lost and step in ("recover", "call") and closure.current_call is None
        case "reason":
            return (not lost or step != "recover") and open_
        case "debrief":
            return lost and step == "debrief"
        case "restart":
            return lost and step == "restart"
        case "add_action":
            return lost and step in ("debrief", "restart")
        case "complete_action":
            return any(item.done_at is None for item in closure.actions)
        case "checkin" | "won_back":
            return not lost and step in ("handover", "relationship", "done") and open_
        case "renewal":
            return not lost and closure.reason == "price" and open_
    return True
