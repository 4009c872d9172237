"""Reading the rejection e-mail a closure starts from: an .eml file, standard input, one message
of an mbox or a maildir, or bytes.

Every public function returns a `RejectionEmail` or raises `MailImportError` with one clear line;
no other exception escapes, whatever the input. A delivery report, read receipt or auto-reply
raises `NotAnAnswer` (a `MailImportError`) unless `force` is given.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from email import message_from_bytes
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, TypeVar

from cierre.domain.texts import say, say_n
from cierre.integrations.mail.body import attached_messages, body_text
from cierre.integrations.mail.classify import classify
from cierre.integrations.mail.dates import header_date
from cierre.integrations.mail.forwarded import FORWARD_SUBJECT, find_inline_forward, parse_forwarded_date
from cierre.integrations.mail.intake import (
    IntakeError,
    Source,
    Stored,
    maildir_messages,
    mbox_messages,
    read_file,
    read_stream,
)
from cierre.integrations.mail.limits import BOUNDED_POLICY, MAX_MESSAGE_BYTES, Cut, bounded_bytes, cut_field
from cierre.integrations.mail.naming import client_from, contact_from, fuller_name, signature_person_and_company
from cierre.integrations.mail.text import clean_line, fix_surrogates, trim_quoted_history

Clock = Callable[[], datetime]
_T = TypeVar("_T")
_MAX_FORWARD_DEPTH = 5  # forwards of forwards; deeper nesting is not a real conversation
_MAX_CONTEXT_CHARS = 2000  # of an attached message of ours: enough to recall which proposal it was


class MailImportError(Exception):
    """The input is not a readable e-mail; the message is one line, fit for the screen."""

    def __init__(self, message: str) -> None:
        super().__init__(clean_line(message))


class NotAnAnswer(MailImportError):
    """A delivery report, read receipt or auto-reply: no one answered, so no closure."""


@dataclass(frozen=True)
class RejectionEmail:
    client: str
    contact: str
    email: str
    received_at: datetime  # aware; in the sender's own zone when it comes from the Date header
    received_source: Source
    subject: str
    body: str  # the client's words: quoted history and signature trimmed
    message_id: str | None
    kind: str = "reply"  # reply, forward, or report (only with force)
    context: str = ""  # the text of an attached message of ours (the proposal), in a few lines
    context_subject: str = ""  # and its subject and sender, for the note's heading
    context_sender: str = ""
    record: str = ""  # the whole text as received, history and signature included
    date_problem: str = ""  # why the Date header was not used ("not a real date: ..."), or ""
    cuts: tuple[str, ...] = ()  # what was left out for being over a size limit
    report: str = ""  # "a delivery report"... when one was imported anyway (force)


@dataclass(frozen=True)
class MboxEntry:
    """One line of the list a UI shows so the user can pick a message by index."""

    index: int
    sender: str
    subject: str
    date: datetime | None


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def parse_email(data: bytes, *, clock: Clock = _utc_now, mine: Iterable[str] = (), force: bool = False) -> RejectionEmail:
    """Bytes with no file behind them: a missing Date means "now" from `clock`."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise MailImportError(say("mail.import_not_bytes", kind=type(data).__name__))
    raw = bytes(data)
    stored = Stored(raw[:MAX_MESSAGE_BYTES], None, "now", len(raw) > MAX_MESSAGE_BYTES)
    return _guarded(lambda: _parse(stored, clock, _mine(mine), force))


def import_eml(path: str | os.PathLike[str], *, mine: Iterable[str] = (), force: bool = False) -> RejectionEmail:
    """An .eml file: a missing Date means the file's modification time."""
    return _guarded(lambda: _parse(read_file(Path(path)), _utc_now, _mine(mine), force))


def import_stream(stream: BinaryIO, *, mine: Iterable[str] = (), force: bool = False, clock: Clock = _utc_now) -> RejectionEmail:
    """One message on standard input (a mail client's "pipe to"): a missing Date means now."""
    return _guarded(lambda: _parse(read_stream(stream), clock, _mine(mine), force))


def list_mailbox(path: str | os.PathLike[str], match: str | None = None) -> list[MboxEntry]:
    """The messages of an mbox or maildir, with their index; only those matching `match` if given."""
    return _guarded(lambda: [e for e in (_entry(i, s.raw) for i, s in enumerate(_messages(Path(path)))) if _matches(e, match)])


list_mbox = list_mailbox


