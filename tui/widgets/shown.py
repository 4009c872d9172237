"""Updating a Static only when what it shows changes."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from textual.content import Content
from textual.widgets import Static

# What each Static was last given, kept here rather than as an attribute on Textual's widget.
_SHOWN: WeakKeyDictionary[Static, tuple[object, ...]] = WeakKeyDictionary()


def show(widget: Static, content: Content) -> None:
    """Update a Static only when what it shows changed: every update costs a layout pass."""
    key = (content.plain, tuple(content.spans))
    if _SHOWN.get(widget) != key:
        _SHOWN[widget] = key
        widget.update(content)
