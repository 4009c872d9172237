"""Settings from the environment, a `.env` file and the config file, in that order of precedence.

Every setting is listed and explained in `.env.example`. An invalid value is
reported in one line naming the setting and the form it accepts.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cierre import setting_sources
from cierre.domain.record import FrozenRecord
from cierre.domain.schedule import Planner, ScheduleError, WorkHours
from cierre.domain.texts import say
from cierre.setting_sources import SettingsError, Sources, data_folder, sources, system_language

APP = "cierre"
THEME_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")  # dark, light, Textual's (nord...) or the user's own
DEFAULT_WORK_HOURS = "Mon-Fri 09:00-18:00"
LOCAL_CALENDAR_FILE = "calendar.ics"  # in the data folder, when no CalDAV server is set


def config_path() -> Path:
    return Path(setting_sources.config_file())


def _system_zone(environ: Mapping[str, str]) -> str:
    tz = environ.get("TZ")
    if tz and not tz.startswith(":"):
        return tz
    try:
        link = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in link:
            return link.split("zoneinfo/", 1)[1]
    except OSError:
        pass
    return "UTC"


class Settings(FrozenRecord):
    """Every setting, resolved (see `load_settings`). Immutable; `replace(**changes)` gives a changed copy."""

    _fields = _compare = (
        "data_dir",
        "lang",
        "timezone",
        "work_hours",
        "theme",
        "alarm_minutes",
        "caldav_url",
        "caldav_username",
        "caldav_calendar",
        "caldav_password_command",
        "caldav_verify_tls",
        "caldav_timeout",
        "caldav_tasks",
        "caldav_create_calendar",
        "smtp_host",
        "smtp_port",
        "smtp_security",
        "smtp_username",
        "smtp_from",
        "smtp_password_command",
        "team",
        "keys",
        "user_name",
    )

    def __init__(
        self,
        data_dir: Path,
        lang: str,
        timezone: str,
        work_hours: str = DEFAULT_WORK_HOURS,
        theme: str = "dark",
        alarm_minutes: int = 15,
        caldav_url: str = "",
        caldav_username: str = "",
        caldav_calendar: str = "",
        caldav_password_command: str = "",
        caldav_verify_tls: bool = True,
        caldav_timeout: float = 20.0,
        caldav_tasks: str = "",
        caldav_create_calendar: bool = False,
        smtp_host: str = "",
        smtp_port: int = 587,
        smtp_security: str = "starttls",
        smtp_username: str = "",
        smtp_from: str = "",
        smtp_password_command: str = "",
        team: tuple[str, ...] = (),
        keys: Mapping[str, str] | None = None,  # binding id -> keys, from the config file
        user_name: str = "",  # who owns a lesson unless another name is given
    ) -> None:
        self._set(
            data_dir=data_dir,
            lang=lang,
            timezone=timezone,
            work_hours=work_hours,
            theme=theme,
            alarm_minutes=alarm_minutes,
            caldav_url=caldav_url,
            caldav_username=caldav_username,
            caldav_calendar=caldav_calendar,
            caldav_password_command=caldav_password_command,
            caldav_verify_tls=caldav_verify_tls,
            caldav_timeout=caldav_timeout,
            caldav_tasks=caldav_tasks,
            caldav_create_calendar=caldav_create_calendar,
            smtp_host=smtp_host,
            smtp_port=smtp_port,
            smtp_security=smtp_security,
            smtp_username=smtp_username,
            smtp_from=smtp_from,
            smtp_password_command=smtp_password_command,
            team=team,
            keys={} if keys is None else keys,
            user_name=user_name,
        )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def hours(self) -> WorkHours:
        return WorkHours.parse(self.work_hours)

    @property
    def planner(self) -> Planner:
        return Planner(self.hours, self.tz)

    @property
    def calendar_configured(self) -> bool:
        return bool(self.caldav_url)

    @property
    def calendar_target(self) -> str:
        """Where calendar events go: the server with its account, calendar and task list, or the local file.

        The sync's status belongs to one target; a new one gets every live event (`Coach.follow_calendar_target`)."""
        if self.calendar_configured:
            return "caldav " + "|".join([self.caldav_url, self.caldav_username, self.caldav_calendar, self.caldav_tasks])
        return f"ics {Path(self.data_dir) / LOCAL_CALENDAR_FILE}"


