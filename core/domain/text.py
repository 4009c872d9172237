"""Text from users and servers made safe to show: no terminal control sequences survive."""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls except tab and newline, DEL, and the C1 controls (0x80-0x9f: CSI, OSC... on some terminals).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_KEEP_NOTHING = re.compile("[\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """Drop control characters (keeping tab and newline) and lone surrogates; the rest is shown as is."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def one_line(text: str, limit: int | None = None) -> str:
    """A single printable line: newlines and tabs become spaces; cut with an ellipsis past `limit`."""
    flat = _SURROGATE.sub("\ufffd", _CONTROL_KEEP_NOTHING.sub(" ", text.replace("\r\n", " ")))
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
