"""The index: one SQLite file (`index.sqlite`) with what is derived from every closure.

The closure files are the truth; the index is a cache of them that the store keeps in step
inside the same locked write, and that rebuilds itself from the files when it is missing,
damaged, of another schema, or out of step with them (a writer killed between the file and
the index, or a file changed by another program). Deleting it loses nothing.

    closures         one row a closure: the dashboard's columns and the facts insights count
                     (see facts.py), kept narrow so that a count over 10,000 rows reads little
                     and `search`, the client and contact folded (case and accents set aside)
                     for the dashboard's filter and the command palette
    summaries        the summary of each closure the command line lists, as JSON
    pending_actions  the due time of every action item not done yet, for overdue counts
    meta             what the rows were derived under (working hours and zone) and the stamp
                     of the closures folder after the last write

WAL mode: readers never wait for a writer, and `PRAGMA data_version` tells a reader
cheaply that another connection (another process) wrote.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any, Iterable, Sequence

from cierre.domain.text import folded
from cierre.storage.facts import COLUMNS as FACT_COLUMNS
from cierre.storage.facts import row as facts_of
from cierre.storage.layout import INDEX_SCHEMA, INDEX_TABLES, connect_index

ROW_KEYS = ("id", "kind", "client", "step", "status", "due", "active", "archived_at", "status_at")
# Columns of `closures` besides the id: the dashboard's, the facts (without the list of pending
# action items, which has its own table) and the stamp of the file they were derived from.
FACTS = tuple(name for name in FACT_COLUMNS if name not in ("kind", "status", "pending"))
# calling: its last call started and has not ended; search: the client and contact, folded
COLUMNS = ROW_KEYS[1:] + FACTS + ("calling", "search", "stamp")

# Every index a count goes through also holds the columns a count's filter reads (the kind, the
# status, the day the "no" arrived), so that it reads the index alone and looks up no row of the
# table. `closures_by_id` is named in the count of pending actions (INDEXED BY): SQLite's planner
# would take the primary key's own index, which reads each row.
FILTER_COLUMNS = "kind, status, received"
_DDL = f"""
CREATE TABLE closures (id TEXT PRIMARY KEY, {", ".join(COLUMNS)});
CREATE INDEX closures_dashboard ON closures (active, due, client, id, kind, step, status, archived_at, status_at);
CREATE INDEX closures_by_received ON closures (received, kind, status);
CREATE INDEX closures_by_reason ON closures (kind, reason, status, received);
CREATE INDEX closures_by_guess ON closures (guess, reason, {FILTER_COLUMNS});
CREATE INDEX closures_by_competitor ON closures (competitor, {FILTER_COLUMNS});
CREATE INDEX closures_by_last_call ON closures (last, {FILTER_COLUMNS});
CREATE INDEX closures_by_confirm ON closures (confirm, {FILTER_COLUMNS});
CREATE INDEX closures_by_delay ON closures (delay, {FILTER_COLUMNS});
CREATE INDEX closures_by_id ON closures (id, {FILTER_COLUMNS});
CREATE INDEX closures_heard ON closures (received DESC, id DESC, client, kind, suggestions) WHERE suggestions > 0;
CREATE INDEX closures_calling ON closures (client, id) WHERE calling = 1;
CREATE TABLE summaries (id TEXT PRIMARY KEY, summary TEXT NOT NULL);
CREATE TABLE pending_actions (closure_id TEXT NOT NULL, due TEXT NOT NULL);
CREATE INDEX pending_by_closure ON pending_actions (closure_id);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
PRAGMA user_version = {INDEX_SCHEMA};
"""
_UPSERT = f"INSERT OR REPLACE INTO closures (id, {', '.join(COLUMNS)}) VALUES ({', '.join('?' * (len(COLUMNS) + 1))})"


class Entry:
    """What the index holds of one closure: derived from its summary, with the stamp of its file."""

    __slots__ = ("id", "values", "summary", "pending")

    def __init__(self, summary: dict[str, Any], stamp: str = "") -> None:
        self.id = summary["id"]
        facts = dict(zip(FACT_COLUMNS, facts_of(summary)))
        calls = summary.get("calls") or ()
        calling = int(bool(calls) and isinstance(calls[-1], dict) and not calls[-1].get("ended_at"))
        search = folded(f"{summary.get('client') or ''}\n{summary.get('contact') or ''}")
        values = {**facts, **{key: summary.get(key) for key in ROW_KEYS}, "calling": calling, "search": search, "stamp": stamp}
        self.values = (self.id, *(_storable(values.get(name)) for name in COLUMNS))
        self.summary = json.dumps(summary, separators=(",", ":"))  # ASCII: any text round-trips
        self.pending = facts.get("pending") or ()


def _storable(value: Any) -> Any:
    """SQLite takes UTF-8 only: a lone surrogate in a name shows as U+FFFD in the columns (the
    summary keeps it, escaped)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value