def _user_name(found: Sources) -> str:
    """CIERRE_NAME; else the name in CIERRE_SMTP_FROM ("Ana Torres <ana@...>"); else the login name."""
    named = " ".join(found.value("name").split())
    if named:
        return named
    sender = found.value("smtp_from").strip()
    if "<" in sender and sender.split("<", 1)[0].strip(' "'):
        return sender.split("<", 1)[0].strip(' "')
    for variable in ("USER", "LOGNAME", "USERNAME"):
        if found.environ.get(variable, "").strip():
            return found.environ[variable].strip()
    return ""


def load_settings(
    env: Mapping[str, str] | None = None,
    *,
    data_dir: str | None = None,
    dotenv_path: Path | None = None,
    config_file: Path | None = None,
) -> Settings:
    """Resolve every setting; raises SettingsError with one line on a bad value."""
    found = sources(env, dotenv_path, config_file)
    environ, config = found.environ, found.config
    keys = config.pop("keys", {}) if isinstance(config.get("keys"), dict) else {}
    value = found.value

    lang = (value("lang") or system_language(environ)).strip().lower()
    if lang not in ("es", "en"):
        raise SettingsError(say("errors.setting_lang", lang=lang))

    zone = value("timezone").strip() or _system_zone(environ)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(say("errors.setting_zone", zone=zone)) from None

    hours = value("work_hours", DEFAULT_WORK_HOURS)
    try:
        WorkHours.parse(hours)
    except ScheduleError as error:
        raise SettingsError(say("errors.setting_hours", hours=hours, error=error)) from None

    theme = value("theme", "dark").strip().lower()
    if not THEME_NAME.fullmatch(theme):
        # Whether a theme of that name exists is the terminal UI's to say: it knows Textual's themes.
        raise SettingsError(say("errors.setting_theme", theme=theme))

    security = value("smtp_security", "starttls").strip().lower()
    if security not in ("starttls", "ssl", "none"):
        raise SettingsError(say("errors.setting_security", security=security))

    return Settings(
        data_dir=Path(data_folder(data_dir, found)),
        lang=lang,
        timezone=zone,
        work_hours=hours,
        theme=theme,
        alarm_minutes=_int("alarm_minutes", value("alarm_minutes", "15"), 0, 7 * 24 * 60),
        caldav_url=value("caldav_url").strip(),
        caldav_username=value("caldav_username").strip(),
        caldav_calendar=value("caldav_calendar").strip(),
        caldav_password_command=value("caldav_password_command").strip(),
        caldav_verify_tls=_bool("caldav_verify_tls", value("caldav_verify_tls", "true")),
        caldav_timeout=float(_int("caldav_timeout", value("caldav_timeout", "20"), 1, 600)),
        caldav_tasks=value("caldav_tasks").strip(),
        caldav_create_calendar=_bool("caldav_create_calendar", value("caldav_create_calendar", "false")),
        smtp_host=value("smtp_host").strip(),
        smtp_port=_int("smtp_port", value("smtp_port", "465" if security == "ssl" else "587"), 1, 65535),
        smtp_security=security,
        smtp_username=value("smtp_username").strip(),
        smtp_from=value("smtp_from").strip(),
        smtp_password_command=value("smtp_password_command").strip(),
        team=tuple(a.strip() for a in value("team").split(",") if a.strip()),
        keys=_flat_keys(keys),
        user_name=_user_name(found),
    )


def _flat_keys(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """[keys] binding id -> keys; `closure.done = "x"` (a dotted TOML key) nests, so flatten it back."""
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flat_keys(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


def _int(name: str, text: str, low: int, high: int) -> int:
    try:
        number = int(str(text).strip())
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise SettingsError(say("errors.setting_number", name=f"CIERRE_{name.upper()}", text=text, low=low, high=high))
    return number


def _bool(name: str, text: str) -> bool:
    lowered = str(text).strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise SettingsError(say("errors.setting_bool", name=f"CIERRE_{name.upper()}", text=text))
