"""Durable file primitives: atomic JSON writes, private permissions, damaged files moved aside.

Paths are taken as `Path` or `str` and handled with `os` calls: a plain `cierre note` writes
through here, and `pathlib` (with `urllib.parse` under it) was a sixth of its start-up.
"""

from __future__ import annotations

import json
import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Callable

TMP_MARK = ".tmp-"


class DamagedFileError(Exception):
    """A data file that does not parse, or parses to something Cierre never wrote; it has been
    moved aside, never overwritten."""

    def __init__(self, path: Path, moved_to: Path, *, shape: bool = False) -> None:
        from cierre.domain.texts import say

        self.path = path
        self.moved_to = moved_to
        name = os.path.basename(path)
        super().__init__(say("errors.damaged_shape" if shape else "errors.damaged", name=name, moved=moved_to))


class FolderError(OSError):
    """A file or folder of the data folder that cannot be read, written or made, in one line.

    Still an OSError (errno and strerror kept), so callers that handle any OSError go on doing so."""

    # What could not be done, by the action named, as a key of the `errors` texts.
    ACTIONS = {
        "create the folder": "create_folder",
        "use the folder": "use_folder",
        "write": "write",
        "move aside": "move_aside",
        "read": "read",
        "open": "open",
        "write in": "write_in",
    }

    def __init__(self, action: str, path: Path, error: OSError, *, kept: bool = False) -> None:
        from cierre.domain.texts import say

        super().__init__(error.errno, error.strerror or error.__class__.__name__, str(path))
        self.line = say(f"errors.cannot_{self.ACTIONS.get(action, 'use_folder')}", path=path, error=self.strerror)
        if kept:
            self.line += say("errors.previous_intact")

    def __str__(self) -> str:
        return self.line


def ensure_private_dir(path: Path) -> Path:
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o700)
    except FolderError:
        raise
    except OSError as error:
        if not os.path.isdir(path):
            raise FolderError("create the folder", path, error) from None
        if not os.access(path, os.W_OK | os.X_OK):
            raise FolderError("use the folder", path, error) from None
    return path


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes, *, durable: bool = True) -> None:
    """Write to a temp file, fsync, replace, fsync the folder: a kill leaves old or new, never half.

    `durable=False` skips the fsyncs for bulk writes that end with one `os.sync()`.
    """
    try:
        _atomic_write(path, payload, durable)
    except FolderError:
        raise
    except OSError as error:  # disk full, read-only, no permission: the old file was never touched
        raise FolderError("write", path, error, kept=os.path.exists(path)) from None


def _atomic_write(path: Path, payload: bytes, durable: bool) -> None:
    folder, name = os.path.split(os.fspath(path))
    tmp = os.path.join(folder, f".{name}{TMP_MARK}{os.getpid()}-{os.urandom(3).hex()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        _remove(tmp)
        raise
    os.close(fd)
    try:
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise
    if durable:
        fsync_dir(folder or os.curdir)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def dump_json(data: Any) -> bytes:
    # ensure_ascii keeps lone surrogates and every control character as escapes, so any text round-trips.
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def move_aside(path: Path, data_dir: Path) -> Path:
    from datetime import datetime, timezone
    from pathlib import Path

    folder = ensure_private_dir(Path(data_dir) / "damaged")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    target = folder / f"{os.path.basename(path)}.{stamp}-{os.urandom(2).hex()}"
    try:
        os.replace(path, target)
    except OSError as error:
        raise FolderError("move aside", path, error) from None
    return target


def read_json(path: Path, data_dir: Path, shape: Callable[[Any], bool] | None = None) -> Any | None:
    """The parsed file, None when it does not exist; a damaged one is moved aside and reported.

    `shape` says whether what parsed is what Cierre writes there: a file of valid JSON but of
    another shape (`null`, a string, a list) is moved aside too, so it is reported, not hidden."""
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except FileNotFoundError:
        return None
    except OSError as error:  # a folder in its place, no permission, an I/O error
        raise FolderError("read", path, error) from None
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise DamagedFileError(path, move_aside(path, data_dir)) from None
    if shape is not None and not shape(data):
        raise DamagedFileError(path, move_aside(path, data_dir), shape=True)
    return data


def is_table(data: Any) -> bool:
    """What TinyDB writes: tables by name, each documents by id, each document an object."""
    return isinstance(data, dict) and all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values()) for table in data.values()
    )


def clean_temp_files(folder: Path) -> int:
    """Leftovers of writes cut short by a kill. Call only while holding the store lock."""
    removed = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".") and TMP_MARK in entry.name:
                os.unlink(entry.path)
                removed += 1
    return removed


def stat_key(path: Path) -> tuple[int, int, int] | None:
    """Inode, size and mtime: changes whenever the file is replaced, so a cached parse can be checked."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def stat_keys(paths: list[str]) -> tuple[tuple[int, int, int] | None, ...]:
    """`stat_key` of many files, given as plain path strings: hundreds in well under a millisecond,
    which matters for the stamps that are read on every poll and every count."""
    keys: list[tuple[int, int, int] | None] = []
    stat = os.stat
    for path in paths:
        try:
            st = stat(path)
        except FileNotFoundError:
            keys.append(None)
        else:
            keys.append((st.st_ino, st.st_size, st.st_mtime_ns))
    return tuple(keys)


# Derived files of earlier versions, replaced by index.sqlite: removed when the folder is first opened.
OLD_DERIVED = ("index", "rows", "facts", "index.dirty")


def remove_old_derived(root: Path) -> None:
    """The shards, rows and facts folders of earlier versions: all derived, now in index.sqlite."""
    import shutil
    from pathlib import Path

    from cierre.domain.userdirs import user_cache_dir

    for name in OLD_DERIVED:
        path = root / name
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    # The running totals those versions kept in the cache folder, for every data folder: all obsolete.
    shutil.rmtree(Path(user_cache_dir()) / "tallies", ignore_errors=True)
