"""Size limits applied before and during parsing, so that no message takes minutes or hundreds of MB.

The standard parser has no limits of its own: a 2 MB Subject took over a minute to read. So:
- the message is cut at `MAX_MESSAGE_BYTES` (the text comes first; what is cut is attachments);
- the header block at `MAX_HEADER_BYTES`; every header field at `MAX_FIELD_CHARS` before it is parsed
  (that covers the headers of every MIME part too, through `BOUNDED_POLICY`);
- at most `MAX_PARTS` MIME parts are looked at, and a body's text is kept up to `MAX_TEXT_CHARS`.
Each cut is reported in one line (`Cut`), and what fits is imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.policy import EmailPolicy

MAX_MESSAGE_BYTES = 10 * 1024 * 1024
MAX_HEADER_BYTES = 256 * 1024
MAX_FIELD_CHARS = 4 * 1024
MAX_PARTS = 200
MAX_TEXT_CHARS = 256 * 1024

_HEADER_END = re.compile(rb"\r?\n\r?\n")


@dataclass(frozen=True)
class Cut:
    """What was left out of a message, for one line on the screen."""

    what: str

    def __str__(self) -> str:
        return self.what


def _size(count: int) -> str:
    return f"{count // (1024 * 1024)} MB" if count >= 1024 * 1024 else f"{count // 1024} KB"


def bounded_bytes(data: bytes) -> tuple[bytes, list[Cut]]:
    """The message cut to the limits on its whole size and on its header block."""
    cuts: list[Cut] = []
    if len(data) > MAX_MESSAGE_BYTES:
        data = data[:MAX_MESSAGE_BYTES]
        cuts.append(Cut(f"the message is over {_size(MAX_MESSAGE_BYTES)}: only its first {_size(MAX_MESSAGE_BYTES)} were read"))
    end = _HEADER_END.search(data, 0, MAX_HEADER_BYTES + 4)
    if end is None and len(data) > MAX_HEADER_BYTES:
        # No blank line within the limit: keep whole header lines up to it, and no body.
        head = data[:MAX_HEADER_BYTES]
        head = head[: head.rfind(b"\n") + 1] or head
        data = head + b"\n"
        cuts.append(Cut(f"the headers are over {_size(MAX_HEADER_BYTES)}: the rest of the message was left out"))
    return data, cuts


def cut_field(value: str) -> str:
    return value if len(value) <= MAX_FIELD_CHARS else value[:MAX_FIELD_CHARS]


class _BoundedPolicy(EmailPolicy):
    """policy.default, except that a header field is cut before the (slow on huge input) parser sees it."""

    def header_fetch_parse(self, name, value):
        return super().header_fetch_parse(name, cut_field(value))


BOUNDED_POLICY = _BoundedPolicy()
