"""Where messages come from: an .eml file, standard input, an mbox or a maildir folder.

Each gives `Stored` messages: the raw bytes (bounded) and the time to fall back on when the Date
header is missing or impossible (the file's time, the mbox separator's, or now).
"""

from __future__ import annotations

import mailbox
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Literal

from cierre.domain.texts import say
from cierre.integrations.mail.limits import MAX_MESSAGE_BYTES

Source = Literal["header", "file", "mbox", "now"]


class IntakeError(Exception):
    """The mailbox or file cannot be read; one line."""


@dataclass(frozen=True)
class Stored:
    raw: bytes
    fallback_time: datetime | None  # None: "now", from the caller's clock
    fallback_source: Source
    oversized: bool = False  # more than MAX_MESSAGE_BYTES were there; only that much was read


def mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).astimezone()


def _read_bounded(handle: BinaryIO) -> tuple[bytes, bool]:
    data = handle.read(MAX_MESSAGE_BYTES + 1)
    return data[:MAX_MESSAGE_BYTES], len(data) > MAX_MESSAGE_BYTES


def read_file(path: Path) -> Stored:
    try:
        with path.open("rb") as handle:
            data, oversized = _read_bounded(handle)
        return Stored(data, mtime(path), "file", oversized)
    except OSError as exc:
        raise IntakeError(say("mail.cannot_read", path=path, error=exc.strerror or exc)) from None


def read_stream(stream: BinaryIO) -> Stored:
    """Standard input, as a mail client's "pipe to" gives it: no file, so no file time."""
    data, oversized = _read_bounded(stream)
    return Stored(data, None, "now", oversized)


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def is_mbox(path: Path) -> bool:
    """An mbox starts with a "From " separator line; an .eml starts with a header."""
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False  # the importer reports the unreadable file in its own words


_SEPARATOR_TIME = re.compile(r"(\w{3})\s+(\w{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(\d{4})\s*$")


def separator_time(line: bytes) -> datetime | None:
    """The asctime at the end of "From sender Mon Mar  4 10:00:00 2024", read as UTC: what Python's
    mailbox, Thunderbird's export and most delivery agents write (the separator has no zone)."""
    match = _SEPARATOR_TIME.search(line.decode("latin-1").rstrip())
    if match is None:
        return None
    try:
        moment = datetime.strptime(" ".join(match.group(2, 3, 7)) + f" {match.group(4)}:{match.group(5)}", "%b %d %Y %H:%M")
    except ValueError:
        return None
    return moment.replace(second=int(match.group(6) or 0), tzinfo=timezone.utc)


def mbox_messages(path: Path) -> list[Stored]:
    if not path.is_file():
        raise IntakeError(say("mail.not_a_file", path=path))
    try:
        file_time = mtime(path)
        box = mailbox.mbox(path, create=False)
        try:
            stored = []
            for key in box.keys():
                raw = box.get_bytes(key, from_=True)
                separator, _, message = raw.partition(b"\n")
                when = separator_time(separator)
                oversized = len(message) > MAX_MESSAGE_BYTES
                stored.append(Stored(message[:MAX_MESSAGE_BYTES], when or file_time, "mbox" if when else "file", oversized))
            return stored
        finally:
            box.close()
    except OSError as exc:
        raise IntakeError(say("mail.cannot_read", path=path, error=exc.strerror or exc)) from None


def maildir_messages(path: Path) -> list[Stored]:
    """Every message in new/ and cur/, oldest first (maildir names start with the delivery time)."""
    files = [f for folder in ("new", "cur") for f in (path / folder).iterdir() if f.is_file() and not f.name.startswith(".")]
    return [read_file(f) for f in sorted(files, key=lambda f: f.name)]
