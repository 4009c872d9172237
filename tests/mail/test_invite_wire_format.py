"""The debrief invitation's text/calendar part, decoded: CRLF and folding in every transfer encoding."""

from __future__ import annotations

from email import message_from_bytes, policy

from icalendar import Calendar, Event

from cierre.integrations.mail.compose import build_debrief_message
from cierre.integrations.mail.debrief import build_debrief

from .debrief_support import Clock, closure_at_debrief, make_coach, smtp_env


def calendar_part(message_bytes: bytes):
    message = message_from_bytes(message_bytes, policy=policy.default)
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part


def test_the_debrief_invitation_in_spanish_with_an_accented_client(tmp_path, strict_ical):
    clock = Clock()
    coach = make_coach(tmp_path, clock, smtp_env(), lang="es")
    closure = closure_at_debrief(coach, clock, client="Cafés Ñandú Pérez")
    message, _, _ = build_debrief(coach, closure.id, with_password=False)
    for wire in (message.as_bytes(), message.as_bytes(policy=policy.SMTP)):
        part = calendar_part(wire)
        assert part["Content-Transfer-Encoding"] == "base64"
        decoded = part.get_payload(decode=True)
        strict_ical(decoded)
        assert "Ñandú".encode() in decoded.replace(b"\r\n ", b"")


def test_a_plain_ascii_invitation_keeps_crlf_too(strict_ical):
    cal = Calendar()
    cal.add("prodid", "-//test//EN")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", "x@cierre.local")
    event.add("summary", "Debrief " * 20)
    cal.add_component(event)
    for text in (cal.to_ical(), cal.to_ical().replace(b"\r\n", b"\n")):  # whatever line ends we are given
        msg = build_debrief_message(
            sender="a@example.com", recipients=["b@example.com"], subject="s", text_body="t", invite_ics=text
        )
        part = calendar_part(msg.as_bytes(policy=policy.SMTP))
        assert part["Content-Transfer-Encoding"] == "7bit"
        strict_ical(part.get_payload(decode=True))
