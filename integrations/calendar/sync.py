"""`run_sync(coach)`: pull moved events from the calendar, then push the outbox.

Blocking, meant for `cierre sync` and for a TUI worker thread. It never raises for
network or server problems: it returns a `SyncReport` with a one-line error, and
everything not delivered stays in the outbox. The store lock is never held while
waiting on the network, so the TUI can keep writing during a slow sync.

Order of a CalDAV sync (see docs in `pull.py` for the conflict rule):
1. the calendar and the task list: their URLs are cached, so usually no request (a name
   that matches nothing stops the first sync unless the user asked to create it);
2. pull: one REPORT sync-collection with the last token; only events whose ETag
   differs from the one we recorded are fetched (one multiget);
3. push: one PUT per queued change, If-Match its ETag (or If-None-Match: * for a
   new one); a queued change equal to what the server holds costs nothing.
A sync with nothing to do is one request; two when action items go to a task list of
their own (one REPORT sync-collection each).
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from cierre.domain.events import cancelled
from cierre.domain.texts import say
from cierre.domain.timeutil import from_iso, to_iso
from cierre.integrations.calendar.caldav_backend import CalDAVBackend
from cierre.integrations.calendar.errors import CalendarError
from cierre.integrations.calendar.local_ics import sync_local
from cierre.integrations.calendar.pull import pull
from cierre.integrations.calendar.push import push
from cierre.integrations.calendar.report import SyncReport, backoff
from cierre.integrations.calendar.state import CalendarState
from cierre.storage.lock import FileLock, LockTimeout

LOCK_NAME = "calendar-sync.lock"


def target_key(settings: Any) -> str:
    return "|".join([settings.caldav_url, settings.caldav_username, settings.caldav_calendar, settings.caldav_tasks])


def tls_warning(settings: Any) -> str:
    if settings.calendar_configured and not settings.caldav_verify_tls:
        from cierre.domain.texts import say

        return say("sync.tls_off")
    return ""


def run_sync(
    coach: Any,
    *,
    background: bool = False,
    env: dict[str, str] | None = None,
    password: str | None = None,
    create_calendar: bool = False,
) -> SyncReport:
    """One sync. `background=True` (the TUI's worker) respects the backoff and never waits for another sync.

    `create_calendar` (`cierre sync --create-calendar`) creates a named calendar or task list that
    the account does not have; without it (or CIERRE_CALDAV_CREATE_CALENDAR) such a name stops the sync.
    """
    wait = 0 if background else 2 * float(coach.settings.caldav_timeout) + 10
    lock = FileLock(os.path.join(coach.store.root, LOCK_NAME), timeout=wait)
    try:
        lock.acquire()
    except LockTimeout:
        report = SyncReport(target="caldav" if coach.settings.calendar_configured else "ics", skipped=background)
        report.ok = False
        report.error_kind = "busy"
        report.error = say("caldav.sync_running")
        report.pending = coach.outbox.count()
        return report
    try:
        coach.follow_calendar_target()  # a new server, calendar or file: every live event goes there
        retire_action_events(coach)
        if not coach.settings.calendar_configured:
            return sync_local(coach)
        create = create_calendar or bool(coach.settings.caldav_create_calendar)
        return _sync_caldav(coach, background=background, env=env, password=password, create=create)
    finally:
        lock.release()


def _sync_caldav(coach: Any, *, background: bool, env: dict[str, str] | None, password: str | None, create: bool) -> SyncReport:
    settings = coach.settings
    state = CalendarState(coach.store)
    meta = state.meta()
    now = coach.clock()
    report = SyncReport(target="caldav", location=settings.caldav_url)
    warning = tls_warning(settings)
    if warning:
        report.warnings.append(warning)

    if meta.get("target") != target_key(settings):
        # Another server, account or calendar: what we knew of the old one (hrefs, ETags, its
        # failures and their backoff) says nothing about this one.
        state.forget_server()
        meta = state.set_meta(
            target=target_key(settings),
            calendar_url=None,
            sync_token=None,
            tasks_url=None,
            tasks_sync_token=None,
            failures=None,
            next_try_at=None,
            last_error=None,
            last_error_kind=None,
        )

    waiting_until = from_iso(meta.get("next_try_at"))
    if background and waiting_until and waiting_until > now:
        report.ok = False
        report.skipped = True
        report.error = meta.get("last_error", "")
        report.error_kind = meta.get("last_error_kind", "")
        report.pending = coach.outbox.count()
        return report

    if password is None:
        from cierre.integrations.secrets import SecretsError, get_password

        try:
            password = get_password("caldav", settings, env=env)
        except SecretsError as problem:
            return _failed(coach, state, report, "password", str(problem), now)

    backend = CalDAVBackend(settings, password)
    try:
        meta = _find_collections(backend, state, meta, create)
        report.location = str(backend.calendar.url)
        report.created = list(backend.created)
        try:
            pull(coach, backend, state, report, meta.get("sync_token"))
            if backend.tasks is not None and str(backend.tasks.url) != str(backend.calendar.url):
                pull(coach, backend, state, report, meta.get("tasks_sync_token"), tasks=True)
        except CalendarError as problem:
            if problem.kind == "not_found" and meta.get("calendar_url"):
                # The calendar or task list moved or was deleted: find them again next time.
                state.set_meta(calendar_url=None, sync_token=None, tasks_url=None, tasks_sync_token=None)
            raise
        push(coach, backend, state, report, background=background)
    except CalendarError as problem:
        report.requests = backend.requests
        return _failed(coach, state, report, problem.kind, str(problem), now)
    finally:
        backend.close()
    report.requests = backend.requests
    report.pending = coach.outbox.count()
    if report.error:  # an event refused or in conflict: the others went
        report.ok = False
    elif report.pending:
        report.ok = False
        report.error_kind = "busy"
        report.error = say("caldav.sync_arrived")
    if report.ok:
        state.set_meta(failures=None, next_try_at=None, last_error=None, last_error_kind=None)
    else:
        _remember_failure(state, report, now)
    coach.outbox.record_sync(report.ok, report.error, target=settings.calendar_target, delivered=report.delivered)
    return report


def retire_action_events(coach: Any) -> None:
    """Action items were reminder events (`<id>-action-<item>`) before they became tasks: cancel
    those still shown, once, so the calendar does not keep both the old reminder and the task."""
    records = CalendarState(coach.store).records()
    queued = {entry["uid"] for entry in coach.outbox.pending()}
    old = [
        cancelled(record["event"])
        for uid, record in records.items()
        if uid not in queued
        and str((record.get("event") or {}).get("what", "")).startswith("action-")
        and record["event"].get("status") != "CANCELLED"
    ]
    coach.outbox.enqueue(old)


def _find_collections(backend: CalDAVBackend, state: CalendarState, meta: dict[str, Any], create: bool) -> dict[str, Any]:
    """The calendar and the task list: cached URLs (no request), or found once and remembered."""
    if meta.get("calendar_url"):
        backend.use_calendar(meta["calendar_url"])
    else:
        url = backend.find_calendar(create=create)
        meta = state.set_meta(calendar_url=url, sync_token=None, tasks_url=None, tasks_sync_token=None)
    if "tasks_url" in meta:  # "" is remembered too: the calendar holds no tasks
        backend.use_tasks(meta["tasks_url"])
    else:
        meta = state.set_meta(tasks_url=backend.find_tasks(create=create), tasks_sync_token=None)
    return meta


def _remember_failure(state: CalendarState, report: SyncReport, now: datetime) -> None:
    failures = int(state.meta().get("failures", 0)) + 1
    state.set_meta(
        failures=failures,
        next_try_at=to_iso(now + backoff(failures)),
        last_error=report.error,
        last_error_kind=report.error_kind,
    )


def _failed(coach: Any, state: CalendarState, report: SyncReport, kind: str, message: str, now: datetime) -> SyncReport:
    report.ok = False
    report.error_kind = kind
    report.error = message
    report.pending = coach.outbox.count()
    _remember_failure(state, report, now)
    coach.outbox.record_sync(False, message, target=coach.settings.calendar_target, delivered=report.delivered)
    return report


def sync_status(coach: Any) -> dict[str, Any]:
    """For the dashboard: no lock, no network."""
    state = CalendarState(coach.store)
    meta = state.meta()
    if not coach.settings.calendar_configured or meta.get("target") != target_key(coach.settings):
        meta = {}  # the server's backoff and URL belong to a server that is not the target now
    last = coach.outbox.last_sync(coach.settings.calendar_target)  # another target's status says nothing here
    return {
        "target": "caldav" if coach.settings.calendar_configured else "ics",
        "pending": coach.outbox.count(),
        "last_sync_at": last.get("at"),
        "last_delivered_at": last.get("delivered_at"),
        "ok": last.get("ok"),
        "last_error": last.get("error", "") if not last.get("ok", True) else "",
        "error_kind": meta.get("last_error_kind", "") if not last.get("ok", True) else "",
        "next_try_at": meta.get("next_try_at"),
        "calendar_url": meta.get("calendar_url", ""),
    }
