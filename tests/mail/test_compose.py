"""The debrief message's structure, before any server is involved."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from cierre.integrations.mail.compose import build_debrief_message, html_from_text

INVITE = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Reunión\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"


def build(**changes):
    values = dict(
        sender="Equipo <debrief@agencia-norte.es>",
        recipients=["marta@agencia-norte.es"],
        subject="Debrief",
        text_body="Acme said no.",
        html_body=None,
        invite_ics=None,
    )
    return build_debrief_message(**(values | changes))


def test_user_text_is_escaped_in_the_html():
    markup = html_from_text('<script>alert("x")</script> & "Tom\'s"\nline two\n\nnext', heading="A <b>")
    assert "<script>" not in markup and "<b>" not in markup
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Tom&#x27;s&quot;<br>" in markup
    assert "<h2>A &lt;b&gt;</h2>" in markup and "<p>next</p>" in markup


def test_without_an_invitation_there_are_two_alternatives():
    msg = build(html_body="<p>given</p>", sent_at=datetime(2024, 3, 8, 9, 0, tzinfo=timezone.utc))
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert msg.get_body(("html",)).get_content().strip() == "<p>given</p>"
    assert msg["Date"] == "Fri, 08 Mar 2024 09:00:00 +0000"
    assert msg["Message-ID"].endswith("@agencia-norte.es>")


def test_the_invitation_is_a_calendar_request_part():
    msg = build(invite_ics=INVITE.encode("utf-8"))
    invite = list(msg.iter_parts())[-1]
    assert invite.get_content_type() == "text/calendar"
    assert (invite.get_param("method"), invite.get_content_charset()) == ("REQUEST", "utf-8")
    assert "SUMMARY:Reunión" in invite.get_content()
    assert invite["Content-Transfer-Encoding"] == "base64"  # not ASCII: no 8-bit body on the wire


def test_subject_newlines_cannot_inject_headers():
    msg = build(subject="Debrief\r\nBcc: everyone@example.com")
    assert msg["Subject"] == "Debrief Bcc: everyone@example.com"
    assert msg["Bcc"] is None


@pytest.mark.parametrize(
    "changes, error",
    [
        (dict(recipients=[]), "at least one recipient"),
        (dict(invite_ics=b"\xff\xfe"), "not UTF-8"),
    ],
)
def test_invalid_input(changes, error):
    with pytest.raises(ValueError, match=error):
        build(**changes)
