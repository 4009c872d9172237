"""Which keys of the closure view apply to a closure in its current state.

A key that does not fit the step is hidden from the footer, the help and the
palette rather than refused after it is pressed.
"""

from __future__ import annotations

from cierre.domain.model import Closure, Kind, Status
from cierre.domain.schedule import KEEPING_IN_TOUCH
from cierre.follow_up import REOPENABLE

CALL_STEPS = ("recover", "call", "perspective", "conversation")  # call mode can start from these
KEEPS_IN_TOUCH_LOST = KEEPING_IN_TOUCH[Kind.LOST]


def offered(action: str, parameters: tuple[object, ...], closure: Closure, checklist: int) -> bool:
    """True when `action` applies now; `checklist` is the number of items on the current step."""
    lost, step, finished = closure.kind is Kind.LOST, closure.step, closure.finished
    open_ = not closure.archived and closure.status in (Status.OPEN, Status.DONE)
    opportunity = closure.status is Status.OPPORTUNITY and not closure.archived
    match action:
        case "done" | "skip":
            return not finished and open_
        case "toggle":
            return not finished and open_ and checklist >= int(parameters[0])  # type: ignore[call-overload]
        case "call_mode" | "email":
            return step in CALL_STEPS and open_
        case "outcome":
            return step in ("call", "conversation") and open_
        case "guess":
            return lost and open_ and step in ("recover", "call") and closure.current_call is None
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
        case "checkin":
            return open_ and step in (KEEPS_IN_TOUCH_LOST if lost else ("handover", "relationship", "done"))
        case "won_back":
            return not lost and step in ("handover", "relationship", "done") and open_
        case "renewal":
            return not lost and closure.reason == "price" and open_
        case "winner" | "touch":
            return lost and open_ and step != "recover"
        case "reopen":
            return lost and open_ and step in REOPENABLE
        case "said_no" | "won":
            return lost and opportunity
        case "linked":
            return bool(closure.reopened_from or closure.reopened_as)
    return True
