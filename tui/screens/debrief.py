"""The team debrief ("reconocer el terreno"): the agenda drafted from the call, what could have
been better and the team's feedback, the meeting's time, and the summary e-mailed to the team."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding

from cierre.domain.debrief import debrief_summary
from cierre.domain.model import Closure
from cierre.domain.timeutil import parse_user_time
from cierre.tui.finish import ask_to_finish
from cierre.tui.keys import key_group
from cierre.tui.widgets.call_capture import CaptureScreen
from cierre.tui.widgets.call_checklist import CallChecklist
from cierre.tui.widgets.call_keys import local_text
from cierre.tui.widgets.call_prompt import CapturePrompt, PromptRequest
from cierre.tui.widgets.debrief_info import InfoLines
from cierre.tui.widgets.debrief_summary import DebriefSummaryView
from cierre.tui.widgets.footer import KeysFooter

STEP = "debrief"
CHECK = key_group("debrief.keys.checklist")


def _single(key: str, action: str, name: str, *, show: bool = True, group=None) -> Binding:
    # Texts are placeholders for the catalog's debrief.keys.*; priority keeps typed order (see CaptureScreen).
    return Binding(key, action, name, id=f"debrief.{name}", tooltip=name, show=show, group=group, priority=True)


def send_debrief_function():
    """The e-mail integration's sender, or None when this copy of Cierre has none."""
    try:
        from cierre.integrations.mail.debrief import send_debrief
    except ImportError:
        return None
    return send_debrief


