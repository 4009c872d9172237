"""The closure view: the steps as a guided path, the current one open with its coaching, checklist,
clock and notes, and one key to mark it done and move on.

Nothing here keeps time by itself: every second the clock parts are redrawn from
stored timestamps. When the app says the data changed (`DataChanged`), the closure file's
stamp says whether this closure did, so a note captured from another terminal (`cierre note`)
appears without a key press.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from cierre.domain.model import Closure, Kind, Status
from cierre.domain.text import one_line
from cierre.tui.finish import ask_to_finish
from cierre.tui.keys import key_for, key_group
from cierre.tui.messages import ActionClicked, ChecklistClicked, DataChanged
from cierre.tui.safe import literal
from cierre.tui.screen_base import PROBLEMS, CierreScreen
from cierre.tui.screens.closure.departure import DepartureActions
from cierre.tui.screens.closure.follow_up import FollowUpActions
from cierre.tui.screens.closure.keys import offered
from cierre.tui.screens.closure.lost import LostActions
from cierre.tui.widgets.actions_list import ActionsList
from cierre.tui.widgets.checklist import Checklist, checklist_items
from cierre.tui.widgets.departure_panel import DeparturePanel
from cierre.tui.widgets.dialogs import ChoiceModal, MessageModal, PromptModal
from cierre.tui.widgets.footer import KeysFooter
from cierre.tui.widgets.guess_panel import GuessInput, GuessPanel
from cierre.tui.widgets.lost_panel import LostPanel
from cierre.tui.widgets.notes_list import NotesList
from cierre.tui.widgets.shown import show
from cierre.tui.widgets.step_path import StepPath
from cierre.tui.widgets.step_timer import StepTimer
from cierre.tui.widgets.view_context import ViewContext

TICK = 1.0
WIDE = 110  # columns from which the coaching sits beside the checklist and notes
CHECK = key_group("closure.keys.checklist")


class ClosureScreen(LostActions, FollowUpActions, DepartureActions, CierreScreen):
    AUTO_FOCUS = "#body"
    JUMPS = True
    # In the footer's order, the most important first: a narrow footer shows as many as fit (whole),
    # and keys that do not apply to the step are hidden (`check_action`), so each step leads with its own.
    BINDINGS = [
        Binding("d", "done", "Done", id="closure.done"),
        Binding("s", "skip", "Skip", id="closure.skip", show=False),
        *[Binding(str(n), f"toggle({n})", f"Item {n}", id=f"closure.check{n}", group=CHECK) for n in range(1, 6)],
        Binding("c", "call_mode", "Call", id="closure.call"),
        Binding("n", "note", "Note", id="closure.note"),
        Binding("m", "edit_note", "Edit note", id="closure.edit_note", show=False),
        Binding("z", "undo_note", "Undo", id="closure.undo_note", show=False),
        Binding("o", "outcome", "Outcome", id="closure.outcome"),
        Binding("o", "reopen", "Reopen", id="closure.reopen"),
        Binding("g", "guess", "Guess", id="closure.guess"),
        Binding("r", "reason", "Reason", id="closure.reason"),
        Binding("b", "debrief", "Debrief", id="closure.debrief"),
        Binding("t", "restart", "Start again", id="closure.restart"),
        Binding("a", "add_action", "Action", id="closure.action"),
        # The same key as on the start-again screen (restart.tick shares it: tui/keys.py SHARED_KEYS).
        Binding("x", "complete_action", "Tick action", id="closure.complete", show=False),
        Binding("l", "checkin", "Check-in", id="closure.checkin"),
        # One key, the action that fits the closure (check_action offers one of each pair at a time).
        Binding("w", "winner", "Who won", id="closure.winner"),
        Binding("w", "won_back", "Won back", id="closure.won_back"),
        Binding("w", "won", "Won", id="closure.won"),
        Binding("u", "renewal", "Renewal", id="closure.renewal"),
        Binding("u", "touch", "When to call", id="closure.touch"),
        Binding("v", "said_no", "They said no", id="closure.said_no"),
        Binding("j", "linked", "Linked", id="closure.linked"),
        Binding("e", "email", "E-mail?", id="closure.email"),
        Binding("escape", "back", "Back", id="closure.back"),
        # The same key while the guess line has the cursor: it leaves the line (tui/keys.py SHARED_KEYS).
        Binding("escape", "leave_guess", "Leave", id="closure.leave_guess"),
    ]
    # Priority: each runs before the next key is read, so what is typed right after `g` lands in
    # the guess, and after `n` in the note's dialog (a key left to the queue of the widget in focus
    # would be overtaken: the text went to the view's own keys, `e` opening the e-mail warning).
    # While the guess has focus, `check_action` turns every one of them down: the keys are its text,
    # and Enter and Escape are the line's own, in order with it (Leave, not a priority key, stays in
    # the footer for the mouse: its Escape reaches the line).
    BINDINGS = [replace(binding, priority=binding.action != "leave_guess") for binding in BINDINGS]

    def __init__(self, closure_id: str) -> None:
        super().__init__()
        self.closure_id = closure_id
        self.closure: Closure | None = None
        self._stamp: Any = None
        self._bindings_for: tuple[Any, ...] = ()
        self._recovering = False

    def compose(self) -> ComposeResult:
        # Who on the left (cut with an ellipsis when long), the phone number on the right, always whole.
        with Horizontal(id="closure-bar"):
            yield Static("", id="closure-head")
            yield Static("", id="closure-phone")
        yield StepPath(id="step-path")
        with VerticalScroll(id="body"):
            yield Static("", id="step-title")
            yield StepTimer(id="step-timer")
            # What to do first; the coaching beside it when the terminal is wide, after it when narrow.
            with Container(id="columns"):
                with Vertical(id="work"):
                    yield Checklist(id="checklist")
                    yield GuessPanel(id="guess")
                    yield LostPanel(id="lost")
                    yield DeparturePanel(id="departure")
                    yield ActionsList(id="actions")
                    yield NotesList(id="notes")
                yield Static("", id="coaching")
        yield KeysFooter()

    def on_resize(self) -> None:
        self.set_class(self.size.width >= WIDE, "-wide")

    def on_mount(self) -> None:
        try:
            self.closure_id = self.coach.resolve(self.closure_id)
            self.closure = self.coach.get(self.closure_id)
        except PROBLEMS as error:
            self.app.say(str(error), error=True)
            self.app.call_later(self.dismiss)
            return
        self._stamp = self.coach.store.stamp(self.closure_id)
        guess = self.query_one(GuessInput)
        guess.on_save, guess.on_leave = self.save_guess, self.leave_guess
        self.render_closure()
        self.set_interval(TICK, self.tick)

    # --- drawing -------------------------------------------------------------------
    def ctx(self) -> ViewContext:
        return ViewContext(
            self.t,
            self.playbook,
            self.coach.planner,
            self.app.settings.tz,
            self.app.clock(),
            key=lambda action: key_for(self, action),
        )

    def refresh_texts(self) -> None:
        self.render_closure()

    def render_closure(self) -> None:
        closure = self.closure
        if closure is None:
            return
        ctx = self.ctx()
        t, playbook, kind = ctx.t, ctx.playbook, closure.kind.value
        head = [part for part in (closure.client, playbook.kind_name(kind), closure.contact, closure.email) if part]
        show(self.query_one("#closure-head", Static), literal("  ·  ".join(head), single_line=True))
        phone = self.query_one("#closure-phone", Static)
        phone.display = bool(closure.phone.strip())
        show(phone, literal(f"☎ {closure.phone}", single_line=True))
        self.query_one(StepPath).show(closure, ctx)
        step = closure.step if not closure.finished else ("relationship" if closure.kind is Kind.DEPARTURE else "")
        if closure.status is Status.OPPORTUNITY:
            show(self.query_one("#step-title", Static), literal(f"▶ {t('keepintouch.status_opportunity')}"))
            show(self.query_one("#coaching", Static), literal(""))
        elif step:
            info = playbook.step(kind, step)
            title = f"▶ {info.get('title', step)}  —  {info.get('summary', '').strip()}"
            show(self.query_one("#step-title", Static), literal(title))
            show(self.query_one("#coaching", Static), literal(str(info.get("coaching", "")).strip()))
        else:
            finished = t("keepintouch.lost_title") if ctx.planner.keeps_in_touch(closure) else ""
            if closure.reopened_as:  # reopened on the call, or later: the new round is a closure of its own
                finished = t("keepintouch.finished_reopened")
            show(self.query_one("#step-title", Static), literal(finished or t(f"closure.finished_{closure.status.value}")))
            show(self.query_one("#coaching", Static), literal(""))
        self.query_one(Checklist).show(closure, ctx, None if not closure.finished else "none")
        editable = (
            closure.kind is Kind.LOST
            and closure.status is Status.OPEN
            and closure.step in ("recover", "call")
            and closure.current_call is None
        )
        self.query_one(GuessPanel).show(closure, ctx, editable=editable)
        self.query_one(GuessPanel).display = closure.kind is Kind.LOST and (editable or bool(closure.guess))
        self.query_one(LostPanel).show(closure, ctx)
        departure = self.query_one(DeparturePanel)
        departure.display = closure.kind is Kind.DEPARTURE
        if departure.display:
            departure.show(closure, ctx)
        self.query_one(ActionsList).show(closure, ctx, always=closure.step == "restart")
        self.query_one(NotesList).show(closure, ctx)
        self.tick()
        state = self._binding_state()
        if state != self._bindings_for:
            # The footer rebuilds itself on every bindings refresh: only when the keys on offer change.
            self._bindings_for = state
            self.refresh_bindings()

    def _binding_state(self) -> tuple[Any, ...]:
        closure = self.closure
        if closure is None:
            return ()
        return (
            closure.step,
            closure.status,
            closure.archived,
            closure.reason,
            closure.reopened_from or closure.reopened_as,
            closure.current_call is None,
            any(item.done_at is None for item in closure.actions),
            self.t.lang,
        )

    def tick(self) -> None:
        if self.closure is None:
            return
        ctx = self.ctx()
        recovering = self.closure.step == "recover" and ctx.planner.recovery_end(self.closure) > ctx.now
        if self._recovering and not recovering and self.closure.step == "recover":
            self.app.say(self.t("closure.recovery_over"))  # the window just ended while the view was open
        self._recovering = recovering
        self.query_one(StepTimer).show(self.closure, ctx)
        if self.closure.kind is Kind.DEPARTURE:
            self.query_one(DeparturePanel).show(self.closure, ctx)
        elif ctx.planner.keeps_in_touch(self.closure):
            self.query_one(LostPanel).show(self.closure, ctx)
        if self.closure.actions:
            self.query_one(ActionsList).show(self.closure, ctx, always=self.closure.step == "restart")

    # --- keeping up with the file ------------------------------------------------
    def on_data_changed(self, _: DataChanged) -> None:
        self.poll()

    def poll(self) -> None:
        try:
            stamp = self.coach.store.stamp(self.closure_id)
        except PROBLEMS:
            return
        if stamp != self._stamp:
            self.reload()

    def reload(self, *_: Any) -> None:
        try:
            self._stamp = self.coach.store.stamp(self.closure_id)
            self.closure = self.coach.get(self.closure_id)
        except PROBLEMS as error:
            self.app.say(str(error), error=True)
            return
        self.render_closure()

    def apply(self, operation: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run one Coach operation on this closure; a refusal is one line on screen, not a crash."""
        try:
            result = operation(self.closure_id, *args, **kwargs)
        except PROBLEMS as error:
            self.app.say(str(error), error=True)
            return None
        self.reload()
        self.app.changed()
        return result if result is not None else True

    # --- which keys apply now ------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = self.is_mounted and isinstance(self.focused, GuessInput)
        if typing or action == "leave_guess":
            return typing and action == "leave_guess"  # the other keys are text for the guess
        if self.closure is None:
            return action == "back"
        checklist = len(checklist_items(self.closure, self.ctx())) if action == "toggle" else 0
        return offered(action, parameters, self.closure, checklist)

    # --- the common keys -------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss()

    def action_done(self) -> None:
        closure = self.closure
        if closure is None or closure.finished:
            return
        if closure.kind is Kind.LOST and closure.step == "call":
            self.action_outcome()  # the call step ends with the call's outcome
            return

        def go() -> None:
            if self.apply(self.coach.advance) and self.closure and not self.closure.finished:
                self.app.say(
                    self.t("closure.moved_on", step=self.playbook.step_title(self.closure.kind.value, self.closure.step))
                )

        ask_to_finish(self, closure, go)

    def action_skip(self) -> None:
        closure = self.closure
        if closure is None or closure.finished:
            return
        ask_to_finish(self, closure, lambda: self.apply(self.coach.advance, skip=True), skip=True)

    def action_toggle(self, number: int) -> None:
        items = checklist_items(self.closure, self.ctx()) if self.closure else []
        if 0 < number <= len(items):
            self.apply(self.coach.toggle_check, items[number - 1][0])

    async def on_checklist_clicked(self, message: ChecklistClicked) -> None:
        await self.run_action(f"toggle({message.number})")  # turned down where the key would be

    def on_action_clicked(self, message: ActionClicked) -> None:
        item = next((a for a in self.closure.actions if a.id == message.action_id), None) if self.closure else None
        if item is not None and not self.closure.archived:
            self.apply(self.coach.complete_action, item.id, done=item.done_at is None)

    def action_note(self) -> None:
        def save(text: str | None) -> None:
            if text and text.strip():
                self.apply(self.coach.add_note, text.strip())

        self.app.push_screen(PromptModal(self.t("closure.note_prompt"), hint=self.t("closure.prompt_hint")), save)

    # --- any note, edited or deleted; one step of undo ------------------------------
    def action_edit_note(self) -> None:
        closure = self.closure
        if closure is None or not closure.notes:
            self.app.say(self.t("call.no_note_to_edit"))
            return
        labels = self.playbook.labels("note_kinds")
        latest_first = [
            (note.id, f"{labels.get(note.kind, note.kind)}: {one_line(note.text, 60)}") for note in reversed(closure.notes)
        ]

        def edit(note_id: str) -> None:
            note = next(n for n in self.closure.notes if n.id == note_id)

            def save(text: str | None) -> None:
                if text is None:
                    return
                undo = (
                    self.apply(self.coach.edit_note, note_id, text.strip())
                    if text.strip()
                    else self.apply(self.coach.delete_note, note_id)
                )
                if undo:
                    self.note_undo = undo
                    said = "call.note_deleted" if undo.action == "delete" else "call.note_edited"
                    self.app.say(self.t(said, keys=key_for(self, "undo_note") or "z"))

            self.app.push_screen(
                PromptModal(self.t("closure.edit_note_prompt"), value=note.text, hint=self.t("call.edit_hint")), save
            )

        self.choose(self.t("closure.edit_note_q"), latest_first, edit)

    def action_undo_note(self) -> None:
        undo = getattr(self, "note_undo", None)
        if undo is None:
            self.app.say(self.t("call.nothing_to_undo"))
        elif self.apply(self.coach.undo_note, undo):
            self.note_undo = None
            self.app.say(self.t("call.note_restored"))

    def action_email(self) -> None:
        """Logging an e-mail instead of calling: the method says why not, and offers nothing to send."""
        closure = self.closure
        if closure is None:
            return
        playbook = self.playbook
        warning = playbook.get(f"kinds.{closure.kind.value}.steps.{closure.step}.email_warning") or playbook.text(
            "kinds.lost.steps.call.email_warning"
        )
        self.app.push_screen(MessageModal(self.t("closure.email_title"), warning, self.t("closure.email_hint")))

    def action_call_mode(self) -> None:
        self.app.open_call(self.closure_id, self.reload)

    def choose(
        self,
        title: str,
        options: list[tuple[str, str]],
        then: Callable[[str], None],
        *,
        details: dict[str, str] | None = None,
        selected: str | None = None,
    ) -> None:
        """Ask for one option; `then` runs with the chosen id (nothing happens on Escape)."""

        def picked(choice: str | None) -> None:
            if choice:
                then(choice)

        self.app.push_screen(ChoiceModal(title, options, details=details, selected=selected), picked)

    # --- the guess input: Enter saves it, Escape leaves it, each in order with the text before ---
    def leave_guess(self) -> None:
        """Esc in the guess line: single keys again; what was typed stays in the line, saved by Enter."""
        self.set_focus(self.query_one("#body"))

    def action_leave_guess(self) -> None:
        self.leave_guess()  # the footer's key while the line has the cursor (Esc itself is the line's)
