"""Messages the app sends its screens."""

from __future__ import annotations

from textual.message import Message


class DataChanged(Message):
    """The data folder changed, by this process or another (a `cierre note` from a second terminal,
    a sync): each screen on the stack reads again what it shows, if its part changed."""
