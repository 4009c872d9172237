"""Closure-view keys for the call and what follows it: outcome, guess, reason, debrief, start again.

A mixin of ClosureScreen, kept apart so each file stays readable.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cierre.domain.model import CALL_RESULTS, LOST_REASONS, Kind
from cierre.domain.timeutil import parse_user_time
from cierre.tui.widgets.call_end import call_end_dialog
from cierre.tui.widgets.call_keys import local_text
from cierre.tui.widgets.countdown import local, parse_local
from cierre.tui.widgets.dialogs import PromptModal
from cierre.tui.widgets.guess_panel import GuessInput


class LostActions:
    # --- how the call ended, logged without call mode: the same dialog as call mode's ----------
    def action_outcome(self) -> None:
        closure = self.closure
        if closure is None:
            return
        dialog = call_end_dialog(self.t, self.playbook, closure.kind.value, closure.step)
        self.app.push_screen(dialog, self._outcome_chosen)

    def _outcome_chosen(self, result: str | None) -> None:
        if result == "not_reached":
            self._ask_retry()
        elif result in CALL_RESULTS:
            self._end_call(result)

    def _ask_retry(self) -> None:
        """Not reached: when to call again, proposed as call mode proposes it."""
        tz, now = self.app.settings.tz, self.app.clock()

        def check(text: str) -> str | None:
            try:
                at = parse_user_time(text, tz)
            except ValueError:
                return self.t("call.retry_bad")
            return self.t("call.retry_past") if at <= self.app.clock() else None

        def chosen(text: str | None) -> None:
            if text is not None:
                self._end_call("not_reached", parse_user_time(text, tz))

        proposed = local_text(self.coach.planner.retry_slot(now), tz)
        prompt = PromptModal(
            self.t("call.retry_prompt", zone=tz.key), value=proposed, hint=self.t("closure.prompt_hint"), check=check
        )
        self.app.push_screen(prompt, chosen)

    def _end_call(self, result: str, retry_at: datetime | None = None) -> None:
        if not self.apply(self.coach.end_call, result, retry_at=retry_at):
            return
        closure = self.closure
        if result == "not_reached":
            slot = local(self.coach.planner.call_slot(closure), self.app.settings.tz, self.t)
            self.app.say(self.t("closure.not_reached_next", at=slot))
        elif result == "reopened" and closure.reopened_as:
            self.app.say(self.t("keepintouch.reopen_done", id=closure.reopened_as))
        elif result == "reopened":
            self.app.say(self.t("closure.reopened_said"))
        elif closure.kind is Kind.LOST:
            outcomes = list(self.playbook.labels("confirm_outcomes").items())
            self.choose(
                self.t("closure.confirm_outcome_q"), outcomes, self._confirm_outcome_chosen, selected=closure.confirm_outcome
            )
        elif not closure.reason:
            self.departure_reason()

    def _confirm_outcome_chosen(self, outcome: str) -> None:
        if self.apply(self.coach.set_confirm_outcome, outcome) and not self.closure.reason:
            self.lost_reason()

    # --- reasons -------------------------------------------------------------------
    def action_reason(self) -> None:
        if self.closure is None:
            return
        if self.closure.kind is Kind.DEPARTURE:
            self.departure_reason()
        else:
            self.lost_reason()

    def lost_reason(self) -> None:
        labels = self.playbook.labels("lost_reasons")
        options = [(reason, labels.get(reason, reason)) for reason in LOST_REASONS]
        self.choose(
            self.t("closure.reason_q"),
            options,
            lambda reason: self.apply(self.coach.set_reason, reason),
            selected=self.closure.reason,
        )

    # --- the guess before the call ----------------------------------------------------
    def action_guess(self) -> None:
        self.set_focus(self.query_one(GuessInput))  # at once: the keys typed after `g` are the guess

    def save_guess(self, text: str) -> None:
        # At once, before the reason's list opens: the list gives focus back to what had it, and the
        # guess keeping it would take the keys typed after the pick (`d` typed into the guess).
        self.set_focus(self.query_one("#body"))
        if not self.apply(self.coach.set_guess, text.strip()):
            return
        labels = self.playbook.labels("lost_reasons")
        options = [(reason, labels.get(reason, reason)) for reason in LOST_REASONS]
        self.choose(
            self.t("closure.guess_reason_q"),
            options,
            lambda reason: self.apply(self.coach.set_guess, text.strip(), reason),
            selected=self.closure.guess_reason,
        )

    # --- the screens of the later steps ------------------------------------------------
    # Opened by the app (tui/navigation.py): no screen imports another.
    def action_debrief(self) -> None:
        self.app.open_debrief(self.closure_id, self.reload)

    def action_restart(self) -> None:
        self.app.open_restart(self.closure_id, self.reload)

    # --- action items ------------------------------------------------------------------
    def action_add_action(self) -> None:
        tz = self.app.settings.tz
        default_due = local(self.app.clock() + timedelta(days=7), tz, self.t, weekday=False)

        def check_due(text: str) -> str | None:
            try:
                parse_local(text, tz)
            except ValueError:
                return self.t("closure.bad_time")
            return None

        def got_text(text: str | None) -> None:
            if not text or not text.strip():
                return

            def got_due(due: str | None) -> None:
                if due:
                    self._ask_owner(text.strip(), parse_local(due, tz))

            self.app.push_screen(
                PromptModal(self.t("closure.action_due_q"), value=default_due, hint=self.t("closure.time_hint"), check=check_due),
                got_due,
            )

        self.app.push_screen(PromptModal(self.t("closure.action_q"), hint=self.t("closure.prompt_hint")), got_text)

    def _ask_owner(self, text: str, due) -> None:
        """Who owns the lesson: the user's name proposed; an empty line makes it the user's."""

        def got_owner(owner: str | None) -> None:
            if owner is not None:
                self.apply(self.coach.add_action, text, due, owner.strip() or None)

        prompt = PromptModal(
            self.t("lessons.owner_q", text=text), value=self.app.settings.user_name, hint=self.t("lessons.owner_hint")
        )
        self.app.push_screen(prompt, got_owner)

    def action_complete_action(self) -> None:
        closure = self.closure
        open_items = [(item.id, item.text) for item in closure.actions if item.done_at is None] if closure else []
        if open_items:
            self.choose(
                self.t("closure.complete_q"), open_items, lambda action_id: self.apply(self.coach.complete_action, action_id)
            )