def import_mailbox(
    path: str | os.PathLike[str],
    index: int | None = None,
    *,
    match: str | None = None,
    mine: Iterable[str] = (),
    force: bool = False,
) -> RejectionEmail:
    """One message of an mbox or maildir: by `index`, by `match` (sender or subject), or the only one."""

    def run() -> RejectionEmail:
        messages = _messages(Path(path))
        chosen = _choose(messages, index, match, str(path))
        return _parse(messages[chosen], _utc_now, _mine(mine), force)

    return _guarded(run)


def import_mbox(path: str | os.PathLike[str], index: int | None = None, **options) -> RejectionEmail:
    return import_mailbox(path, index, **options)


def _choose(messages: list[Stored], index: int | None, match: str | None, where: str) -> int:
    count = len(messages)
    if count == 0:
        raise MailImportError(say("mail.import_mailbox_empty", where=where))
    if match:
        found = [e.index for e in (_entry(i, s.raw) for i, s in enumerate(messages)) if _matches(e, match)]
        if index is not None and index in found:
            return index
        if not found:
            raise MailImportError(say("mail.import_no_match", match=match))
        if len(found) > 1 or index is not None:
            shown = ", ".join(str(i) for i in found[:10]) + (", ..." if len(found) > 10 else "")
            raise MailImportError(say("mail.import_several_match", count=len(found), match=match, shown=shown))
        return found[0]
    chosen = 0 if index is None and count == 1 else index
    if chosen is None or not 0 <= chosen < count:
        raise MailImportError(say_n("mail.import_choose", count, last=count - 1))
    return chosen


def _matches(entry: MboxEntry, match: str | None) -> bool:
    if not match:
        return True
    needle = match.casefold()
    return needle in entry.sender.casefold() or needle in entry.subject.casefold()


def _mine(addresses: Iterable[str]) -> set[str]:
    return {parseaddr(a)[1].lower() for a in addresses if "@" in parseaddr(a)[1]}


def _messages(path: Path) -> list[Stored]:
    from cierre.integrations.mail.intake import is_maildir

    return maildir_messages(path) if is_maildir(path) else mbox_messages(path)


def _guarded(action: Callable[[], _T]) -> _T:
    try:
        return action()
    except MailImportError:
        raise
    except IntakeError as error:
        raise MailImportError(str(error)) from None
    except RecursionError:
        raise MailImportError(say("mail.import_too_deep")) from None
    except Exception as exc:  # the stdlib parser has corner cases; the caller gets one kind of error
        raise MailImportError(say("mail.import_unreadable", kind=type(exc).__name__)) from exc


def _entry(index: int, raw: bytes) -> MboxEntry:
    msg = BytesParser(policy=BOUNDED_POLICY).parsebytes(bounded_bytes(raw)[0], headersonly=True)
    try:
        name, address = _sender(msg)  # the name of "jr@ferreteria.example (Jorge Ruiz)" shows too
        sender = f"{name} <{address}>" if name else address
    except MailImportError:
        sender = _header_text(msg, "From")
    return MboxEntry(index, sender, _header_text(msg, "Subject"), _date(msg)[0])


# --- headers -------------------------------------------------------------------------------


def _raw_header(msg: EmailMessage, name: str) -> str | None:
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            # Raw 8-bit bytes come back surrogate-escaped; folding newlines are not content.
            return " ".join(fix_surrogates(cut_field(str(value))).replace("\r", "").split("\n"))
    return None


def _header(msg: EmailMessage, name: str):
    """The parsed header, None when absent; ValueError when the stdlib parser trips over it."""
    raw = _raw_header(msg, name)
    if raw is None:
        return None
    try:
        return BOUNDED_POLICY.header_factory(name, raw)
    except Exception as exc:  # e.g. IndexError on "From: a@" in some Python versions
        raise ValueError(raw) from exc


def _header_text(msg: EmailMessage, name: str) -> str:
    try:
        header = _header(msg, name)
    except ValueError as unparsed:
        return clean_line(str(unparsed))  # better the raw text than nothing
    return "" if header is None else clean_line(str(header))


def _date(msg: EmailMessage) -> tuple[datetime | None, str]:
    raw = _raw_header(msg, "Date")
    when, problem = header_date(raw)
    if not (raw and problem) or problem == "missing":
        return when, problem  # "missing" stays a code: start.py says it as a whole sentence
    said = say({"not a date": "mail.date_not_date", "not a real date": "mail.date_not_real"}[problem])
    return when, f"{said}: '{clean_line(raw)[:60]}'"


