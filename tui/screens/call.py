"""Call mode: the whole screen for the phone call.

Every key acts at once on disk through `Coach`; the screen then repaints only the
part that changed. A second process's writes (`cierre note` from another
terminal) show within a second: the app says when the data changed (`DataChanged`).
"""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container

from cierre.domain.model import CALL_RESULTS, CONFIRM_OUTCOMES, DEPARTURE_REASONS, LOST_REASONS, Closure, Kind
from cierre.domain.text import looks_like_name
from cierre.domain.timeutil import parse_user_time
from cierre.tui.keys import key_for, key_group
from cierre.tui.widgets.call_capture import CaptureScreen
from cierre.tui.widgets.call_checklist import CallChecklist
from cierre.tui.widgets.call_choice import ChoiceScreen
from cierre.tui.widgets.call_end import call_end_dialog, result_label
from cierre.tui.widgets.call_header import CallHeader
from cierre.tui.widgets.call_keys import local_text
from cierre.tui.widgets.call_log import CallLog
from cierre.tui.widgets.call_prompt import CapturePrompt, PromptRequest
from cierre.tui.widgets.footer import KeysFooter

CHECK = key_group("call.keys.checklist")
CAPTURES = (("n", "note"), ("c", "competitor"), ("s", "suggestion"), ("r", "reason"), ("q", "quote"))


def _single(key: str, action: str, name: str, *, show: bool = True, group=None) -> Binding:
    # Texts are placeholders: footer, help and palette show the catalog's call.keys.* in the current language.
    # Priority: run in the order typed, so the key after a capture key already finds the line open.
    return Binding(key, action, name, id=f"call.{name}", tooltip=name, show=show, group=group, priority=True)


