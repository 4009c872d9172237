"""What the store needs to know of a closure file besides its content: the summary the index
keeps of it, the shape a readable one has, and the hook a change is announced to."""

from __future__ import annotations

from typing import Any, Callable

from cierre.domain.model import Closure
from cierre.domain.timeutil import to_iso


def default_summary(closure: Closure) -> dict[str, Any]:
    return {
        "id": closure.id,
        "kind": closure.kind.value,
        "client": closure.client,
        "step": closure.step,
        "status": closure.status.value,
        "archived_at": to_iso(closure.archived_at),
        "received_at": to_iso(closure.received_at),
    }


class Hook:
    """Runs under the lock with a change: `snapshot` before and after, `changed` when they differ.

    `withdraw` takes back what `changed` did for a new closure whose file could not be written."""

    def __init__(
        self,
        snapshot: Callable[[Closure], Any],
        changed: Callable[[Closure, Any, Any], None],
        withdraw: Callable[[Closure, Any], None] | None = None,
    ) -> None:
        self.snapshot = snapshot
        self.changed = changed
        self.withdraw = withdraw


def is_closure_file(data: Any) -> bool:
    """What Cierre writes there: `{"closure": {"1": {...}}}`; anything else is moved aside."""
    closure = data.get("closure") if isinstance(data, dict) else None
    return isinstance(closure, dict) and isinstance(closure.get("1"), dict)
