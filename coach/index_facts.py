"""The insights facts files of the index: facts/NNN.json beside each summary shard index/NNN.json.

Two lines of JSON: the shard's tally (what its facts add up to, tally.py), then its facts, one
list per column (facts.py). Opening insights reads the first lines only (the view of every
closure adds up tallies); the columns are parsed when a filter needs them. Derived from the
summary shard of the same number whenever that shard is written, and written only when the
facts changed: most summary changes (a step, a due time on a lost proposal) leave them as they
were. About 13 KB a file at 10,000 closures: one small extra write per change.

What every closure adds up to (the tallies of all 256 files merged, which is what insights open
with) is kept in facts/all.tally with the stat of each file it was added up from: while none has
changed, opening insights reads that one file instead of 256. It is a cache that any reader writes
and checks, never a source: with any file changed since, the tallies are added up again.

A facts file that is missing, damaged (moved aside and reported in one line) or of another
version is derived again from its summary shard when read, under the lock. What was read is
cached by the file's inode, size and mtime, as the summaries are; it is small enough to keep,
so a count after a change reads one file again, not 256.
"""

from __future__ import annotations

import json
import os
from functools import cached_property
from pathlib import Path
from typing import Any

from .facts import VERSION, Columns, readable, row, shard
from .files import DamagedFileError, atomic_write_bytes, dump_json, move_aside, stat_key, stat_keys
from .index import SHARDS
from .tally import Facts, Tally, merged, tally
from .tally import readable as readable_tally

MISSING = object()
MERGED = "all.tally"  # JSON, named apart from the NNN.json files
MERGED_FORMAT = 2  # 2: the heard lists in the order they are listed (tally.py); earlier ones are added up again


class Stored:
    """One facts file as read: its tally, and its columns once a filter needed them."""

    __slots__ = ("tally", "key", "parsed")

    def __init__(self, tally: Tally, key: Any, parsed: Columns | None = None) -> None:
        self.tally, self.key, self.parsed = tally, key, parsed  # key: the file's stat when read


EMPTY = Stored(tally(shard([])), None, parsed=shard([]))


