"""What the closure view's parts need to draw a closure: texts, playbook, schedule, zone and time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from coach.playbook import Playbook
from coach.schedule import Planner

if TYPE_CHECKING:
    from tui.i18n import Translator


@dataclass(frozen=True)
class ViewContext:
    t: Translator
    playbook: Playbook
    planner: Planner
    tz: tzinfo
    now: datetime

