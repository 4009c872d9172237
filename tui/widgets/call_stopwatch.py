"""The call's stopwatch: talk time computed from the stored attempt, never from ticks."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from textual.widgets import Digits

from cierre.domain.model import CallAttempt
from cierre.tui.widgets.call_keys import clock_text


class CallStopwatch(Digits):
    """Shows `attempt.elapsed(clock())`; the timer only decides how often to look, not what to show."""

    DEFAULT_CSS = """
    CallStopwatch { width: auto; color: $success; }
    CallStopwatch.-paused { color: $warning; text-style: dim; }
    CallStopwatch.-idle { color: $text-muted; }
    """

    def __init__(self, clock: Callable[[], datetime], **kwargs) -> None:
        super().__init__("--:--", **kwargs)
        self._clock = clock
        self._attempt: CallAttempt | None = None
        self._shown = "--:--"

    def on_mount(self) -> None:
        self.set_class(True, "-idle")
        self.set_interval(0.25, self.tick)

    def show_attempt(self, attempt: CallAttempt | None) -> None:
        self._attempt = attempt
        self.set_class(attempt is None, "-idle")
        self.set_class(attempt is not None and attempt.paused, "-paused")
        self.tick()

    def tick(self) -> None:
        seconds = self._attempt.elapsed(self._clock()) if self._attempt else None
        text = clock_text(seconds)
        if text != self._shown:  # repaint only when the second changes
            self._shown = text
            self.update(text)

    @property
    def shown(self) -> str:
        return self._shown
