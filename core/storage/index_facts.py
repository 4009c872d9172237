"""The insights facts files of the index: facts/NNN.json beside each summary shard index/NNN.json.

Two lines of JSON: the shard's tally (what its facts add up to, tally.py), then its facts, one
list per column (facts.py). Opening insights reads the first lines only (the view of every
closure adds up tallies); the columns are parsed when a filter needs them. Derived from the
summary shard of the same number whenever that shard is written, and written only when the
facts changed: most summary changes (a step, a due time on a lost proposal) leave them as they
were. About 13 KB a file at 10,000 closures: one small extra write per change.

What every closure adds up to (the tallies of all 256 files merged, which is what insights open
with) is kept with the stat of each file it was added up from, and so is each sixteenth's (a part):
while no file has changed, opening insights reads that one tally instead of 256; after a change,
by this process or another, the parts whose files changed are added up again and the rest are read
whole (tally_cache.py). These are caches that any reader writes and checks, never a source.

A facts file that is missing, damaged (moved aside and reported in one line) or of another
version is derived again from its summary shard when read, under the lock. What was read is
cached by the file's inode, size and mtime, as the summaries are; it is small enough to keep,
so a count after a change reads one file again, not 256.
"""

from __future__ import annotations

import json
import os
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cierre.storage.facts import VERSION, Columns, readable, row, shard
from cierre.storage.files import DamagedFileError, atomic_write_bytes, dump_json, move_aside, stat_key, stat_keys
from cierre.storage.index import SHARDS
from cierre.insights.tally import Facts, Tally, merged, replaced, tally
from cierre.insights.tally import readable as readable_tally

if TYPE_CHECKING:
    from cierre.insights.tally_cache import TallyCache

MISSING = object()
MERGED = "all"  # every closure's tally, as kept (tally_cache.py)
PART = 16  # facts files a part of the kept tallies adds up: a change adds up 16 files again, not 256
FEW_CHANGED = 4  # parts changed since every closure's tally was kept, up to which it is updated part by part


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
    _parts: dict[int, tuple[Any, Tally]]  # first file number: (the part's files' stats, their tally)
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
        """The facts of every closure: their merged tally, kept while no file changed (tally_cache.py),
        and the columns behind it, read only if a filter needs them. `stamp`: the facts' stamp if the
        caller has just read it (it is not read twice)."""
        stamp = stamp if stamp is not None else self.facts_stamp()
        if self._merged is None or self._merged[0] != stamp:
            # From what this process added up last; else from what was kept (by it or another process).
            self._merged = (self._updated(self._merged, stamp) or self._updated(self._kept_merged(), stamp)
                            or self._add_up(stamp))
        everything = self._merged[1]
        return Facts([everything], lambda: [self._columns(n, self._read_facts(n)) for n in range(SHARDS)])

    @cached_property
    def _tallies(self) -> TallyCache:
        from cierre.insights.tally_cache import TallyCache  # insights only: not at every start

        return TallyCache(self.root, VERSION)

    def write_tallies(self) -> None:
        """The tallies added up and kept, written now rather than in a moment (tally_cache.py)."""
        self._tallies.write()

    def _kept_merged(self) -> tuple[tuple[Any, ...], Tally] | None:
        """Every closure's tally as last kept, and the stats of the files it was added up from."""
        kept = self._tallies.load_any(MERGED)
        return kept if kept is not None and len(kept[0]) == SHARDS and readable_tally(kept[1]) else None

    def _updated(self, known: tuple[tuple[Any, ...], Tally] | None, stamp: tuple[Any, ...]) -> tuple[Any, Tally] | None:
        """Every closure's tally from one added up for other stats, when only a few parts' files have changed
        since: their tallies then as kept, replaced by theirs now. None if that cannot be done."""
        if known is None or known[0] == stamp:
            return known
        key, everything = known
        changed = [first for first in range(0, SHARDS, PART) if key[first:first + PART] != stamp[first:first + PART]]
        if len(changed) > FEW_CHANGED:
            return None
        for first in changed:
            before = key[first:first + PART]
            old = self._part_as(first, before)
            if old is None:
                return None
            now, new = self._part(first, stamp[first:first + PART])
            everything = replaced(everything, old, new)
            if everything is None:
                return None
            key = key[:first] + now + key[first + PART:]
        self._tallies.keep(MERGED, key, everything)
        return key, everything

    def _add_up(self, stamp: tuple[Any, ...]) -> tuple[tuple[Any, ...], Tally]:
        """Every closure's tally, from the parts' (each added up again only if one of its files changed)."""
        parts = [self._part(first, stamp[first:first + PART]) for first in range(0, SHARDS, PART)]
        key = tuple(chain.from_iterable(part_key for part_key, _ in parts))  # the stats of the files as read
        everything = merged(part for _, part in parts)
        self._tallies.keep(MERGED, key, everything)
        (self.facts_dir / "all.tally").unlink(missing_ok=True)  # where earlier versions kept it
        return key, everything

    @staticmethod
    def _part_name(first: int) -> str:
        return f"part-{first:03d}"

    def _part_as(self, first: int, stamp: tuple[Any, ...]) -> Tally | None:
        """The tally of the part from `first` when its files had these stats, if it is still known."""
        in_memory = self._parts.get(first)
        if in_memory is not None and in_memory[0] == stamp:
            return in_memory[1]
        part = self._tallies.load(self._part_name(first), stamp)
        return part if part is not None and readable_tally(part) else None

    def _part(self, first: int, stamp: tuple[Any, ...]) -> tuple[tuple[Any, ...], Tally]:
        """The stats and merged tally of the PART files from `first`: kept in memory or on disk, else added up."""
        part = self._part_as(first, stamp)
        if part is None:
            stored = [self._read_facts(n) for n in range(first, first + PART)]
            stamp = tuple(s.key for s in stored)
            part = merged(s.tally for s in stored)
            self._tallies.keep(self._part_name(first), stamp, part)
        self._parts[first] = (stamp, part)
        return stamp, part

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

