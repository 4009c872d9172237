"""A server that takes the debrief for some team addresses and refuses one: the user is told
who got it and who did not, and the closure records both."""

from __future__ import annotations

from cierre.integrations.mail.debrief import send_debrief

from .conftest import REFUSED_DOMAIN, SMTP_PASSWORD
from .debrief_support import Clock, closure_at_debrief, make_coach, smtp_env

PASSWORD = {"CIERRE_SMTP_PASSWORD": SMTP_PASSWORD}


def test_a_refused_team_address_is_named_and_the_closure_records_who_received_it(tmp_path, plain_smtp):
    clock = Clock()
    refused = f"ghost@{REFUSED_DOMAIN.lstrip('@')}"
    team = "marta@agencia-norte.es, " + refused + ", pablo@agencia-norte.es"
    coach = make_coach(tmp_path, clock, smtp_env(plain_smtp, team=team))
    closure = closure_at_debrief(coach, clock)

    result = send_debrief(coach, closure.id, env=PASSWORD)

    assert not result.ok and result.outcome == "failed"
    assert "sent to marta@agencia-norte.es, pablo@agencia-norte.es" in result.message
    assert refused in result.message and "550" in result.message
    assert "\n" not in result.message and SMTP_PASSWORD not in result.message
    delivered = plain_smtp.deliveries
    assert len(delivered) == 1 and sorted(delivered[0].rcpt_tos) == ["marta@agencia-norte.es", "pablo@agencia-norte.es"]
    stored = coach.get(closure.id)
    assert stored.debrief_sent_at == clock.now
    assert stored.debrief_sent_to == ["marta@agencia-norte.es", "pablo@agencia-norte.es"]
    assert refused in stored.debrief_send_error


def test_a_refused_digest_recipient_is_named(tmp_path, plain_smtp):
    from cierre.integrations.mail.digest import send_digest

    clock = Clock()
    refused = f"me@{REFUSED_DOMAIN.lstrip('@')}"
    coach = make_coach(tmp_path, clock, smtp_env(plain_smtp, smtp_from=f"Me <{refused}>"))
    closure_at_debrief(coach, clock)
    clock.advance(days=30)  # everything is overdue: the digest has items

    result = send_digest(coach, env=PASSWORD)

    assert not result.sent and refused in result.message and "550" in result.message
    assert plain_smtp.deliveries == []
