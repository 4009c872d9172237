"""What a closure's current step is called in a list of closures: the dashboard and `cierre list` say the same.

A finished closure has no step title ("done" is an id, never shown): it is called by how it
ended (finished, door reopened, won back) or, archived, by that; a departed client still in touch
is in the relationship step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable

from cierre.domain.playbook import Playbook


def step_label(summary: Mapping[str, Any], playbook: Playbook, t: Callable[..., str]) -> str:
    """The current step of the closure `summary` (an index row) in the language of `playbook` and `t`."""
    kind = summary.get("kind", "")
    step = summary.get("step", "")
    status = summary.get("status") or "done"
    if summary.get("archived_at"):
        return t("dashboard.status_archived")
    if step != "done" and status == "open":
        return playbook.step_title(kind, step)
    if kind == "departure" and summary.get("active"):
        return playbook.step_title(kind, "relationship")
    return t(f"dashboard.status_{status}")
