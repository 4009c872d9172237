"""The data folder's fixed names and versions, and how its index file is opened.

Shared by the store and by the plain-note path (`plain_note.py`), which must not import the
store: its imports (the schedule, the playbooks, TinyDB) are most of a `cierre note`.
"""

from __future__ import annotations

import sqlite3

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Iterable

CLOSURES = "closures"  # one file a closure, <id>.json
INDEX = "index.sqlite"
LOCK = "store.lock"
META = "meta.json"
LOCK_TIMEOUT = 30.0  # seconds a writer waits for another one
INDEX_SCHEMA = 7  # the index's PRAGMA user_version; an index of another version is built again
INDEX_TABLES = frozenset({"closures", "summaries", "pending_actions", "meta"})


def ids_starting(query: Callable[[str, tuple[str, str]], Iterable[tuple[str]]], prefix: str) -> list[str]:
    """The first two ids that start with `prefix` (trimmed, in lower case; two tell that it is not
    unique), none for text no id holds. `query(sql, parameters)` runs it on the index."""
    if not (prefix.isalnum() and prefix.isascii()):
        return []
    found = query("SELECT id FROM closures WHERE id >= ? AND id < ? ORDER BY id LIMIT 2", (prefix, prefix + "\uffff"))
    return [closure_id for (closure_id,) in found]


def stamp_text(key: tuple[int, int, int] | None) -> str:
    """A file's (inode, size, mtime) as the index records it; empty for a missing file."""
    return "" if key is None else "{}:{}:{}".format(*key)


def connect_index(path: str) -> sqlite3.Connection:
    """A connection that commits only what it is told to (`BEGIN` ... `COMMIT`), usable from any thread."""
    connection = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
    try:
        connection.execute("PRAGMA synchronous = NORMAL")  # a derived file: speed over the last commit
    except BaseException:
        connection.close()
        raise
    return connection