class Term:
    """One word of the dashboard's filter. A row matches when the word is in its client or contact
    (`text`, folded), or when the step column shows a label holding it: the caller, who knows the
    labels, names the (kind, step) pairs, statuses and states whose label does. (A plain class: a
    `cierre note` imports this module, and dataclasses would add its import to every note.)"""

    __slots__ = ("text", "steps", "statuses", "archived", "calling")

    def __init__(
        self,
        text: str,
        steps: tuple[tuple[str, str], ...] = (),
        statuses: tuple[str, ...] = (),
        *,
        archived: bool = False,
        calling: bool = False,
    ) -> None:
        self.text, self.steps, self.statuses = text, steps, statuses
        self.archived, self.calling = archived, calling

    def sql(self) -> tuple[str, list[Any]]:
        parts, parameters = ["instr(search, ?) > 0"], [self.text]
        if self.steps:
            parts.append(f"(kind, step) IN (VALUES {', '.join(['(?, ?)'] * len(self.steps))})")
            parameters += [value for pair in self.steps for value in pair]
        if self.statuses:
            parts.append(f"status IN ({', '.join('?' * len(self.statuses))})")
            parameters += list(self.statuses)
        if self.archived:
            parts.append("archived_at IS NOT NULL")
        if self.calling:
            parts.append("calling = 1")
        return f"({' OR '.join(parts)})", parameters


def _what_was_there(version: int, tables: set[str]) -> str:
    """Why an index that opened had to be made anew (see `Index.replaced`). Every index Cierre
    wrote has a user_version of 1 or more: tables under version 0 are another program's."""
    if version > INDEX_SCHEMA:
        return "newer"
    if 0 < version < INDEX_SCHEMA:
        return "older"
    return "damaged" if tables else ""  # no tables at all: a file just made, or one left empty


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class IndexDamaged(Exception):
    """The index failed under a query (damaged on disk, or replaced by something else): it has been
    made anew, empty, for the store to fill again from the closure files."""


