"""Every invalid setting is one line naming the setting and the form it accepts; `cierre` with a bad
setting exits 5 with that line and no traceback. Precedence: environment, .env, config file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cierre.settings import SettingsError, load_settings

BAD = [
    ("TIMEZONE", "Mars/Olympus_Mons", "IANA name"),
    ("TIMEZONE", "../../etc/passwd", "IANA name"),
    ("WORK_HOURS", "weekdays 9 to 6", "Mon-Fri 09:00-18:00"),
    ("WORK_HOURS", "Mon-Fri 18:00-09:00", "end before they start"),
    ("LANG", "fr", "es or en"),
    ("THEME", "neon lights!", "dark, light or a name such as nord"),  # a name a theme could have is the UI's to check
    ("SMTP_PORT", "70000", "whole number from 1 to 65535"),
    ("SMTP_PORT", "smtp", "whole number from 1 to 65535"),
    ("SMTP_SECURITY", "tls1.0", "starttls, ssl or none"),
    ("CALDAV_VERIFY_TLS", "maybe", "true or false"),
    ("CALDAV_TIMEOUT", "0", "whole number from 1 to 600"),
    ("ALARM_MINUTES", "-5", "whole number from 0"),
]


def settings_from(env: dict[str, str], tmp_path: Path, dotenv: Path | None = None, config: Path | None = None):
    return load_settings(
        env=env,
        data_dir=str(tmp_path / "data"),
        dotenv_path=dotenv or Path("/nonexistent"),
        config_file=config or Path("/nonexistent"),
    )


@pytest.mark.parametrize("name, value, accepted", BAD)
def test_an_invalid_value_is_one_line_naming_setting_and_form(tmp_path, name, value, accepted):
    with pytest.raises(SettingsError) as caught:
        settings_from({"CIERRE_LANG": "en", "CIERRE_TIMEZONE": "UTC", f"CIERRE_{name}": value}, tmp_path)
    message = str(caught.value)
    assert message.startswith(f"CIERRE_{name}:")
    assert accepted in message and "\n" not in message


@pytest.mark.parametrize("name, value, accepted", BAD[:6])
def test_cierre_with_a_bad_setting_exits_5_with_one_line(tmp_path, name, value, accepted):
    env = {**os.environ, f"CIERRE_{name}": value}
    for args in (["list"], ["note", "abc", "x"], []):  # [] would open the UI: settings come first
        result = subprocess.run(
            [sys.executable, "-m", "cierre", *args], capture_output=True, text=True, env=env, timeout=60, stdin=subprocess.DEVNULL
        )
        assert result.returncode == 5, (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr
        assert lines[0].startswith(f"cierre: CIERRE_{name}:") and accepted in lines[0]
        assert result.stdout == ""


def test_a_config_file_that_is_not_toml_is_one_line(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("lang = 'es\n[[[")
    with pytest.raises(SettingsError) as caught:
        settings_from({}, tmp_path, config=config)
    assert str(caught.value).startswith(f"config file {config}") and "\n" not in str(caught.value)


def test_environment_beats_dotenv_beats_config_file(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(
        'lang = "es"\ntimezone = "Asia/Tokyo"\nwork_hours = "Mon 10:00-11:00"\ntheme = "light"\n[keys]\ncapture_note = "m"\n'
    )
    dotenv = tmp_path / ".env"
    dotenv.write_text("CIERRE_TIMEZONE=America/New_York\nCIERRE_WORK_HOURS='Tue 08:00-09:00'\n")
    settings = settings_from({"CIERRE_WORK_HOURS": "Wed 12:00-13:00"}, tmp_path, dotenv=dotenv, config=config)
    assert settings.lang == "es"  # only in the config file
    assert settings.timezone == "America/New_York"  # .env over the config file
    assert settings.work_hours == "Wed 12:00-13:00"  # the environment over both
    assert settings.theme == "light" and settings.keys == {"capture_note": "m"}


def test_defaults(tmp_path):
    settings = settings_from({"CIERRE_LANG": "es", "CIERRE_TIMEZONE": "Europe/Madrid"}, tmp_path)
    assert settings.work_hours == "Mon-Fri 09:00-18:00" and settings.lang == "es"
    assert settings.smtp_port == 587 and settings.caldav_verify_tls and settings.team == ()
    assert (
        settings_from({"CIERRE_SMTP_SECURITY": "ssl", "CIERRE_LANG": "en", "CIERRE_TIMEZONE": "UTC"}, tmp_path).smtp_port == 465
    )
    team = settings_from(
        {"CIERRE_TEAM": " ana@example.com, ,luis@example.com ", "CIERRE_LANG": "en", "CIERRE_TIMEZONE": "UTC"}, tmp_path
    ).team
    assert team == ("ana@example.com", "luis@example.com")


def test_language_follows_the_locale_when_not_set(tmp_path):
    assert settings_from({"LANG": "es_ES.UTF-8", "CIERRE_TIMEZONE": "UTC"}, tmp_path).lang == "es"
    assert settings_from({"LANG": "en_GB.UTF-8", "CIERRE_TIMEZONE": "UTC"}, tmp_path).lang == "en"


def test_time_zone_follows_tz_when_not_set(tmp_path):
    assert settings_from({"TZ": "Asia/Tokyo", "CIERRE_LANG": "en"}, tmp_path).timezone == "Asia/Tokyo"
    with pytest.raises(SettingsError, match="CIERRE_TIMEZONE"):
        settings_from({"TZ": "Nowhere/Land", "CIERRE_LANG": "en"}, tmp_path)