class DebriefScreen(CaptureScreen):
    """`DebriefScreen(coach, closure_id)`; dismisses with "done" when the step was marked done."""

    STEP = STEP

    DEFAULT_CSS = """
    DebriefScreen { layout: vertical; }
    DebriefScreen CallChecklist { height: auto; }
    """
    BINDINGS = [
        _single("b", "capture('better')", "better"),
        _single("f", "capture('feedback')", "feedback"),
        _single("m", "meeting", "meeting"),
        _single("s", "send", "send"),
        _single("d", "done", "done"),
        *[_single(str(n), f"toggle({n})", f"check{n}", group=CHECK) for n in range(1, 6)],
        Binding("escape", "leave", "Back", id="debrief.back", tooltip="Back"),
        Binding("escape", "cancel_line", "Cancel", id="debrief.cancel", tooltip="Close the line"),
        Binding("pageup", "scroll(-1)", "Up", id="debrief.page_up", tooltip="Scroll up", show=False),
        Binding("pagedown", "scroll(1)", "Down", id="debrief.page_down", tooltip="Scroll down", show=False),
    ]

    def compose(self) -> ComposeResult:
        t = self.t
        yield InfoLines(["title", "who", "meeting", "sent", "step"])
        yield DebriefSummaryView(t("debrief.summary_title"))
        yield CallChecklist(t("debrief.checklist_title"), self.playbook.checklist("lost", STEP))
        yield CapturePrompt(t("call.prompt_hint"), t("call.prompt_draft_hint"))
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.show(self.closure)

    # --- showing -----------------------------------------------------------
    def show(self, closure: Closure) -> None:
        self.closure = closure
        t, settings = self.t, self.coach.settings
        info = self.query_one(InfoLines)
        info.set("title", t("debrief.title", client=closure.client), "info-title")
        team = ", ".join(settings.team)
        info.set("who", t("debrief.team", team=team) if team else t("debrief.solo"), "info-muted")
        meeting_at = self.coach.planner.debrief_slot(closure)
        when = local_text(meeting_at, settings.tz)
        key = "debrief.meeting" if closure.debrief_at else "debrief.meeting_proposed"
        info.set("meeting", t(key, when=when))
        if closure.debrief_sent_at and closure.debrief_send_error:  # a partial send: who got it, who did not
            info.set(
                "sent",
                t(
                    "debrief.partly_sent",
                    when=local_text(closure.debrief_sent_at, settings.tz),
                    who=", ".join(closure.debrief_sent_to),
                    error=closure.debrief_send_error,
                ),
                "info-warning",
            )
        elif closure.debrief_sent_at:
            info.set("sent", t("debrief.sent", when=local_text(closure.debrief_sent_at, settings.tz)), "info-ok")
        elif closure.debrief_send_error:
            info.set("sent", t("debrief.unsent_error", error=closure.debrief_send_error), "info-warning")
        else:
            info.set("sent", t("debrief.unsent"), "info-warning")
        other_step = closure.step != STEP
        info.set("step", t("debrief.not_at_step") if other_step else "", "info-muted")
        summary = debrief_summary(closure, self.playbook, settings.tz, meeting_at=meeting_at)
        self.query_one(DebriefSummaryView).show(summary)
        checklist = self.query_one(CallChecklist)
        checklist.show_checked(closure.checked(STEP))
        checklist.show_facts([])

    # --- keys --------------------------------------------------------------
    def action_scroll(self, pages: int) -> None:
        view = self.query_one(DebriefSummaryView)
        view.scroll_page_down(animate=False) if pages > 0 else view.scroll_page_up(animate=False)

    def action_toggle(self, number: int) -> None:
        item = self.query_one(CallChecklist).item_id(number)
        closure = self.do(self.coach.toggle_check, item, step=STEP) if item else None
        if closure:
            self.show(closure)

    def action_capture(self, kind: str) -> None:
        reveal = lambda: self.call_after_refresh(self.query_one(DebriefSummaryView).reveal, kind)  # noqa: E731
        self.capture_note(kind, self.t(f"debrief.prompt_{kind}"), after=reveal)

    def action_meeting(self) -> None:
        tz = self.coach.settings.tz
        proposed = self.coach.planner.debrief_slot(self.closure)

        def save(text: str, _choice: str | None) -> str | None:
            try:
                at = parse_user_time(text, tz)
            except ValueError:
                return self.t("call.retry_bad")
            if at <= self.coach.clock():
                return self.t("call.retry_past")
            closure = self.do(self.coach.schedule_debrief, at)
            if closure is None:
                return self.t("call.not_saved")
            self.show(closure)
            return None

        label = self.t("debrief.prompt_meeting", zone=tz.key)
        self.ask(PromptRequest("meeting", label, save, value=local_text(proposed, tz)))

    def action_send(self) -> None:
        settings, t = self.coach.settings, self.t
        send = send_debrief_function()
        if send is None:
            self.say(t("debrief.send_unavailable"), error=True)
        elif not settings.smtp_host:
            self.say(t("debrief.smtp_missing"), error=True)
        elif not settings.team:
            self.say(t("debrief.no_team"), error=True)
        else:
            from cierre.tui.widgets.dialogs import ConfirmModal

            question = ConfirmModal(t("debrief.send_confirm", team=", ".join(settings.team)), yes=t("app.yes"), no=t("app.no"))
            self.app.push_screen(question, lambda yes: self._send(send) if yes else None)

    def _send(self, send) -> None:
        self.query_one(InfoLines).set("sent", self.t("debrief.sending"), "info-muted")
        self._send_in_thread(send)

    @work(thread=True, exclusive=True, exit_on_error=False, group="debrief-send")
    def _send_in_thread(self, send) -> None:
        result = send(self.coach, self.closure_id)  # never raises; records the outcome on the closure
        self.app.call_from_thread(self._sent, result)

    def _sent(self, result) -> None:
        t = self.t
        if result.ok:
            self.say(t("debrief.send_ok", team=", ".join(result.recipients)))
        else:
            self.say(t("debrief.send_failed", error=result.message), error=True)
        try:
            self.show(self.coach.get(self.closure_id))
        except Exception as error:
            self.say(t("call.read_failed", error=str(error)), error=True)

    def action_done(self) -> None:
        ask_to_finish(self, self.closure, self._finish)

    def _finish(self) -> None:
        if self.do(self.coach.advance) is not None:
            self.say(self.t("debrief.done"))
            self.dismiss("done")
