"""Keeping `index.sqlite` derived from the closure files as they are on disk.

The index records the stamp (inode, size, mtime) of every closure file it was derived from, and
that of the closures folder after its last write. A writer compares the folder's stamp first
(one stat): when it differs, a writer was killed between the file and the index, or another
program changed a file, and the rows of the changed files are derived again. A full start also
compares every file's stamp, which finds a file rewritten in place.

Every method that writes runs under the store's lock (the caller holds it).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any, Callable, TypeVar

from cierre.domain.model import Closure
from cierre.storage.files import DamagedFileError, FolderError, stat_key
from cierre.storage.index import Entry, Index, IndexDamaged
from cierre.storage.layout import stamp_text

T = TypeVar("T")


def rebuilt_notice(index: Index) -> str | None:
    """The warning for an index found unusable at open, or None. One of an older schema (the first
    start after an upgrade) is brought up to date without a word: nothing for the user to know or do."""
    key = {"damaged": "errors.index_rebuilt_damaged", "newer": "errors.index_rebuilt_newer"}.get(index.replaced)
    if not index.rebuilt or key is None:
        return None
    from cierre.domain.texts import say

    return say(key)


class IndexKeeper:
    def __init__(
        self,
        index: Index,
        closures_dir: Path,
        *,
        load: Callable[[str], Closure],
        summarize: Callable[[Closure], dict[str, Any]],
        plan: str,
        problems: list[str],
        unreadable: tuple[type[Exception], ...],
    ) -> None:
        self.index = index
        self.closures_dir = closures_dir
        self.load = load  # a closure from its file; raises one of `unreadable` when it cannot
        self.summarize = summarize
        # What the rows' due times were computed under (working hours and zone): when the settings
        # change, every row is derived again once, or the dashboard would count down to old times.
        self.plan = plan
        self.problems = problems
        self.unreadable = unreadable + (DamagedFileError, FolderError)
        self.writes = 0  # this process's own writes: SQLite's data_version counts only the others'

    def read(self, read: Callable[[Index], T]) -> T:
        """`read(index)`; an index found damaged under the query is rebuilt from the files, said in
        one line, and read again: derived data never stops the user."""
        try:
            return read(self.index)
        except IndexDamaged as error:
            self.problems.append(str(error))
            self.fill()
            return read(self.index)

    def folder_stamp(self) -> str:
        return stamp_text(stat_key(self.closures_dir))

    def in_step(self) -> bool:
        """Whether the index was derived from the closure files as they are (one stat, two queries)."""
        return self.read(
            lambda index: not index.rebuilt and index.meta("folder") == self.folder_stamp() and index.meta("plan") == self.plan
        )

    def keep_in_step(self, *, every_file: bool = False) -> None:
        """Derive again the rows of closure files changed behind the index's back. Writers look at
        the folder's stamp only (one stat); `every_file` also stats each file."""
        if self.read(lambda index: index.rebuilt or index.meta("plan") != self.plan):
            self.fill()
        elif every_file or self.read(lambda index: index.meta("folder")) != self.folder_stamp():
            self.reconcile()

    def reconcile(self) -> None:
        known = self.read(Index.stamps)
        entries, seen = [], set()
        with os.scandir(self.closures_dir) as files:
            for file in files:
                if not file.name.endswith(".json") or file.name.startswith("."):
                    continue
                closure_id = file.name[:-5]
                seen.add(closure_id)
                st = file.stat()
                if known.get(closure_id) != stamp_text((st.st_ino, st.st_size, st.st_mtime_ns)):
                    entry = self.entry_from_file(closure_id)
                    if entry is None:
                        seen.discard(closure_id)
                    else:
                        entries.append(entry)
        gone = [closure_id for closure_id in known if closure_id not in seen]
        if entries or gone or self.read(lambda index: index.meta("folder")) != self.folder_stamp():
            self.write(entries, removed=gone)  # nothing to tell other processes when all was in step

    def fill(self) -> int:
        """Every row derived again from every closure file."""
        entries = [
            entry
            for path in self.closures_dir.glob("*.json")
            if not path.name.startswith(".")
            if (entry := self.entry_from_file(path.stem)) is not None
        ]
        self.write(entries, replace_all=True)
        self.index.rebuilt = False
        return len(entries)

    def entry_from_file(self, closure_id: str) -> Entry | None:
        try:
            closure = self.load(closure_id)
        except self.unreadable as error:
            self.problems.append(str(error))
            return None
        return self.entry(closure)

    def entry(self, closure: Closure) -> Entry:
        """What the index holds of a closure, as its file now is."""
        return Entry(self.summarize(closure), stamp_text(stat_key(self.closures_dir / f"{closure.id}.json")))

    def write(self, entries: list[Entry], *, removed: list[str] = (), replace_all: bool = False) -> None:
        try:
            self.index.write(
                entries, removed=removed, replace_all=replace_all, meta={"folder": self.folder_stamp(), "plan": self.plan}
            )
        except sqlite3.Error as error:
            # The closure files are written already, and the folder's stamp now differs from the
            # index's: the next writer or start derives these rows again. Nothing is lost.
            from cierre.domain.texts import say

            self.problems.append(say("errors.index_behind", error=error))
        self.writes += 1
