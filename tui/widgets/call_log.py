"""The live log of captured notes, each with its time into the call.

New notes are appended as one row each; nothing already on screen is rebuilt,
so a capture during the call costs one small repaint.
"""

from __future__ import annotations

from typing import Callable

from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from cierre.domain.model import Note
from cierre.tui.safe import literal
from cierre.tui.widgets.call_keys import clock_text

KIND_STYLES = {
    "note": "",
    "competitor": "bold $error",
    "suggestion": "bold $success",
    "reason": "bold $warning",
    "quote": "bold $accent",
}


class LogRow(Horizontal):
    """The call time in its own column; kind and text beside it, wrapping under themselves."""

    DEFAULT_CSS = """
    LogRow { height: auto; }
    LogRow .log-time { width: auto; padding-right: 2; color: $text-muted; }
    LogRow .log-text { width: 1fr; }
    """

    def __init__(self, stamp: str, text: Content, **kwargs) -> None:
        super().__init__(**kwargs)
        self._stamp, self._text = stamp, text

    def compose(self):
        yield Static(Content(self._stamp), classes="log-time")
        yield Static(self._text, classes="log-text")

    @property
    def text(self) -> str:
        """The row as one line of plain text, as the user reads it."""
        time, text = self.query(Static)
        return f"{time.render()}  {text.render()}"


class CallLog(VerticalScroll):
    DEFAULT_CSS = """
    CallLog { height: 1fr; border: round $primary 50%; padding: 0 1; }
    CallLog:focus { border: round $primary; }
    CallLog LogRow { height: auto; }
    CallLog #call-log-empty { color: $text-muted; }
    """
    can_focus = False  # keys stay with the screen: single-key capture needs no focused widget

    def __init__(self, title: str, empty: str, kind_label: Callable[[str], str], *, keys: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = title
        self.border_subtitle = keys  # the capture keys, always in view where their notes land
        self._empty = empty
        self._kind_label = kind_label
        self._shown: list[str] = []  # note ids with their texts, in order
        self._at_end = True  # on the latest note, as it opens: kept there when the log gets shorter

    def compose(self):
        yield Static(Content(self._empty), id="call-log-empty")

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._scrolled, init=False)

    def _scrolled(self) -> None:
        self._at_end = self.scroll_y >= self.max_scroll_y

    def on_resize(self) -> None:
        # The prompt opening below takes lines from the log: the latest notes stay in view, unless
        # the user had scrolled back to read older ones.
        if self._at_end:
            self.scroll_end(animate=False)

    def row(self, note: Note, current_attempt: int | None) -> LogRow:
        stamp = clock_text(note.call_seconds)
        if note.attempt is not None and current_attempt is not None and note.attempt != current_attempt:
            stamp = f"#{note.attempt} {stamp}"
        label = self._kind_label(note.kind)
        text = Content.assemble((label, KIND_STYLES.get(note.kind, "bold")), "  ", literal(note.text))
        return LogRow(stamp, text, classes=f"-{note.kind}")

    def sync(self, notes: list[Note], current_attempt: int | None) -> None:
        """Show exactly `notes`: append the new ones; rebuild only when one was edited, removed or reordered."""
        ids = [f"{n.id} {n.text}" for n in notes]
        if ids == self._shown:
            return
        if ids[: len(self._shown)] != self._shown:
            self.remove_children(LogRow)
            self._shown = []
        new = [n for n in notes[len(self._shown) :]]
        if new:
            self.mount_all([self.row(n, current_attempt) for n in new])
        self._shown = ids
        self.query_one("#call-log-empty").display = not ids
        self.scroll_end(animate=False, immediate=False)
