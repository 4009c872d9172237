"""Placeholder while the full screen is built: it opens on one closure and Escape goes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.safe import literal


class CallScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="call.back", tooltip="Back to the closure")]

    def __init__(self, coach, closure_id: str) -> None:
        super().__init__()
        self.coach = coach
        self.closure_id = coach.resolve(closure_id)

    def compose(self) -> ComposeResult:
        closure = self.coach.get(self.closure_id)
        yield Static(literal(closure.client, single_line=True))
        yield Footer()
