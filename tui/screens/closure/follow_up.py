"""Closure-view keys after a lost proposal's call: who won, when to get back in touch, a check-in,
a door that reopens, the new round's answer, and the closure a reopened door links to.

A mixin of ClosureScreen, kept apart so each file stays readable.
"""

from __future__ import annotations

from typing import Callable

from cierre.domain.model import Winner
from cierre.tui.widgets.countdown import local, parse_local
from cierre.tui.widgets.dialogs import ConfirmModal, PromptModal

DATE_LENGTH = 10  # YYYY-MM-DD


class FollowUpActions:
    # --- who won, and with what --------------------------------------------------
    def action_winner(self) -> None:
        """Who, their price, their scope, what tipped it: one line each, Enter saves and goes on."""
        self._ask_winner_part(0)

    def _ask_winner_part(self, position: int) -> None:
        if position >= len(Winner.PARTS):
            self.app.say(self.t("winner.saved"))
            return
        part = Winner.PARTS[position]
        current = self.closure.competitor if part == "name" else getattr(self.closure.winner, part)

        def save(text: str | None) -> None:
            if text is None:
                return
            if self.apply(self.coach.set_winner, **{part: text.strip()}):
                self._ask_winner_part(position + 1)

        prompt = PromptModal(self.t(f"winner.prompt_{part}"), value=current, hint=self.t("winner.hint"))
        self.app.push_screen(prompt, save)

    # --- keeping in touch ----------------------------------------------------------
    def action_touch(self) -> None:
        """The moment the client named to talk again; empty goes back to about six months."""
        self._ask_date("keepintouch.touch_q", self.closure.touch_at, self._touch_saved)

    def _touch_saved(self, at) -> None:
        if self.apply(self.coach.set_touch, at):
            if at is None:
                self.app.say(self.t("keepintouch.touch_cleared"))
            else:
                self.app.say(self.t("keepintouch.touch_set", at=local(at, self.app.settings.tz, self.t, clock=False)))

    def _ask_date(self, question: str, current, then: Callable) -> None:
        tz = self.app.settings.tz

        def check(text: str) -> str | None:
            if not text.strip():
                return None
            try:
                at = parse_local(text, tz)
            except ValueError:
                return self.t("closure.bad_time")
            return self.t("call.retry_past") if at <= self.app.clock() else None

        def save(text: str | None) -> None:
            if text is not None:
                then(parse_local(text, tz) if text.strip() else None)

        value = local(current, tz, self.t, weekday=False, clock=False)
        self.app.push_screen(PromptModal(self.t(question), value=value, hint=self.t("keepintouch.touch_hint"), check=check), save)

    def checkin_logged(self) -> None:
        """Said after a check-in was logged: the next one, with its label."""
        planned = self.coach.planner.checkin_plan(self.closure, 1)[0]
        label = self.t(f"keepintouch.labels.{planned.label}")
        self.app.say(self.t("keepintouch.checkin_logged", label=label, at=local(planned.at, self.app.settings.tz, self.t)))

    # --- a door that reopens ---------------------------------------------------------
    def action_reopen(self) -> None:
        def go(yes: bool | None) -> None:
            if yes:
                self.reopened_into(self.apply(self.coach.reopen))

        self.app.push_screen(ConfirmModal(self.t("keepintouch.reopen_q"), yes=self.t("app.yes"), no=self.t("app.no")), go)

    def reopened_into(self, new) -> None:
        """Said once a door reopened: the new round's closure, which `j` opens."""
        if new and getattr(new, "id", None):
            self.app.say(self.t("keepintouch.reopen_done", id=new.id))

    def action_said_no(self) -> None:
        def go(yes: bool | None) -> None:
            if yes and self.apply(self.coach.said_no_again):
                self.app.say(self.t("keepintouch.said_no_done"))

        self.app.push_screen(ConfirmModal(self.t("keepintouch.said_no_q"), yes=self.t("app.yes"), no=self.t("app.no")), go)

    def action_won(self) -> None:
        def go(yes: bool | None) -> None:
            if yes and self.apply(self.coach.mark_won_back):
                self.app.say(self.t("keepintouch.won_said"))

        question = self.t("keepintouch.won_q", client=self.closure.client)
        self.app.push_screen(ConfirmModal(question, yes=self.t("app.yes"), no=self.t("app.no")), go)

    def action_linked(self) -> None:
        linked = self.closure.reopened_as or self.closure.reopened_from
        if linked:
            self.app.open_closure(linked)
