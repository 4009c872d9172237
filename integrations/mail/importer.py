"""Reading the rejection e-mail a closure starts from: an .eml file, one message of an mbox, or bytes.

Every public function returns a `RejectionEmail` or raises `MailImportError` with one clear line;
no other exception escapes, whatever the input.
"""

from __future__ import annotations

import mailbox
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Callable, Literal, TypeVar

from cierre.integrations.mail.forwarded import FORWARD_SUBJECT, find_inline_forward, parse_forwarded_date
from cierre.integrations.mail.naming import client_from, contact_from
from cierre.integrations.mail.text import clean_line, clean_text, decode_bytes, fix_surrogates, html_to_text, trim_quoted_history

Source = Literal["header", "file", "now"]
Clock = Callable[[], datetime]
_T = TypeVar("_T")
_MAX_FORWARD_DEPTH = 5  # forwards of forwards; deeper nesting is not a real conversation


class MailImportError(Exception):
    """The input is not a readable e-mail; the message is one line, fit for the screen."""

    def __init__(self, message: str) -> None:
        super().__init__(clean_line(message))


@dataclass(frozen=True)
class RejectionEmail:
    client: str
    contact: str
    email: str
    received_at: datetime  # aware; in the sender's own zone when it comes from the Date header
    received_source: Source
    subject: str
    body: str
    message_id: str | None


@dataclass(frozen=True)
class MboxEntry:
    """One line of the list a UI shows so the user can pick a message by index."""

    index: int
    sender: str
    subject: str
    date: datetime | None


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def parse_email(data: bytes, *, clock: Clock = _utc_now) -> RejectionEmail:
    """Bytes with no file behind them: a missing Date means "now" from `clock`."""

    def fallback() -> tuple[datetime, Source]:
        now = clock()
        return (now if now.tzinfo else now.astimezone()), "now"

    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise MailImportError(f"expected the raw bytes of an e-mail, got {type(data).__name__}")
    return _guarded(lambda: _parse(bytes(data), fallback))


def import_eml(path: str | os.PathLike[str]) -> RejectionEmail:
    """An .eml file: a missing Date means the file's modification time."""
    return _guarded(lambda: _parse(_read_file(Path(path)), lambda: (_mtime(Path(path)), "file")))


def list_mbox(path: str | os.PathLike[str]) -> list[MboxEntry]:
    return _guarded(lambda: [_entry(i, raw) for i, raw in enumerate(_mbox_messages(Path(path)))])


def import_mbox(path: str | os.PathLike[str], index: int | None = None) -> RejectionEmail:
    """One message of an mbox; `index` may be left out only when the mbox holds a single message."""

    def run() -> RejectionEmail:
        messages = _mbox_messages(Path(path))
        count = len(messages)
        if count == 0:
            raise MailImportError(f"{path} holds no messages")
        chosen = 0 if index is None and count == 1 else index
        if chosen is None or not 0 <= chosen < count:
            noun = "message" if count == 1 else "messages"
            raise MailImportError(f"mbox has {count} {noun}; choose one with --index 0..{count - 1}")
        return _parse(messages[chosen], lambda: (_mtime(Path(path)), "file"))

    return _guarded(run)


def _guarded(action: Callable[[], _T]) -> _T:
    try:
        return action()
    except MailImportError:
        raise
    except RecursionError:
        raise MailImportError("not a readable e-mail: it is nested too deeply") from None
    except Exception as exc:  # the stdlib parser has corner cases; the caller gets one kind of error
        raise MailImportError(f"not a readable e-mail ({type(exc).__name__})") from exc


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise MailImportError(f"cannot read {path}: {exc.strerror or exc}") from None


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).astimezone()


def _mbox_messages(path: Path) -> list[bytes]:
    if not path.is_file():
        raise MailImportError(f"cannot read {path}: not a file")
    try:
        box = mailbox.mbox(path, create=False)
        try:
            return [box.get_bytes(key) for key in box.keys()]
        finally:
            box.close()
    except OSError as exc:
        raise MailImportError(f"cannot read {path}: {exc.strerror or exc}") from None


def _entry(index: int, raw: bytes) -> MboxEntry:
    msg = message_from_bytes(raw, policy=policy.default)
    return MboxEntry(index, _header_text(msg, "From"), _header_text(msg, "Subject"), _header_date(msg))


# --- headers -------------------------------------------------------------------------------

