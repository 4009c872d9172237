"""The one owner of the data folder.

Layout (every file written atomically, folder 0700, files 0600):

    meta.json              schema version of the folder
    closures/<id>.json     one TinyDB file per closure: a note rewrites this small file only
    index/, rows/, facts/  summaries of every closure, the dashboard's rows, the insights facts (coach/index.py)
    index.dirty            ids whose summary may lag their closure after a kill
    outbox/                calendar changes waiting to be sent, a file per event (coach/outbox.py)
    sync_status.json, ...  small TinyDB tables of other modules, opened with `table()`
    store.lock             the cross-process write lock
    damaged/               files that did not parse, moved aside

Writers hold `store.lock` for the whole read-modify-write and re-read from disk
inside it, so another process's writes are never lost; readers need no lock
because every file is replaced atomically. Cached reads are keyed by the file's
inode, size and mtime, so a change by another process is always seen.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, TypeVar

from cierre.storage.files import (
    DamagedFileError,
    atomic_write_bytes,
    clean_temp_files,
    dump_json,
    ensure_private_dir,
    read_json,
    stat_key,
)
from cierre.storage.facts import VERSION as FACTS_VERSION
from cierre.storage.index import SHARDS, IndexFiles
from cierre.storage.index_facts import FactsFiles
from cierre.storage.migrations import migrate_closure
from cierre.storage.rows_index import ROW_KEYS, ROW_SHARDS, ROWS_FORMAT, RowFiles
from cierre.domain.model import SCHEMA_VERSION, Closure
from cierre.domain.text import json_text
from cierre.domain.timeutil import Clock, to_iso, utcnow

if TYPE_CHECKING:
    from tinydb import TinyDB

# Folders without a shard count in meta.json used 64; they are re-indexed once at start.
LEGACY_SHARDS = 64
LOCK_TIMEOUT = 30.0
T = TypeVar("T")
Summarize = Callable[[Closure], dict[str, Any]]


class StoreError(Exception):
    """A problem with the data folder, said in one line."""


class NotFound(StoreError):
    pass


def default_summary(closure: Closure) -> dict[str, Any]:
    return {
        "id": closure.id,
        "kind": closure.kind.value,
        "client": closure.client,
        "step": closure.step,
        "status": closure.status.value,
        "archived_at": to_iso(closure.archived_at),
        "received_at": to_iso(closure.received_at),
    }


class Hook:
    """Runs under the lock after a change: `snapshot` before and after, `changed` when they differ."""

    def __init__(self, snapshot: Callable[[Closure], Any], changed: Callable[[Closure, Any, Any], None]) -> None:
        self.snapshot = snapshot
        self.changed = changed


class Store(IndexFiles, RowFiles, FactsFiles):
    def __init__(
        self,
        data_dir: Path | str,
        *,
        clock: Clock = utcnow,
        summarize: Summarize = default_summary,
        maintenance: bool = True,
        plan: str = "",
    ) -> None:
        self.root = ensure_private_dir(Path(data_dir).expanduser())
        self.closures_dir = ensure_private_dir(self.root / "closures")
        self.index_dir = ensure_private_dir(self.root / "index")
        self.clock = clock
        self.summarize = summarize
        self.hooks: list[Hook] = []
        self.problems: list[str] = []
        self._lock: Any = None  # made on the first write: a read-only start opens no lock file
        self._shard_cache: dict[int, tuple[Any, dict[str, dict[str, Any]]]] = {}
        self.rows_dir = ensure_private_dir(self.root / "rows")
        self._row_cache: dict[Any, tuple[Any, list[list[Any]]]] = {}
        self.facts_dir = ensure_private_dir(self.root / "facts")
        self._facts_cache: dict[int, tuple[Any, dict[str, Any]]] = {}
        self._fact_rows: dict[Any, tuple[Any, tuple[Any, ...]]] = {}
        self._parts: dict[int, tuple[Any, Any]] = {}
        # What the summaries' due times were computed under (working hours and zone): when the
        # settings change, every summary is computed again once, or the dashboard would count down
        # to times of the old schedule.
        self.plan = plan
        self._check_schema()
        if maintenance:
            self.maintain()

    # --- locking ---------------------------------------------------------
    @contextmanager
    def locked(self) -> Iterator[None]:
        from cierre.storage.lock import FileLock, LockTimeout

        if self._lock is None:
            self._lock = FileLock(self.root / "store.lock", timeout=LOCK_TIMEOUT)
        try:
            self._lock.acquire()
        except LockTimeout:
            raise StoreError(f"the data folder {self.root} is busy (locked for {LOCK_TIMEOUT:.0f} s by another process)") from None
        try:
            yield
        finally:
            self._lock.release()

    @contextmanager
    def table(self, name: str) -> Iterator[TinyDB]:
        """A small TinyDB file of the data folder, opened fresh under the lock."""
        from cierre.storage.tinydb_files import AtomicJSONStorage, TinyDB

        with self.locked():
            db = TinyDB(self.root / f"{name}.json", storage=AtomicJSONStorage, data_dir=self.root)
            try:
                yield db
            finally:
                db.close()

    def read_table(self, name: str) -> dict[str, Any]:
        """A table file's content without the lock (files are replaced atomically)."""
        data = read_json(self.root / f"{name}.json", self.root) or {}
        return data.get("_default", {})

    # --- maintenance -----------------------------------------------------
    def _check_schema(self) -> None:
        meta_path = self.root / "meta.json"
        meta = read_json(meta_path, self.root)
        if meta is None:
            with self.locked():
                if not meta_path.exists():
                    fresh = {"schema": SCHEMA_VERSION, "shards": SHARDS, "rows": ROWS_FORMAT, "facts": FACTS_VERSION,
                             "plan": self.plan}
                    atomic_write_bytes(meta_path, dump_json(fresh))
            return
        version = meta.get("schema", 0) if isinstance(meta, dict) else 0
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.root} was written by a newer Cierre (data schema {version}); please upgrade")
        if isinstance(meta, dict) and meta.get("shards", LEGACY_SHARDS) != SHARDS:
            self._reshard(meta_path)
        elif isinstance(meta, dict):
            if meta.get("rows") != ROWS_FORMAT:
                self._build_rows(meta_path)
            if meta.get("facts") != FACTS_VERSION:
                self._build_facts(meta_path)
        if self.plan and (read_json(meta_path, self.root) or {}).get("plan") != self.plan:
            self._replan(meta_path)

    def _replan(self, meta_path: Path) -> None:
        """The working hours or the zone changed since the summaries were written: compute them again, once."""
        with self.locked():
            meta = read_json(meta_path, self.root) or {}
            if meta.get("plan") == self.plan:
                return  # another process did it meanwhile
            if any(self.closures_dir.glob("*.json")):
                self.rebuild_index()
            atomic_write_bytes(meta_path, dump_json({**meta, "plan": self.plan}))

    def _reshard(self, meta_path: Path) -> None:
        """Summaries filed under another shard count: rebuild the index from the closure files, once."""
        with self.locked():
            meta = read_json(meta_path, self.root) or {}
            if meta.get("shards", LEGACY_SHARDS) == SHARDS:
                return  # another process did it meanwhile
            self.rebuild_index()
            for path in self.index_dir.glob("*.json"):
                if not path.stem.isdigit() or int(path.stem) >= SHARDS:
                    path.unlink()
            atomic_write_bytes(meta_path, dump_json({**meta, "shards": SHARDS, "rows": ROWS_FORMAT, "facts": FACTS_VERSION,
                                                     "plan": self.plan}))

    def _build_rows(self, meta_path: Path) -> None:
        """A folder written before the rows existed, or in an older format: derive them from the summaries, once."""
        with self.locked():
            meta = read_json(meta_path, self.root) or {}
            if meta.get("rows") == ROWS_FORMAT:
                return  # another process did it meanwhile
            self._write_all_rows({summary["id"]: summary for summary in self.summaries()})
            atomic_write_bytes(meta_path, dump_json({**meta, "rows": ROWS_FORMAT}))

    def _build_facts(self, meta_path: Path) -> None:
        """A folder written before the insights facts existed, or with facts of another version: derive them, once."""
        with self.locked():
            meta = read_json(meta_path, self.root) or {}
            if meta.get("facts") == FACTS_VERSION:
                return
            self._write_all_facts()
            atomic_write_bytes(meta_path, dump_json({**meta, "facts": FACTS_VERSION}))

    def maintain(self) -> None:
        """Clean leftovers of killed writes and bring lagging summaries up to date."""
        with self.locked():
            for folder in (self.root, self.closures_dir, self.index_dir, self.rows_dir, self.facts_dir, self.root / "outbox"):
                if folder.is_dir():
                    clean_temp_files(folder)
            self._repair_dirty()

    def repair(self) -> None:
        """Only the summaries a killed writer left behind: the quick part of `maintain` (no folder scan)."""
        if (self.root / "index.dirty").exists():
            with self.locked():
                self._repair_dirty()

    def _repair_dirty(self) -> None:
        """Summaries a killed writer left behind its closure file. Under the lock.

        Every writer calls this first: `cierre note` skips maintenance, and marking its own ids
        dirty would otherwise overwrite (and lose) the marks of a process killed before it.
        """
        dirty = self._read_dirty()
        if dirty:
            for closure_id in dirty:
                self._refresh_summary(closure_id)
            (self.root / "index.dirty").unlink(missing_ok=True)

    def _read_dirty(self) -> list[str]:
        try:
            return [line for line in (self.root / "index.dirty").read_text("ascii").split() if line]
        except (FileNotFoundError, UnicodeDecodeError):
            return []

    def _refresh_summary(self, closure_id: str) -> None:
        try:
            closure = self._load(closure_id)
        except NotFound:
            self._write_summary(closure_id, None)
            return
        except DamagedFileError as error:
            self.problems.append(str(error))
            self._write_summary(closure_id, None)
            return
        self._write_summary(closure_id, self.summarize(closure))

    def rebuild_index(self) -> int:
        """Summaries from every closure file: after a damaged shard, or on request."""
        with self.locked():
            shards: dict[int, dict[str, Any]] = {n: {} for n in range(SHARDS)}
            for path in self.closures_dir.glob("*.json"):
                try:
                    closure = self._load(path.stem)
                except DamagedFileError as error:
                    self.problems.append(str(error))
                    continue
                shards[self._shard_of(closure.id)][closure.id] = self.summarize(closure)
            for number, docs in shards.items():
                self._write_shard(number, docs)
            self._write_all_rows({i: doc for docs in shards.values() for i, doc in docs.items()})
            return sum(len(docs) for docs in shards.values())

    # --- closures --------------------------------------------------------
    def path_of(self, closure_id: str) -> Path:
        if not closure_id or "/" in closure_id or closure_id.startswith("."):
            raise NotFound(f"no closure with id '{closure_id}'")
        return self.closures_dir / f"{closure_id}.json"

    def resolve(self, prefix: str) -> str:
        """A full id from a unique prefix, as typed on the command line."""
        prefix = prefix.strip().lower()
        if prefix and self.path_of(prefix).exists():
            return prefix
        matches = [p.stem for p in self.closures_dir.glob(f"{prefix}*.json")] if prefix.isalnum() else []
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFound(f"no closure with id '{prefix}'")
        raise NotFound(f"'{prefix}' matches {len(matches)} closures; type more of the id")

    def _load(self, closure_id: str) -> Closure:
        data = read_json(self.path_of(closure_id), self.root)
        if data is None:
            raise NotFound(f"no closure with id '{closure_id}'")
        try:
            doc = data["closure"]["1"]
            return Closure.from_dict(migrate_closure(doc))
        except (KeyError, TypeError, ValueError) as error:
            raise StoreError(f"closure {closure_id} has an unexpected shape ({error.__class__.__name__}: {error})") from None

    def get(self, closure_id: str) -> Closure:
        try:
            return self._load(closure_id)
        except DamagedFileError:
            self._forget(closure_id)
            raise

    def _forget(self, closure_id: str) -> None:
        """A closure whose file was moved aside leaves the index: the dashboard offers only what opens."""
        with self.locked():
            if not self.path_of(closure_id).exists():
                self._write_summary(closure_id, None)

    def stamp(self, closure_id: str) -> Any:
        """Changes whenever the closure file is replaced: cheap polling for a second process's writes."""
        return stat_key(self.path_of(closure_id))

    def _write_closure(self, closure: Closure, *, durable: bool = True) -> None:
        from cierre.storage.tinydb_files import AtomicJSONStorage, Document, TinyDB

        storage_db = TinyDB(self.path_of(closure.id), storage=AtomicJSONStorage, data_dir=self.root)
        storage_db.storage.durable = durable
        try:
            storage_db.storage._cache = {}  # the caller already read and checked it: skip a second parse
            storage_db.table("closure").insert(Document(closure.to_dict(), doc_id=1))
        finally:
            storage_db.close()

    def create(self, closure: Closure) -> Closure:
        with self.locked():
            if self.path_of(closure.id).exists():
                raise StoreError(f"a closure with id {closure.id} exists already")
            self._repair_dirty()
            closure.updated_at = self.clock()
            snapshots = [hook.snapshot(closure) for hook in self.hooks]
            self._mark_dirty(closure.id)
            self._write_closure(closure)
            self._write_summary(closure.id, self.summarize(closure))
            self._clear_dirty()
            for hook, before in zip(self.hooks, snapshots):
                hook.changed(closure, None, before)
        return closure

    def update(self, closure_id: str, mutate: Callable[[Closure], T]) -> tuple[Closure, T]:
        """Read, change and write one closure under the lock; summaries and hooks follow."""
        with self.locked():
            self._repair_dirty()
            try:
                closure = self._load(closure_id)
            except DamagedFileError:
                self._forget(closure_id)
                raise
            summary_before = self.summarize(closure)
            snapshots = [hook.snapshot(closure) for hook in self.hooks]
            result = mutate(closure)
            closure.updated_at = self.clock()
            summary_after = self.summarize(closure)
            summary_changed = _without(summary_after, "updated_at") != _without(summary_before, "updated_at")
            if summary_changed:
                self._mark_dirty(closure.id)
            self._write_closure(closure)
            if summary_changed:
                self._write_summary(closure.id, summary_after)
                self._clear_dirty()
            for hook, before in zip(self.hooks, snapshots):
                after = hook.snapshot(closure)
                if after != before:
                    hook.changed(closure, before, after)
        return closure, result

    def import_many(self, closures: list[Closure]) -> None:
        """Write many new closures in one batch (sample data, imports): one sync, one write per shard."""
        with self.locked():
            self._repair_dirty()
            self._mark_dirty(*(c.id for c in closures))
            shards = {n: dict(self._read_shard(n)) for n in range(SHARDS)}
            for closure in closures:
                closure.updated_at = closure.updated_at or self.clock()
                self._write_closure(closure, durable=False)
                shards[self._shard_of(closure.id)][closure.id] = self.summarize(closure)
            os.sync()
            for number, docs in shards.items():
                self._write_shard(number, docs)
            self._write_all_rows({i: doc for docs in shards.values() for i, doc in docs.items()})
            self._clear_dirty()

    def _mark_dirty(self, *closure_ids: str) -> None:
        atomic_write_bytes(self.root / "index.dirty", "\n".join(closure_ids).encode("ascii"))

    def _clear_dirty(self) -> None:
        (self.root / "index.dirty").unlink(missing_ok=True)

    def iter_closures(self) -> Iterator[Closure]:
        """Every closure in full (exports, insights over notes); damaged ones are reported and skipped."""
        for summary in self.summaries():
            try:
                yield self._load(summary["id"])
            except (NotFound, DamagedFileError) as error:
                self.problems.append(str(error))


def _without(summary: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in summary.items() if k != key}


def export_json(closure: Closure) -> str:
    return json_text(closure.to_dict())


__all__ = ["ROW_KEYS", "ROW_SHARDS", "SHARDS", "Store", "StoreError", "NotFound", "DamagedFileError", "Hook", "export_json"]
