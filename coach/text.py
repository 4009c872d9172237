"""Text from users and servers made safe to show: no terminal control sequences survive."""

from __future__ import annotations

import re

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
