"""What the calendar holds of each event, as far as we know: one record per UID.

Kept in the data folder (`calendar_events.json`, one TinyDB table) so that a sync
can be stopped anywhere and restarted (the vdirsyncer way: a status record per
item). A record: the event as last delivered, its SEQUENCE and fingerprint, and for
CalDAV the resource's href and ETag. `calendar_meta.json` keeps the calendar's URL
(no discovery on every sync), the sync token and the backoff after failures.

Writes are batched: one file write per chunk of events, never one per event.
"""

from __future__ import annotations

from typing import Any, Iterable

from cierre.storage.store import Store

EVENTS_TABLE = "calendar_events"
META_TABLE = "calendar_meta"


class CalendarState:
    def __init__(self, store: Store) -> None:
        self.store = store

    # --- per-event records -------------------------------------------------
    def records(self) -> dict[str, dict[str, Any]]:
        """uid -> record, read without the lock (the file is replaced atomically)."""
        return {doc["uid"]: dict(doc) for doc in self.store.read_table(EVENTS_TABLE).values() if "uid" in doc}

    def save(self, updates: Iterable[dict[str, Any]]) -> None:
        """Merge records (each with its `uid`) in one write; a key set to None is removed."""
        updates = list(updates)
        if not updates:
            return
        with self.store.table(EVENTS_TABLE) as db:
            records = {doc["uid"]: dict(doc) for doc in db.all() if "uid" in doc}
            for update in updates:
                record = records.setdefault(update["uid"], {"uid": update["uid"]})
                for key, value in update.items():
                    if value is None:
                        record.pop(key, None)
                    else:
                        record[key] = value
            db.storage.write({"_default": {str(n): doc for n, doc in enumerate(records.values(), start=1)}})

    def forget_server(self) -> None:
        """The calendar changed (another URL or account): every href and ETag is void."""
        with self.store.table(EVENTS_TABLE) as db:
            records = [
                {k: v for k, v in doc.items() if k not in ("href", "etag", "stale", "server_sequence")} for doc in db.all()
            ]
            db.storage.write({"_default": {str(n): doc for n, doc in enumerate(records, start=1)}})

    # --- the calendar as a whole -----------------------------------------------
    def meta(self) -> dict[str, Any]:
        docs = list(self.store.read_table(META_TABLE).values())
        return dict(docs[-1]) if docs else {}

    def set_meta(self, **changes: Any) -> dict[str, Any]:
        """Merge into the calendar record; a value of None removes the key."""
        with self.store.table(META_TABLE) as db:
            docs = db.all()
            meta = dict(docs[-1]) if docs else {}
            for key, value in changes.items():
                if value is None:
                    meta.pop(key, None)
                else:
                    meta[key] = value
            db.storage.write({"_default": {"1": meta}})
        return meta
