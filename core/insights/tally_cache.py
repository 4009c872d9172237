"""Merged tallies kept between runs, so that opening insights reads one file instead of 256.

What every closure adds up to is kept with the stat (inode, size, mtime) of each facts file it
was added up from, and so is what each sixteenth of the files adds up to (a *part*): while no
file has changed, the first is read alone; after a change (by this process or another), only
the parts whose files changed are added up again from their files, and the rest are read whole.

They are caches, never a source: each copy also records the data folder, the format and the
Python version, and one that does not match, or cannot be read, costs an adding-up. They are kept
in the user's cache folder as `marshal` data, which is read and written several times faster than
JSON (the tallies of 10,000 closures are about a megabyte), in a private folder, as they hold
client names. Two processes writing at once each replace the copy whole: a reader sees one or the
other.

A tally is written a moment after it was added up (KEEP_AFTER), in a thread of its own, or when the
process ends if that comes first: written at once, it held up the figures of whoever was waiting
for them (and the paint of the screen showing them) by several milliseconds.
"""

from __future__ import annotations

import atexit
import marshal
import os
import sys
import threading
import weakref
import zlib
from pathlib import Path
from typing import Any

from cierre.storage.files import ensure_private_dir

FORMAT = 1
KEEP_AFTER = 0.3  # seconds
_WAITING: weakref.WeakSet[TallyCache] = weakref.WeakSet()  # caches with tallies not written yet


def tallies_dir(data_dir: Path) -> Path:
    """Where the tallies of a data folder are kept: one folder per data folder, however it was named."""
    from platformdirs import user_cache_dir  # honours XDG_CACHE_HOME

    named = str(Path(data_dir).resolve()).encode()
    return Path(user_cache_dir("cierre", appauthor=False)) / "tallies" / f"{zlib.crc32(named):08x}"


class TallyCache:
    def __init__(self, data_dir: Path, version: int) -> None:
        # What a kept tally must have been kept for, besides the stats: the version is the facts files'.
        self._prefix = (FORMAT, version, str(Path(data_dir).resolve()), sys.implementation.cache_tag)
        self.folder = tallies_dir(data_dir)
        self._lock = threading.Lock()
        self._unwritten: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}
        self._timer: threading.Timer | None = None

    def load(self, name: str, key: tuple[Any, ...]) -> dict[str, Any] | None:
        """The tally kept under `name` if it was added up from files of exactly these stats."""
        kept = self._read(name, lambda kept_key: kept_key == key)
        return kept[1] if kept is not None else None

    def load_any(self, name: str) -> tuple[tuple[Any, ...], dict[str, Any]] | None:
        """The tally kept under `name`, and the stats of the files it was added up from, whatever they are."""
        return self._read(name, lambda kept_key: isinstance(kept_key, tuple))

    def _read(self, name: str, wanted: Any) -> tuple[tuple[Any, ...], dict[str, Any]] | None:
        try:
            with open(self.folder / name, "rb") as file:
                # The stamp comes first, sized, so a tally that is not wanted is never parsed.
                size = int.from_bytes(file.read(4), "big")
                stamp = marshal.loads(file.read(size))
                if not (isinstance(stamp, tuple) and stamp[:-1] == self._prefix and wanted(stamp[-1])):
                    return None
                tally = marshal.loads(file.read())
        except (OSError, EOFError, ValueError, TypeError):
            return None  # none yet, or unusable: added up again and kept anew
        return (stamp[-1], tally) if isinstance(tally, dict) else None

    def keep(self, name: str, key: tuple[Any, ...], tally: dict[str, Any]) -> None:
        """Kept for the next reader, written shortly (see above). The tally must not change afterwards."""
        with self._lock:
            self._unwritten[name] = (key, tally)
            if self._timer is None:
                self._timer = threading.Timer(KEEP_AFTER, self.write)
                self._timer.daemon = True
                self._timer.start()
        _WAITING.add(self)

    def write(self) -> None:
        """Every tally kept and not written yet, written now. One that cannot be written (a read-only or
        full disk) only costs the next reader the adding up."""
        with self._lock:
            unwritten, self._unwritten = self._unwritten, {}
            timer, self._timer = self._timer, None
            if timer is not None:
                timer.cancel()
            for name, (key, tally) in unwritten.items():
                try:
                    self._write(name, key, tally)
                except (OSError, ValueError):
                    pass

    def _write(self, name: str, key: tuple[Any, ...], tally: dict[str, Any]) -> None:
        stamp = marshal.dumps((*self._prefix, key))
        payload = len(stamp).to_bytes(4, "big") + stamp + marshal.dumps(tally)
        ensure_private_dir(self.folder)
        temporary = self.folder / f".{name}.{os.getpid()}"
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(payload)
            os.replace(temporary, self.folder / name)
        except OSError:
            temporary.unlink(missing_ok=True)  # a full disk leaves no half copy behind
            raise


@atexit.register
def _write_all() -> None:
    for cache in list(_WAITING):
        cache.write()


__all__ = ["TallyCache", "tallies_dir"]
