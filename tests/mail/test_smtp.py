"""Sending the debrief through real SMTP servers, and every way it can fail."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy

import pytest
from icalendar import Calendar, Event, vCalAddress, vText

from cierre.integrations.mail.compose import build_debrief_message
from cierre.integrations.mail.smtp import MailSendError, send_message

from .conftest import ECHOING_SENDER, REFUSED_DOMAIN, SMTP_PASSWORD, SMTP_USER

pytestmark = pytest.mark.servers

TEAM = ["marta@agencia-norte.es", "pablo@agencia-norte.es", "lucia@agencia-norte.es"]
MEETING = datetime(2024, 3, 8, 8, 30, tzinfo=timezone.utc)


def tiny_invitation(organizer: str, attendees: list[str]) -> bytes:
    event = Event()
    event.add("uid", "debrief-acme-2024-03-08@agencia-norte.es")
    event.add("dtstamp", MEETING - timedelta(days=1))
    event.add("dtstart", MEETING)
    event.add("dtend", MEETING + timedelta(minutes=30))
    event.add("summary", "Debrief: Acme Foods said no")
    organizer_address = vCalAddress(f"mailto:{organizer}")
    organizer_address.params["CN"] = vText("Debrief")
    event["ORGANIZER"] = organizer_address
    for attendee in attendees:
        address = vCalAddress(f"mailto:{attendee}")
        address.params.update({"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"})
        event.add("ATTENDEE", address)
    calendar = Calendar()
    calendar.add("prodid", "-//Debrief test//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    calendar.add_component(event)
    return calendar.to_ical()


def debrief(recipients: list[str] = TEAM, with_invite: bool = True):
    return build_debrief_message(
        sender=SMTP_USER,
        recipients=recipients,
        subject="Debrief: Acme Foods — reunión el viernes",
        text_body="Acme Foods said no.\n\nWhat we learnt: the timeline <didn't> fit & price was fine.",
        html_body=None,
        invite_ics=tiny_invitation(SMTP_USER, recipients) if with_invite else None,
    )


def assert_received_debrief(server) -> None:
    [delivery] = server.deliveries
    assert delivery.mail_from == SMTP_USER
    assert delivery.rcpt_tos == TEAM
    received = message_from_bytes(delivery.content, policy=policy.default)
    assert received.get_content_type() == "multipart/alternative"
    assert received["Subject"] == "Debrief: Acme Foods — reunión el viernes"
    parts = {part.get_content_type(): part for part in received.iter_parts()}
    assert list(parts) == ["text/plain", "text/html", "text/calendar"]
    assert "the timeline <didn't> fit & price" in parts["text/plain"].get_content()
    assert "the timeline &lt;didn&#x27;t&gt; fit &amp; price" in parts["text/html"].get_content()

    invite = parts["text/calendar"]
    assert invite.get_param("method") == "REQUEST"
    assert invite.get_content_charset() == "utf-8"
    calendar = Calendar.from_ical(invite.get_content())
    assert str(calendar["METHOD"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["ORGANIZER"]) == f"mailto:{SMTP_USER}"
    attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
    assert sorted(str(a).removeprefix("mailto:") for a in attendees) == sorted(TEAM)
    assert event.decoded("DTSTART") == MEETING


def test_send_through_a_plain_server(plain_smtp):
    send_message(plain_smtp.settings(), debrief())
    assert_received_debrief(plain_smtp)


def test_send_through_starttls_with_a_verified_certificate(starttls_smtp):
    send_message(starttls_smtp.settings(), debrief())
    assert_received_debrief(starttls_smtp)


def test_send_through_implicit_tls(ssl_smtp):
    send_message(ssl_smtp.settings(), debrief())
    assert_received_debrief(ssl_smtp)


def test_settings_never_show_the_password(plain_smtp):
    assert SMTP_PASSWORD not in repr(plain_smtp.settings())


# --- failures: one line, no password -------------------------------------------------------


def send_expecting_failure(settings, message=None) -> str:
    with pytest.raises(MailSendError) as caught:
        send_message(settings, message or debrief())
    text = str(caught.value)
    assert "\n" not in text and text
    assert settings.password is None or settings.password not in text
    assert caught.value.__cause__ is None and (caught.value.__context__ is None or caught.value.__suppress_context__)
    return text


def test_server_down(plain_smtp, closed_port):
    text = send_expecting_failure(plain_smtp.settings(port=closed_port))
    assert text == f"could not connect to 127.0.0.1:{closed_port}: connection refused (is the server running?)"


def test_wrong_password_is_refused(starttls_smtp):
    wrong = starttls_smtp.settings(password="not-the-Corr3ct-one")
    text = send_expecting_failure(wrong)
    assert text == f"127.0.0.1:{starttls_smtp.port} refused the login for {SMTP_USER} (535)"
    assert starttls_smtp.deliveries == []


def test_unknown_user_is_refused(plain_smtp):
    text = send_expecting_failure(plain_smtp.settings(username="intruder@example.com"))
    assert "refused the login for intruder@example.com" in text


def test_a_server_that_never_answers_times_out(silent_port, plain_smtp):
    # The message comes from the socket's own timeout firing: without one the test would hang, and
    # how long it took is the machine's business, not the test's.
    text = send_expecting_failure(plain_smtp.settings(port=silent_port, timeout=0.5))
    assert text == f"no answer from 127.0.0.1:{silent_port} within 0.5 s"


def test_an_untrusted_certificate_is_a_tls_error(starttls_smtp):
    text = send_expecting_failure(starttls_smtp.settings(ca_file=None))
    assert text.startswith(f"the TLS certificate of 127.0.0.1:{starttls_smtp.port} could not be verified")


def test_tls_to_a_plain_server_fails_cleanly(plain_smtp):
    text = send_expecting_failure(plain_smtp.settings(security="ssl", timeout=2.0))
    assert "127.0.0.1" in text


def test_starttls_required_by_the_server(starttls_smtp):
    text = send_expecting_failure(starttls_smtp.settings(security="none"))
    assert f"127.0.0.1:{starttls_smtp.port}" in text


def test_every_recipient_refused(plain_smtp):
    nobody = [f"ghost{REFUSED_DOMAIN}"]
    text = send_expecting_failure(plain_smtp.settings(), debrief(nobody, with_invite=False))
    assert text.startswith(f"127.0.0.1:{plain_smtp.port} refused every recipient: ghost{REFUSED_DOMAIN} (550")


def test_some_recipients_refused(plain_smtp):
    text = send_expecting_failure(plain_smtp.settings(), debrief(TEAM[:1] + [f"ghost{REFUSED_DOMAIN}"]))
    assert text == f"sent, but 127.0.0.1:{plain_smtp.port} refused: ghost{REFUSED_DOMAIN} (550)"
    assert [d.rcpt_tos for d in plain_smtp.deliveries] == [TEAM[:1]]


def test_a_password_echoed_by_the_server_is_masked(plain_smtp):
    text = send_expecting_failure(plain_smtp.settings(sender=ECHOING_SENDER))
    assert text.startswith(f"127.0.0.1:{plain_smtp.port} refused the sender {ECHOING_SENDER} (553")
    assert text.endswith("you said ***)")
