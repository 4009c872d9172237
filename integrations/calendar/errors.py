"""The two ways a calendar request fails: the whole sync stops, or one event is refused.

Apart from `caldav_backend.py` so that `answers.py`, which the backend calls on every answer,
raises them without importing the backend.
"""

from __future__ import annotations


class CalendarError(Exception):
    """Stops the sync; `kind` is one of auth, forbidden, unreachable, timeout, tls, server, not_found, protocol,
    redirect, not_caldav."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class ItemError(Exception):
    """One event could not be delivered; `kind` is conflict (412) or rejected."""

    def __init__(self, kind: str, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
