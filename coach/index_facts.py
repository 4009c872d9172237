"""The insights facts files of the index: facts/NNN.json beside each summary shard index/NNN.json.

Derived from the summary shard of the same number (facts.py) whenever that shard is written,
and written only when they changed: most summary changes (a step, a due time on a lost
proposal) leave them as they were. About 10 KB a shard at 10,000 closures, so a change costs
one small extra write and opening insights parses under 3 MB instead of every summary.

A facts file that is missing, damaged (moved aside and reported in one line) or of another
version is derived again from its summary shard on the next read, under the lock. Parsed files
are cached by inode, size and mtime, as the summaries are; they are small enough to keep, so a
count after a change parses one file again, not 256.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .facts import VERSION, Columns, Facts, readable, shard
from .files import DamagedFileError, atomic_write_bytes, dump_json, move_aside, read_json
from .index import SHARDS, _stat_key

EMPTY = shard([])
MISSING = object()


class FactsFiles:
    """Expects `root`, `facts_dir`, `problems`, `locked()`, `_shard_path()` and `_read_shard()` from the store
    it is mixed into."""

    _facts_cache: dict[int, tuple[Any, Columns]]

    def _facts_path(self, number: int) -> Path:
        return self.facts_dir / f"{number:03d}.json"

    def _facts_on_disk(self, number: int) -> Columns | object | None:
        """A facts file's content if it is there and of this version, MISSING if it is not there, None if it
        is of no use (of another version; damaged, then moved aside and reported)."""
        path = self._facts_path(number)
        key = _stat_key(path)
        cached = self._facts_cache.get(number)
        if cached and cached[0] == key:
            return cached[1]
        if key is None:
            return MISSING
        try:
            data = read_json(path, self.root)
            if not isinstance(data, dict) or (data.get("v") == VERSION and not readable(data)):
                raise DamagedFileError(path, move_aside(path, self.root))
        except DamagedFileError as error:
            self.problems.append(f"insights facts: {error}")
            return None
        if data.get("v") != VERSION:
            return None  # written by another version of Cierre: derived again
        self._facts_cache[number] = (key, data)
        return data

    def _read_facts(self, number: int) -> Columns:
        facts = self._facts_on_disk(number)
        if isinstance(facts, dict):
            return facts
        if facts is MISSING:
            if _stat_key(self._shard_path(number)) is None:
                return EMPTY  # no summaries in this shard yet: nothing to derive
            self.problems.append(f"insights facts: {self._facts_path(number).name} was missing and has been rebuilt")
        with self.locked():  # the summaries must not change while their facts are derived
            self._write_facts(number, self._read_shard(number))
        return self._facts_cache[number][1]

    def _write_facts(self, number: int, docs: dict[str, dict[str, Any]]) -> None:
        """The facts of a summary shard just written (under the lock), unless the file holds them already."""
        facts = shard(docs.values())
        if self._facts_on_disk(number) == facts:
            return
        path = self._facts_path(number)
        atomic_write_bytes(path, dump_json(facts))
        self._facts_cache[number] = (_stat_key(path), facts)

    def insight_facts(self) -> Facts:
        """The facts of every closure; only files changed since the last call are parsed again."""
        return Facts([self._read_facts(n) for n in range(SHARDS)])

    def facts_stamp(self) -> tuple[Any, ...]:
        """Changes whenever a facts file is replaced: what counted figures are keyed by."""
        return tuple(_stat_key(self._facts_path(n)) for n in range(SHARDS))

    def _write_all_facts(self) -> None:
        """Facts for every summary shard (a folder written before they existed). Under the lock."""
        for number in range(SHARDS):
            self._write_facts(number, self._read_shard(number))
