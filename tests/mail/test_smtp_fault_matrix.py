"""The SMTP half of the fault matrix, through `cierre send-debrief`: refused, a refused login (the
401 of SMTP), a refused sender (403), an unknown recipient (404), a bad sequence (412), a failed
transaction (500), no storage (507), a junk greeting, a hang, a reset, a 551 "try elsewhere"
(SMTP's redirect, never followed) and TLS spoken to a plain server. Each: one line naming the
server, exit 1, the debrief kept unsent, no password anywhere; then the real server delivers once."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest

import cierre.integrations.mail.smtp as smtp
from cierre.__main__ import main

from .conftest import SMTP_PASSWORD
from .debrief_support import Clock, closure_at_debrief, make_coach, smtp_env

sys.path.insert(0, str(Path(__file__).parents[1] / "faults"))

from fake_servers import Resetting, Scripted, Silent, closed_port  # noqa: E402

pytestmark = pytest.mark.servers
EHLO = b"250-fake.test\r\n250 AUTH PLAIN LOGIN\r\n"
GREETING = b"220 fake.test ESMTP\r\n"
BASE = {"EHLO": EHLO, "AUTH": b"235 2.7.0 ok\r\n", "QUIT": b"221 bye\r\n"}

SCRIPTS = {
    "401_login_refused": ({"AUTH": b"535 5.7.8 bad credentials\r\n"}, "refused the login"),
    "403_sender_refused": ({"MAIL": b"553 5.7.1 sender not allowed\r\n"}, "refused the sender"),
    "404_no_such_recipient": ({"RCPT": b"550 5.1.1 no such user\r\n"}, "refused every recipient"),
    "412_bad_sequence": ({"MAIL": b"503 5.5.1 bad sequence\r\n"}, "503"),
    "500_transaction_failed": ({"END-DATA": b"554 5.3.0 transaction failed\r\n"}, "554"),
    "507_no_storage": ({"END-DATA": b"552 5.3.4 insufficient storage\r\n"}, "552"),
    "redirect_551": ({"RCPT": b"551 5.1.6 user not local; please try <x@elsewhere.example>\r\n"}, "refused"),
}
OTHER = ("refused", "junk_greeting", "hang", "reset", "tls_mismatch")


@pytest.fixture
def faulty(request):
    fault = request.param
    server = None
    security = "none"
    if fault in SCRIPTS:
        replies, words = SCRIPTS[fault]
        server = Scripted(GREETING, {**BASE, **replies}).start()
    elif fault == "junk_greeting":
        server, words = Scripted(b"\x00\xff garbage without a code\r\n", BASE).start(), ""
    elif fault == "hang":
        server, words = Silent().start(), "no answer"
    elif fault == "reset":
        server, words = Resetting().start(), ""
    elif fault == "tls_mismatch":
        server, words, security = Scripted(GREETING, BASE).start(), "", "ssl"
    port = server.port if server else closed_port()
    if fault == "refused":
        words = "connection refused"
    yield port, words, security
    if server:
        server.stop()


@pytest.mark.parametrize("faulty", [*SCRIPTS, *OTHER], indirect=True)
def test_a_faulty_mail_server_is_one_line_and_the_debrief_stays_unsent(faulty, tmp_path, plain_smtp, capsys, monkeypatch):
    port, words, security = faulty
    original = smtp._deliver
    monkeypatch.setattr(smtp, "_deliver", lambda settings, msg: original(dataclasses.replace(settings, timeout=1), msg))
    monkeypatch.setenv("CIERRE_STATE_DIR", str(tmp_path / "state"))
    clock = Clock()
    closure = closure_at_debrief(make_coach(tmp_path, clock), clock)
    data = str(tmp_path / "data")
    for name, value in smtp_env(plain_smtp, smtp_port=str(port), smtp_security=security).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CIERRE_SMTP_PASSWORD", SMTP_PASSWORD)

    capsys.readouterr()
    code = main(["--data-dir", data, "send-debrief", closure.id])
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in out + err and code == 1 and len(lines) == 1, err
    assert f"127.0.0.1:{port}" in lines[0] and words in lines[0], lines[0]
    assert SMTP_PASSWORD not in out + err
    assert main(["--data-dir", data, "show", closure.id, "--json"]) == 0
    stored = json.loads(capsys.readouterr().out)
    assert stored["debrief_sent_at"] is None and stored["debrief_send_error"]
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert SMTP_PASSWORD.encode() not in path.read_bytes(), path

    monkeypatch.setenv("CIERRE_SMTP_PORT", str(plain_smtp.port))
    monkeypatch.setenv("CIERRE_SMTP_SECURITY", "none")
    assert main(["--data-dir", data, "send-debrief", closure.id]) == 0
    assert len(plain_smtp.deliveries) == 1  # once, to the whole team
