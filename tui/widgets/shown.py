"""Updating a Static only when what it shows changes."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def show(widget: Static, content: Content) -> None:
    """Update a Static only when what it shows changed: every update costs a layout pass."""
    key = (content.plain, tuple(content.spans))
    if getattr(widget, "_shown_key", None) != key:
        widget._shown_key = key  # type: ignore[attr-defined]
        widget.update(content)