class FactsFiles:
    """Expects `root`, `facts_dir`, `problems`, `locked()`, `_shard_path()` and `_read_shard()` from the store
    it is mixed into."""

    _facts_cache: dict[int, tuple[Any, Stored]]
    _merged: tuple[Any, Tally] | None = None  # (the files' stats it was added up from, the tally)
    _fact_rows: dict[Any, tuple[Any, tuple[Any, ...]]]  # closure id: (the summary as derived, its facts)

    def _facts_path(self, number: int) -> Path:
        return self.facts_dir / f"{number:03d}.json"

    def _damaged(self, path: Path) -> None:
        self.problems.append(f"insights facts: {DamagedFileError(path, move_aside(path, self.root))}")

    def _stored(self, number: int) -> Stored | object | None:
        """The facts file as read (its first line parsed) if it is there and of this version, MISSING if it
        is not there, None if it is of no use (of another version; damaged, then moved aside and reported)."""
        path = self._facts_path(number)
        key = stat_key(path)
        cached = self._facts_cache.get(number)
        if cached and cached[0] == key:
            return cached[1]
        try:
            with path.open("rb") as file:
                head = file.readline()  # the columns, most of the file, are read when a filter needs them
        except FileNotFoundError:
            return MISSING
        try:
            header = json.loads(head)
        except (ValueError, UnicodeDecodeError):
            header = None
        if not isinstance(header, dict) or (header.get("v") == VERSION and not readable_tally(header.get("tally"))):
            self._damaged(path)
            return None
        if header.get("v") != VERSION:
            return None  # written by another version of Cierre: derived again
        stored = Stored(header["tally"], key)
        self._facts_cache[number] = (key, stored)
        return stored

    def _read_facts(self, number: int) -> Stored:
        stored = self._stored(number)
        if isinstance(stored, Stored):
            return stored
        if stored is MISSING:
            if stat_key(self._shard_path(number)) is None:
                return EMPTY  # no summaries in this shard yet: nothing to derive
            self.problems.append(f"insights facts: {self._facts_path(number).name} was missing and has been rebuilt")
        return self._derive_facts(number)

    def _derive_facts(self, number: int) -> Stored:
        with self.locked():  # the summaries must not change while their facts are derived
            self._write_facts(number, self._read_shard(number))
        return self._facts_cache[number][1]

    def _parsed(self, number: int, stored: Stored) -> Columns | None:
        """The columns of a file read before; None if they are damaged (the file is then moved aside)
        or the file was replaced since (its tally is then out of date too)."""
        if stored.parsed is None:
            path = self._facts_path(number)
            try:
                with path.open("rb") as file:
                    st = os.fstat(file.fileno())
                    if (st.st_ino, st.st_size, st.st_mtime_ns) != stored.key:
                        return None  # replaced since its tally was read
                    file.readline()
                    parsed = json.loads(file.read())
            except FileNotFoundError:
                return None
            except (ValueError, UnicodeDecodeError):
                parsed = None
            if not readable(parsed):
                self._facts_cache.pop(number, None)
                self._damaged(path)
                return None
            stored.parsed = parsed
        return stored.parsed

    def _columns(self, number: int, stored: Stored) -> Columns:
        columns = self._parsed(number, stored)
        return columns if columns is not None else self._derive_facts(number).parsed  # type: ignore[return-value]

    def _write_facts(self, number: int, docs: dict[str, dict[str, Any]]) -> None:
        """The facts of a summary shard just written (under the lock), unless the file holds them already."""
        columns = shard(docs.values(), self._fact_row)
        stored = self._stored(number)
        if isinstance(stored, Stored) and self._parsed(number, stored) == columns:
            return
        shard_tally = tally(columns)
        path = self._facts_path(number)
        atomic_write_bytes(path, dump_json({"v": VERSION, "tally": shard_tally}) + b"\n" + dump_json(columns))
        key = stat_key(path)
        self._facts_cache[number] = (key, Stored(shard_tally, key, parsed=columns))

    def _fact_row(self, summary: dict[str, Any]) -> tuple[Any, ...]:
        """A summary's facts, derived again only for a summary not seen before (the same object)."""
        kept = self._fact_rows.get(summary.get("id"))
        if kept is not None and kept[0] is summary:
            return kept[1]
        facts = row(summary)
        self._fact_rows[summary.get("id")] = (summary, facts)
        return facts

    def insight_facts(self, stamp: tuple[Any, ...] | None = None) -> Facts:
        """The facts of every closure: their merged tally, read from all.tally while it holds, and the
        columns behind it, read only if a filter needs them. `stamp`: the facts' stamp if the caller
        has just read it (it is not read twice)."""
        stamp = stamp if stamp is not None else self.facts_stamp()
        everything = self._merged_tally(stamp)
        if everything is None:
            stored = [self._read_facts(n) for n in range(SHARDS)]
            everything = merged(s.tally for s in stored)
            self._keep_merged(tuple(s.key for s in stored), everything)
        return Facts([everything], lambda: [self._columns(n, self._read_facts(n)) for n in range(SHARDS)])

    def _merged_tally(self, stamp: tuple[Any, ...]) -> Tally | None:
        if self._merged is not None and self._merged[0] == stamp:
            return self._merged[1]
        try:
            data = json.loads((self.facts_dir / MERGED).read_bytes())
            key = tuple(tuple(entry) if entry is not None else None for entry in data["key"])
            everything = data["tally"]
        except (OSError, ValueError, UnicodeDecodeError, KeyError, TypeError):
            return None  # none yet, or unusable: added up again and written anew
        if data.get("v") != VERSION or data.get("format") != MERGED_FORMAT or key != stamp or not readable_tally(everything):
            return None
        self._merged = (key, everything)
        return everything

    def _keep_merged(self, key: tuple[Any, ...], everything: Tally) -> None:
        self._merged = (key, everything)
        try:  # a cache: no fsync, and a failed write only costs the next reader the adding up
            atomic_write_bytes(self.facts_dir / MERGED, dump_json({"v": VERSION, "format": MERGED_FORMAT, "key": key, "tally": everything}),
                               durable=False)
        except OSError:
            pass

    def facts_stamp(self) -> tuple[Any, ...]:
        """Changes whenever a facts file is replaced: what counted figures are keyed by."""
        return stat_keys(self._facts_files)

    @cached_property
    def _facts_files(self) -> list[str]:
        return [str(self._facts_path(n)) for n in range(SHARDS)]

    def _write_all_facts(self) -> None:
        """Facts for every summary shard (a folder written before they existed). Under the lock."""
        for number in range(SHARDS):
            self._write_facts(number, self._read_shard(number))

