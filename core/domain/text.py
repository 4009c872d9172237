"""Text from users and servers made safe to show: no terminal control sequence survives, and what
could hide or disguise text is made visible.

The stored text is never changed; only what reaches the screen. A control character shows as its
escape (`\\x1b`), a bidirectional override or an invisible character as its code point (`<U+202E>`),
so "Invoice<U+202E>fdp.exe" cannot pass for "Invoiceexe.pdf" and an escape sequence in an e-mail
shows as text instead of clearing the screen.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls except tab and newline, DEL, and the C1 controls (0x80-0x9f: CSI, OSC... on some terminals).
_CONTROL_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Bidirectional embeddings, overrides and isolates, the marks, and characters of no width.
_INVISIBLE_CLASS = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_SHOWN_ESCAPED = re.compile(f"[{_CONTROL_CLASS}{_INVISIBLE_CLASS}\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n|[\t\n\r]")
_ZWJ = "\u200d"


def _joins_emoji(text: str, at: int) -> bool:
    """U+200D between two pictographs builds one emoji (a family, a flag): it stays as it is."""
    import unicodedata

    before, after = text[at - 1 : at], text[at + 1 : at + 2]
    return bool(before and after) and all(
        unicodedata.category(ch) in ("So", "Sk", "Mn") or ch == "\ufe0f" for ch in (before, after)
    )


def _visible(text: str) -> str:
    def shown(match: re.Match[str]) -> str:
        ch = match.group()
        if ch == _ZWJ and _joins_emoji(text, match.start()):
            return ch
        if "\ud800" <= ch <= "\udfff":
            return "\ufffd"
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0xA0 else f"<U+{code:04X}>"

    return _SHOWN_ESCAPED.sub(shown, text)


def clean(text: str) -> str:
    """Text to show: control characters (but tab and newline) as escapes, invisible and direction-
    changing characters as <U+XXXX>, lone surrogates as U+FFFD; the rest as it is."""
    return _visible(text.replace("\r\n", "\n"))


def one_line(text: str, limit: int | None = None) -> str:
    """A single printable line: newlines and tabs become spaces, the rest as `clean`; cut with an
    ellipsis past `limit`."""
    flat = _visible(_LINE_BREAKS.sub(" ", text))
    flat = " ".join(flat.split()) if "  " in flat else flat
    if limit is not None and len(flat) > limit:
        return flat[: max(0, limit - 1)] + "…"
    return flat


# json.dumps with ensure_ascii=False leaves C1 controls (a terminal's CSI, OSC...), lone surrogates
# (unencodable) and U+2028/9 raw; they are written as \u escapes, which parse back to the same text.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def json_text(data: Any, indent: int | None = 2) -> str:
    """JSON that is readable (accents and emoji as they are), safe on a terminal and round-trips any text."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def folded(text: str) -> str:
    """Text as a search compares it: case and accents set aside, so "panaderia" finds "Panadería"."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


NAME_LENGTH = 40
# Small words a company name may hold in lower case ("Pixel & Co", "Estudio de Diseño", "Bank of Spain").
CONNECTORS = {"&", "and", "of", "the", "de", "del", "la", "las", "los", "el", "y", "e", "and", "und", "co", "co."}


def looks_like_name(text: str) -> bool:
    """True for a short name ("Brandwise", "Pixel & Co"), False for a sentence ("They went with Brandwise").

    A name is a few words, most of them capitalised; two or more lower-case words that are not
    connectors make it a sentence.
    """
    text = text.strip()
    words = text.split()
    if not words or len(text) > NAME_LENGTH or len(words) > 5 or text.endswith(("!", "?", ":", ";", ",")):
        return False
    lower = [w for w in words if w[:1].islower() and w.lower() not in CONNECTORS]
    return len(lower) < 2 or len(words) == 1
