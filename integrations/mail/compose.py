"""Building the team debrief e-mail: text and HTML alternatives, and the meeting invitation."""

from __future__ import annotations

import html
from datetime import datetime, timezone
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime, make_msgid, parseaddr


def html_from_text(text: str, *, heading: str | None = None) -> str:
    """Plain text as a small HTML document: blank lines make paragraphs, newlines make <br>.

    Every piece of text is escaped: names and notes typed by users must never become markup.
    """
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    parts = [f"<h2>{html.escape(heading)}</h2>"] if heading else []
    for paragraph in paragraphs:
        lines = [html.escape(line) for line in paragraph.split("\n")]
        parts.append("<p>" + "<br>\n".join(lines) + "</p>")
    return "<!DOCTYPE html>\n<html><body>\n" + "\n".join(parts) + "\n</body></html>\n"


def build_debrief_message(
    *,
    sender: str,
    recipients: list[str],
    subject: str,
    text_body: str,
    html_body: str | None = None,
    invite_ics: bytes | None = None,
    sent_at: datetime | None = None,
) -> EmailMessage:
    """multipart/alternative: text, HTML (escaped from the text when not given) and, with an
    invitation, a text/calendar part with method=REQUEST so mail clients offer to accept it."""
    if not recipients:
        # A caller's mistake, never a user's: team_of refuses an empty CIERRE_TEAM first, in their words.
        raise ValueError("the debrief needs at least one recipient")
    msg = EmailMessage(policy=default_policy)
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = " ".join(subject.split())  # a newline in a header would be refused
    msg["Date"] = format_datetime(sent_at or datetime.now(timezone.utc))
    # An explicit domain: without one, make_msgid asks DNS for this host's name, which can hang.
    msg["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or "localhost")

    # Quoted-printable keeps accents 7-bit clean: not every relay announces 8BITMIME.
    msg.set_content(text_body, cte="quoted-printable")
    html_part = html_body if html_body is not None else html_from_text(text_body)
    msg.add_alternative(html_part, subtype="html", cte="quoted-printable")
    if invite_ics is not None:
        try:
            calendar = invite_ics.decode("utf-8")
        except UnicodeDecodeError:  # never a user's: invite.py builds it as UTF-8
            raise ValueError("the invitation is not UTF-8 text") from None
        # RFC 5545 wants CRLF inside the calendar. Given as text, `email` rewrites line ends to
        # LF before base64-encoding (and a base64 body keeps them): so the part goes in as the
        # bytes we built, CRLF normalised. A 7bit body travels as lines, CRLF on the wire.
        payload = _crlf(calendar).encode("utf-8")
        cte = "7bit" if calendar.isascii() else "base64"  # what calendar clients read most reliably
        msg.add_alternative(
            payload, maintype="text", subtype="calendar", cte=cte, params={"method": "REQUEST", "charset": "utf-8"}
        )
    return msg


def _crlf(text: str) -> str:
    """Every line ending as CRLF, whatever the builder produced."""
    return "\r\n".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
