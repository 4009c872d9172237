"""Where a setting is looked up: the environment, then a `.env` file in the working folder, then
the config file.

Apart from `settings.py`, which checks and gathers every setting (time zone, working hours,
themes...), so that a plain `cierre note` learns its data folder without those imports.
"""

from __future__ import annotations

import os

from cierre.domain.userdirs import user_config_dir, user_data_dir

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Mapping


class SettingsError(ValueError):
    """One line: the setting, what was wrong, and the accepted form."""


def config_file() -> str:
    """The config file's path: CIERRE_CONFIG, else `config.toml` in the user's config folder."""
    override = os.environ.get("CIERRE_CONFIG")
    return os.path.expanduser(override) if override else os.path.join(user_config_dir(), "config.toml")


def system_language(environ: Mapping[str, str]) -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "es" if value.lower().startswith("es") else "en"
    import locale  # only when no LC_ALL, LC_MESSAGES or LANG says it

    try:
        found = locale.getlocale()[0] or ""
    except ValueError:
        found = ""
    return "es" if found.lower().startswith("es") else "en"


def read_config_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    if not os.path.exists(path):
        return {}
    import tomllib  # only when there is a config file: start-up without one parses no TOML

    from cierre.domain.texts import say

    try:
        with open(path, encoding="utf-8") as file:
            data = tomllib.loads(file.read())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(say("errors.config_toml", path=path, error=error)) from None
    except OSError as error:
        raise SettingsError(say("errors.config_unreadable", path=path, error=error.strerror)) from None
    return data


def read_dotenv(path: str | os.PathLike[str]) -> dict[str, str]:
    if not os.path.isfile(path):
        return {}
    from dotenv import dotenv_values

    return {k: v for k, v in dotenv_values(path).items() if v is not None}


class Sources:
    """The three places, read once; `value(name)` looks a setting up in them, in order."""

    def __init__(self, environ: dict[str, str], dotenv: dict[str, str], config: dict[str, Any]) -> None:
        self.environ, self.dotenv, self.config = environ, dotenv, config

    def value(self, name: str, default: str = "") -> str:
        env_name = f"CIERRE_{name.upper()}"
        if env_name in self.environ:
            return self.environ[env_name]
        if env_name in self.dotenv:
            return self.dotenv[env_name]
        found = self.config.get(name, self.config.get(env_name))
        return default if found is None else str(found)


def sources(
    env: Mapping[str, str] | None = None,
    dotenv_path: str | os.PathLike[str] | None = None,
    config_path: str | os.PathLike[str] | None = None,
) -> Sources:
    environ = dict(os.environ if env is None else env)
    dotenv = read_dotenv(dotenv_path if dotenv_path is not None else os.path.join(os.getcwd(), ".env"))
    config = read_config_file(config_path if config_path is not None else config_file())
    return Sources(environ, dotenv, config)


def language(env: Mapping[str, str] | None = None) -> str:
    """The language setting alone (es or en), as `load_settings` would resolve it; English when the
    settings cannot be read, so that even a message about a broken setting can be said."""
    try:
        lang = sources(env).value("lang").strip().lower()
    except (SettingsError, OSError, ValueError):
        return "en"
    lang = lang or system_language(dict(os.environ if env is None else env))
    return lang if lang in ("es", "en") else "en"


def data_folder(given: str | None, found: Sources) -> str:
    """The data folder: as given on the command line, else the setting, else the user's data folder."""
    return os.path.expanduser(given or found.value("data_dir") or user_data_dir())