class CallScreen(CaptureScreen):
    """`CallScreen(coach, closure_id)`; dismisses with the call result, or None when left mid-call."""

    CSS_PATH = "call.tcss"
    BINDINGS = [
        _single("e", "end_call", "end"),
        # One key, two faces: the footer says what p does now (tui/keys.py SHARED_KEYS).
        _single("p", "pause", "pause"),
        _single("p", "resume", "resume"),
        *[_single(key, f"capture('{kind}')", kind, show=False) for key, kind in CAPTURES],
        _single("o", "confirm_outcome", "outcome"),
        _single("m", "edit_last_note", "edit_note", show=False),
        _single("z", "undo_note", "undo_note", show=False),
        *[_single(str(n), f"toggle({n})", f"check{n}", group=CHECK) for n in range(1, 6)],
        Binding("escape", "leave", "Back", id="call.back", tooltip="Leave call mode"),
        # The same key while a line is open: it closes the line (tui/keys.py SHARED_KEYS).
        Binding("escape", "cancel_line", "Cancel", id="call.cancel", tooltip="Close the line"),
    ]

    def __init__(self, coach, closure_id: str) -> None:
        super().__init__(coach, closure_id)
        self.started = False
        self.note_undo = None  # what the last edit or deletion of a note took, for `z`
        self._paused: bool | None = None  # as the footer last offered p (pause or resume)

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
        yield CapturePrompt(t("call.prompt_hint"), t("call.prompt_draft_hint"))
        yield KeysFooter(compact=True)

    def _capture_legend(self) -> str:
        """'n note · c competitor ...' with the keys in force (the user may have remapped them)."""
        first_key: dict[str, str] = {}  # capture action -> the display of its first key in force
        for active in self.active_bindings.values():  # keymap applied; a remapped key comes after the others
            action = active.binding.action
            if action.startswith("capture(") and action not in first_key:
                first_key[action] = self.app.get_key_display(active.binding)
        parts = []
        for _key, kind in CAPTURES:  # in the order declared, whatever keys the user gave them
            display = first_key.get(f"capture('{kind}')")
            if display is not None:
                parts.append(f"{display} {self._kind_label(kind).lower()}")
        return " · ".join(parts)

    def _kind_label(self, kind: str) -> str:
        return self.playbook.labels("note_kinds").get(kind, kind)

    def on_mount(self) -> None:
        super().on_mount()
        self.show(self.closure)
        if self._needs_guess(self.closure):
            self._ask_guess()
        else:
            self._start()

    # --- showing -----------------------------------------------------------
    def show(self, closure: Closure) -> None:
        self.closure = closure
        self.query_one(CallHeader).show(closure)
        checklist = self.query_one(CallChecklist)
        checklist.show_checked(closure.checked(self.step))
        checklist.show_facts(*self._facts(closure))
        call = closure.current_call
        notes = [n for n in closure.notes if n.attempt is not None]
        self.query_one(CallLog).sync(notes, call.number if call else None)
        paused = bool(call and call.paused)
        if paused != self._paused:
            self._paused = paused
            self.refresh_bindings()  # p Pause or p Resume

    def _facts(self, closure: Closure) -> tuple[list[tuple[str, str]], str]:
        t, book, kind = self.t, self.playbook, closure.kind.value
        facts: list[tuple[str, str]] = []
        if closure.kind is Kind.LOST and closure.confirm_outcome:
            facts.append((t("call.fact_outcome"), book.labels("confirm_outcomes").get(closure.confirm_outcome, "")))
        elif closure.kind is Kind.LOST and self._first_item_ticked(closure):
            # Said, never asked: a dialog that opened by itself would take the next key typed as its answer.
            key = key_for(self, "confirm_outcome") if self.is_mounted else None
            facts.append((t("call.fact_outcome"), t("call.outcome_missing", keys=key or "o")))
        if closure.reason:
            facts.append((t("call.fact_reason"), book.reason_label(kind, closure.reason)))
        if closure.competitor:
            facts.append((t("call.fact_competitor"), closure.competitor))
        guide = ""
        if closure.kind is Kind.LOST:
            guide = self._call_guidance(closure)
        elif closure.reason:
            guide = book.departure_reason(closure.reason).get("guide", "")
        return facts, guide

    def _call_guidance(self, closure: Closure) -> str:
        """The opening line until the first item is ticked (it is said first), then the reminder alone:
        no discount, no new pitch, and price as the easy answer."""
        book = self.playbook
        lines = [] if closure.checked(self.step) else [book.text("kinds.lost.steps.call.opening")]
        return "\n".join([*lines, book.text("kinds.lost.steps.call.listen")])

    def _first_item_ticked(self, closure: Closure) -> bool:
        items = list(self.playbook.checklist(closure.kind.value, self.step))
        return bool(items) and items[0] in closure.checked(self.step)

    def changed_on_disk(self, closure: Closure) -> None:
        if self.started and closure.current_call is None:
            last = closure.calls[-1].result if closure.calls else None
            self.say(self.t("call.ended_elsewhere"))
            self.dismiss(last)
            return
        self.show(closure)

    def relabelled(self) -> None:
        if not self.started:
            self._ask_guess()

    # --- before the call: the guess ------------------------------------------
    def _needs_guess(self, closure: Closure) -> bool:
        return closure.kind is Kind.LOST and not closure.guess.strip() and closure.current_call is None

    def _ask_guess(self) -> None:
        book = self.playbook
        reasons = [(r, book.reason_label("lost", r)) for r in LOST_REASONS]
        request = PromptRequest(
            "guess",
            book.text("kinds.lost.steps.call.guess_prompt"),
            self._save_guess,
            choices=reasons,
            choice=self.closure.guess_reason,
            on_cancel=lambda: self.dismiss(None),
        )
        self.ask(request, hint=self.t("call.guess_hint"))

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
            self.say(self.t("call.cannot_start", error=str(error)), error=True)
            self.dismiss(None)
            return
        self.started = True
        self.show(closure)
        self.refresh_bindings()
        if hasattr(self.app, "changed"):
            self.app.changed()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if allowed is not True or action in self.ALWAYS_ALLOWED:
            return allowed
        if action == "confirm_outcome" and self.closure.kind is not Kind.LOST:
            return False
        if action in ("pause", "resume"):
            call = self.closure.current_call
            if (action == "resume") != bool(call and call.paused):
                return False  # the other face of p is the one in force
        items = self.playbook.checklist(self.closure.kind.value, self.step)
        if action == "toggle" and parameters and int(parameters[0]) > len(items):
            return False
        return True if self.started else None

    # --- during the call ---------------------------------------------------
    def action_toggle(self, number: int) -> None:
        item = self.query_one(CallChecklist).item_id(number)
        closure = self.do(self.coach.toggle_check, item, step=self.step) if item else None
        if closure is None:
            return
        self.show(closure)  # no dialog of its own accord: the facts line says the outcome is still to record

    def action_confirm_outcome(self) -> None:
        labels = self.playbook.labels("confirm_outcomes")
        choices = [(o, labels.get(o, o)) for o in CONFIRM_OUTCOMES]

        def chosen(outcome: str | None) -> None:
            closure = self.do(self.coach.set_confirm_outcome, outcome) if outcome else None
            if closure:
                self.show(closure)

        title = self.t("call.outcome_title")
        self.app.push_screen(ChoiceScreen(title, choices, t=self.t, selected=self.closure.confirm_outcome), chosen)

    def action_pause(self) -> None:
        closure = self.do(self.coach.pause_call)
        if closure:
            self.show(closure)

    def action_resume(self) -> None:
        self.action_pause()  # the same toggle; check_action offers it only while paused

    def action_capture(self, kind: str) -> None:
        if kind == "competitor":
            self._ask_competitor()
            return
        choices: list[tuple[str, str]] = []
        if kind == "reason":
            reasons = LOST_REASONS if self.closure.kind is Kind.LOST else DEPARTURE_REASONS
            choices = [(r, self.playbook.reason_label(self.closure.kind.value, r)) for r in reasons]

        def save(text: str, choice: str | None) -> str | None:
            return self._save_note(kind, text, choice)

        request = PromptRequest(kind, self.t(f"call.prompt_{kind}"), save, choices=choices, choice=self.closure.reason)
        self.ask(request, hint=self.t("call.reason_hint") if choices else None)

    # --- the competitor: a name, never a sentence ------------------------------
    def _ask_competitor(self, *, sentence_kept: bool = False) -> None:
        """A short field for the name, with the names already seen on ↑/↓; a sentence typed there is
        kept as a note and the name asked for again."""
        try:
            seen = self.coach.competitors_seen()
        except Exception:  # the list is a help, never a reason to lose the capture
            seen = []
        label = self.t("call.prompt_competitor_again" if sentence_kept else "call.prompt_competitor")
        request = PromptRequest("competitor", label, self._save_competitor, choices=[(n, n) for n in seen])
        self.ask(request, hint=self.t("call.competitor_hint") if seen else None)

    def _save_competitor(self, text: str, choice: str | None) -> str | None:
        text = text.strip()
        if text and not looks_like_name(text):
            problem = self._save_note("note", text, None)  # the sentence is kept, as a note
            if problem or not choice:
                if not problem:
                    self._ask_competitor(sentence_kept=True)
                return problem
            text = ""
        return self._save_note("competitor", text or choice or "", None)

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
        self.show(self.closure)
        return None

    # --- the last note, edited or deleted; one step of undo --------------------
    def action_edit_last_note(self) -> None:
        if not self.closure.notes:
            self.say(self.t("call.no_note_to_edit"))
            return
        last = self.closure.notes[-1]

        def save(text: str, _choice: str | None) -> str | None:
            change = self.coach.delete_note if not text.strip() else self.coach.edit_note
            arguments = ("last",) if not text.strip() else ("last", text.strip())
            undo = self.do(change, *arguments)
            if undo is None:
                return self.t("call.not_saved")
            self.note_undo = undo
            undo_key = key_for(self, "undo_note") or "z"
            self.say(self.t("call.note_deleted" if undo.action == "delete" else "call.note_edited", keys=undo_key))
            self.show(self.coach.get(self.closure_id))
            return None

        self.ask(
            PromptRequest("edit", self.t("call.prompt_edit"), save, value=last.text, select_value=False),
            hint=self.t("call.edit_hint"),
        )

    def action_undo_note(self) -> None:
        undo = self.note_undo
        if undo is None:
            self.say(self.t("call.nothing_to_undo"))
            return
        if self.do(self.coach.undo_note, undo) is not None:
            self.note_undo = None
            self.say(self.t("call.note_restored"))
            self.show(self.coach.get(self.closure_id))

    def action_end_call(self) -> None:
        kind = self.closure.kind.value
        self.app.push_screen(call_end_dialog(self.t, self.playbook, kind, self.step), self._end_chosen)

    def _end_chosen(self, result: str | None) -> None:
        if result == "not_reached":
            self._ask_retry()
        elif result in CALL_RESULTS:
            self._end(result)

    def _ask_retry(self) -> None:
        tz = self.coach.settings.tz
        proposed = self.coach.planner.retry_slot(self.coach.clock())
        label = self.t("call.retry_prompt", zone=tz.key)
        self.ask(PromptRequest("retry", label, self._save_retry, value=local_text(proposed, tz)))

    def _save_retry(self, text: str, _choice: str | None) -> str | None:
        try:
            at = parse_user_time(text, self.coach.settings.tz)
        except ValueError:
            return self.t("call.retry_bad")
        if at <= self.coach.clock():
            return self.t("call.retry_past")
        return self._end("not_reached", retry_at=at)

    def _end(self, result: str, retry_at: datetime | None = None) -> str | None:
        if self.do(self.coach.end_call, result, retry_at=retry_at) is None:
            return self.t("call.not_saved")
        label = result_label(self.t, self.playbook, self.closure.kind.value, result)
        self.say(self.t("call.ended", result=label))
        self.started = False
        self.dismiss(result)
        return None

    def action_leave(self) -> None:
        if not self.prompt.is_open and self.started:
            self.say(self.t("call.left_running"))
        super().action_leave()
