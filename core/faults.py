"""The fault boundary every entry point shares (a command, a TUI action, the sync worker).

Any exception becomes one line naming the file, server or setting, and an exit code from the
command line's table; the full traceback goes to `errors.log` in the state folder, with every
password this process has read, and any `user:password@` in a URL, taken out first.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

LOG_NAME = "errors.log"
LOG_LIMIT = 512 * 1024  # one older copy is kept beside it (errors.log.1)
EXIT_FAILED, EXIT_DATA, EXIT_SETTING = 1, 4, 5

_secrets: set[str] = set()
_URL_CREDENTIALS = re.compile(r"(?i)([a-z][a-z0-9+.-]*://)[^/\s:@]+:[^/\s@]+@")


def remember_secret(value: str) -> str:
    """Called with every password read (integrations/secrets.py): it never reaches the log."""
    if value and len(value) >= 3:
        _secrets.add(value)
    return value


def scrub(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, "********")
    for name, value in os.environ.items():
        if "PASSWORD" in name and not name.endswith("_COMMAND") and len(value) >= 3:
            text = text.replace(value, "********")
    return _URL_CREDENTIALS.sub(r"\1********@", text)


def log_folder() -> Path:
    override = os.environ.get("CIERRE_STATE_DIR")
    if override:
        return Path(override).expanduser()
    from cierre.domain.userdirs import user_state_dir

    return Path(user_state_dir())


def log_fault(error: BaseException, where: str) -> Path | None:
    """Append the traceback to the log; None when the log itself cannot be written (the line says it all)."""
    import traceback
    from datetime import datetime, timezone

    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    entry = scrub(f"--- {stamp} {where}\n{text}\n")
    path = log_folder() / LOG_NAME
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > LOG_LIMIT:
            os.replace(path, path.with_name(LOG_NAME + ".1"))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, entry.encode("utf-8", "replace"))
        finally:
            os.close(fd)
    except OSError:
        return None
    return path


def describe(error: BaseException) -> tuple[str, int]:
    """One line and an exit code for any exception a command or action may meet."""
    import sqlite3

    from cierre.domain.texts import say
    from cierre.settings import SettingsError
    from cierre.storage.files import DamagedFileError
    from cierre.storage.store import NotFound, StoreError

    if isinstance(error, SettingsError):
        return str(error), EXIT_SETTING
    if isinstance(error, NotFound):
        return str(error), 3
    if isinstance(error, (StoreError, DamagedFileError)):
        return str(error), EXIT_DATA
    if isinstance(error, sqlite3.OperationalError) and "full" in str(error):
        return say("errors.disk_full"), EXIT_DATA
    if isinstance(error, sqlite3.Error):
        return say("errors.index_failed", kind=error.__class__.__name__, error=error), EXIT_DATA
    if isinstance(error, OSError):
        strerror = error.strerror or error.__class__.__name__
        if type(error).__str__ is not OSError.__str__:  # storage's FolderError: its own line
            return str(error), EXIT_DATA
        if error.filename:
            return say("errors.cannot_use", path=error.filename, error=strerror), EXIT_DATA
        return say("errors.system", error=strerror), EXIT_FAILED
    if isinstance(error, MemoryError):
        return say("errors.memory"), EXIT_FAILED
    return say("errors.unexpected", kind=error.__class__.__name__), EXIT_FAILED


def _unexpected(error: BaseException) -> bool:
    import sqlite3

    from cierre.settings import SettingsError
    from cierre.storage.files import DamagedFileError
    from cierre.storage.store import StoreError

    known = (SettingsError, StoreError, DamagedFileError, sqlite3.Error, OSError, MemoryError)
    return not isinstance(error, known)


def fault_line(error: BaseException, where: str) -> tuple[str, int]:
    """`describe`, the traceback logged for an unexpected one, and the log named in the line."""
    from cierre.domain.texts import say

    line, code = describe(error)
    if _unexpected(error) or isinstance(error, OSError) and not error.filename:
        path = log_fault(error, where)
        line += say("errors.details_in", path=path) if path else say("errors.log_unwritable")
    return scrub(line), code
