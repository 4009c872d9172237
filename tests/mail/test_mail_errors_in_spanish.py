"""With CIERRE_LANG=es the e-mail errors speak Spanish: an e-mail that cannot be imported, a mailbox
that needs a choice, an SMTP server that refuses the debrief. English words in them (english_words.py)
are text that never went through the catalog."""

from __future__ import annotations

import json
import mailbox

import pytest
from english_words import english_lines

from cierre.__main__ import main

from .debrief_support import Clock, closure_at_debrief, make_coach, smtp_env


@pytest.fixture
def spanish(capsys, monkeypatch, tmp_path):
    """Runs a command in Spanish on a data folder of its own; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("CIERRE_LANG", "es")
    data = str(tmp_path / "data")

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", data, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def assert_spanish_line(err: str) -> None:
    assert err.startswith("cierre: ") and err.count("\n") == 1, err
    assert english_lines(err) == [], err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"Subject: Re: propuesta\n\nNo, gracias.\n", "falta la cabecera From"),
        (b"From: nadie\nSubject: Re: propuesta\n\nNo, gracias.\n", "la cabecera From no tiene ninguna direcci\u00f3n"),
        (b"", "el mensaje est\u00e1 vac\u00edo"),
    ],
)
def test_a_malformed_email_is_refused_in_spanish(spanish, tmp_path, content, expected):
    path = tmp_path / "roto.eml"
    path.write_bytes(content)
    code, out, err = spanish("import-eml", str(path))
    assert code != 0 and out == ""
    assert expected in err
    assert_spanish_line(err)


def test_a_mailbox_of_several_messages_asks_for_one_in_spanish(spanish, tmp_path):
    box = mailbox.mbox(str(tmp_path / "buzon.mbox"))
    for sender in ("ana@example.com", "luis@example.com"):
        box.add(f"From: {sender}\nSubject: Re: propuesta\n\nNo, gracias.\n".encode())
    box.flush()
    code, _, err = spanish("import-eml", str(tmp_path / "buzon.mbox"))
    assert code != 0 and "el buz\u00f3n tiene 2 mensajes" in err
    assert_spanish_line(err)
    code, _, err = spanish("import-eml", str(tmp_path / "buzon.mbox"), "--match", "nadie")
    assert code != 0 and "ning\u00fan mensaje coincide con 'nadie'" in err
    assert_spanish_line(err)


@pytest.fixture
def debrief(tmp_path):
    clock = Clock()
    return closure_at_debrief(make_coach(tmp_path, clock), clock).id


@pytest.mark.servers
def test_an_smtp_server_that_refuses_the_login_says_so_in_spanish(spanish, debrief, monkeypatch, plain_smtp):
    for name, value in smtp_env(plain_smtp).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CIERRE_SMTP_PASSWORD", "not-the-password")
    code, out, err = spanish("send-debrief", debrief, "--json")
    assert code == 1
    assert "rechaz\u00f3 el inicio de sesi\u00f3n" in json.loads(out)["error"]
    assert "not-the-password" not in out + err
    assert_spanish_line(err)


@pytest.mark.servers
def test_an_smtp_server_that_is_down_says_so_in_spanish(spanish, debrief, monkeypatch, plain_smtp, closed_port):
    for name, value in smtp_env(plain_smtp, smtp_port=str(closed_port)).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CIERRE_SMTP_PASSWORD", "x-password")
    code, _, err = spanish("send-debrief", debrief)
    assert code == 1 and "conexi\u00f3n rechazada" in err
    assert_spanish_line(err)


def test_an_impossible_date_header_is_said_in_spanish(spanish, tmp_path):
    path = tmp_path / "fecha.eml"
    path.write_bytes(b"From: Ana <ana@example.com>\nDate: Tue, 31 Feb 2024 10:00:00 +0100\nSubject: Re: propuesta\n\nNo.\n")
    code, _, err = spanish("import-eml", str(path))
    assert code == 0 and "la cabecera Date es una fecha imposible: 'Tue, 31 Feb 2024" in err
    assert english_lines(err, allowed=["Tue", "Feb"]) == [], err
