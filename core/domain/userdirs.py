"""The user's data, config and cache folders, as `platformdirs` gives them, without importing it
where the answer is one environment variable.

On Linux and the BSDs the XDG rule is short: `$XDG_DATA_HOME` (config: `$XDG_CONFIG_HOME`, cache:
`$XDG_CACHE_HOME`) when it is an absolute path, else `~/.local/share` (`~/.config`, `~/.cache`),
then the app's name. Everywhere else (macOS, Windows, Android) and when HOME is unusable,
`platformdirs` answers: its import (and `tempfile`, `random`... under it) was a tenth of a
`cierre note`.
"""

from __future__ import annotations

import os
import sys

APP = "cierre"
_XDG = {
    "data": ("XDG_DATA_HOME", (".local", "share")),
    "config": ("XDG_CONFIG_HOME", (".config",)),
    "cache": ("XDG_CACHE_HOME", (".cache",)),
}


def _xdg(kind: str) -> str | None:
    if sys.platform in ("win32", "cygwin", "darwin", "emscripten", "wasi") or hasattr(sys, "getandroidapilevel"):
        return None
    if "ANDROID_DATA" in os.environ or "ANDROID_ROOT" in os.environ:
        return None
    variable, default = _XDG[kind]
    chosen = os.environ.get(variable, "")
    if chosen.startswith("/"):
        return os.path.join(chosen, APP)
    home = os.environ.get("HOME", "")
    if home.startswith("/"):
        return os.path.join(home, *default, APP)
    return None


def user_data_dir() -> str:
    found = _xdg("data")
    if found is None:
        from platformdirs import user_data_dir as platform_dir

        found = platform_dir(APP)
    return found


def user_config_dir() -> str:
    found = _xdg("config")
    if found is None:
        from platformdirs import user_config_dir as platform_dir

        found = platform_dir(APP)
    return found


def user_cache_dir() -> str:
    found = _xdg("cache")
    if found is None:
        from platformdirs import user_cache_dir as platform_dir

        found = platform_dir(APP, appauthor=False)
    return found


def user_state_dir() -> str:
    """Where the fault log goes (`$XDG_STATE_HOME/cierre`, else `~/.local/state/cierre`)."""
    if sys.platform not in ("win32", "cygwin", "darwin") and not hasattr(sys, "getandroidapilevel"):
        chosen = os.environ.get("XDG_STATE_HOME", "")
        if chosen.startswith("/"):
            return os.path.join(chosen, APP)
        home = os.environ.get("HOME", "")
        if home.startswith("/"):
            return os.path.join(home, ".local", "state", APP)
    from platformdirs import user_state_dir as platform_dir

    return platform_dir(APP, appauthor=False)