def _raw_header(msg: EmailMessage, name: str) -> str | None:
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            # Raw 8-bit bytes come back surrogate-escaped; folding newlines are not content.
            return re.sub(r"\r?\n(?=[ \t])", "", fix_surrogates(str(value)))
    return None


def _header(msg: EmailMessage, name: str):
    """The parsed header, None when absent; ValueError when the stdlib parser trips over it."""
    raw = _raw_header(msg, name)
    if raw is None:
        return None
    try:
        return policy.default.header_factory(name, raw)
    except Exception as exc:  # e.g. IndexError on "From: a@" in some Python versions
        raise ValueError(raw) from exc


def _header_text(msg: EmailMessage, name: str) -> str:
    try:
        header = _header(msg, name)
    except ValueError as unparsed:
        return clean_line(str(unparsed))  # better the raw text than nothing
    return "" if header is None else clean_line(str(header))


def _header_date(msg: EmailMessage) -> datetime | None:
    raw = _raw_header(msg, "Date")
    try:
        parsed = parsedate_to_datetime(raw.strip()) if raw else None
    except Exception:  # any unparseable date is just "no date"
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)  # "-0000": UTC, sender's zone unknown
    return parsed


def _sender(msg: EmailMessage) -> tuple[str, str]:
    try:
        header = _header(msg, "From")
    except ValueError:
        raise MailImportError("not an e-mail: the From header cannot be read") from None
    if header is None:
        raise MailImportError("not an e-mail: no From header")
    for address in getattr(header, "addresses", ()):
        if address.username and address.domain:
            return clean_line(address.display_name), clean_line(f"{address.username}@{address.domain}")
    raise MailImportError("not an e-mail: the From header holds no address")


# --- body ----------------------------------------------------------------------------------

def _body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))  # skips attachments
    if part is None:
        return ""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    text = decode_bytes(payload, part.get_content_charset())
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return clean_text(text)


def _attached_original(msg: EmailMessage) -> EmailMessage:
    """Follow forwards sent as message/rfc822 attachments down to the first message."""
    for _ in range(_MAX_FORWARD_DEPTH):
        inner = next((p for p in msg.walk() if p.get_content_type() == "message/rfc822"), None)
        payload = inner.get_payload() if inner is not None else None
        attached = payload[0] if isinstance(payload, list) and payload else None
        if attached is None or _raw_header(attached, "From") is None:
            break
        msg = attached
    return msg


# --- the whole message ---------------------------------------------------------------------

def _parse(data: bytes, fallback: Callable[[], tuple[datetime, Source]]) -> RejectionEmail:
    if not data.strip():
        raise MailImportError("not an e-mail: the message is empty")
    outer = message_from_bytes(data, policy=policy.default)
    if _raw_header(outer, "From") is None:
        raise MailImportError("not an e-mail: no From header")
    msg = _attached_original(outer)

    name, address = _sender(msg)
    subject = _header_text(msg, "Subject")
    organization = _header_text(msg, "Organization") or _header_text(msg, "Organisation")
    header_date = _header_date(msg) or _header_date(outer)
    body = _body_text(msg)
    message_id = _header_text(msg, "Message-ID") or None

    inline_date: datetime | None = None
    for _ in range(_MAX_FORWARD_DEPTH):
        forward = find_inline_forward(body, bool(FORWARD_SUBJECT.match(subject)))
        if forward is None:
            break
        name, address = clean_line(forward.sender_name), clean_line(forward.sender_address)
        subject = clean_line(forward.subject) or FORWARD_SUBJECT.sub("", subject)
        organization = ""  # the forwarder's Organization header is not the client's
        body = forward.body
        inline_date = parse_forwarded_date(forward.date_text) or inline_date

    if header_date is not None:
        received_at, source = header_date, "header"
    else:
        received_at, source = fallback()
    if inline_date is not None:
        # Clients print forwarded dates without a zone: the forwarder's zone is the best guess.
        received_at = inline_date if inline_date.tzinfo else inline_date.replace(tzinfo=received_at.tzinfo)
        source = "header"

    contact = contact_from(name, address) or address
    return RejectionEmail(
        client=clean_line(client_from(organization, address, contact)) or contact,
        contact=contact,
        email=address,
        received_at=received_at,
        received_source=source,
        subject=subject,
        body=trim_quoted_history(body),
        message_id=message_id,
    )
