"""E-mailing the team debrief: the summary as text and HTML, the meeting as an invitation.

`send_debrief` blocks, is safe to call from a worker thread, and never raises: it returns a
`DebriefSendResult`. Whatever happens, the closure records it: a sent summary its time, a
failed one its one-line error, so the summary is offered again until a send goes through.
"""

from __future__ import annotations

import html
import threading
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Iterator, Literal, Mapping

from cierre.domain.debrief import DebriefSummary, debrief_summary, section_text
from cierre.domain.events import uid_for
from cierre.domain.model import Kind, Status
from cierre.domain.schedule import DEBRIEF_LENGTH
from cierre.domain.text import one_line
from cierre.domain.texts import say

Outcome = Literal["sent", "failed", "refused"]

# Closures being sent right now: a second press of the key must not send the summary twice.
_in_flight: set[str] = set()
_in_flight_lock = threading.Lock()


@dataclass(frozen=True)
class DebriefSendResult:
    outcome: Outcome  # refused: nothing was tried (no such closure, not a lost proposal...)
    closure_id: str
    message: str  # one line for the screen: where it went, or why not
    recipients: tuple[str, ...] = ()
    sent_at: datetime | None = None
    recorded: bool = True  # False when the closure could not be updated (data folder busy)

    @property
    def ok(self) -> bool:
        return self.outcome == "sent"

    @property
    def error(self) -> str:
        return "" if self.ok else self.message


class DebriefRefused(Exception):
    """The closure is not one to debrief (yet); one line."""


@contextmanager
def _exclusive(closure_id: str) -> Iterator[bool]:
    with _in_flight_lock:
        free = closure_id not in _in_flight
        if free:
            _in_flight.add(closure_id)
    try:
        yield free
    finally:
        if free:
            with _in_flight_lock:
                _in_flight.discard(closure_id)


def summary_html(summary: DebriefSummary) -> str:
    """The summary as a small HTML document; every piece of text escaped."""
    esc = html.escape
    out = [
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>',
        f"<h2>{esc(summary.heading)}</h2>",
        f"<p>{esc(summary.intro)}</p>",
    ]
    for section in summary.sections:
        out.append(f"<h3>{esc(section.title)}</h3>")
        if section.lines:
            out.append("<p>" + "<br>\n".join(esc(line) for line in section.lines) + "</p>")
        if section.items:
            tag = "ol" if section.numbered else "ul"
            items = "".join(f"<li>{esc(item).replace(chr(10), '<br>')}</li>" for item in section.items)
            out.append(f"<{tag}>{items}</{tag}>")
    if summary.footer:
        out.append(f"<p><small>{esc(summary.footer)}</small></p>")
    return "\n".join(out) + "\n</body></html>\n"


def build_debrief(coach: Any, closure_id: str, *, env: Mapping[str, str] | None = None, with_password: bool = True):
    """(message, account, team) for one closure; raises DebriefRefused, MailSetupError or ValueError."""
    from cierre.integrations.mail.account import MailSetupError, address_of, sender_of, server_of, smtp_account, team_of
    from cierre.integrations.mail.compose import build_debrief_message
    from cierre.integrations.mail.invite import debrief_invitation, sequence_for

    closure = coach.get(closure_id)
    if closure.kind is not Kind.LOST:
        raise DebriefRefused(say("mail.debrief_lost_only"))
    if closure.status in (Status.REOPENED, Status.OPPORTUNITY):
        raise DebriefRefused(say("mail.debrief_reopened"))
    if closure.step in ("recover", "call"):
        raise DebriefRefused(say("mail.debrief_after_call"))

    settings, playbook, now = coach.settings, coach.playbook, coach.clock()
    if with_password:
        server_of(settings)  # the first thing to set up, so the first thing to say
    sender, team = sender_of(settings), team_of(settings)
    if closure.email and closure.email.lower() in {address_of(member).lower() for member in team}:
        # The summary is the team's: the client hears from us by phone, never through this e-mail.
        raise MailSetupError(say("mail.client_in_team", email=one_line(closure.email)))
    account = smtp_account(settings, env=env) if with_password else None
    meeting_at = coach.planner.debrief_slot(closure)
    summary = debrief_summary(
        closure, playbook, settings.tz, meeting_at=meeting_at, meeting_length=DEBRIEF_LENGTH, user=settings.user_name
    )
    summary = _with_invitation_note(summary, playbook.text("debrief_mail.meeting_invite"))
    title = playbook.text("calendar.debrief_title").replace("{client}", one_line(closure.client))
    agenda = summary.section("agenda")
    invite = debrief_invitation(
        uid=uid_for(closure.id, "debrief"),
        title=title,
        description=section_text(agenda) if agenda else "",
        start=meeting_at,
        length=DEBRIEF_LENGTH,
        tz=settings.tz,
        organizer=sender,
        attendees=team,
        sequence=sequence_for(closure.created_at, now),
        stamp=now,
        reminder=playbook.text("calendar.reminder").replace("{title}", title),
    )
    message = build_debrief_message(
        sender=sender,
        recipients=team,
        subject=summary.subject,
        text_body=summary.text(),
        html_body=summary_html(summary),
        invite_ics=invite,
        sent_at=now,
    )
    return message, account, team


