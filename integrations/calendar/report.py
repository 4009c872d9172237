"""What one sync did, for `cierre sync` (one line) and the dashboard (pending count, last error)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

# After a failure the background sync waits, doubling each time: 30 s, 1 min, 2 min ... 30 min.
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_MAX = timedelta(minutes=30)


def backoff(failures: int) -> timedelta:
    if failures <= 0:
        return timedelta(0)
    return min(BACKOFF_FIRST * (2 ** min(failures - 1, 16)), BACKOFF_MAX)


@dataclass
class SyncReport:
    target: str  # "caldav" or "ics"
    ok: bool = True
    delivered: int = 0  # outbox entries done (sent, or found already there)
    pending: int = 0  # outbox entries still queued after the sync
    pulled: int = 0  # events moved in the calendar app whose new time was taken into a closure
    requests: int = 0  # HTTP requests sent
    error: str = ""  # one line, empty when ok
    error_kind: str = ""  # auth, unreachable, timeout, tls, server, not_found, protocol, redirect, not_caldav, conflict, rejected, password, file, forbidden, no_calendar
    skipped: bool = False  # a background sync still waiting out its backoff: nothing was tried
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    location: str = ""  # the calendar URL or the .ics path
    created: list[str] = field(default_factory=list)  # calendars or task lists this sync created
    tasks_done: int = 0  # tasks ticked in a task app, taken into Cierre as done actions

    def line(self) -> str:
        """One line for the terminal."""
        if self.skipped:
            return f"calendar sync waits after the last failure; {self.pending} change(s) queued: {self.error}"
        created = "".join(f"created the calendar '{name}'; " for name in self.created)
        if not self.ok:
            return f"{created}{self.pending} calendar change(s) still queued: {self.error}"
        where = "the CalDAV calendar" if self.target == "caldav" else f"{self.location}"
        parts = [f"{created}calendar up to date ({where}): {self.delivered} change(s) delivered"]
        if self.pulled:
            parts.append(f"{self.pulled} moved event(s) taken into closures")
        if self.tasks_done:
            parts.append(f"{self.tasks_done} task(s) ticked in your task app marked done")
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} conflict(s) resolved")
        if self.target == "caldav":
            parts.append(f"{self.requests} request(s)")
        return ", ".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {
            "target": self.target,
            "ok": self.ok,
            "delivered": self.delivered,
            "pending": self.pending,
            "pulled": self.pulled,
            "requests": self.requests,
            "error": self.error,
            "error_kind": self.error_kind,
            "skipped": self.skipped,
            "conflicts": list(self.conflicts),
            "warnings": list(self.warnings),
            "location": self.location,
            "created": list(self.created),
            "tasks_done": self.tasks_done,
        }
