"""The digest to yourself: what is due today or overdue, and debriefs that did not go out."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy

import pytest

from cierre.__main__ import main
from cierre.integrations.mail.debrief import send_debrief
from cierre.integrations.mail.digest import build_digest, send_digest

from .conftest import SMTP_PASSWORD, SMTP_USER
from .debrief_support import START, Clock, closure_at_debrief, make_coach, smtp_env

PASSWORD = {"CIERRE_SMTP_PASSWORD": SMTP_PASSWORD}


def three_closures(coach, clock):
    """Overdue (recovery ended yesterday), due today (recovery ends in half an hour), due tomorrow."""
    overdue = coach.new_closure("lost", "Late Ltd", received_at=clock.now - timedelta(days=2))
    today = coach.new_closure("lost", "Today SA", received_at=clock.now - timedelta(hours=23, minutes=30))
    tomorrow = coach.new_closure("lost", "Later GmbH", received_at=clock.now)
    return overdue, today, tomorrow


def test_the_digest_lists_overdue_then_today_and_skips_later(tmp_path):
    clock = Clock(START)  # Monday 10:00 in Madrid
    coach = make_coach(tmp_path, clock)
    overdue, today, _ = three_closures(coach, clock)
    digest = build_digest(coach)
    assert [i.client for i in digest.overdue] == ["Late Ltd"]
    assert [i.client for i in digest.today] == ["Today SA"]
    assert digest.subject == "Cierre: 2 due or overdue"
    text = digest.text
    assert text.startswith("What needs you on 2026-03-02\n")
    assert text.index("Overdue") < text.index("Late Ltd") < text.index("Due today") < text.index("Today SA")
    assert f"(Lost proposal, id {overdue.id})" in text and "Later GmbH" not in text
    assert "2026-03-02 10:30  Today SA: Recover" in text  # recovery ends 09:30 UTC, shown in Madrid


@pytest.mark.servers
def test_an_empty_day_sends_nothing(tmp_path, plain_smtp):
    clock = Clock()
    coach = make_coach(tmp_path, clock, smtp_env(plain_smtp))
    coach.new_closure("lost", "Later GmbH", received_at=clock.now)
    result = send_digest(coach, env=PASSWORD)
    assert result.ok and not result.sent and result.digest.empty
    assert "Nothing is due or overdue." in result.digest.text
    assert plain_smtp.deliveries == []


@pytest.mark.servers
def test_the_digest_goes_to_yourself_with_failed_debriefs_named(tmp_path, plain_smtp, closed_port):
    clock = Clock()
    coach = make_coach(tmp_path, clock, smtp_env(plain_smtp, smtp_port=str(closed_port)))
    debriefed = closure_at_debrief(coach, clock)
    assert send_debrief(coach, debriefed.id, env=PASSWORD).outcome == "failed"
    three_closures(coach, clock)

    coach = make_coach(tmp_path, clock, smtp_env(plain_smtp, lang="es"), lang="es")
    result = send_digest(coach, env=PASSWORD)

    assert result.ok and result.sent, result.message
    [delivery] = plain_smtp.deliveries
    assert delivery.rcpt_tos == [SMTP_USER] and delivery.mail_from == SMTP_USER
    message = message_from_bytes(delivery.content, policy=policy.default)
    assert message["To"] == f"Debrief <{SMTP_USER}>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Subject"] == f"Cierre: {result.digest.count} pendientes o vencidos"
    body = message.get_content()
    assert "Vencidos" in body and "Late Ltd" in body
    assert "Resúmenes de la reunión sin enviar" in body
    assert f"Acme Foods (id {debriefed.id}): could not connect to 127.0.0.1:{closed_port}" in body


def test_digest_on_the_command_line(tmp_path, capsys, monkeypatch, closed_port):
    clock = Clock()
    coach = make_coach(tmp_path, clock)
    coach.new_closure("lost", "Late Ltd", received_at=clock.now - timedelta(days=2))
    data = str(tmp_path / "data")

    assert main(["--data-dir", data, "digest", "--dry-run"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("Subject: Cierre: 1 due or overdue\n\nWhat needs you on ") and "Late Ltd" in out

    for name, value in smtp_env(smtp_port=str(closed_port), smtp_host="127.0.0.1", smtp_security="none").items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CIERRE_SMTP_PASSWORD", SMTP_PASSWORD)
    assert main(["--data-dir", data, "digest"]) == 1
    out, err = capsys.readouterr()
    assert (
        out == ""
        and err == f"cierre: could not connect to 127.0.0.1:{closed_port}: connection refused (is the server running?)\n"
    )
