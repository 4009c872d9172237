"""Size limits applied before and during parsing, so that no message takes minutes or hundreds of MB.

The standard parser has no limits of its own: a 2 MB Subject took over a minute to read. So:
- the message is cut at `MAX_MESSAGE_BYTES` (the text comes first; what is cut is attachments);
- the header block at `MAX_HEADER_BYTES`; every header field at `MAX_FIELD_CHARS` before it is parsed
  (that covers the headers of every MIME part too, through `BOUNDED_POLICY`);
- the body is cut after `MAX_DELIMITERS` lines starting with "--" (MIME boundaries): the parser
  spends a third of a millisecond on each part, so 100,000 tiny parts took a minute;
- at most `MAX_PARTS` MIME parts are looked at, and a body's text is kept up to `MAX_TEXT_CHARS`.
Each cut is reported in one line (`Cut`), and what fits is imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.policy import EmailPolicy

from cierre.domain.texts import say

MAX_MESSAGE_BYTES = 5 * 1024 * 1024  # the text comes first; what is cut is attachments
MAX_HEADER_BYTES = 256 * 1024
MAX_FIELD_CHARS = 4 * 1024
MAX_PARTS = 200
MAX_DELIMITERS = 2 * MAX_PARTS  # lines that open or close a MIME part
MAX_TEXT_CHARS = 256 * 1024

_HEADER_END = re.compile(rb"\r?\n\r?\n")
_DELIMITER_LINE = re.compile(rb"^--", re.MULTILINE)
_FIELD_START = re.compile(rb"\r?\n(?![ \t])")  # a line end not followed by a folded continuation


@dataclass(frozen=True)
class Cut:
    """What was left out of a message, for one line on the screen."""

    what: str

    def __str__(self) -> str:
        return self.what


def _size(count: int) -> str:
    return f"{count // (1024 * 1024)} MB" if count >= 1024 * 1024 else f"{count // 1024} KB"


def _bounded_headers(head: bytes) -> tuple[bytes, list[Cut]]:
    """Every field cut to MAX_FIELD_CHARS bytes and the block to MAX_HEADER_BYTES, whole fields."""
    fields = _FIELD_START.split(head)
    if len(head) <= MAX_HEADER_BYTES and all(len(f) <= MAX_FIELD_CHARS for f in fields):
        return head, []
    cuts: list[Cut] = []
    kept: list[bytes] = []
    total = 0
    for number, field in enumerate(fields):
        if len(field) > MAX_FIELD_CHARS:
            name = field.split(b":", 1)[0][:40].decode("ascii", "replace").strip() or "a"
            cuts.append(Cut(say("mail.cut_field", name=name, size=_size(MAX_FIELD_CHARS))))
            field = field[:MAX_FIELD_CHARS]
        if total + len(field) > MAX_HEADER_BYTES:
            cuts.append(Cut(say("mail.cut_headers", size=_size(MAX_HEADER_BYTES), count=len(fields) - number)))
            break
        kept.append(field)
        total += len(field) + 1
    return b"\n".join(kept), cuts[:3] + cuts[-1:] if len(cuts) > 4 else cuts


def bounded_bytes(data: bytes) -> tuple[bytes, list[Cut]]:
    """The message cut to the limits on its whole size, its header block and each header field."""
    cuts: list[Cut] = []
    if len(data) > MAX_MESSAGE_BYTES:
        data = data[:MAX_MESSAGE_BYTES]
        cuts.append(Cut(say("mail.cut_message", size=_size(MAX_MESSAGE_BYTES))))
    end = _HEADER_END.search(data)
    head, rest = (data[: end.start()], data[end.start() :]) if end else (data, b"")
    head, header_cuts = _bounded_headers(head)
    rest, part_cuts = _bounded_parts(rest)
    if header_cuts or part_cuts:
        data = head + (rest or b"\n")
    return data, cuts + header_cuts + part_cuts


def _bounded_parts(body: bytes) -> tuple[bytes, list[Cut]]:
    """The body up to its MAX_DELIMITERS-th line that starts with "--" (where a MIME part begins or
    ends): the parser's time grows with the number of parts (a third of a millisecond each)."""
    for count, line in enumerate(_DELIMITER_LINE.finditer(body), start=1):
        if count > MAX_DELIMITERS:
            return body[: line.start()], [Cut(say("mail.cut_parts", count=MAX_PARTS))]
    return body, []


def cut_field(value: str) -> str:
    return value if len(value) <= MAX_FIELD_CHARS else value[:MAX_FIELD_CHARS]


class _BoundedPolicy(EmailPolicy):
    """policy.default, except that a header field is cut before the (slow on huge input) parser sees it."""

    def header_fetch_parse(self, name, value):
        return super().header_fetch_parse(name, cut_field(value))


BOUNDED_POLICY = _BoundedPolicy()
