"""Who is on the line: client, contact and phone in view, the attempt and the stopwatch."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from cierre.domain.model import Closure
from cierre.tui.safe import literal
from cierre.tui.widgets.call_keys import same
from cierre.tui.widgets.call_stopwatch import CallStopwatch


class CallHeader(Horizontal):
    DEFAULT_CSS = """
    CallHeader { height: 4; padding: 0 1; border-bottom: solid $primary; }
    CallHeader #call-who { width: 1fr; height: 3; }
    CallHeader #call-client { text-style: bold; }
    CallHeader #call-phone { color: $accent; text-style: bold; }
    CallHeader #call-state { width: auto; min-width: 12; height: 3; padding: 0 1; content-align: right top; }
    CallHeader #call-state.-paused { color: $warning; text-style: bold; }
    """

    def __init__(self, t: Callable[..., str], clock: Callable[[], datetime]) -> None:
        super().__init__()
        self._t = t
        self._clock = clock
        self._seen: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="call-who"):
            yield Static(id="call-client")
            yield Static(id="call-contact")
            yield Static(id="call-phone")
        yield Static(id="call-state")
        yield CallStopwatch(self._clock, id="call-stopwatch")

    def _set(self, widget_id: str, content: Content | str) -> None:
        """Update one line only when its text changed: a keystroke repaints what it touched."""
        if not same(self._seen.get(widget_id), content):
            self._seen[widget_id] = content
            self.query_one(f"#{widget_id}", Static).update(content)

    def show(self, closure: Closure) -> None:
        t = self._t
        self._set("call-client", literal(closure.client, single_line=True))
        contact = literal(closure.contact, single_line=True) if closure.contact else Content(t("call.no_contact"))
        self._set("call-contact", contact)
        phone = closure.phone
        self._set(
            "call-phone", Content.assemble("☎ ", literal(phone, single_line=True)) if phone else Content(t("call.no_phone"))
        )
        call = closure.current_call
        number = call.number if call else len(closure.calls) + 1
        state = t("call.paused") if call and call.paused else (t("call.on_call") if call else t("call.not_started"))
        self._set("call-state", Content(f"{t('call.attempt', number=number)}\n{state}"))
        self.query_one("#call-state").set_class(bool(call and call.paused), "-paused")
        self.stopwatch.show_attempt(call)

    @property
    def stopwatch(self) -> CallStopwatch:
        return self.query_one(CallStopwatch)
