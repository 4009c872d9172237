"""Push: deliver the outbox, one PUT per queued change, recorded in batches.

A queued change that equals what the server already holds (same fingerprint, ETag
known) is marked delivered without a request. A new event is created with
If-None-Match: * at its UID-derived URL; if it exists already (our record was
lost), the server copy is read and, if it is ours, adopted; otherwise it is
overwritten with If-Match. A 412 on If-Match (edited in the calendar meanwhile)
keeps the change queued and marks the event to be read at the next pull.
"""

from __future__ import annotations

from typing import Any

from cierre.domain.events import is_task
from cierre.domain.texts import say
from cierre.domain.timeutil import from_iso, to_iso
from cierre.integrations.calendar.caldav_backend import CalDAVBackend
from cierre.integrations.calendar.errors import CalendarError, ItemError
from cierre.integrations.calendar.ics import event_calendar, fingerprint, read_server_event
from cierre.integrations.calendar.records import next_sequence
from cierre.integrations.calendar.report import SyncReport, backoff
from cierre.integrations.calendar.state import CalendarState

BATCH = 50  # events per bookkeeping write: a kill loses at most this many records, never an event


class _Batch:
    def __init__(self, coach: Any, state: CalendarState, report: SyncReport) -> None:
        self.coach, self.state, self.report = coach, state, report
        self.records: list[dict[str, Any]] = []
        self.done: list[tuple[str, int]] = []
        self.failed: list[tuple[str, int, str, Any]] = []

    def flush(self) -> None:
        self.state.save(self.records)
        if self.done:
            self.report.delivered += self.coach.outbox.delivered_many(self.done)
        self.coach.outbox.failed_many(self.failed)
        self.records, self.done, self.failed = [], [], []

    def __len__(self) -> int:
        return len(self.done) + len(self.failed)


def push(coach: Any, backend: CalDAVBackend, state: CalendarState, report: SyncReport, *, background: bool) -> None:
    now = coach.clock()
    records = state.records()
    entries = sorted(coach.outbox.pending(), key=lambda e: (e.get("queued_at") or "", e["uid"]))
    batch = _Batch(coach, state, report)
    try:
        for entry in entries:
            waiting = from_iso(entry.get("next_try_at"))
            if background and waiting and waiting > now:
                if not report.error:
                    report.error, report.error_kind = entry.get("last_error", ""), "waiting"
                continue
            _deliver(backend, records, entry, batch, now)
            if len(batch) >= BATCH:
                batch.flush()
    finally:
        batch.flush()


def _deliver(backend: CalDAVBackend, records: dict[str, dict[str, Any]], entry: dict[str, Any], batch: _Batch, now: Any) -> None:
    event = entry["event"]
    uid, version = event["uid"], entry["version"]
    record = records.get(uid) or {}
    fp = fingerprint(event)
    if record.get("href") and record.get("etag") and record.get("fingerprint") == fp and not record.get("stale"):
        batch.done.append((uid, version))  # the server holds exactly this already
        return
    if not record.get("href") and event.get("status") == "CANCELLED":
        batch.done.append((uid, version))  # never on the server (or deleted there): nothing to cancel
        return
    if is_task(event) and backend.tasks is None:  # no task list: the action stays in Cierre only
        batch.done.append((uid, version))
        from cierre.domain.texts import say

        warning = say("sync.no_tasks", calendar=backend.calendar_name or backend.calendar.url)
        if warning not in batch.report.warnings:
            batch.report.warnings.append(warning)
        return
    sequence = next_sequence(record, fp)
    body = event_calendar(event, sequence, now)
    href = record.get("href") or backend.href_for(uid, event.get("component") or "VEVENT")
    create = not record.get("href")
    try:
        try:
            etag = backend.put(href, body, etag=record.get("etag"), create=create)
        except ItemError as problem:
            if problem.kind != "conflict" or not create:
                raise
            etag, sequence = _adopt_existing(backend, href, fp, record, event, now, batch.coach.settings.tz)
    except ItemError as problem:
        message = f"{event.get('summary') or uid}: {problem}"
        attempts = int(entry.get("attempts", 0)) + 1
        batch.failed.append((uid, version, message, now + backoff(attempts)))
        if problem.kind == "conflict":
            batch.records.append({"uid": uid, "href": href, "stale": True})
            message += " (it is read back at the next sync)"
        if not batch.report.error:
            batch.report.error, batch.report.error_kind = message, problem.kind
        return
    update = {"uid": uid, "href": href, "etag": etag, "fingerprint": fp, "sequence": sequence, "event": event}
    update.update(stamp=to_iso(now), stale=None)
    records[uid] = {**record, **update}
    batch.records.append(update)
    batch.done.append((uid, version))


def _adopt_existing(
    backend: CalDAVBackend, href: str, fp: str, record: dict[str, Any], event: dict[str, Any], now: Any, zone: Any
) -> tuple[str | None, int]:
    """A create met an existing resource at our UID's URL: ours from a lost record, or overwrite it."""
    found = backend.fetch([href], backend.tasks if is_task(event) else None)
    if not found:
        raise CalendarError("protocol", say("caldav.create_refused"))
    _, etag, data = found[0]
    copy = read_server_event(data, zone)
    if copy is not None and copy.fingerprint == fp:
        return etag, copy.sequence  # already there, exactly as queued
    sequence = max(next_sequence(record, fp), copy.sequence + 1 if copy else 0)
    return backend.put(href, event_calendar(event, sequence, now), etag=etag, create=False), sequence
