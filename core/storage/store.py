"""The one owner of the data folder.

Layout (every file written atomically, folder 0700, files 0600):

    meta.json              schema version of the folder
    closures/<id>.json     one TinyDB file per closure, the truth: a note rewrites this small file only
    index.sqlite           what is derived from every closure (index.py): rebuilt from the files at need
    outbox/                calendar changes waiting to be sent, a file per event (outbox.py)
    sync_status.json, ...  small TinyDB tables of other modules, opened with `table()`
    store.lock             the cross-process write lock
    damaged/               files that did not parse, moved aside

Writers hold `store.lock` for the whole read-modify-write and re-read from disk inside it, so
another process's writes are never lost; the closure file and its index row are written inside
the same lock. Readers need no lock: every file is replaced atomically, and the index is SQLite.

The index records the stamp (inode, size, mtime) of every closure file it was derived from, and
that of the closures folder after its last write. Every writer, and every start, compares the
folder's stamp first (one stat): when it differs, a writer was killed between the file and the
index, or another program changed a file, and the rows of the changed files are derived again.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence, TypeVar

from cierre.domain.model import SCHEMA_VERSION, Closure
from cierre.domain.text import json_text
from cierre.domain.texts import say
from cierre.domain.timeutil import utcnow
from cierre.storage.closure_files import Hook, default_summary, is_closure_file
from cierre.storage.files import (
    DamagedFileError,
    FolderError,
    atomic_write_bytes,
    clean_temp_files,
    dump_json,
    ensure_private_dir,
    is_table,
    move_aside,
    read_json,
    remove_old_derived,
    stat_key,
)
from cierre.storage.index import ROW_KEYS, Entry, Index, Term
from cierre.storage.index_keeper import IndexKeeper, rebuilt_notice
from cierre.storage.layout import CLOSURES, INDEX, LOCK, LOCK_TIMEOUT, META, ids_starting

if TYPE_CHECKING:
    from tinydb import TinyDB

    from cierre.domain.timeutil import Clock

T = TypeVar("T")
Summarize = Callable[[Closure], dict[str, Any]]


class StoreError(Exception):
    """A problem with the data folder, said in one line."""


class NotFound(StoreError):
    pass


class Store:
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
        self.closures_dir = ensure_private_dir(self.root / CLOSURES)
        self.clock = clock
        self.hooks: list[Hook] = []
        self.problems: list[str] = []
        self._lock: Any = None  # made on the first write: a read-only start opens no lock file
        self._check_schema()
        existed = (self.root / INDEX).exists()
        in_memory = False
        try:
            self.index = Index(self.root / INDEX)
        except FolderError as error:  # a full disk or a read-only mount: the files can still be read
            self.problems.append(say("errors.index_in_memory", error=error))
            self.index, in_memory = Index(":memory:"), True
        self.keeper = IndexKeeper(
            self.index,
            self.closures_dir,
            load=self._load,
            summarize=summarize,
            plan=plan,
            problems=self.problems,
            unreadable=(NotFound, StoreError),
        )
        if in_memory:
            self.keeper.fill()
            return
        if existed and (notice := rebuilt_notice(self.index)):
            self.problems.append(notice)
        if maintenance:
            self.maintain()

    # --- locking ---------------------------------------------------------
    @contextmanager
    def locked(self) -> Iterator[None]:
        from cierre.storage.lock import FileLock, LockTimeout

        if self._lock is None:
            self._lock = FileLock(self.root / LOCK, timeout=LOCK_TIMEOUT)
        try:
            self._lock.acquire()
        except LockTimeout:
            raise StoreError(say("errors.folder_busy", folder=self.root, seconds=f"{LOCK_TIMEOUT:.0f}")) from None
        except OSError as error:  # a read-only mount, no permission: nothing can be written
            raise FolderError("write in", self.root, error) from None
        try:
            yield
        finally:
            self._lock.release()

    @contextmanager
    def table(self, name: str) -> Iterator[TinyDB]:
        """A small TinyDB file of the data folder, opened fresh under the lock."""
        from cierre.storage.tinydb_files import AtomicJSONStorage, TinyDB

        with self.locked():
            self._read_table_file(name)  # one of another shape is moved aside first: TinyDB starts afresh
            db = TinyDB(self.root / f"{name}.json", storage=AtomicJSONStorage, data_dir=self.root)
            try:
                yield db
            finally:
                db.close()

    def read_table(self, name: str) -> dict[str, Any]:
        """A table file's content without the lock (files are replaced atomically)."""
        return (self._read_table_file(name) or {}).get("_default", {})

    def _read_table_file(self, name: str) -> dict[str, Any] | None:
        """What a table file holds; one damaged or of another shape is moved aside and said in
        `problems` (tables hold what a sync knows of the server: the next sync learns it again)."""
        try:
            return read_json(self.root / f"{name}.json", self.root, shape=is_table)
        except DamagedFileError as error:
            self.problems.append(str(error))
            return None

    # --- keeping the index in step -----------------------------------------
    def _check_schema(self) -> None:
        meta_path = self.root / META
        try:
            meta = read_json(meta_path, self.root)
        except (DamagedFileError, FolderError):
            meta = None  # derived: written again below (a damaged copy is kept in damaged/)
        version = meta.get("schema", 0) if isinstance(meta, dict) else 0
        if not isinstance(version, int):
            version = 0
        if version > SCHEMA_VERSION:
            raise StoreError(say("errors.newer_folder", folder=self.root, schema=version))
        if meta != {"schema": SCHEMA_VERSION}:
            if meta_path.is_dir():  # something else in its place: kept aside, the file written anew
                self.problems.append(say("errors.meta_folder", moved=move_aside(meta_path, self.root)))
            with self.locked():
                remove_old_derived(self.root)
                atomic_write_bytes(meta_path, dump_json({"schema": SCHEMA_VERSION}))

    def in_step(self) -> bool:
        """Whether the index was derived from the closure files as they are (one stat, two queries)."""
        return self.keeper.in_step()

    def read_index(self, read: Callable[[Index], T]) -> T:
        """`read(index)`, an index found damaged rebuilt from the files and read again."""
        return self.keeper.read(read)

    def maintain(self) -> None:
        """Clean leftovers of killed writes and bring the index in step with the closure files, each
        file's stamp compared: a file rewritten in place by another program leaves the folder's alone."""
        with self.locked():
            for folder in (self.root, self.closures_dir, self.root / "outbox"):
                if folder.is_dir():
                    clean_temp_files(folder)
            self.keeper.keep_in_step(every_file=True)

    def repair(self) -> None:
        """Only what a killed writer or another program left out of step: the quick part of `maintain`."""
        if not self.in_step():
            with self.locked():
                self.keeper.keep_in_step()

    def rebuild_index(self) -> int:
        """Every row derived again from every closure file: after a damaged index, or on request."""
        with self.locked():
            return self.keeper.fill()

    def entry(self, closure: Closure) -> Entry:
        """What the index holds of a closure, as its file now is."""
        return self.keeper.entry(closure)

    def write_index(self, entries: list[Entry], *, removed: list[str] = ()) -> None:
        """Rows written as given (under the lock): sample histories made without their files, in benchmarks and tests."""
        with self.locked():
            self.keeper.write(entries, removed=removed)

    # --- reading the index -------------------------------------------------
    def version(self) -> tuple[int, int]:
        """Changes whenever the index changed, by this process or another: one cheap poll for every screen."""
        return self.read_index(Index.version), self.keeper.writes

    def summaries(self) -> list[dict[str, Any]]:
        """Every closure's summary (the command line's listings and exports)."""
        return self.read_index(Index.summaries)

    def row_columns(self, *, active_only: bool = False, terms: Sequence[Term] = ()) -> dict[str, list[Any]]:
        """Every closure's dashboard row as columns by field name; `active_only` leaves finished ones out,
        `terms` (the dashboard's filter) those that do not match every term."""
        return self.read_index(lambda index: index.row_columns(active_only=active_only, terms=terms))

    def row_count(self, *, active_only: bool = False) -> int:
        return self.read_index(lambda index: index.row_count(active_only=active_only))

    def find_clients(self, text: str, limit: int = 50) -> list[dict[str, Any]]:
        """Closures whose client or contact holds the letters of `text` in order, open ones first."""
        return self.read_index(lambda index: index.find_clients(text, limit))

    def rows(self, *, active_only: bool = False) -> list[dict[str, Any]]:
        columns = self.row_columns(active_only=active_only)
        return [dict(zip(ROW_KEYS, values)) for values in zip(*columns.values())]

    def count(self) -> int:
        return self.read_index(Index.count)

    def running_calls(self) -> list[tuple[str, str]]:
        """(id, client) of every closure whose last call started and has not ended, from the index."""
        return [
            (str(cid), str(client or ""))
            for cid, client in self.read_index(
                lambda index: index.query("SELECT id, client FROM closures WHERE calling = 1 ORDER BY client, id")
            )
        ]

    # --- closures --------------------------------------------------------
    def path_of(self, closure_id: str) -> Path:
        if not closure_id or "/" in closure_id or "\\" in closure_id or closure_id.startswith("."):
            raise NotFound(say("errors.no_closure", id=closure_id))
        return self.closures_dir / f"{closure_id}.json"

    def resolve(self, prefix: str) -> str:
        """A full id from a unique prefix, as typed on the command line."""
        prefix = prefix.strip().lower()
        if prefix and self.path_of(prefix).exists():
            return prefix
        matches = self.read_index(lambda index: ids_starting(index.query, prefix))
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFound(say("errors.no_closure", id=prefix))
        raise NotFound(say("errors.several_closures", prefix=prefix))

    def _load(self, closure_id: str) -> Closure:
        path = self.path_of(closure_id)
        data = read_json(path, self.root, shape=is_closure_file)
        if data is None:
            raise NotFound(say("errors.no_closure", id=closure_id))
        doc = data["closure"]["1"]
        schema = doc.get("schema", SCHEMA_VERSION)
        if isinstance(schema, int) and schema > SCHEMA_VERSION:
            raise StoreError(say("errors.newer_closure", id=closure_id, schema=schema))
        try:
            return Closure.from_dict(doc)
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
            # Valid JSON, but not a closure as Cierre writes one (fields missing or of another
            # type): moved aside and reported like a damaged file, never hidden, never overwritten.
            raise DamagedFileError(path, move_aside(path, self.root), shape=True) from None

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
                self.keeper.write([], removed=[closure_id])

    def stamp(self, closure_id: str) -> Any:
        """Changes whenever the closure file is replaced."""
        return stat_key(self.path_of(closure_id))

    def _write_closure(self, closure: Closure, *, durable: bool = True) -> None:
        # The file is a TinyDB database of one table holding one document (TinyDB opens it as
        # such), written in one piece: the caller read and checked the old file under the lock, so
        # there is nothing to merge, and a note from the shell need not import TinyDB at all.
        atomic_write_bytes(self.path_of(closure.id), dump_json({"closure": {"1": closure.to_dict()}}), durable=durable)

    def create(self, closure: Closure) -> Closure:
        with self.locked():
            if self.path_of(closure.id).exists():
                raise StoreError(say("errors.closure_exists", id=closure.id))
            self.keeper.keep_in_step()
            closure.updated_at = self.clock()
            self._write_announced(closure, [(hook, None, hook.snapshot(closure)) for hook in self.hooks])
        return closure

    def update(self, closure_id: str, mutate: Callable[[Closure], T]) -> tuple[Closure, T]:
        """Read, change and write one closure under the lock; its index row and the hooks follow."""
        with self.locked():
            self.keeper.keep_in_step()
            try:
                closure = self._load(closure_id)
            except DamagedFileError:
                self._forget(closure_id)
                raise
            snapshots = [hook.snapshot(closure) for hook in self.hooks]
            result = mutate(closure)
            closure.updated_at = self.clock()
            changes = [
                (hook, before, after)
                for hook, before in zip(self.hooks, snapshots)
                if (after := hook.snapshot(closure)) != before
            ]
            self._write_announced(closure, changes)
        return closure, result

    def _write_announced(self, closure: Closure, changes: list[tuple[Hook, Any, Any]]) -> None:
        """The hooks first (the outbox), then the closure file. A full disk then refuses the small
        outbox entry before anything is written; a closure write that fails after it takes the
        queued change back (best effort), so the calendar never keeps a change the closure lost."""
        done = []
        try:
            for hook, before, after in changes:
                hook.changed(closure, before, after)
                done.append((hook, before, after))
            self._write_closure(closure)
        except BaseException:
            for hook, before, after in reversed(done):
                try:
                    if before is None and hook.withdraw is not None:
                        hook.withdraw(closure, after)
                    elif before is not None:
                        hook.changed(closure, after, before)
                except Exception:
                    self.problems.append(say("errors.change_queued"))
            raise
        self.keeper.write([self.entry(closure)])

    def import_many(self, closures: list[Closure]) -> None:
        """Write many new closures in one batch (sample data, imports): one sync, one index transaction."""
        with self.locked():
            self.keeper.keep_in_step()
            for closure in closures:
                closure.updated_at = closure.updated_at or self.clock()
                self._write_closure(closure, durable=False)
            os.sync()
            self.keeper.write([self.entry(closure) for closure in closures])

    def iter_closures(self) -> Iterator[Closure]:
        """Every closure in full (exports, insights over notes); damaged ones are reported and skipped."""
        for (closure_id,) in self.read_index(lambda index: index.query("SELECT id FROM closures ORDER BY id")):
            try:
                yield self._load(closure_id)
            except (NotFound, DamagedFileError, StoreError, FolderError) as error:
                self.problems.append(str(error))


def export_json(closure: Closure) -> str:
    return json_text(closure.to_dict())


__all__ = [
    "ROW_KEYS",
    "Store",
    "default_summary",
    "StoreError",
    "NotFound",
    "DamagedFileError",
    "FolderError",
    "Hook",
    "export_json",
]
