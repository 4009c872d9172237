"""Calendar changes waiting to be delivered, kept on disk before anything is sent.

Entries are keyed by event UID: a newer change to the same event replaces the
queued one, so a burst of edits sends one request. Delivery removes an entry only
if it was not replaced meanwhile.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from tinydb import Query

from .store import Store
from .timeutil import to_iso

TABLE = "outbox"
STATUS_TABLE = "sync_status"


class Outbox:
    def __init__(self, store: Store) -> None:
        self.store = store

    def enqueue(self, events: Iterable[dict[str, Any]]) -> None:
        events = list(events)
        if not events:
            return
        now = to_iso(self.store.clock())
        with self.store.table(TABLE) as db:
            entries = {doc["uid"]: doc for doc in db.all()}
            for event in events:
                version = entries.get(event["uid"], {}).get("version", 0) + 1
                entries[event["uid"]] = {
                    "uid": event["uid"],
                    "event": event,
                    "queued_at": now,
                    "version": version,
                    "attempts": 0,
                    "last_error": "",
                    "next_try_at": None,
                }
            # One write for the whole batch, in TinyDB's own file shape.
            db.storage.write({"_default": {str(n): doc for n, doc in enumerate(entries.values(), start=1)}})

    def pending(self) -> list[dict[str, Any]]:
        return list(self.store.read_table(TABLE).values())

    def count(self) -> int:
        return len(self.store.read_table(TABLE))

    def delivered(self, uid: str, version: int) -> bool:
        """Drop the entry if it is still the version that was sent; False when it was replaced."""
        with self.store.table(TABLE) as db:
            removed = db.remove((Query().uid == uid) & (Query().version == version))
        return bool(removed)

    def failed(self, uid: str, version: int, error: str, next_try_at: datetime | None) -> None:
        with self.store.table(TABLE) as db:
            entry = Query()
            for doc in db.search((entry.uid == uid) & (entry.version == version)):
                db.update(
                    {"attempts": doc.get("attempts", 0) + 1, "last_error": error, "next_try_at": to_iso(next_try_at)},
                    doc_ids=[doc.doc_id],
                )

    def delivered_many(self, sent: Iterable[tuple[str, int]]) -> int:
        """`delivered` for a batch in one write; entries replaced meanwhile stay. Returns how many left."""
        wanted = set(sent)
        if not wanted:
            return 0
        with self.store.table(TABLE) as db:
            entries = {doc["uid"]: doc for doc in db.all()}
            kept = [doc for doc in entries.values() if (doc["uid"], doc.get("version")) not in wanted]
            if len(kept) != len(entries):
                db.storage.write({"_default": {str(n): doc for n, doc in enumerate(kept, start=1)}})
        return len(entries) - len(kept)

    def failed_many(self, failures: Iterable[tuple[str, int, str, datetime | None]]) -> None:
        """`failed` for a batch (uid, version, error, next_try_at) in one write."""
        by_key = {(uid, version): (error, at) for uid, version, error, at in failures}
        if not by_key:
            return
        with self.store.table(TABLE) as db:
            docs = list(db.all())
            for doc in docs:
                found = by_key.get((doc["uid"], doc.get("version")))
                if found:
                    doc["attempts"] = doc.get("attempts", 0) + 1
                    doc["last_error"], doc["next_try_at"] = found[0], to_iso(found[1])
            db.storage.write({"_default": {str(n): dict(doc) for n, doc in enumerate(docs, start=1)}})

    # --- the last sync, for the dashboard ---------------------------------
    def record_sync(self, ok: bool, error: str = "") -> None:
        now = to_iso(self.store.clock())
        with self.store.table(STATUS_TABLE) as db:
            db.truncate()
            db.insert({"at": now, "ok": ok, "error": error})

    def last_sync(self) -> dict[str, Any]:
        docs = list(self.store.read_table(STATUS_TABLE).values())
        return docs[-1] if docs else {}
