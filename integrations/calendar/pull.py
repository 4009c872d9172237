"""Pull: an event moved in the calendar app comes back into its closure.

Which changes come back: the start of the follow-up call (or the departure
conversation) and of the team debrief. They are the appointments the user
negotiates with other people; the other events are reminders that Cierre
computes, and an edit of those stays on the server until Cierre changes that
event again (then Cierre's version is written).

The conflict rule, when both sides changed the time of the same event since the
last sync: **the later edit wins**. The server copy's LAST-MODIFIED (set by
calendar apps) is compared with the time the change was queued in Cierre; a
server copy without LAST-MODIFIED loses, because we cannot tell when it was made.
When only one side changed the time, that side's time is kept.

An event deleted in the calendar app is not re-created until Cierre changes it.

Tasks (action items as VTODO) come back the other way: a task ticked (or unticked)
in a task app marks the action done (or open) in Cierre. Ticked on both sides is no
conflict; changed differently on both sides, the later edit wins as for times.
A task list apart from the calendar is pulled with its own sync token (one more
request per sync).
"""

from __future__ import annotations

from typing import Any

from cierre.domain.events import is_task
from cierre.domain.texts import say
from cierre.domain.timeutil import from_iso
from cierre.integrations.calendar.caldav_backend import CalDAVBackend, href_key
from cierre.integrations.calendar.ics import ServerEvent, fingerprint, read_server_event
from cierre.integrations.calendar.report import SyncReport
from cierre.integrations.calendar.state import CalendarState

TIME_FOLLOWS_SERVER = ("call", "debrief")
UID_SUFFIX = ".ics"


def uid_from_key(key: str, calendar_key: str) -> str | None:
    """Our own events live at <calendar>/<uid>.ics, with a UID ending in @cierre.local."""
    from cierre.domain.events import UID_DOMAIN

    if not key.startswith(calendar_key):
        return None
    name = key[len(calendar_key) :].lstrip("/")
    if "/" in name or not name.endswith(UID_SUFFIX):
        return None
    uid = name[: -len(UID_SUFFIX)].replace("%2F", "/")
    return uid if uid.endswith("@" + UID_DOMAIN) else None


def pull(
    coach: Any, backend: CalDAVBackend, state: CalendarState, report: SyncReport, token: str | None, *, tasks: bool = False
) -> None:
    """One collection: the calendar, or (`tasks`) a task list of its own, with its own sync token."""
    collection = backend.tasks if tasks else backend.calendar
    changes = backend.changes(token, collection)
    records = state.records()
    calendar_key = href_key(collection.url).rstrip("/") + "/"
    # Only what lives in this collection: a full listing of the calendar says nothing of the task list.
    by_key = {href_key(r["href"]): r for r in records.values() if r.get("href") and href_key(r["href"]).startswith(calendar_key)}
    updates: list[dict[str, Any]] = []
    to_fetch: dict[str, str] = {}  # key -> href

    for key, (href, etag) in changes.changed.items():
        record = by_key.get(key)
        if record is None:
            uid = uid_from_key(key, calendar_key)
            if uid is None:
                continue  # not one of ours: someone else's event in the same calendar
            record = records.get(uid) or {"uid": uid}
            updates.append({"uid": uid, "href": href, "etag": etag, "stale": True})
            to_fetch[key] = href
            continue
        if etag is None or record.get("etag") != etag or record.get("stale"):
            to_fetch[key] = href
    for key, record in by_key.items():  # a PUT that met a 412 last time: read the server copy now
        if record.get("stale"):
            to_fetch.setdefault(key, record["href"])

    gone = set(changes.deleted)
    if changes.full:
        gone |= {key for key in by_key if key not in changes.changed}
    for key in gone:
        record = by_key.get(key)
        if record:
            updates.append({"uid": record["uid"], "href": None, "etag": None, "stale": None, "server_sequence": None})
            to_fetch.pop(key, None)
    state.save(updates)

    if to_fetch:
        _take_server_copies(coach, backend, state, report, list(to_fetch.values()), collection)
    state.set_meta(**{"tasks_sync_token" if tasks else "sync_token": changes.token})


