"""What the call, debrief and start-again screens share: one closure, single keys, one-line prompts.

Single keys are priority bindings so that they run in the order typed; while the
prompt is open `check_action` turns them down and the key goes to the line. The
app says when the data changed (`DataChanged`); the closure file's stamp then tells whether this
closure did, so another terminal's changes show within a second.
"""

from __future__ import annotations

from typing import Any, Callable

from textual.css.query import NoMatches

from cierre.domain.model import Closure
from cierre.tui.messages import ChecklistClicked, DataChanged
from cierre.tui.screen_base import CierreScreen
from cierre.tui.widgets.call_prompt import CapturePrompt, PromptRequest


class CaptureScreen(CierreScreen):
    AUTO_FOCUS = ""  # nothing focused (None would mean "the app's choice"): single keys reach the screen
    # Escape is one key with two faces: back (leave), or closing the open line (cancel_line);
    # the footer shows the one it does now.
    ALWAYS_ALLOWED = ("leave", "cancel_line")

    def __init__(self, coach: Any, closure_id: str) -> None:
        super().__init__()
        self._coach = coach
        self.closure_id = coach.resolve(closure_id)
        self.closure: Closure = coach.get(self.closure_id)
        self._stamp: object = None
        self._prompt: CapturePrompt | None = None

    @property
    def coach(self) -> Any:
        return self._coach

    @property
    def prompt(self) -> CapturePrompt:
        # Kept once found: check_action asks for every key of every bindings refresh, and a query
        # walks the whole screen, call log included.
        if self._prompt is None or not self._prompt.is_attached:
            self._prompt = self.query_one(CapturePrompt)
        return self._prompt

    def on_data_changed(self, _: DataChanged) -> None:
        self._poll()

    async def on_checklist_clicked(self, message: ChecklistClicked) -> None:
        await self.run_action(f"toggle({message.number})")  # turned down where the key would be

    def on_screen_resume(self) -> None:
        self._poll()  # a list or dialog on top may have kept a change from showing

    def show(self, closure: Closure) -> None:
        """Repaint from `closure`, touching only what changed; screens override it."""
        self.closure = closure

    # The closure step this screen works on; "done" is shown greyed while the closure is elsewhere.
    STEP: str | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.ALWAYS_ALLOWED:
            return (action == "cancel_line") == self._escape_closes_line()
        if self.is_mounted and self._prompt_open():
            return False  # the key is text for the open line
        if action == "done" and self.STEP and self.closure.step != self.STEP:
            return None
        return True

    def _escape_closes_line(self) -> bool:
        """True while a line is open whose Escape closes it (the guess's Escape leaves the screen)."""
        request = self.prompt.request if self.is_mounted and self._prompt_open() else None
        return request is not None and request.on_cancel is None

    def _prompt_open(self) -> bool:
        try:
            return self.prompt.is_open
        except NoMatches:  # not composed yet
            return False

    # --- the disk is the truth ----------------------------------------------
    def _poll(self) -> None:
        if not self.is_current:  # a list or dialog is on top: look again later
            return
        try:
            stamp = self.coach.store.stamp(self.closure_id)
            if stamp == self._stamp:
                return
            self._stamp = stamp
            closure = self.coach.get(self.closure_id)
        except Exception as error:  # a damaged or vanished file: say so, keep the screen
            self.say(self.t("call.read_failed", error=str(error)), error=True)
            return
        self.changed_on_disk(closure)

    def changed_on_disk(self, closure: Closure) -> None:
        self.show(closure)

    def do(self, operation: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run one Coach operation on this closure; a failure is shown, not raised (None)."""
        try:
            result = operation(self.closure_id, *args, **kwargs)
        except Exception as error:
            self.say(self.t("call.save_failed", error=str(error)), error=True)
            return None
        if getattr(operation, "__name__", "") != "add_note" and hasattr(self.app, "changed"):
            self.app.changed()  # the calendar follows shortly (a note changes no event)
        return result

    def say(self, text: str, *, error: bool = False) -> None:
        self.notify(text, severity="error" if error else "information", markup=False)

    def ask(self, request: PromptRequest, hint: str | None = None) -> None:
        self.prompt.open(request, hint=hint)

    def capture_note(self, kind: str, label: str, *, after: Callable[[], None] | None = None) -> None:
        """A one-line prompt; Enter saves the note at once. If saving fails the text stays in the line."""

        def save(text: str, _choice: str | None) -> str | None:
            if not text.strip():
                return None
            try:
                self.closure.notes.append(self.coach.add_note(self.closure_id, text.strip(), kind))
            except Exception as error:  # nothing typed is lost: the prompt keeps it
                return self.t("call.save_failed", error=str(error))
            self.show(self.closure)
            if after is not None:
                after()
            return None

        self.ask(PromptRequest(kind, label, save))

    # --- language and leaving -----------------------------------------------
    def refresh_texts(self) -> None:
        self.run_worker(self._relabel(), exclusive=True, group="relabel")

    async def _relabel(self) -> None:
        """The language changed at run time: rebuild the texts; everything else lives on disk."""
        await self.recompose()
        self.show(self.closure)
        self.relabelled()

    def relabelled(self) -> None:
        """After a language switch; screens reopen a prompt they need."""

    def action_leave(self) -> None:
        if self.prompt.is_open:
            self.prompt.cancel()
            return
        self.dismiss(None)

    def action_cancel_line(self) -> None:
        self.action_leave()
