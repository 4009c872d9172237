"""The TOML files the app ships (playbooks, interface texts), parsed once and then loaded from a cache.

Parsing TOML is pure Python: the playbook and the first screen's texts took about 8 ms of every
start, more than reading the dashboard's rows. The parsed data is kept in the user's cache folder
as `marshal` data, which loads in a fraction of a millisecond. Each copy records the file's path,
size and mtime and the Python version, so an edited file or a new Python is parsed again. A cache
that cannot be read or written (a read-only home, a damaged copy, two processes at once) only costs
the parse: the source file is the truth.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

FORMAT = 1


def cache_dir() -> Path:
    from cierre.domain.userdirs import user_cache_dir  # honours XDG_CACHE_HOME

    return Path(user_cache_dir()) / "parsed"


def _copy_of(path: Path) -> Path:
    name = f"{path.stem}-{zlib.crc32(str(path).encode()):08x}.marshal"
    return cache_dir() / name


def load_shipped_toml(path: Path) -> dict[str, Any]:
    """The parsed content of `path`, from the cache when the file is unchanged."""
    stat = path.stat()
    stamp = (FORMAT, str(path), stat.st_size, stat.st_mtime_ns, sys.implementation.cache_tag)
    copy = _copy_of(path)
    try:
        kept_stamp, data = marshal.loads(copy.read_bytes())
        if kept_stamp == stamp and isinstance(data, dict):
            return data
    except (OSError, EOFError, ValueError, TypeError):
        pass  # no copy yet, or an unusable one: parse
    import tomllib

    data = tomllib.loads(path.read_text("utf-8"))
    _keep(copy, stamp, data)
    return data


def _keep(copy: Path, stamp: tuple[Any, ...], data: dict[str, Any]) -> None:
    try:
        payload = marshal.dumps((stamp, data))
    except ValueError:
        return  # a value marshal cannot hold (a TOML date): parse each time
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        temporary = copy.with_name(f".{copy.name}.{os.getpid()}")
        temporary.write_bytes(payload)
        os.replace(temporary, copy)  # a reader sees the old copy or the new one, never half of one
    except OSError:
        pass
