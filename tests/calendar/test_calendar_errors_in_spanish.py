"""With CIERRE_LANG=es the calendar's errors speak Spanish, in `cierre sync` and `cierre calendar-status`:
a keyring that is not there, a CalDAV server that is down. English words in them (english_words.py) are
text that never went through the catalog."""

from __future__ import annotations

import socket

import pytest
from english_words import english_lines

from cierre.__main__ import main


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def spanish(capsys, monkeypatch, tmp_path):
    """Runs a command in Spanish with CalDAV set up; returns (exit code, stdout + stderr)."""
    monkeypatch.setenv("CIERRE_LANG", "es")
    monkeypatch.setenv("CIERRE_CALDAV_USERNAME", "ana@example.com")
    monkeypatch.delenv("CIERRE_CALDAV_PASSWORD", raising=False)
    monkeypatch.delenv("CIERRE_CALDAV_PASSWORD_COMMAND", raising=False)
    data = str(tmp_path / "data")

    def run(*args: str) -> tuple[int, str]:
        code = main(["--data-dir", data, *args])
        out, err = capsys.readouterr()
        return code, out + err

    return run


def assert_spanish(text: str) -> None:
    assert text.strip()
    assert english_lines(text) == [], text


def test_no_keyring_is_said_in_spanish(spanish, monkeypatch, no_keyring, closed_port):
    monkeypatch.setenv("CIERRE_CALDAV_URL", f"http://127.0.0.1:{closed_port}/dav/")
    code, said = spanish("sync")
    assert code == 1 and "ni llavero del sistema en este equipo" in said
    assert_spanish(said)
    code, status = spanish("calendar-status")
    assert "ni llavero del sistema" in status
    assert_spanish(status)


def test_a_failing_keyring_is_said_in_spanish(spanish, monkeypatch, memory_keyring, closed_port):
    def broken(*_args):
        raise RuntimeError("D-Bus gone")

    monkeypatch.setattr(memory_keyring.backend, "get_password", broken)
    monkeypatch.setenv("CIERRE_CALDAV_URL", f"http://127.0.0.1:{closed_port}/dav/")
    code, said = spanish("sync")
    assert code == 1 and "el llavero del sistema fall\u00f3 (RuntimeError)" in said and "D-Bus" not in said
    assert_spanish(said)


def test_a_caldav_server_that_is_down_is_said_in_spanish(spanish, monkeypatch, closed_port):
    monkeypatch.setenv("CIERRE_CALDAV_URL", f"http://127.0.0.1:{closed_port}/dav/")
    monkeypatch.setenv("CIERRE_CALDAV_PASSWORD", "secreto-de-prueba")
    code, said = spanish("sync")
    assert code == 1 and f"no se puede llegar al servidor CalDAV de 127.0.0.1:{closed_port} (conexi\u00f3n rechazada)" in said
    assert_spanish(said)
    code, status = spanish("calendar-status")
    assert "conexi\u00f3n rechazada" in status
    assert_spanish(status)
