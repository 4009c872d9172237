"""The index of the data folder: a summary of every closure, and the dashboard's rows.

    index/NNN.json   256 shards of summaries (insights count their facts, below), about 40 a shard at 10,000
                     closures: a capture that changes its summary rewrites ~50 KB, not the history
    rows/            a few fields of each summary for the dashboard (rows_index.py)
    facts/NNN.json   beside each shard of summaries, what insights count of them: their tally, then
                     a few values of each summary, one list per field (index_facts.py)

All are derived from the closure files (`Store.rebuild_index`) and cached in memory by the
file's inode, size and mtime, so another process's writes are always seen. Mixed into `Store`,
which holds the lock and decides when they are written.
"""

from __future__ import annotations

import gc
import zlib
from functools import cached_property
from pathlib import Path
from typing import Any

from cierre.storage.files import DamagedFileError, atomic_write_bytes, dump_json, read_json, stat_key, stat_keys
from cierre.storage.rows_index import row_of

SHARDS = 256
# Reading this many summaries at once is a bulk read, frozen out of garbage collection (see `summaries`).
BULK_SUMMARIES = 2000


class IndexFiles:
    """Summaries on disk; expects `root`, `index_dir`, `problems`, `locked()`, `rebuild_index()`,
    `_write_row()` (rows_index.py) and `_write_facts()` (index_facts.py) from the store it is mixed into."""

    _shard_cache: dict[int, tuple[Any, dict[str, dict[str, Any]]]]

    @staticmethod
    def _shard_of(closure_id: str) -> int:
        return zlib.crc32(closure_id.encode()) % SHARDS

    def _shard_path(self, number: int) -> Path:
        return self.index_dir / f"{number:02d}.json"

    def _read_cached(self, cache: dict[int, tuple[Any, Any]], number: int, path: Path, field: str, rebuild) -> Any:
        """A shard file's content, parsed again only when the file changed; a damaged one is rebuilt."""
        key = stat_key(path)
        cached = cache.get(number)
        if cached and cached[0] == key:
            return cached[1]
        try:
            data = read_json(path, self.root) if key else None
        except DamagedFileError as error:
            self.problems.append(str(error))
            rebuild()
            return self._read_cached(cache, number, path, field, rebuild)
        content = (data or {}).get(field, {})
        cache[number] = (key, content)
        return content

    def _read_shard(self, number: int) -> dict[str, dict[str, Any]]:
        return self._read_cached(self._shard_cache, number, self._shard_path(number), "_default", self.rebuild_index)

    def _write_shard(self, number: int, docs: dict[str, dict[str, Any]]) -> None:
        path = self._shard_path(number)
        atomic_write_bytes(path, dump_json({"_default": docs}))
        # Under the lock nobody else writes: what we wrote is what the file holds, no need to parse it back.
        self._shard_cache[number] = (stat_key(path), docs)
        self._write_facts(number, docs)

    def _write_summary(self, closure_id: str, summary: dict[str, Any] | None) -> None:
        number = self._shard_of(closure_id)
        docs = dict(self._read_shard(number))
        if summary is None:
            docs.pop(closure_id, None)
        else:
            docs[closure_id] = summary
        self._write_shard(number, docs)
        self._write_row(closure_id, None if summary is None else row_of(summary))

    def summaries(self) -> list[dict[str, Any]]:
        """Every closure's summary; only shards changed since the last call are re-read.

        No cyclic-garbage passes while the shards are parsed: every container parsed lives on, and
        the passes set off by so many new ones, each over the whole growing heap, took about half of
        a full read. After a bulk read everything alive is frozen out of later passes (`gc.freeze`,
        as the app does after its first paint): at 10,000 closures every full pass afterwards took
        60-75 ms instead of under 15, a stall wherever it fell. Summaries hold no cycles, so a
        replaced shard's are still freed by reference counting. Small reads (tests, a few changed
        shards) freeze nothing.
        """
        result: list[dict[str, Any]] = []
        collecting = gc.isenabled()
        gc.disable()
        read = 0
        try:
            for number in range(SHARDS):
                before = self._shard_cache.get(number)
                docs = self._read_shard(number)
                result.extend(docs.values())
                if self._shard_cache.get(number) is not before:
                    read += len(docs)
        finally:
            if collecting:
                if read >= BULK_SUMMARIES:
                    gc.freeze()
                gc.enable()
        return result

    def index_stamp(self) -> tuple[Any, ...]:
        return stat_keys(self._shard_files)

    @cached_property
    def _shard_files(self) -> list[str]:
        return [str(self._shard_path(n)) for n in range(SHARDS)]

    def count(self) -> int:
        return sum(len(self._read_shard(n)) for n in range(SHARDS))
