"""The help screen: every key of the screen underneath, with what it does and its remap id."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label

from cierre.tui.keys import key_owner, screen_actions

if TYPE_CHECKING:
    from textual.screen import Screen


class HelpScreen(ModalScreen[None]):
    """Every key of the screen underneath, with what it does."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; color: $accent; margin-bottom: 1; }
    HelpScreen #help-hint { color: $text-muted; margin-top: 1; }
    HelpScreen DataTable { height: auto; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, target: Screen) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        t = self.app.t
        with VerticalScroll():
            yield Label(Content(t("help.title")), id="help-title")
            from textual.widgets import DataTable  # loaded when help opens, not at start-up

            table = DataTable(cursor_type="row", zebra_stripes=True, id="help-keys")
            table.add_columns(*(Text(t(f"help.{name}")) for name in ("key", "action", "binding_id", "detail")))
            for entry in screen_actions(self.target):
                # The id is what the config file's [keys] table names to remap this key (a shared key: its owner's).
                binding_id = key_owner(entry.binding_id) if entry.binding_id else ""
                table.add_row(Text(entry.keys), Text(entry.description), Text(binding_id), Text(entry.tooltip))
            yield table
            yield Label(Content(t("help.hint")), id="help-hint")