class Index:
    """One connection to `index.sqlite`, shared by the threads of a process (a lock serialises them)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if path != ":memory:" else path
        self._lock = threading.RLock()
        self.rebuilt = False  # the file was made anew: the store fills it from the closure files
        # What was in its place when it was made anew: "damaged", "newer" (another version of Cierre
        # wrote it), "older" (the first start after an upgrade); "" when there was nothing yet.
        self.replaced = ""
        self.connection = self._open()

    # --- opening -------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.OperationalError as error:
            # Disk full, read-only, locked: the file may be fine, and a new one could not be made
            # either; removing it would only lose the cache. Something in its place is the exception.
            if not isinstance(self.path, Path):
                raise
            if not self.path.is_dir():
                raise _folder_error(self.path, error) from None
            self._remove_files()
            return self._connect()
        except sqlite3.DatabaseError:
            self._remove_files()  # damaged or not a database: it is only a cache
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        if isinstance(self.path, Path) and not self.path.exists():
            # It names clients: private, like every file of the folder (SQLite gives its -wal and
            # -shm files the same mode).
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        connection = connect_index(str(self.path))
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version != INDEX_SCHEMA or not INDEX_TABLES <= tables:
                with _Transaction(connection):
                    for table in tables:
                        connection.execute(f'DROP TABLE IF EXISTS "{table}"')
                    for statement in filter(str.strip, _DDL.split(";")):
                        connection.execute(statement)
                if not self.rebuilt:  # made anew after a damaged file was removed: that stays the reason
                    self.replaced = _what_was_there(version, tables)
                self.rebuilt = True
        except BaseException:
            connection.close()
            raise
        return connection

    def _remove_files(self) -> None:
        if isinstance(self.path, Path):
            for suffix in ("", "-wal", "-shm"):
                path = Path(f"{self.path}{suffix}")
                if path.is_dir():  # something else in its place: kept aside, never removed
                    from cierre.storage.files import move_aside

                    move_aside(path, path.parent)
                path.unlink(missing_ok=True)
        self.rebuilt, self.replaced = True, "damaged"

    def close(self) -> None:
        with self._lock:
            self.connection.close()

    # --- reading -------------------------------------------------------------
    def query(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self.connection.execute(sql, parameters).fetchall()
            except sqlite3.OperationalError:
                raise  # busy, disk I/O: the file may be fine; the caller says so
            except sqlite3.DatabaseError as error:
                self._start_again()
                from cierre.domain.texts import say

                raise IndexDamaged(say("errors.index_damaged", error=error)) from None

    def _start_again(self) -> None:
        self.connection.close()
        self._remove_files()
        self.connection = self._connect()

    def version(self) -> int:
        """Changes whenever another connection (another process) committed a write."""
        with self._lock:
            return self.connection.execute("PRAGMA data_version").fetchone()[0]

    def meta(self, key: str) -> str | None:
        rows = self.query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def stamps(self) -> dict[str, str]:
        return dict(self.query("SELECT id, stamp FROM closures"))

    def count(self) -> int:
        return self.query("SELECT COUNT(*) FROM closures")[0][0]

    def summaries(self) -> list[dict[str, Any]]:
        return [json.loads(text) for (text,) in self.query("SELECT summary FROM summaries ORDER BY id")]

    def row_columns(self, *, active_only: bool = False, terms: Sequence[Term] = ()) -> dict[str, list[Any]]:
        """The dashboard's columns, each as one JSON array built by SQLite from a covering index:
        half the time of a Python tuple per row at 10,000 closures. With `terms`, only the rows
        that match every one (a scan of the narrow table: a few milliseconds at 10,000)."""
        conditions, parameters = (["active = 1"] if active_only else []), []
        for term in terms:
            condition, values = term.sql()
            conditions.append(condition)
            parameters += values
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        columns = ", ".join(f"json_group_array({key})" for key in ROW_KEYS)
        arrays = self.query(f"SELECT {columns} FROM closures{where}", parameters)[0]
        return dict(zip(ROW_KEYS, map(json.loads, arrays)))

    def row_count(self, *, active_only: bool = False) -> int:
        where = " WHERE active = 1" if active_only else ""
        return self.query(f"SELECT COUNT(*) FROM closures{where}")[0][0]

    def find_clients(self, text: str, limit: int) -> list[dict[str, Any]]:
        """Closures whose client or contact holds the letters of `text` in order ("acm" finds "Acme
        Corp"), open ones first and the most urgent of them first; at most `limit`."""
        letters = [_like_escaped(ch) for ch in folded(text) if not ch.isspace()]
        pattern = "%" + "%".join(letters) + "%"
        keys = ("id", "client", "kind", "step", "status", "active", "archived_at")
        rows = self.query(
            f"SELECT {', '.join(keys)} FROM closures WHERE search LIKE ? ESCAPE '\\' "
            "ORDER BY active DESC, due IS NULL, due, client, id LIMIT ?",
            (pattern, limit),
        )
        return [dict(zip(keys, row)) for row in rows]

    # --- writing (under the store's lock) ------------------------------------
    def write(
        self,
        entries: Iterable[Entry] = (),
        *,
        removed: Iterable[str] = (),
        meta: dict[str, str] | None = None,
        replace_all: bool = False,
    ) -> None:
        """One transaction: put these closures' rows, take out the removed ones, set meta values."""
        with self._lock, _Transaction(self.connection) as connection:
            if replace_all:
                for table in ("closures", "summaries", "pending_actions"):
                    connection.execute(f"DELETE FROM {table}")
            for closure_id in removed:
                connection.execute("DELETE FROM closures WHERE id = ?", (closure_id,))
                connection.execute("DELETE FROM summaries WHERE id = ?", (closure_id,))
                connection.execute("DELETE FROM pending_actions WHERE closure_id = ?", (closure_id,))
            for entry in entries:
                connection.execute(_UPSERT, entry.values)
                connection.execute("INSERT OR REPLACE INTO summaries VALUES (?, ?)", (entry.id, entry.summary))
                if not replace_all:
                    connection.execute("DELETE FROM pending_actions WHERE closure_id = ?", (entry.id,))
                connection.executemany("INSERT INTO pending_actions VALUES (?, ?)", [(entry.id, due) for due in entry.pending])
            for key, value in (meta or {}).items():
                connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def _folder_error(path: Path, error: sqlite3.OperationalError) -> OSError:
    """SQLite says "disk I/O error" when a full disk stops its shared-memory file: name the cause."""
    import errno

    from cierre.storage.files import FolderError

    try:
        found = os.statvfs(path.parent)
        full, read_only = found.f_bavail == 0, bool(found.f_flag & os.ST_RDONLY)
    except OSError:
        full = read_only = False
    if read_only:
        cause = OSError(errno.EROFS, "Read-only file system")
    elif full:
        cause = OSError(errno.ENOSPC, "No space left on device")
    else:
        cause = OSError(errno.EIO, str(error))
    return FolderError("open", path, cause)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind, error, traceback) -> None:
        self.connection.execute("ROLLBACK" if kind else "COMMIT")


__all__ = ["COLUMNS", "FACTS", "ROW_KEYS", "Entry", "Index", "IndexDamaged", "Term"]
