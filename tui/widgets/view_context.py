"""What the closure view's parts need to draw a closure: texts, playbook, schedule, zone and time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Callable

from cierre.domain.playbook import Playbook
from cierre.domain.schedule import Planner

if TYPE_CHECKING:
    from cierre.domain.texts import Translator


@dataclass(frozen=True)
class ViewContext:
    t: Translator
    playbook: Playbook
    planner: Planner
    tz: tzinfo
    now: datetime
    # The key in force for an action (the user's keymap applied), asked only while drawing a hint.
    key: Callable[[str], str | None] = lambda _action: None

    def key_of(self, action: str, default: str) -> str:
        return self.key(action) or default
