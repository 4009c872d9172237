"""TinyDB on Cierre's durable files: only modules that open a table import TinyDB (closure files are
written whole by the store), so reading the rows at start-up and writing a note do not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from cierre.storage.files import atomic_write_bytes, dump_json, read_json

__all__ = ["AtomicJSONStorage", "TinyDB"]


class AtomicJSONStorage(Storage):
    """TinyDB storage that never writes in place; used for one transaction under the store lock.

    The first read is kept for the life of the instance, so a read-modify-write parses once.
    """

    def __init__(self, path: Path, data_dir: Path) -> None:
        self.path = Path(path)
        self.data_dir = data_dir
        self.read_once: dict[str, Any] | None = None

    def read(self) -> dict[str, Any] | None:
        if self.read_once is None:
            self.read_once = read_json(self.path, self.data_dir)
        return self.read_once

    def write(self, data: dict[str, Any]) -> None:
        atomic_write_bytes(self.path, dump_json(data))
        self.read_once = data

    def close(self) -> None:
        self.read_once = None
