"""Password lookup: environment, then command, then keyring; never a password in a message."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest

from cierre.integrations import secrets
from cierre.integrations.secrets import SecretsError, get_password, password_source, set_password

SECRET = "hunter2-but-longer-9931"


def _settings(**values):
    base = dict(
        caldav_username="ana@example.com", caldav_password_command="", smtp_username="ana@example.com", smtp_password_command=""
    )
    base.update(values)
    return SimpleNamespace(**base)


def test_environment_first(memory_keyring):
    memory_keyring.store[("cierre", "caldav:ana@example.com")] = "from-keyring"
    settings = _settings(caldav_password_command="echo from-command")
    assert get_password("caldav", settings, env={"CIERRE_CALDAV_PASSWORD": SECRET}) == SECRET
    assert password_source("caldav", settings, env={"CIERRE_CALDAV_PASSWORD": SECRET}) == "environment"


def test_then_the_command_first_line(memory_keyring, tmp_path):
    memory_keyring.store[("cierre", "caldav:ana@example.com")] = "from-keyring"
    settings = _settings(caldav_password_command=f"printf '{SECRET}\\nsecond line\\n'")
    assert get_password("caldav", settings, env={}) == SECRET
    assert password_source("caldav", settings, env={}) == "command"


@pytest.mark.parametrize(
    "command, expected",
    [
        (f"echo {SECRET} >&2; exit 3", "failed with exit code 3"),
        ("true", "printed nothing"),
        ("/nonexistent/program", "failed with exit code 127"),
    ],
)
def test_a_failing_command_is_one_line_without_its_output(command, expected):
    with pytest.raises(SecretsError) as raised:
        get_password("caldav", _settings(caldav_password_command=command), env={})
    message = str(raised.value)
    assert expected in message and "CIERRE_CALDAV_PASSWORD_COMMAND" in message
    assert SECRET not in message and "\n" not in message


def test_a_hanging_command_times_out(monkeypatch):
    monkeypatch.setattr(secrets, "COMMAND_TIMEOUT", 0.3)
    with pytest.raises(SecretsError, match="did not finish"):
        secrets.run_password_command("caldav", "sleep 5", timeout=0.3)


def test_then_the_keyring_per_service(memory_keyring):
    settings = _settings()
    where = set_password("caldav", settings, SECRET)
    assert "caldav:ana@example.com" in where
    set_password("smtp", settings, "other-one")
    assert get_password("caldav", settings, env={}) == SECRET  # same login name, separate entries
    assert get_password("smtp", settings, env={}) == "other-one"


def test_no_keyring_names_every_alternative(no_keyring):
    with pytest.raises(SecretsError) as raised:
        get_password("caldav", _settings(), env={})
    message = str(raised.value)
    for option in ("CIERRE_CALDAV_PASSWORD,", "CIERRE_CALDAV_PASSWORD_COMMAND", "cierre auth caldav"):
        assert option in message
    with pytest.raises(SecretsError, match="no system keyring") as stored:
        set_password("smtp", _settings(), SECRET)
    assert "CIERRE_SMTP_PASSWORD_COMMAND" in str(stored.value) and SECRET not in str(stored.value)


def test_a_keyring_failure_never_shows_its_text(monkeypatch, memory_keyring):
    def broken(*args):
        raise RuntimeError(f"backend echoed {SECRET}")

    monkeypatch.setattr(memory_keyring.backend, "set_password", broken)
    monkeypatch.setattr(memory_keyring.backend, "get_password", broken)
    for call in (lambda: set_password("caldav", _settings(), SECRET), lambda: get_password("caldav", _settings(), env={})):
        with pytest.raises(SecretsError) as raised:
            call()
        assert "RuntimeError" in str(raised.value) and SECRET not in str(raised.value)


def test_no_username_says_so():
    with pytest.raises(SecretsError, match="CIERRE_CALDAV_USERNAME"):
        get_password("caldav", _settings(caldav_username=""), env={})
    with pytest.raises(ValueError):
        get_password("imap", _settings(), env={})


def test_cierre_auth_reads_the_password_and_never_prints_it(memory_keyring, monkeypatch, capsys):
    from cierre.__main__ import main

    monkeypatch.setenv("CIERRE_SMTP_USERNAME", "ana@example.com")
    monkeypatch.setattr("sys.stdin", io.StringIO(SECRET + "\n"))
    assert main(["auth", "smtp"]) == 0
    out, err = capsys.readouterr()
    assert "SMTP password stored" in out and SECRET not in out + err
    assert memory_keyring.store[("cierre", "smtp:ana@example.com")] == SECRET


def test_cierre_auth_without_a_username(memory_keyring, capsys):
    from cierre.__main__ import main

    assert main(["auth", "caldav"]) == 5
    assert "CIERRE_CALDAV_USERNAME" in capsys.readouterr().err
