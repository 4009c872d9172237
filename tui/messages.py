"""Messages the app sends its screens."""

from __future__ import annotations

from textual.message import Message


class DataChanged(Message):
    """The data folder changed, by this process or another (a `cierre note` from a second terminal,
    a sync): each screen on the stack reads again what it shows, if its part changed."""


class ChecklistClicked(Message):
    """A checklist item was clicked: the screen ticks it as its number key would (`toggle(n)`),
    so a click is turned down wherever the key is (a line open for typing, a step not current)."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number


class ActionClicked(Message):
    """An action item was clicked: the screen ticks it (or takes the tick back)."""

    def __init__(self, action_id: str) -> None:
        super().__init__()
        self.action_id = action_id
