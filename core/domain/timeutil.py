"""Small helpers for aware timestamps: the store keeps ISO-8601 text in UTC."""

from __future__ import annotations

from datetime import datetime, timezone

TYPE_CHECKING = False  # `typing` is not imported at run time: `cierre note` does without it
if TYPE_CHECKING:
    from typing import Callable

    Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def to_iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime: every stored time must carry its zone")  # a caller's mistake, never a user's
    return value.astimezone(timezone.utc).isoformat(timespec="microseconds")


def from_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def parse_user_time(text: str, tz) -> datetime:
    """A time typed by the user: ISO-8601, with or without offset (then in `tz`)."""
    text = text.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    value = datetime.fromisoformat(text.replace(" ", "T", 1) if "T" not in text and " " in text else text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value
