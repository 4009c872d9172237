"""Starting a closure from a rejection e-mail: the one place that turns a `RejectionEmail` into a closure,
for `cierre import-eml` and the terminal UI's "new from e-mail" alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cierre.domain.model import Closure, Kind
from cierre.integrations.mail.importer import RejectionEmail


@dataclass(frozen=True)
class StartedClosure:
    closure: Closure
    email: RejectionEmail
    received_at: datetime  # in the e-mail's own zone (or the user's, when it came from the clock)
    time_note: str  # one line on where the time came from; worth showing whenever it is not the Date header
    from_header: bool


def quoted(body: str) -> str:
    """The body as a quoted note: '> ' before every line, as mail clients quote."""
    lines = body.strip("\n").split("\n")
    return "\n".join(f"> {line}".rstrip() for line in lines) if body.strip() else ""


def _show(moment: datetime) -> str:
    return moment.isoformat(sep=" ", timespec="minutes")  # keeps the offset: the sender's own zone


def received_time(email: RejectionEmail, now: datetime, tz: Any) -> tuple[datetime, str, bool]:
    """(time, note, came from the Date header). A Date ahead of our clock (skew) is clamped to now."""
    from cierre.domain.texts import say

    when = email.received_at
    if email.received_source == "header":
        if when > now:
            ahead = int((when - now).total_seconds() // 60)
            note = say("mail.date_ahead", when=_show(when), minutes=ahead, now=_show(now.astimezone(tz)))
            return now.astimezone(tz), note, False
        return when, say("mail.date_header", when=_show(when)), True
    when = when.astimezone(tz)  # no sender's zone to keep: the user's own reads best
    # "the Date header is not a real date: 'Tue, 31 Feb 0000 ...'" or "no usable Date header"
    if email.date_problem not in ("", "missing"):
        why = say("mail.date_problem", problem=email.date_problem)
    else:
        why = say("mail.no_date")
    source = email.received_source if email.received_source in ("file", "mbox") else "now"
    note = say(f"mail.date_from_{source}", why=why, when=_show(when))
    if when > now:  # a file stamped in the future (copied from a machine with a fast clock)
        return now.astimezone(tz), say("mail.date_future", note=note), False
    return when, note, False


def start_from_email(coach: Any, email: RejectionEmail, kind: Kind | str = Kind.LOST) -> StartedClosure:
    """Create the closure: client, contact, address, received time, subject and the body as a quoted note."""
    when, note, from_header = received_time(email, coach.clock(), coach.settings.tz)
    closure = coach.new_closure(
        kind,
        email.client or email.contact or email.email,
        contact=email.contact if email.contact != email.email else "",
        email=email.email,
        received_at=when,
        subject=email.subject,
        first_note=quoted(email.body),
    )
    # The whole message as received (history and signature kept), then our message attached to it.
    text = coach.playbook.text
    if email.record:
        closure = _with_note(coach, closure, f"{text('email_import.record_heading')}\n{quoted(email.record)}")
    if email.context or email.context_subject:
        subject = email.context_subject or text("email_import.no_subject")
        heading = text("email_import.attached_heading").replace("{subject}", subject)
        heading += f" — {email.context_sender}" if email.context_sender else ""
        closure = _with_note(coach, closure, f"{heading}\n{email.context}".rstrip())
    return StartedClosure(closure, email, when, note, from_header)


def _with_note(coach: Any, closure: Closure, text: str) -> Closure:
    coach.add_note(closure.id, text, "email")
    return coach.get(closure.id)
