"""`cierre send-debrief ID`: one clear line and exit 1 on any failure, the debrief kept unsent until it goes."""

from __future__ import annotations

import json

import pytest

from cierre.__main__ import main

from .conftest import SMTP_PASSWORD, SMTP_USER
from .debrief_support import TEAM_ADDRESSES, Clock, closure_at_debrief, make_coach, smtp_env

pytestmark = pytest.mark.servers


@pytest.fixture
def debrief(tmp_path):
    """(data folder, closure id) of a lost proposal whose call is done."""
    clock = Clock()
    closure = closure_at_debrief(make_coach(tmp_path, clock), clock)
    return str(tmp_path / "data"), closure.id


def configure(monkeypatch, server=None, **overrides):
    for name, value in smtp_env(server, **overrides).items():
        monkeypatch.setenv(name, value)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def shown(capsys, data, closure_id):
    assert main(["--data-dir", data, "show", closure_id, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_sent_over_starttls(debrief, capsys, monkeypatch, starttls_smtp, certificate_authority):
    data, closure_id = debrief
    configure(monkeypatch, starttls_smtp)
    monkeypatch.setenv("CIERRE_SMTP_PASSWORD", SMTP_PASSWORD)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate_authority[1]))
    code, out, err = run(capsys, "--data-dir", data, "send-debrief", closure_id)
    assert (code, err) == (0, "")
    assert out.startswith("sent to Marta Ruiz <marta@agencia-norte.es>, pablo@agencia-norte.es")
    assert set(starttls_smtp.deliveries[0].rcpt_tos) == TEAM_ADDRESSES
    stored = shown(capsys, data, closure_id)
    assert stored["debrief_sent_at"] and stored["debrief_send_error"] == ""


def test_a_down_server_is_one_line_then_a_later_send_goes(debrief, capsys, monkeypatch, plain_smtp, closed_port):
    data, closure_id = debrief
    monkeypatch.setenv("CIERRE_SMTP_PASSWORD", SMTP_PASSWORD)
    configure(monkeypatch, plain_smtp, smtp_port=str(closed_port))
    code, out, err = run(capsys, "--data-dir", data, "send-debrief", closure_id)
    assert code == 1 and out == ""
    assert err == (
        f"cierre: could not connect to 127.0.0.1:{closed_port}: connection refused (is the server running?)"
        f" (kept unsent; `cierre send-debrief {closure_id}` sends it again)\n"
    )
    stored = shown(capsys, data, closure_id)
    assert stored["debrief_sent_at"] is None and "connection refused" in stored["debrief_send_error"]

    configure(monkeypatch, plain_smtp)
    code, out, err = run(capsys, "--data-dir", data, "send-debrief", closure_id, "--json")
    assert code == 0 and err == ""
    assert json.loads(out) | {"sent_at": None} == {
        "id": closure_id,
        "sent": True,
        "outcome": "sent",
        "sent_at": None,
        "error": "",
        "recorded": True,
        "recipients": ["Marta Ruiz <marta@agencia-norte.es>", "pablo@agencia-norte.es", "lucia@agencia-norte.es"],
    }
    assert len(plain_smtp.deliveries) == 1
    assert shown(capsys, data, closure_id)["debrief_send_error"] == ""


def test_a_refused_login_is_one_line(debrief, capsys, monkeypatch, plain_smtp):
    data, closure_id = debrief
    configure(monkeypatch, plain_smtp)
    monkeypatch.setenv("CIERRE_SMTP_PASSWORD", "not-the-password")
    code, out, err = run(capsys, "--data-dir", data, "send-debrief", closure_id, "--json")
    assert code == 1
    assert json.loads(out)["error"] == f"127.0.0.1:{plain_smtp.port} refused the login for {SMTP_USER} (535)"
    assert err.count("\n") == 1 and "refused the login" in err and "not-the-password" not in err
    assert shown(capsys, data, closure_id)["debrief_sent_at"] is None


def test_not_configured_is_one_line_and_kept_unsent(debrief, capsys):
    data, closure_id = debrief
    code, _, err = run(capsys, "--data-dir", data, "send-debrief", closure_id)
    assert code == 1
    assert err.startswith("cierre: SMTP is not configured: set CIERRE_SMTP_HOST") and err.count("\n") == 1
    assert shown(capsys, data, closure_id)["debrief_send_error"].startswith("SMTP is not configured")


def test_dry_run_prints_the_summary_and_sends_nothing(debrief, capsys, monkeypatch, plain_smtp):
    data, closure_id = debrief
    configure(monkeypatch, plain_smtp)  # no password anywhere: a preview needs none
    code, out, err = run(capsys, "--data-dir", data, "send-debrief", closure_id, "--dry-run")
    assert (code, err) == (0, "")
    assert out.startswith(f"From: Debrief <{SMTP_USER}>\nTo: Marta Ruiz <marta@agencia-norte.es>, ")
    assert "Subject: Team debrief: Acme Foods" in out and "Why Brandia Studio was chosen" in out
    assert plain_smtp.deliveries == []
    assert shown(capsys, data, closure_id)["debrief_send_error"] == ""


def test_wrong_closures(debrief, capsys, monkeypatch, plain_smtp):
    data, _ = debrief
    configure(monkeypatch, plain_smtp)
    code, _, err = run(capsys, "--data-dir", data, "send-debrief", "zzzzzzzz")
    assert code == 3 and err.count("\n") == 1
    assert main(["--data-dir", data, "new", "--kind", "departure", "--client", "Leaving Ltd"]) == 0
    departure = capsys.readouterr().out.strip()
    code, _, err = run(capsys, "--data-dir", data, "send-debrief", departure)
    assert (code, err) == (2, "cierre: only a lost proposal has a team debrief\n")