def _sender(msg: EmailMessage) -> tuple[str, str]:
    try:
        header = _header(msg, "From")
    except ValueError:
        raise MailImportError(say("mail.import_from_unreadable")) from None
    if header is None:
        raise MailImportError(say("mail.import_no_from"))
    for address in getattr(header, "addresses", ()):
        if address.username and address.domain:
            name = address.display_name
            if not name:  # the comment form "jr@ferreteria.example (Jorge Ruiz)"
                name = parseaddr(_raw_header(msg, "From") or "")[0]
            return clean_line(name), clean_line(f"{address.username}@{address.domain}")
    raise MailImportError(say("mail.import_from_no_address"))


def _context_of(attached: EmailMessage | None) -> tuple[str, str, str]:
    """(text, subject, sender) of an attached message of ours (the proposal sent back)."""
    if attached is None:
        return "", "", ""
    text = trim_quoted_history(body_text(attached)[0])[:_MAX_CONTEXT_CHARS]
    return text, _header_text(attached, "Subject"), _header_text(attached, "From")


# --- the whole message ---------------------------------------------------------------------


def _parse(stored: Stored, clock: Clock, mine: set[str], force: bool) -> RejectionEmail:
    data, cuts = bounded_bytes(stored.raw)
    if stored.oversized:
        cuts.insert(
            0,
            Cut(say("mail.cut_message", size=f"{MAX_MESSAGE_BYTES // (1024 * 1024)} MB")),
        )
    if not data.strip():
        raise MailImportError(say("mail.import_empty"))
    outer = message_from_bytes(data, policy=BOUNDED_POLICY)
    if _raw_header(outer, "From") is None:
        raise MailImportError(say("mail.import_no_from"))

    chain = attached_messages(outer, _MAX_FORWARD_DEPTH)
    kind = classify(outer, chain[0] if chain else None, mine)
    if kind.kind == "report" and not force:
        raise NotAnAnswer(say("mail.import_not_answer", why=kind.why))
    msg = chain[-1] if kind.kind == "forward" else outer
    context, context_subject, context_sender = _context_of(chain[0] if chain and kind.kind != "forward" else None)

    name, address = _sender(msg)
    subject = _header_text(msg, "Subject")
    organization = _header_text(msg, "Organization") or _header_text(msg, "Organisation")
    header_time, date_problem = _date(msg)
    if header_time is None and msg is not outer:
        header_time, date_problem = _date(outer)
    body, text_cuts = body_text(msg)
    cuts += text_cuts
    message_id = _header_text(msg, "Message-ID") or None

    inline_date: datetime | None = None
    kind_name = kind.kind
    for _ in range(_MAX_FORWARD_DEPTH):
        forward = find_inline_forward(body, bool(FORWARD_SUBJECT.match(subject)))
        if forward is None:
            break
        kind_name = "forward"
        name, address = clean_line(forward.sender_name), clean_line(forward.sender_address)
        subject = clean_line(forward.subject) or FORWARD_SUBJECT.sub("", subject)
        organization = ""  # the forwarder's Organization header is not the client's
        body = forward.body
        inline_date = parse_forwarded_date(forward.date_text) or inline_date

    if header_time is not None:
        received_at, source = header_time, "header"
    elif stored.fallback_time is not None:
        received_at, source = stored.fallback_time, stored.fallback_source
    else:
        now = clock()
        received_at, source = (now if now.tzinfo else now.astimezone()), "now"
    if inline_date is not None:
        # Clients print forwarded dates without a zone: the forwarder's zone is the best guess.
        received_at = inline_date if inline_date.tzinfo else inline_date.replace(tzinfo=received_at.tzinfo)
        source, date_problem = "header", ""

    contact = contact_from(name, address) or address
    person, company = signature_person_and_company(body, contact if name else "")
    if person and (not name or len(person.split()) > len(contact.split())):
        contact = person
    contact = fuller_name(body, contact) or contact
    client = clean_line(organization or company or client_from("", address, contact, body=body, display_name=name))
    trimmed = trim_quoted_history(body)
    return RejectionEmail(
        client=client or contact,
        contact=contact,
        email=address,
        received_at=received_at,
        received_source=source,
        subject=subject,
        body=trimmed,
        message_id=message_id,
        kind=kind_name,
        context=context,
        context_subject=context_subject,
        context_sender=context_sender,
        record=body if body.strip() != trimmed else "",
        date_problem=date_problem if header_time is None and inline_date is None else "",
        cuts=tuple(str(c) for c in cuts),
        report=kind.why if kind.kind == "report" else "",
    )
