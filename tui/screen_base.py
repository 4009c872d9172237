"""What every Cierre screen shares: the one Coach, texts in the current language, keys that follow it."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.screen import Screen

from cierre.action_error import ActionError
from cierre.domain.playbook import Playbook
from cierre.domain.playbook import load as load_playbook
from cierre.storage.files import DamagedFileError
from cierre.storage.store import StoreError

# What an operation may refuse with, each said in one line: shown to the user, never a traceback.
# OSError covers a write that failed (disk full, read-only: storage's FolderError names the file);
# sqlite3.Error an index damaged while the app runs (it is rebuilt at the next start).
PROBLEMS = (ActionError, StoreError, DamagedFileError, ValueError, OSError, sqlite3.Error)

if TYPE_CHECKING:
    from cierre.domain.texts import Translator
    from cierre.service import Coach


class CierreScreen(Screen[Any]):
    # Help comes first in every footer, so a narrow terminal (or longer Spanish labels) never cuts it.
    BINDINGS = [Binding("question_mark,f1", "app.help", "Help", id="app.help")]
    # A view the command palette may jump from to any closure (the app closes it on the way):
    # never a screen that holds a call, a form being filled or work under way.
    JUMPS = False

    @property
    def coach(self) -> Coach:
        return self.app.coach  # type: ignore[attr-defined]

    @property
    def t(self) -> Translator:
        return self.app.t  # type: ignore[attr-defined]

    @property
    def playbook(self) -> Playbook:
        return load_playbook(self.t.lang)

    def on_mount(self) -> None:
        self.watch(self.app, "language", self._language_changed, init=False)

    def _language_changed(self, lang: str) -> None:
        self.refresh_bindings()  # the footer shows key texts in the new language
        self.refresh_texts()

    def refresh_texts(self) -> None:
        """Redraw every text that comes from a catalog or the playbook; screens override it."""
