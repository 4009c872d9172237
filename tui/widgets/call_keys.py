"""Small shared helpers of the call, debrief and start-again screens."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from textual.content import Content


def clock_text(seconds: float | None) -> str:
    """mm:ss, or h:mm:ss past the hour; dashes when there is no time."""
    if seconds is None:
        return "--:--"
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def same(old: object, new: object) -> bool:
    """Equal text and equal styles (Content's own == compares the text only)."""
    if isinstance(old, Content) and isinstance(new, Content):
        return old.plain == new.plain and list(old.spans) == list(new.spans)
    return old == new


TIME_FORMAT = "%Y-%m-%d %H:%M"  # what the time prompts show and read back


def local_text(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime(TIME_FORMAT)
