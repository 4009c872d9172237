"""No server configured: the same events go to `calendar.ics` in the data folder.

Any calendar app can import that file, or subscribe to it (a `file://` URL, or
served by anything that serves files). Cancelled events stay in it, marked
STATUS:CANCELLED with a higher SEQUENCE, so that a subscribed app removes them.

How long a cancellation stays: as long as the event has not ended (a subscriber
that refreshes at any time before then still hides it), and at least
KEEP_CANCELLED after the cancellation was first written, however long ago the
event ended. Subscribed calendars refresh every few hours to once a week
(Google about daily, Apple as the user sets it, up to weekly); 90 days covers a
laptop or phone left off for a season, and keeps the file from growing forever.
Action items are in the file too, as tasks (VTODO).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cierre.domain.texts import say
from cierre.domain.timeutil import from_iso, to_iso
from cierre.integrations.calendar.ics import calendar_file, fingerprint
from cierre.integrations.calendar.records import current_items, next_sequence
from cierre.integrations.calendar.report import SyncReport
from cierre.integrations.calendar.state import CalendarState
from cierre.settings import LOCAL_CALENDAR_FILE
from cierre.storage.files import atomic_write_bytes

FILE_NAME = LOCAL_CALENDAR_FILE
KEEP_CANCELLED = timedelta(days=90)


def local_path(settings: Any) -> Path:
    return Path(settings.data_dir) / FILE_NAME


def render(coach: Any, name: str = "Cierre") -> bytes:
    """The calendar as it should be now (delivered events plus queued changes), as `.ics` bytes."""
    now = coach.clock()
    state = CalendarState(coach.store)
    items = current_items(state.records(), coach.outbox.pending(), now)
    return calendar_file(_visible(items, now), name)


def _visible(items: list[tuple[dict[str, Any], int, datetime]], now: datetime) -> list[tuple[dict[str, Any], int, datetime]]:
    """Everything but cancellations that are both over and written long enough ago (see above).

    `stamp` of a cancelled item is when its cancellation was first written (a record's stamp
    changes only with its content)."""
    return [
        (event, sequence, stamp)
        for event, sequence, stamp in items
        if event.get("status") != "CANCELLED" or (from_iso(event["end"]) or now) > now or stamp > now - KEEP_CANCELLED
    ]


def write_file(path: Path, payload: bytes) -> bool:
    """Atomic replace; False when the file already holds exactly this (a no-change sync writes nothing)."""
    try:
        if path.read_bytes() == payload:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, payload)
    return True


def sync_local(coach: Any) -> SyncReport:
    """Deliver the outbox into the local file; never touches the network."""
    path = local_path(coach.settings)
    report = SyncReport(target="ics", location=str(path))
    for _ in range(3):  # a change queued while we wrote is taken by the next round
        try:
            report.delivered += _deliver(coach, path)
        except OSError as error:
            report.ok = False
            report.error_kind = "file"
            # A data-folder file that failed names itself (storage's FolderError); else it was the .ics.
            named = type(error).__str__ is not OSError.__str__
            report.error = (
                str(error)
                if named
                else say("caldav.ics_cannot_write", path=path, error=error.strerror or error.__class__.__name__)
            )
            break
        if not coach.outbox.count():
            break
    report.pending = coach.outbox.count()
    if report.ok and report.pending:
        report.ok = False
        report.error_kind = "busy"
        report.error = say("caldav.sync_kept_arriving")
    coach.outbox.record_sync(report.ok, report.error, target=coach.settings.calendar_target, delivered=report.delivered)
    return report


def _deliver(coach: Any, path: Path) -> int:
    now = coach.clock()
    state = CalendarState(coach.store)
    records = state.records()
    updates: list[dict[str, Any]] = []
    done: list[tuple[str, int]] = []
    for entry in coach.outbox.pending():
        event = entry["event"]
        uid = event["uid"]
        record = records.get(uid)
        done.append((uid, entry["version"]))
        if record is None and event.get("status") == "CANCELLED":
            continue  # never published: nothing to cancel
        fp = fingerprint(event)
        if record and record.get("fingerprint") == fp:
            continue
        update = {"uid": uid, "event": event, "fingerprint": fp, "sequence": next_sequence(record, fp), "stamp": to_iso(now)}
        records[uid] = {**(record or {}), **update}
        updates.append(update)
    items = [(r["event"], int(r.get("sequence", 0)), from_iso(r.get("stamp")) or now) for r in records.values() if r.get("event")]
    # The file first, then our records, then the outbox: a kill in between re-delivers the same content.
    write_file(path, calendar_file(_visible(items, now)))
    state.save(updates)
    return coach.outbox.delivered_many(done)


__all__ = ["FILE_NAME", "local_path", "render", "sync_local", "write_file"]
