"""What a message is, before a closure is made from it.

- "reply": the client wrote it. A message/rfc822 attached to it (often the proposal we sent) is
  context, not the client's words.
- "forward": the user (or a colleague) passed on what the client wrote, attached or inline.
- "report": a delivery report (bounce), a read receipt or an auto-reply: nobody said "no".

The signals are the standard ones: multipart/report and its delivery-status or
disposition-notification parts (RFC 6522, 3464, 8098), Auto-Submitted (RFC 3834), the
X-Autoreply / X-Autorespond / Precedence headers of older responders, the null sender of bounces,
In-Reply-To, and the user's own address from the settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from itertools import islice
from typing import Iterable, Literal

from cierre.domain.texts import say
from cierre.integrations.mail.forwarded import FORWARD_SUBJECT
from cierre.integrations.mail.limits import MAX_PARTS, cut_field

Kind = Literal["reply", "forward", "report"]

_REPORT_TYPES = {
    "message/delivery-status",
    "message/disposition-notification",
    "message/feedback-report",
    "message/global-delivery-status",
    "message/global-disposition-notification",
}
_AUTO_PRECEDENCE = {"bulk", "junk", "auto_reply", "auto-reply"}
_DAEMON = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|no-?reply|noreply)@", re.IGNORECASE)
_AUTO_SUBJECT = re.compile(
    r"^\s*(automatic reply|auto(matic)?[- ]?reply|out of (the )?office|respuesta autom[aá]tica|fuera de la oficina"
    r"|undeliverable|undelivered mail|delivery status notification|mail delivery failed|returned mail"
    r"|read\s*:|le[ií]do\s*:|no entregado|notificaci[oó]n de estado de entrega)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Classification:
    kind: Kind
    why: str  # a few words, for the line that says why no closure was made


def _header(msg: EmailMessage, name: str) -> str:
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            return " ".join(cut_field(str(value)).split())
    return ""


def addresses(msg: EmailMessage, *names: str) -> set[str]:
    values = [_header(msg, name) for name in names]
    return {address.lower() for _, address in getaddresses([v for v in values if v]) if "@" in address}


def sender_address(msg: EmailMessage) -> str:
    return parseaddr(_header(msg, "From"))[1].lower()


def _parts(msg: EmailMessage) -> Iterable[EmailMessage]:
    return islice(msg.walk(), MAX_PARTS)


def report_reason(msg: EmailMessage) -> str:
    """Why the message is a machine's, or "" when a person wrote it."""
    if msg.get_content_type() == "multipart/report":
        report_type = str(msg.get_param("report-type") or "").lower()  # RFC 6522
        return say("mail.why_receipt") if "disposition" in report_type else say("mail.why_report")
    for part in _parts(msg):
        if part.get_content_type() in _REPORT_TYPES:
            return say("mail.why_receipt") if "disposition" in part.get_content_type() else say("mail.why_report")
    auto = _header(msg, "Auto-Submitted").lower()
    if auto and not auto.startswith("no"):
        return say("mail.why_auto_header", header="Auto-Submitted")
    if _header(msg, "X-Autoreply") or _header(msg, "X-Autorespond") or _header(msg, "X-Auto-Response"):
        return say("mail.why_auto")
    if _header(msg, "Precedence").lower() in _AUTO_PRECEDENCE:
        return say("mail.why_auto_header", header="Precedence")
    if _header(msg, "Return-Path").replace(" ", "") == "<>" or _DAEMON.match(sender_address(msg)):
        return say("mail.why_report")
    if _AUTO_SUBJECT.match(_header(msg, "Subject")):
        return say("mail.why_auto")
    return ""


def attached_is_context(outer: EmailMessage, attached: EmailMessage, mine: set[str]) -> bool:
    """True when a message attached to `outer` is ours (the proposal a client sends back), so the
    client is the outer sender; False when it is what a client wrote and `outer` forwards it."""
    outer_sender, inner_sender = sender_address(outer), sender_address(attached)
    if mine and outer_sender in mine:
        return False  # the user forwarded it
    if mine and inner_sender in mine:
        return True  # our own message, sent back to us
    if FORWARD_SUBJECT.match(_header(outer, "Subject")):
        return False
    if inner_sender and inner_sender in addresses(outer, "To", "Cc"):
        return True  # the attached message is from the one the outer message goes to: the recipient's own
    if _header(outer, "In-Reply-To") or _header(outer, "References"):
        return True  # a reply in a thread, with something attached
    return False  # as before: an attached message is what was forwarded


def classify(outer: EmailMessage, attached: EmailMessage | None, mine: set[str]) -> Classification:
    reason = report_reason(outer)
    if reason:
        return Classification("report", reason)
    if attached is not None and not attached_is_context(outer, attached, mine):
        return Classification("forward", "a forwarded message")
    return Classification("reply", "a reply")
