"""TinyDB on Cierre's durable files: only modules that open a closure file or a table import TinyDB,
so reading the dashboard's rows at start-up does not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from cierre.storage.files import atomic_write_bytes, dump_json, read_json

__all__ = ["AtomicJSONStorage", "Document", "TinyDB"]


class AtomicJSONStorage(Storage):
    """TinyDB storage that never writes in place; used for one transaction under the store lock.

    The first read is kept for the life of the instance, so a read-modify-write parses once.
    `fresh`: start from an empty document instead of reading the file (the caller has just read
    and checked it, and replaces it whole). `durable=False` skips the fsyncs (bulk writes that end
    with one `os.sync()`).
    """

    def __init__(self, path: Path, data_dir: Path, *, fresh: bool = False, durable: bool = True) -> None:
        self.path = Path(path)
        self.data_dir = data_dir
        self.durable = durable
        self._cache: dict[str, Any] | None = {} if fresh else None

    def read(self) -> dict[str, Any] | None:
        if self._cache is None:
            self._cache = read_json(self.path, self.data_dir)
        return self._cache

    def write(self, data: dict[str, Any]) -> None:
        atomic_write_bytes(self.path, dump_json(data), durable=self.durable)
        self._cache = data

    def close(self) -> None:
        self._cache = None
