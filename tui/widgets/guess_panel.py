"""Before the call: the user's own guess of why they lost, and its category.

Written down first so it can be compared later with what the client said. The
input is not focused until asked for (`g`), so single keys keep working; Enter
saves, Escape leaves it.
"""

from __future__ import annotations

from typing import Callable

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from cierre.domain.model import Closure
from cierre.tui.safe import literal
from cierre.tui.widgets.shown import show
from cierre.tui.widgets.view_context import ViewContext


class GuessInput(Input):
    """Enter saves (`on_save`) and Escape leaves (`on_leave`) inside this input's own handling of the
    key, in order with the text typed before it; both move focus away at once. Keys typed in the
    same burst after them, which reached this input first, go on to the app in their order, as if
    typed now: the pick in the reason's list, the view's next key."""

    on_save: Callable[[str], None] | None = None
    on_leave: Callable[[], None] | None = None

    async def on_key(self, event: events.Key) -> None:
        if self.app.focused is not self:  # (has_focus follows only later, with the Blur event)
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        if event.key in ("enter", "escape"):
            event.stop()
            event.prevent_default()
            if event.key == "enter" and self.on_save is not None:
                self.on_save(self.value)
            elif event.key == "escape" and self.on_leave is not None:
                self.on_leave()


class GuessPanel(Vertical):
    DEFAULT_CSS = """
    GuessPanel { height: auto; padding: 0 1; margin-bottom: 1; }
    GuessPanel #guess-prompt { color: $text-muted; }
    GuessPanel GuessInput { margin: 0 0; background: $boost; }
    GuessPanel #guess-compare { height: auto; }
    """

    _stored = ""  # the guess on disk as last shown: the line differs from it while an edit is unsaved

    def compose(self) -> ComposeResult:
        yield Static("", id="guess-prompt")
        yield GuessInput(id="guess-input", max_length=500, compact=True)
        yield Static("", id="guess-compare")

    def show(self, closure: Closure, ctx: ViewContext, *, editable: bool) -> None:
        t, playbook = ctx.t, ctx.playbook
        self.display = editable or bool(closure.guess)
        guess_input = self.query_one(GuessInput)
        guess_input.display = editable
        guess_input.placeholder = t("closure.guess_placeholder")
        if not guess_input.has_focus and guess_input.value == self._stored:
            guess_input.value = closure.guess  # an unsaved edit left with Esc stays in the line
        self._stored = closure.guess
        prompt = playbook.text("kinds.lost.steps.call.guess_prompt") if editable else t("closure.guess_title")
        show(self.query_one("#guess-prompt", Static), Content(prompt))
        parts: list = []
        if closure.guess and not editable:
            parts += [(t("closure.guess_yours") + " ", "bold"), literal(closure.guess)]
        if closure.guess_reason:
            if parts:
                parts.append("\n")
            parts.append((t("closure.guess_reason", reason=playbook.reason_label("lost", closure.guess_reason)), ""))
        if closure.reason:
            said = playbook.reason_label("lost", closure.reason)
            matched = closure.guess_reason == closure.reason
            if parts:
                parts.append("\n")
            parts.append((t("closure.guess_said", reason=said), "bold"))
            if closure.guess_reason:
                parts.append(
                    (f"  {t('closure.guess_match' if matched else 'closure.guess_miss')}", "$success" if matched else "$warning")
                )
        show(self.query_one("#guess-compare", Static), Content.assemble(*parts))
