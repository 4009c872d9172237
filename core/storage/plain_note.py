"""Appending a plain note: the one write that changes nothing the index derives from a closure.

A note of kind "note" moves no dashboard column, no fact that insights count and no calendar
event (the debrief's agenda takes reasons, competitors, suggestions and quotes only), so writing
one needs none of the schedule, playbooks and settings that deriving a row takes. Under the
store's lock the closure file is read, the note appended and the file replaced (fsync, as every
write), then, in one transaction, its index row takes the new file's stamp and `updated_at` and
the index the folder's new stamp. `cierre note` from a second terminal comes this way: it imports
little beyond `json` and `sqlite3`.

Anything out of the ordinary answers None before a byte is written, and the caller takes the
store's full path (`Store.update`), which deals with it and says what it found: a folder or
index of another version or missing, an index out of step with the files, an id that is not
found or not unique, a file damaged or of an older schema.
"""

from __future__ import annotations

import json
import os
import sqlite3

from cierre.domain.closure_parts import CallAttempt, Note
from cierre.domain.schema import SCHEMA_VERSION
from cierre.domain.timeutil import to_iso, utcnow
from cierre.storage.files import atomic_write_bytes, dump_json, stat_key
from cierre.storage.layout import (
    CLOSURES,
    INDEX,
    INDEX_SCHEMA,
    INDEX_TABLES,
    LOCK,
    LOCK_TIMEOUT,
    META,
    connect_index,
    ids_starting,
    stamp_text,
)
from cierre.storage.lock import FileLock

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any


class IndexBehind(Exception):
    """The note is on disk, but the index could not take its new stamp: the next writer or start
    derives that row again (the folder's stamp no longer matches), so nothing is lost."""


def append_plain_note(data_dir: str, closure_id: str, text: str, *, now: datetime | None = None) -> dict[str, Any] | None:
    """The note as stored (its dict), or None when the full path must do this write.

    Raises LockTimeout when another writer holds the folder for the whole wait, IndexBehind after
    the note was written."""
    root = os.fspath(data_dir)
    if not _folder_current(root) or not os.path.isfile(os.path.join(root, INDEX)):
        return None
    closures = os.path.join(root, CLOSURES)
    with FileLock(os.path.join(root, LOCK), timeout=LOCK_TIMEOUT):
        try:
            connection = _current_index(os.path.join(root, INDEX))
        except sqlite3.Error:
            return None
        if connection is None:
            return None
        try:
            return _append(connection, closures, closure_id, text, now or utcnow())
        finally:
            connection.close()


def _append(connection: sqlite3.Connection, closures: str, closure_id: str, text: str, now: datetime) -> dict[str, Any] | None:
    try:
        if _meta(connection, "folder") != stamp_text(stat_key(closures)):
            return None  # a file changed behind the index's back: the full path derives it again
        closure_id = _resolve(connection, closures, closure_id)
    except sqlite3.Error:
        return None
    if closure_id is None:
        return None
    path = os.path.join(closures, f"{closure_id}.json")
    data = _read_current(path)
    if data is None:
        return None
    doc = data["closure"]["1"]
    try:
        note = _new_note(doc, text, now)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
        return None  # a call the full path cannot read either: it moves the file aside and says so
    doc["notes"] = [*doc.get("notes", []), note]
    doc["updated_at"] = to_iso(now)
    atomic_write_bytes(path, dump_json(data))
    try:  # the note is on disk: whatever fails now only leaves the index behind
        _record(connection, closure_id, stamp_text(stat_key(path)), doc["updated_at"], stamp_text(stat_key(closures)))
    except Exception as error:
        raise IndexBehind(str(error)) from None
    return note


def _folder_current(root: str) -> bool:
    """The folder's meta file says this version's schema, as the store leaves it once opened."""
    try:
        with open(os.path.join(root, META), "rb") as file:
            return json.loads(file.read()) == {"schema": SCHEMA_VERSION}
    except (OSError, ValueError):
        return False


def _current_index(path: str) -> sqlite3.Connection | None:
    """The index as it is, when it is of this version (the full path rebuilds any other)."""
    connection = connect_index(path)
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except BaseException:
        connection.close()
        raise
    if version != INDEX_SCHEMA or not INDEX_TABLES <= tables:
        connection.close()
        return None
    return connection


def _meta(connection: sqlite3.Connection, key: str) -> str | None:
    found = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if found is None else found[0]


def _resolve(connection: sqlite3.Connection, closures: str, prefix: str) -> str | None:
    """The one closure an id or the start of one names (as `Store.resolve`), else None."""
    prefix = prefix.strip().lower()
    found = ids_starting(lambda sql, parameters: connection.execute(sql, parameters).fetchall(), prefix)
    if prefix in found and os.path.isfile(os.path.join(closures, f"{prefix}.json")):
        return prefix  # a whole id, though another id starts with it
    return found[0] if len(found) == 1 else None


def _read_current(path: str) -> dict[str, Any] | None:
    """The closure file's content when it is one this version wrote, with a list of notes."""
    try:
        with open(path, "rb") as file:
            data = json.loads(file.read())
        doc = data["closure"]["1"]
    except (OSError, ValueError, RecursionError, TypeError, KeyError):
        return None
    if not isinstance(doc, dict) or len(data) != 1 or len(data["closure"]) != 1:
        return None
    if doc.get("schema") != SCHEMA_VERSION or not isinstance(doc.get("notes", []), list):
        return None
    calls = doc.get("calls", [])
    if not isinstance(calls, list) or (calls and not isinstance(calls[-1], dict)):
        return None
    return data


def _new_note(doc: dict[str, Any], text: str, now: datetime) -> dict[str, Any]:
    """As `Coach.add_note` makes it: during a call, with the time into it and the attempt's number."""
    calls = doc.get("calls") or []
    call = CallAttempt.from_dict(calls[-1]) if calls and not calls[-1].get("ended_at") else None
    note = Note(
        kind="note",
        text=text,
        at=now,
        call_seconds=round(call.elapsed(now), 3) if call else None,
        attempt=call.number if call else None,
    )
    return note.to_dict()


def _record(connection: sqlite3.Connection, closure_id: str, stamp: str, updated_at: str, folder: str) -> None:
    """The row's new file stamp and `updated_at`, and the folder's stamp, in one transaction."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        found = connection.execute("SELECT summary FROM summaries WHERE id = ?", (closure_id,)).fetchone()
        if found is not None:
            summary = json.loads(found[0])
            summary["updated_at"] = updated_at
            connection.execute(
                "UPDATE summaries SET summary = ? WHERE id = ?", (json.dumps(summary, separators=(",", ":")), closure_id)
            )
        connection.execute("UPDATE closures SET stamp = ? WHERE id = ?", (stamp, closure_id))
        connection.execute("INSERT OR REPLACE INTO meta VALUES ('folder', ?)", (folder,))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
