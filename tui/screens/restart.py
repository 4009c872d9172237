"""Start again: the lessons become action items with due dates, the prospect list gets a fresh
look, the next meeting with a new client is prepared; then the closure is done."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding

from cierre.domain.debrief import Section
from cierre.domain.model import ActionItem, Closure
from cierre.domain.schedule import RESTART_WINDOW, first_slot
from cierre.domain.text import clean
from cierre.domain.timeutil import parse_user_time
from cierre.tui.finish import ask_to_finish
from cierre.tui.keys import key_for, key_group
from cierre.tui.widgets.actions_list import owner_text
from cierre.tui.widgets.call_capture import CaptureScreen
from cierre.tui.widgets.call_checklist import CallChecklist
from cierre.tui.widgets.call_keys import local_text
from cierre.tui.widgets.call_prompt import CapturePrompt, PromptRequest
from cierre.tui.widgets.debrief_info import InfoLines
from cierre.tui.widgets.debrief_summary import DebriefSummaryView
from cierre.tui.widgets.footer import KeysFooter
from cierre.tui.widgets.restart_actions import ActionList

STEP = "restart"
CHECK = key_group("restart.keys.checklist")
LESSON_KINDS = ("better", "suggestion", "feedback")  # what the debrief and the call taught


def _single(key: str, action: str, name: str, *, show: bool = True, group=None) -> Binding:
    # Texts are placeholders for the catalog's restart.keys.*; priority keeps typed order (see CaptureScreen).
    return Binding(key, action, name, id=f"restart.{name}", tooltip=name, show=show, group=group, priority=True)


class RestartScreen(CaptureScreen):
    """`RestartScreen(coach, closure_id)`; dismisses with "done" when the step was marked done."""

    STEP = STEP

    DEFAULT_CSS = """
    RestartScreen { layout: vertical; }
    RestartScreen CallChecklist { height: auto; }
    RestartScreen DebriefSummaryView { height: 1fr; }
    """
    BINDINGS = [
        _single("a", "add_action", "add"),
        _single("x", "tick", "tick"),
        _single("p", "capture('prospect')", "prospect"),
        _single("d", "done", "done"),
        *[_single(str(n), f"toggle({n})", f"check{n}", group=CHECK) for n in range(1, 4)],
        Binding("escape", "leave", "Back", id="restart.back", tooltip="Back"),
        Binding("escape", "cancel_line", "Cancel", id="restart.cancel", tooltip="Close the line"),
        _single("up", "move(-1)", "up", show=False),
        _single("down", "move(1)", "down", show=False),
    ]

    def compose(self) -> ComposeResult:
        t = self.t
        yield InfoLines(["title", "summary", "step"])
        yield CallChecklist(t("restart.checklist_title"), self.playbook.checklist("lost", STEP))
        yield ActionList("", "", self._due_text, self._owner_text)
        yield DebriefSummaryView(t("restart.lessons_title"))
        yield CapturePrompt(t("call.prompt_hint"), t("call.prompt_draft_hint"))
        yield KeysFooter(compact=True)

    def _due_text(self, item: ActionItem) -> str:
        return self.t("restart.due", when=item.due_text(self.coach.settings.tz))

    def _owner_text(self, item: ActionItem) -> str:
        return owner_text(item, self.t, self.coach.settings.user_name)

    def on_mount(self) -> None:
        super().on_mount()
        self.show(self.closure)

    # --- showing -----------------------------------------------------------
    def show(self, closure: Closure) -> None:
        self.closure = closure
        t = self.t
        info = self.query_one(InfoLines)
        info.set("title", t("restart.title", client=closure.client), "info-title")
        info.set("summary", self.playbook.text("kinds.lost.steps.restart.summary"), "info-muted")
        info.set("step", t("restart.not_at_step") if closure.step != STEP else "", "info-muted")
        checklist = self.query_one(CallChecklist)
        checklist.show_checked(closure.checked(STEP))
        checklist.show_facts([])
        actions = self.query_one(ActionList)
        add, tick = key_for(self, "add_action"), key_for(self, "tick")  # the keys in force; none while a line is open
        if add and tick:
            actions.set_texts(t("restart.actions_title", add=add, tick=tick), t("restart.actions_empty", add=add))
        actions.now = self.coach.clock()
        actions.sync(closure.actions)
        self.query_one(DebriefSummaryView).show_sections(self._sections(closure))

    def _sections(self, closure: Closure) -> list[Section]:
        t = self.t
        lessons = tuple(clean(n.text) for n in closure.notes if n.kind in LESSON_KINDS)
        prospects = tuple(clean(n.text) for n in closure.notes_of("prospect"))
        return [
            Section("lessons", t("restart.lessons"), items=lessons, lines=() if lessons else (t("restart.no_lessons"),)),
            Section("prospect", t("restart.prospects"), items=prospects, lines=() if prospects else (t("restart.no_prospects"),)),
        ]

    # --- keys --------------------------------------------------------------
    def action_move(self, step: int) -> None:
        self.query_one(ActionList).move(step)

    def action_toggle(self, number: int) -> None:
        item = self.query_one(CallChecklist).item_id(number)
        closure = self.do(self.coach.toggle_check, item, step=STEP) if item else None
        if closure:
            self.show(closure)

    def action_tick(self) -> None:
        action_id = self.query_one(ActionList).selected_id
        if action_id is None:
            return
        item = next((a for a in self.closure.actions if a.id == action_id), None)
        closure = self.do(self.coach.complete_action, action_id, done=item is None or item.done_at is None)
        if closure:
            self.show(closure)

    async def on_option_list_option_selected(self, event: ActionList.OptionSelected) -> None:
        """A click on an action item (the list takes no keys): ticked, as `x` would."""
        event.stop()
        await self.run_action("tick")

    def action_add_action(self) -> None:
        def save_text(text: str, _choice: str | None) -> str | None:
            if not text.strip():
                return None
            self._ask_due(text.strip())
            return None

        self.ask(PromptRequest("action", self.t("restart.prompt_action"), save_text))

    def _ask_due(self, text: str) -> None:
        settings, now = self.coach.settings, self.coach.clock()
        proposed = first_slot(now + RESTART_WINDOW, settings.hours, settings.tz)

        def save_due(value: str, _choice: str | None) -> str | None:
            try:
                # A date alone stays a day (a task due that day), anything longer is a time.
                due = date.fromisoformat(value.strip()) if len(value.strip()) == 10 else parse_user_time(value, settings.tz)
            except ValueError:
                return self.t("call.retry_bad")
            self._ask_owner(text, due)
            return None

        label = self.t("restart.prompt_due", text=text, zone=settings.tz.key)
        self.ask(PromptRequest("due", label, save_due, value=local_text(proposed, settings.tz)))

    def _ask_owner(self, text: str, due) -> None:
        """Each lesson owned by a person: the user's name proposed, an empty line makes it theirs."""

        def save_owner(owner: str, _choice: str | None) -> str | None:
            item = self.do(self.coach.add_action, text, due, owner.strip() or None)
            if item is None:
                return self.t("call.not_saved")
            self.show(self.coach.get(self.closure_id))
            actions = self.query_one(ActionList)
            actions.highlighted = actions.option_count - 1
            return None

        request = PromptRequest("owner", self.t("lessons.owner_q", text=text), save_owner, value=self.coach.settings.user_name)
        self.ask(request, hint=self.t("lessons.owner_hint"))

    def action_capture(self, kind: str) -> None:
        self.capture_note(kind, self.t("restart.prompt_prospect"))

    def action_done(self) -> None:
        ask_to_finish(self, self.closure, self._finish)

    def _finish(self) -> None:
        if self.do(self.coach.advance) is not None:
            self.say(self.t("restart.done"))
            self.dismiss("done")