def _take_server_copies(
    coach: Any, backend: CalDAVBackend, state: CalendarState, report: SyncReport, hrefs: list[str], collection: Any
) -> None:
    records = state.records()
    by_key = {href_key(r["href"]): r for r in records.values() if r.get("href")}
    pending = {entry["event"]["uid"]: entry for entry in coach.outbox.pending()}
    updates: list[dict[str, Any]] = []
    moves: list[tuple[dict[str, Any], ServerEvent]] = []
    ticks: list[tuple[dict[str, Any], ServerEvent]] = []
    for href, etag, data in backend.fetch(hrefs, collection):
        record = by_key.get(href_key(href))
        copy = read_server_event(data, coach.settings.tz)
        if record is None or copy is None or copy.uid != record["uid"]:
            continue
        update = {"uid": record["uid"], "etag": etag, "stale": None, "server_sequence": copy.sequence}
        entry = pending.get(record["uid"])
        if entry and copy.fingerprint and copy.fingerprint == fingerprint(entry["event"]):
            # Our own write that landed before we could record it (a kill, a lost reply).
            update.update(event=entry["event"], fingerprint=copy.fingerprint, sequence=copy.sequence)
        elif _ticked(record, copy):
            ticks.append((record, copy))
        elif _moved(record, copy):
            moves.append((record, copy))
        updates.append(update)
    state.save(updates)
    for record, copy in moves:
        _apply_move(coach, record, copy, pending.get(record["uid"]), report)
    for record, copy in ticks:
        _apply_tick(coach, record, copy, pending.get(record["uid"]), report)


def _ticked(record: dict[str, Any], copy: ServerEvent) -> bool:
    """A task whose done state in the task app differs from what we last sent."""
    sent = record.get("event")
    if not sent or not is_task(sent) or sent.get("status") == "CANCELLED" or copy.status == "CANCELLED":
        return False
    return copy.done != (sent.get("status") == "COMPLETED")


def _apply_tick(coach: Any, record: dict[str, Any], copy: ServerEvent, entry: dict[str, Any] | None, report: SyncReport) -> None:
    """Ticked (or unticked) in a task app: the action item follows, unless Cierre changed it later."""
    from cierre.storage.store import StoreError

    sent = record["event"]
    if entry is not None:
        queued = entry["event"]
        queued_done = queued.get("status") == "COMPLETED"
        if queued.get("status") == "CANCELLED" or queued_done == copy.done:
            return  # the action is gone, or both sides agree (ticked on both): nothing to take in
        if queued_done != (sent.get("status") == "COMPLETED"):  # both sides changed it, differently
            queued_at = from_iso(entry.get("queued_at"))
            server_later = copy.last_modified is not None and queued_at is not None and copy.last_modified > queued_at
            kept = say("sync.ticked_kept_app" if server_later else "sync.ticked_kept_cierre")
            report.conflicts.append(f"{sent.get('summary', record['uid'])}: {kept}")
            if not server_later:
                return
    try:
        coach.complete_action(sent["closure_id"], sent["action_id"], done=copy.done)
    except (StoreError, ValueError):
        return  # the closure or the action is gone: the next push writes Cierre's version
    if copy.done:
        report.tasks_done += 1


def _moved(record: dict[str, Any], copy: ServerEvent) -> bool:
    sent = record.get("event")
    if not sent or sent.get("status") == "CANCELLED" or copy.start is None:
        return False
    if sent.get("what") not in TIME_FOLLOWS_SERVER or copy.status == "CANCELLED":
        return False
    return copy.start != from_iso(sent["start"])


def _apply_move(coach: Any, record: dict[str, Any], copy: ServerEvent, entry: dict[str, Any] | None, report: SyncReport) -> None:
    from cierre.storage.store import StoreError

    sent = record["event"]
    if entry is not None:
        queued = entry["event"]
        if queued.get("status") == "CANCELLED":
            return  # the step is over in Cierre: the cancellation goes out, the move is moot
        if queued["start"] != sent["start"]:  # both sides moved it
            queued_at = from_iso(entry.get("queued_at"))
            server_later = copy.last_modified is not None and queued_at is not None and copy.last_modified > queued_at
            kept = say("sync.moved_kept_app" if server_later else "sync.moved_kept_cierre")
            report.conflicts.append(f"{sent.get('summary', record['uid'])}: {kept}")
            if not server_later:
                return
    try:
        if sent["what"] == "call":
            coach.reschedule_call(sent["closure_id"], copy.start)
        else:
            coach.schedule_debrief(sent["closure_id"], copy.start)
    except (StoreError, ValueError):
        return  # the closure is gone or no longer fits: the next push writes Cierre's version
    report.pulled += 1