def _with_invitation_note(summary: DebriefSummary, note: str) -> DebriefSummary:
    sections = tuple(replace(s, lines=s.lines + (note,)) if s.key == "meeting" else s for s in summary.sections)
    return replace(summary, sections=sections)


def send_debrief(coach: Any, closure_id: str, *, env: Mapping[str, str] | None = None) -> DebriefSendResult:
    """Build, send and record. Never raises; blocking (SMTP timeouts bound it)."""
    try:
        resolved = coach.resolve(closure_id)
    except Exception as error:  # no such closure, or the data folder cannot be read
        return DebriefSendResult("refused", closure_id, one_line(str(error)) or say("errors.no_closure", id=closure_id))
    with _exclusive(resolved) as free:
        if not free:
            return DebriefSendResult("refused", resolved, say("mail.sending_already"))
        return _send(coach, resolved, env)


def _send(coach: Any, closure_id: str, env: Mapping[str, str] | None) -> DebriefSendResult:
    from cierre.integrations.mail.account import MailSetupError
    from cierre.integrations.mail.smtp import MailSendError, PartialDelivery, send_message

    team: list[str] = []
    try:
        message, account, team = build_debrief(coach, closure_id, env=env)
        send_message(account, message)
    except DebriefRefused as error:
        return DebriefSendResult("refused", closure_id, str(error))
    except PartialDelivery as error:
        return _partly_sent(coach, closure_id, team, error)
    except (MailSetupError, MailSendError, ValueError) as error:
        failure = one_line(str(error)) or type(error).__name__
    except Exception as error:  # never a traceback in the worker thread or the terminal
        failure = say("mail.send_failed", kind=type(error).__name__)
    else:
        sent_at = coach.clock()
        note = _record(coach, closure_id, sent_at=sent_at, sent_to=team)
        recipients = tuple(team)
        where = ", ".join(recipients)
        if note:
            return DebriefSendResult("sent", closure_id, say("mail.sent_but", to=where, note=note), recipients, sent_at, False)
        return DebriefSendResult("sent", closure_id, say("mail.sent", to=where), recipients, sent_at)
    note = _record(coach, closure_id, error=failure)
    message = say("mail.failed_and", failure=failure, note=note) if note else failure
    return DebriefSendResult("failed", closure_id, message, tuple(team), recorded=not note)


def _partly_sent(coach: Any, closure_id: str, team: list[str], error: Any) -> DebriefSendResult:
    """Some addresses took it, others were refused: both are told, and the closure records who got it.

    Counted as failed, so the summary is offered again (a resend goes to the whole team)."""
    refused = {address.lower() for address in error.refused}
    got = [address for address in team if address.lower() not in refused]
    sent_at = coach.clock()
    failure = say("mail.not_delivered", to=", ".join(error.refused))
    note = _record(coach, closure_id, sent_at=sent_at, sent_to=got, error=failure)
    message = say("mail.partly", to=", ".join(got), error=one_line(str(error)))
    if note:
        message = say("mail.failed_and", failure=message, note=note)
    return DebriefSendResult("failed", closure_id, one_line(message), tuple(got), sent_at, recorded=not note)


def _record(coach: Any, closure_id: str, **outcome: Any) -> str:
    """Record on the closure; returns "" or a one-line note of why it could not be recorded."""
    try:
        coach.record_debrief_send(closure_id, **outcome)
    except Exception as error:
        return say("mail.not_recorded", error=one_line(str(error)) or type(error).__name__)
    return ""
