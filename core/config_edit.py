"""One setting written into the config file for the user, as the app's theme picker remembers a look.

The line that sets it is replaced, or one is added before the first table; every other line of the
file stays as the user wrote it, comments included. The result is read back: unless it says the
same as before with only that setting changed, nothing is written and the reason is one line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from cierre.domain.texts import say
from cierre.settings import SettingsError, config_path

_TABLE = re.compile(r"^\s*\[")


def _parsed(text: str, path: Path) -> dict:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(say("errors.config_toml_unchanged", path=path, error=error)) from None


def remember_setting(name: str, value: str, path: Path | None = None) -> Path:
    """Set `name = "value"` at the top level of the config file (made when missing); returns its path."""
    from cierre.storage.files import atomic_write_bytes, ensure_private_dir

    path = path or config_path()
    try:
        text = path.read_text("utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(say("errors.config_unreadable_unchanged", path=path, error=error)) from None
    before = _parsed(text, path)
    # The file may say `theme` or `CIERRE_THEME`; the first is the one read when both are there.
    key = name if name in before or f"CIERRE_{name.upper()}" not in before else f"CIERRE_{name.upper()}"
    lines = text.splitlines(keepends=True)
    top = next((n for n, line in enumerate(lines) if _TABLE.match(line)), len(lines))
    setting = f"{key} = {json.dumps(value)}\n"  # a JSON string is a TOML basic string
    sets_it = re.compile(rf"^\s*{re.escape(key)}\s*=")
    found = next((n for n in range(top) if sets_it.match(lines[n])), None)
    if found is not None:
        lines[found] = setting
    else:
        at = top  # after the last top-level line, before the blank lines that part it from a table
        while at and not lines[at - 1].strip():
            at -= 1
        if at and not lines[at - 1].endswith("\n"):
            lines[at - 1] += "\n"
        lines.insert(at, setting + ("\n" if at == top < len(lines) else ""))
    changed = "".join(lines)
    if _parsed(changed, path) != {**before, key: value}:
        raise SettingsError(say("errors.config_not_by_itself", path=path, key=key, line=setting.strip()))
    try:
        ensure_private_dir(path.parent)
        atomic_write_bytes(path, changed.encode("utf-8"))
    except OSError as error:
        raise SettingsError(say("errors.config_unwritable", path=path, error=error)) from None
    return path
