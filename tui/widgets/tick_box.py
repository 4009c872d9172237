"""The one checkbox look, wherever something is ticked: checklists and action items alike."""

from __future__ import annotations

TICKED = "[✓]"
UNTICKED = "[ ]"


def tick_box(done: bool) -> str:
    return TICKED if done else UNTICKED
