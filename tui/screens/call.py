"""Call mode: the whole screen for the phone call.

Every key acts at once on disk through `Coach`; the screen then repaints only the
part that changed. A second process's writes (`cierre note` from another
terminal) are noticed by polling the closure file's stamp twice a second.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.content import Content
from textual.widgets import Footer

from coach.model import CALL_RESULTS, CONFIRM_OUTCOMES, DEPARTURE_REASONS, LOST_REASONS, Closure, Kind
from coach.timeutil import parse_user_time
from tui.help import key_group, localize_bindings
from tui.screens.base import CierreScreen
from tui.widgets.call_checklist import CallChecklist
from tui.widgets.call_choice import ChoiceScreen
from tui.widgets.call_header import CallHeader
from tui.widgets.call_log import CallLog
from tui.widgets.call_prompt import CapturePrompt, PromptRequest

CHECK = key_group("call.keys.checklist")
TIME_FORMAT = "%Y-%m-%d %H:%M"


class CallScreen(CierreScreen):
    """`CallScreen(coach, closure_id)`; dismisses with the call result, or None when left mid-call."""

    CSS_PATH = "call.tcss"
    AUTO_FOCUS = None  # nothing focused: single keys reach the screen
    BINDINGS = [
        # Texts here are placeholders: the catalog's call.keys.* replace them in the current language.
        Binding("escape", "leave", "Back", id="call.back", tooltip="Leave call mode"),
        # Single keys are priority bindings, run in the order typed: the key after a capture key
        # already finds the line open (check_action then lets it through to the line).
        Binding("e", "end_call", "End call", id="call.end", tooltip="End the call", priority=True),
        Binding("p", "pause", "Pause", id="call.pause", tooltip="Pause or resume", priority=True),
        Binding("n", "capture('note')", "Note", id="call.note", tooltip="Capture a note", priority=True,
                show=False),
        Binding("c", "capture('competitor')", "Competitor", id="call.competitor", tooltip="Competitor", priority=True,
                show=False),
        Binding("s", "capture('suggestion')", "Suggestion", id="call.suggestion", tooltip="Suggestion", priority=True,
                show=False),
        Binding("r", "capture('reason')", "Reason", id="call.reason", tooltip="Reason", priority=True,
                show=False),
        Binding("q", "capture('quote')", "Quote", id="call.quote", tooltip="Quote", priority=True,
                show=False),
        Binding("o", "confirm_outcome", "Outcome", id="call.outcome", tooltip="Confirm outcome", priority=True),
        *[
            Binding(str(n), f"toggle({n})", f"Item {n}", id=f"call.check{n}", tooltip=f"Item {n}", group=CHECK,
                    priority=True)
            for n in range(1, 6)
        ],
    ]

    def __init__(self, coach, closure_id: str) -> None:
        super().__init__()
        self._coach = coach
        self.closure_id = coach.resolve(closure_id)
        self.closure: Closure = coach.get(self.closure_id)
        self.started = False
        self._stamp: object = None

    @property
    def coach(self):
        return self._coach

    @property
    def step(self) -> str:
        return "call" if self.closure.kind is Kind.LOST else "conversation"

    def compose(self) -> ComposeResult:
        t = self.t
        yield CallHeader(t, self.coach.clock)
        with Container(id="call-body"):
            items = self.playbook.checklist(self.closure.kind.value, self.step)
            yield CallChecklist(t("call.checklist_title"), items)
            yield CallLog(t("call.log_title"), t("call.log_empty"), self._kind_label, keys=self._capture_legend())
        yield CapturePrompt(t("call.prompt_hint"))
        yield Footer(compact=True)

    def _capture_legend(self) -> str:
        """'n note · c competitor ...' with the keys in force (the user may have remapped them)."""
        keymap = getattr(self.app, "_keymap", {}) or {}
        parts = []
        for key, bindings in self._merged_bindings.key_to_bindings.items():
            for binding in bindings:
                if binding.action.startswith("capture("):
                    kind = binding.action[len("capture('"):-2]
                    shown = keymap.get(binding.id or "", key).split(",")[0]
                    display = self.app.get_key_display(replace(binding, key=shown, key_display=None))
                    parts.append(f"{display} {self._kind_label(kind).lower()}")
        return " · ".join(parts)

    def _kind_label(self, kind: str) -> str:
        return self.playbook.labels("note_kinds").get(kind, kind)

    def on_mount(self) -> None:
        super().on_mount()
        localize_bindings(self.prompt.input, self.t.lang)
        self._show(self.closure)
        if self._needs_guess(self.closure):
            self._ask_guess()
        else:
            self._start()
        self.set_interval(0.5, self._poll)

    @property
    def prompt(self) -> CapturePrompt:
        return self.query_one(CapturePrompt)

    # --- showing -----------------------------------------------------------
    def _show(self, closure: Closure) -> None:
        self.closure = closure
        self.query_one(CallHeader).show(closure)
        checklist = self.query_one(CallChecklist)
        checklist.show_checked(closure.checked(self.step))
        checklist.show_facts(*self._facts(closure))
        call = closure.current_call
        notes = [n for n in closure.notes if n.attempt is not None]
        self.query_one(CallLog).sync(notes, call.number if call else None)

    def _facts(self, closure: Closure) -> tuple[list[tuple[str, str]], str]:
        t, book, kind = self.t, self.playbook, closure.kind.value
        facts: list[tuple[str, str]] = []
        if closure.kind is Kind.LOST and closure.confirm_outcome:
            facts.append((t("call.fact_outcome"), book.labels("confirm_outcomes").get(closure.confirm_outcome, "")))
        if closure.reason:
            facts.append((t("call.fact_reason"), book.reason_label(kind, closure.reason)))
        if closure.competitor:
            facts.append((t("call.fact_competitor"), closure.competitor))
        guide = ""
        if closure.kind is Kind.DEPARTURE and closure.reason:
            guide = book.departure_reason(closure.reason).get("guide", "")
        return facts, guide

    def _poll(self) -> None:
        if not self.is_current:  # a list or prompt screen is on top: look again later
            return
        try:
            stamp = self.coach.store.stamp(self.closure_id)
            if stamp == self._stamp:
                return
            self._stamp = stamp
            closure = self.coach.get(self.closure_id)
        except Exception as error:  # a damaged or vanished file: say so, keep the screen
            self.notify(self.t("call.read_failed", error=str(error)), severity="error", markup=False)
            return
        if self.started and closure.current_call is None:
            last = closure.calls[-1].result if closure.calls else None
            self.notify(self.t("call.ended_elsewhere"), markup=False)
            self.dismiss(last)
            return
        self._show(closure)

    def refresh_texts(self) -> None:
        self.run_worker(self._relabel(), exclusive=True, group="relabel")

    async def _relabel(self) -> None:
        """The language changed at run time: rebuild the texts, keep the call (it lives on disk)."""
        await self.recompose()
        localize_bindings(self.prompt.input, self.t.lang)
        self._show(self.closure)
        if not self.started:
            self._ask_guess()

    # --- before the call: the guess ------------------------------------------
    def _needs_guess(self, closure: Closure) -> bool:
        return closure.kind is Kind.LOST and not closure.guess.strip() and closure.current_call is None

    def _ask_guess(self) -> None:
        book = self.playbook
        reasons = [(r, book.reason_label("lost", r)) for r in LOST_REASONS]
        self.prompt.open(
            PromptRequest(
                "guess",
                book.text("kinds.lost.steps.call.guess_prompt"),
                self._save_guess,
                choices=reasons,
                choice=self.closure.guess_reason,
                on_cancel=lambda: self.dismiss(None),
            ),
            hint=self.t("call.guess_hint"),
        )

    def _save_guess(self, text: str, choice: str | None) -> str | None:
        if not text.strip():
            return self.t("call.guess_needed")
        try:
            self.coach.set_guess(self.closure_id, text.strip(), choice)
        except Exception as error:
            return self.t("call.save_failed", error=str(error))
        self._start()
        return None

    def _start(self) -> None:
        try:
            closure = self.coach.start_call(self.closure_id)
        except Exception as error:
            self.notify(self.t("call.cannot_start", error=str(error)), severity="error", markup=False)
            self.dismiss(None)
            return
        self.started = True
        self._show(closure)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("leave",):
            return True
        if self.prompt.is_open:
            return False  # the key is text for the open line
        if action == "confirm_outcome" and self.closure.kind is not Kind.LOST:
            return False
        if action == "toggle" and parameters and int(parameters[0]) > len(self.query_one(CallChecklist).items):
            return False
        return True if self.started else None

    # --- during the call ---------------------------------------------------
    def action_toggle(self, number: int) -> None:
        item = self.query_one(CallChecklist).item_id(number)
        if item is None:
            return
        closure = self._do(self.coach.toggle_check, item, step=self.step)
        if closure is None:
            return
        self._show(closure)
        first_checked = number == 1 and item in closure.checked(self.step)
        if first_checked and closure.kind is Kind.LOST and not closure.confirm_outcome:
            self.action_confirm_outcome()

    def action_confirm_outcome(self) -> None:
        labels = self.playbook.labels("confirm_outcomes")
        choices = [(o, labels.get(o, o)) for o in CONFIRM_OUTCOMES]

        def chosen(outcome: str | None) -> None:
            if outcome:
                closure = self._do(self.coach.set_confirm_outcome, outcome)
                if closure:
                    self._show(closure)

        title = self.t("call.outcome_title")
        self.app.push_screen(ChoiceScreen(title, choices, t=self.t, selected=self.closure.confirm_outcome), chosen)

    def action_pause(self) -> None:
        closure = self._do(self.coach.pause_call)
        if closure:
            self._show(closure)

    def action_capture(self, kind: str) -> None:
        choices: list[tuple[str, str]] = []
        if kind == "reason":
            reasons = LOST_REASONS if self.closure.kind is Kind.LOST else DEPARTURE_REASONS
            choices = [(r, self.playbook.reason_label(self.closure.kind.value, r)) for r in reasons]
        label = self.t(f"call.prompt_{kind}")
        hint = self.t("call.reason_hint") if choices else None

        def save(text: str, choice: str | None) -> str | None:
            return self._save_note(kind, text, choice)

        self.prompt.open(PromptRequest(kind, label, save, choices=choices, choice=self.closure.reason), hint=hint)

    def _save_note(self, kind: str, text: str, choice: str | None) -> str | None:
        text = text.strip()
        try:
            if text:
                note = self.coach.add_note(self.closure_id, text, kind)
                self.closure.notes.append(note)
            if kind == "reason" and choice and choice != self.closure.reason:
                self.closure = self.coach.set_reason(self.closure_id, choice)
        except Exception as error:  # the text stays in the line: nothing typed is lost
            return self.t("call.save_failed", error=str(error))
        self._show(self.closure)
        return None

    def action_end_call(self) -> None:
        book = self.playbook
        labels, helps = book.labels("call_results"), book.labels("call_results_help")
        choices: list[tuple[str, Content | str]] = [
            (r, Content.assemble((labels.get(r, r), "bold"), "\n", (helps.get(r, ""), "dim"))) for r in CALL_RESULTS
        ]
        choices += [("email", self.t("call.end_email")), ("lunch", self.t("call.end_lunch"))]
        warnings = {"email": self._warning("email_warning"), "lunch": self._warning("lunch_warning")}
        screen = ChoiceScreen(self.t("call.end_title"), choices, t=self.t, warnings=warnings)
        self.app.push_screen(screen, self._end_chosen)

    def _warning(self, name: str) -> str:
        book = self.playbook
        return book.get(f"kinds.{self.closure.kind.value}.steps.{self.step}.{name}") or book.text(
            f"kinds.lost.steps.call.{name}"
        )

    def _end_chosen(self, result: str | None) -> None:
        if result == "not_reached":
            self._ask_retry()
        elif result in CALL_RESULTS:
            self._end(result)

    def _ask_retry(self) -> None:
        tz = self.coach.settings.tz
        proposed = self.coach.planner.retry_slot(self.coach.clock()).astimezone(tz)
        label = self.t("call.retry_prompt", zone=tz.key)
        self.prompt.open(PromptRequest("retry", label, self._save_retry, value=proposed.strftime(TIME_FORMAT)))

    def _save_retry(self, text: str, _choice: str | None) -> str | None:
        try:
            at = parse_user_time(text, self.coach.settings.tz)
        except ValueError:
            return self.t("call.retry_bad")
        if at <= self.coach.clock():
            return self.t("call.retry_past")
        return self._end("not_reached", retry_at=at)

    def _end(self, result: str, retry_at: datetime | None = None) -> str | None:
        try:
            self.coach.end_call(self.closure_id, result, retry_at=retry_at)
        except Exception as error:
            self.notify(self.t("call.save_failed", error=str(error)), severity="error", markup=False)
            return self.t("call.save_failed", error=str(error))
        label = self.playbook.labels("call_results").get(result, result)
        self.notify(self.t("call.ended", result=label), markup=False)
        self.started = False
        self.dismiss(result)
        return None

    def action_leave(self) -> None:
        if self.prompt.is_open:
            self.prompt.cancel()
            return
        if self.started:
            self.notify(self.t("call.left_running"), markup=False)
        self.dismiss(None)

    def _do(self, operation, *args, **kwargs) -> Closure | None:
        """Run one Coach operation on this closure; a failure is shown, not raised."""
        try:
            return operation(self.closure_id, *args, **kwargs)
        except Exception as error:
            self.notify(self.t("call.save_failed", error=str(error)), severity="error", markup=False)
            return None
