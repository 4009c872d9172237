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
        """One line for the terminal, in the user's language, each count in its plural form."""
        from cierre.domain.texts import say, say_n

        if self.skipped:
            return say("sync.waits", queued=say_n("sync.queued", self.pending), error=self.reason())
        created = "".join(say("sync.created", name=name) for name in self.created)
        if not self.ok:
            return created + say_n("sync.still_queued", self.pending, error=self.reason())
        where = say("sync.caldav") if self.target == "caldav" else f"{self.location}"
        parts = [created + say_n("sync.up_to_date", self.delivered, where=where)]
        for count, key in (
            (self.pulled, "sync.pulled"),
            (self.tasks_done, "sync.tasks_done"),
            (len(self.conflicts), "sync.conflicts"),
        ):
            if count:
                parts.append(say_n(key, count))
        if self.target == "caldav":
            parts.append(say_n("sync.requests", self.requests))
        return ", ".join(parts)

    def reason(self) -> str:
        """Why it failed: the error is said in the process's language when it is met; without one,
        its kind said in that language, with the server or file."""
        from cierre.domain.texts import catalog, say, spoken

        key = f"calendar.error_{self.error_kind}"
        if self.error or not self.error_kind or key not in catalog(spoken()):
            return self.error
        return say(key) + (f" ({self.location})" if self.location else "")

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
