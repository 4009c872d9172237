"""The help screen: every key of the screen underneath, with what it does and its remap id.

One table drawn to the box's width: the "What it does" column wraps, so nothing is cut and
nothing scrolls sideways; only the box scrolls, up and down, with its one scrollbar at its edge.
Cierre's own keys come first, then the app's, then the ones every Textual widget has (moving,
editing), under their own heading, each in the user's language (`tui/keys.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from cierre.domain.text import one_line
from cierre.tui.keys import KeyAction, key_owner, screen_actions

if TYPE_CHECKING:
    from textual.screen import Screen


class HelpScreen(ModalScreen[None]):
    """Every key of the screen underneath, with what it does."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help-box {
        width: 90%; max-width: 100; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; color: $accent; margin-bottom: 1; }
    HelpScreen #help-scroll { height: 1fr; scrollbar-gutter: stable; }
    HelpScreen #help-hint { width: 1fr; color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, target: Screen) -> None:
        super().__init__()
        self.target = target
        # (keys, action, remap id, what it does) as shown: Cierre's, the app's, then Textual's own.
        self.rows: list[tuple[str, str, str, str]] = []
        self.table: Group | None = None  # what the keys' Static draws, at whatever width it gets

    def compose(self) -> ComposeResult:
        t = self.app.t  # type: ignore[attr-defined]
        entries = screen_actions(self.target)
        self.rows = [(e.keys, e.description, e.binding_id or "", e.tooltip) for e in entries]
        with Vertical(id="help-box"):
            yield Label(Content(t("help.title")), id="help-title")
            self.table = self._table(entries)
            with VerticalScroll(id="help-scroll"):
                yield Static(self.table, id="help-keys")
            yield Label(Content(t("help.hint")), id="help-hint")

    def _table(self, entries: list[KeyAction]) -> Group:
        """Key, action (its remap id dim beneath it) and what it does, wrapping in its column; then the
        keys every list and text box has, under their own heading, with the keys in line above them."""
        t = self.app.t  # type: ignore[attr-defined]
        own = [entry for entry in entries if entry.binding_id]
        general = [entry for entry in entries if not entry.binding_id]
        key_width = max((cell_len(one_line(entry.keys)) for entry in entries), default=4)
        key_width = max(key_width, cell_len(t("help.key")))
        heading = Text(t("help.action"))
        heading.append(f"\n{t('help.binding_id')}", style="dim not bold")
        table = Table(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1), pad_edge=False, show_edge=False)
        table.add_column(Text(t("help.key")), no_wrap=True, style="bold", width=key_width)
        # An id is what the config file's [keys] table names: always whole.
        ids = max([cell_len(key_owner(entry.binding_id or "")) for entry in own] + [cell_len(t("help.binding_id"))])
        table.add_column(heading, ratio=1, width=ids)  # a third of the room after the keys, at least the ids
        table.add_column(Text(t("help.detail")), ratio=2)
        for entry in own:
            action = Text(one_line(entry.description))
            # The id the config file's [keys] table names to remap this key (a shared key: its owner's).
            action.append(f"\n{key_owner(entry.binding_id or '')}", style="dim")
            table.add_row(Text(one_line(entry.keys)), action, Text(one_line(entry.tooltip)))
        if not general:
            return Group(table)
        rest = Table(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1), pad_edge=False, show_edge=False, show_header=False)
        rest.add_column(no_wrap=True, style="bold", width=key_width)
        rest.add_column(ratio=1)
        for entry in general:
            rest.add_row(Text(one_line(entry.keys)), Text(one_line(entry.description)))
        return Group(table, Text(t("help.general"), style="bold"), rest)
