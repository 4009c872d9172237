"""Times shown to the user: spans such as "3h 12m 05s", countdowns and local dates.

Always computed from a stored deadline and the injected clock, never from
counted ticks, so a late timer tick or a restart shows the right figure.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Callable

Translate = Callable[..., str]


def span(seconds: float) -> str:
    """A duration, coarser as it grows: 45s, 12m 05s, 3h 12m 05s, 2d 04h."""
    total = int(abs(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours:02d}h"
    if hours:
        return f"{hours}h {minutes:02d}m {secs:02d}s"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


def until(due: datetime | None, now: datetime, t: Translate) -> tuple[str, bool]:
    """("in 3h 12m 05s", False) or ("2d 04h overdue", True); ("", False) when nothing is due."""
    if due is None:
        return "", False
    seconds = (due - now).total_seconds()
    if seconds < 0:
        return t("app.overdue_by", span=span(seconds)), True
    return t("app.due_in", span=span(seconds)), False


def local(moment: datetime | None, tz: tzinfo, t: Translate, *, weekday: bool = True, clock: bool = True) -> str:
    """A moment in the user's zone: "Tue 2025-05-13 10:00" (weekday names from the catalog)."""
    if moment is None:
        return ""
    here = moment.astimezone(tz)
    text = here.strftime("%Y-%m-%d %H:%M" if clock else "%Y-%m-%d")
    if weekday:
        names = t("app.weekdays").split(",")
        text = f"{names[here.weekday()]} {text}"
    return text


def parse_local(text: str, tz: tzinfo) -> datetime:
    """A time typed by the user: ISO-8601, "YYYY-MM-DD HH:MM" in their zone, or a date (09:00 then)."""
    from cierre.domain.timeutil import parse_user_time

    text = text.strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        text += " 09:00"
    return parse_user_time(text, tz)
