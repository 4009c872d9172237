"""Calendar changes waiting to be delivered, kept on disk before anything is sent.

One small file per event UID in `outbox/`, so queueing a change costs the same
with one pending change or thousands (a long time offline). A newer change to
the same event replaces the queued one, so a burst of edits sends one request;
delivery removes an entry only if it was not replaced meanwhile (its version).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable

from cierre.domain.timeutil import to_iso
from cierre.storage.files import DamagedFileError, atomic_write_bytes, dump_json, ensure_private_dir, fsync_dir, read_json
from cierre.storage.store import Store

FOLDER = "outbox"
STATUS_TABLE = "sync_status"


def _is_entry(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("uid"), str)
        and isinstance(data.get("event"), dict)
        and isinstance(data.get("version", 0), int)
    )


class Outbox:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.folder = ensure_private_dir(store.root / FOLDER)

    def _path(self, uid: str) -> Path:
        # UIDs hold characters a file name should not; a digest is short and stable.
        import hashlib  # here, not at start-up: the first paint queues nothing

        return self.folder / f"{hashlib.sha1(uid.encode('utf-8', 'surrogatepass')).hexdigest()[:24]}.json"

    def _read(self, path: Path) -> dict[str, Any] | None:
        try:
            return read_json(path, self.store.root, shape=_is_entry)
        except DamagedFileError as error:  # moved aside: the next change of that event queues it again
            self.store.problems.append(str(error))
            return None

    def enqueue(self, events: Iterable[dict[str, Any]]) -> None:
        events = list(events)
        if not events:
            return
        now = to_iso(self.store.clock())
        with self.store.locked():
            for event in events:
                path = self._path(event["uid"])
                previous = self._read(path) or {}
                entry = {
                    "uid": event["uid"],
                    "event": event,
                    "queued_at": now,
                    "version": previous.get("version", 0) + 1,
                    "attempts": 0,
                    "last_error": "",
                    "next_try_at": None,
                }
                atomic_write_bytes(path, dump_json(entry))

    def withdraw(self, uids: Iterable[str]) -> None:
        """Take entries back unsent: the events of a new closure whose file could not be written."""
        with self.store.locked():
            for uid in uids:
                self._path(uid).unlink(missing_ok=True)

    def pending(self) -> list[dict[str, Any]]:
        entries = []
        for path in self.folder.glob("*.json"):
            entry = self._read(path)
            if entry is not None:
                entries.append(entry)
        return entries

    def count(self) -> int:
        with os.scandir(self.folder) as found:
            return sum(1 for entry in found if entry.name.endswith(".json") and not entry.name.startswith("."))

    def delivered(self, uid: str, version: int) -> bool:
        """Drop the entry if it is still the version that was sent; False when it was replaced."""
        return self.delivered_many([(uid, version)]) == 1

    def delivered_many(self, sent: Iterable[tuple[str, int]]) -> int:
        """`delivered` for a batch; entries replaced meanwhile stay. Returns how many left."""
        removed = 0
        with self.store.locked():
            for uid, version in sent:
                path = self._path(uid)
                entry = self._read(path)
                if entry is not None and entry.get("version") == version:
                    path.unlink()
                    removed += 1
            if removed:
                fsync_dir(self.folder)
        return removed

    def failed(self, uid: str, version: int, error: str, next_try_at: datetime | None) -> None:
        self.failed_many([(uid, version, error, next_try_at)])

    def failed_many(self, failures: Iterable[tuple[str, int, str, datetime | None]]) -> None:
        """`failed` for a batch of (uid, version, error, next_try_at): kept, with backoff."""
        with self.store.locked():
            for uid, version, error, next_try_at in failures:
                path = self._path(uid)
                entry = self._read(path)
                if entry is None or entry.get("version") != version:
                    continue
                entry["attempts"] = entry.get("attempts", 0) + 1
                entry["last_error"], entry["next_try_at"] = error, to_iso(next_try_at)
                atomic_write_bytes(path, dump_json(entry))

    # --- the last sync, for the dashboard ---------------------------------
    # One record: the calendar target it belongs to, the last sync ("at", "ok", "error") and when a
    # sync last delivered something there ("delivered_at"; none yet: the target is not synced yet).
    def record_sync(self, ok: bool, error: str = "", *, target: str | None = None, delivered: int = 0) -> None:
        now = to_iso(self.store.clock())
        with self.store.table(STATUS_TABLE) as db:
            docs = db.all()
            previous = dict(docs[-1]) if docs else {}
            before = previous.get("delivered_at") if previous.get("target", target) == target else None
            if "target" not in previous and previous.get("at"):
                before = before or previous["at"]  # written before targets were kept: it had synced
            delivered_at = now if delivered else before
            db.truncate()
            record = {"at": now, "ok": ok, "error": error, "delivered_at": delivered_at}
            db.insert({**record, "target": target} if target is not None else record)

    def last_sync(self, target: str | None = None) -> dict[str, Any]:
        """The last sync's record; {} when it belongs to another calendar target than `target`."""
        docs = list(self.store.read_table(STATUS_TABLE).values())
        last = dict(docs[-1]) if docs else {}
        if target is not None and last.get("target", target) != target:
            return {}
        if "target" not in last and last.get("at"):
            last.setdefault("delivered_at", last["at"])  # written before targets were kept: it had synced
        return last

    def sync_target(self) -> str | None:
        """The calendar target the status and the delivered events belong to (None: not known yet)."""
        docs = list(self.store.read_table(STATUS_TABLE).values())
        return docs[-1].get("target") if docs else None

    def follow_target(self, target: str, live_events: Callable[[], Iterable[dict[str, Any]]]) -> int:
        """A calendar target other than the one the status belongs to (another server, account,
        calendar or the local file): every live event is queued for it, but those already queued
        (newer), and the old target's status is dropped. Returns how many were queued: 0 when the
        target is the same, or none is known yet (nothing was delivered anywhere)."""
        if self.sync_target() in (None, target):
            return 0  # one small file read: cheap enough for every look at the sync line
        with self.store.locked():  # no change is queued between the events read and the target written
            if self.sync_target() in (None, target):
                return 0  # another process followed it first
            queued = {entry["uid"] for entry in self.pending()}
            events = [event for event in live_events() if event["uid"] not in queued]
            self.enqueue(events)
            with self.store.table(STATUS_TABLE) as db:
                db.truncate()
                db.insert({"target": target})
        return len(events)
