"""Show user and server text literally: no markup is parsed and no escape byte reaches the terminal."""

from __future__ import annotations

from textual.content import Content

from cierre.domain.text import clean, one_line


def literal(text: str, *, single_line: bool = False, limit: int | None = None) -> Content:
    """Content that renders `text` exactly as typed, minus control characters."""
    return Content(one_line(text, limit) if single_line else clean(text))


__all__ = ["literal", "clean", "one_line"]
