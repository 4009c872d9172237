"""Closure-view keys for a departing client: the reason with its guide, check-ins, won back, renewal.

A mixin of ClosureScreen, kept apart so each file stays readable.
"""

from __future__ import annotations

from cierre.domain.model import DEPARTURE_REASONS, Kind
from cierre.tui.widgets.countdown import local, parse_local
from cierre.tui.widgets.dialogs import ConfirmModal, PromptModal


class DepartureActions:
    def departure_reason(self) -> None:
        """The reasons, each with its response guide shown as it is highlighted."""
        playbook = self.playbook
        options, guides = [], {}
        for reason in DEPARTURE_REASONS:
            info = playbook.departure_reason(reason)
            options.append((reason, info.get("label", reason)))
            guides[reason] = info.get("guide", "").strip()
        self.choose(
            self.t("departure.reason_q"),
            options,
            lambda reason: self.apply(self.coach.set_reason, reason),
            details=guides,
            selected=self.closure.reason,
        )

    def action_checkin(self) -> None:
        """A check-in logged now: it stands for the one due, and the next is counted from it. A lost
        proposal's client may name the next moment to talk (asked after the note)."""

        def save(note: str | None) -> None:
            if note is None:
                return
            if not self.apply(self.coach.log_checkin, note.strip()):
                return
            if self.closure.kind is Kind.LOST:
                self._ask_date("keepintouch.touch_q", None, self._touch_saved_after_checkin)
            else:
                self.checkin_logged()

        self.app.push_screen(PromptModal(self.t("departure.checkin_q"), hint=self.t("departure.checkin_hint")), save)

    def _touch_saved_after_checkin(self, at) -> None:
        if at is None or self.apply(self.coach.set_touch, at):
            self.checkin_logged()

    def action_won_back(self) -> None:
        def go(yes: bool | None) -> None:
            if yes and self.apply(self.coach.mark_won_back):
                self.app.say(self.t("departure.won_back_said"))

        question = self.t("departure.won_back_q", client=self.closure.client)
        self.app.push_screen(ConfirmModal(question, yes=self.t("app.yes"), no=self.t("app.no")), go)

    def action_renewal(self) -> None:
        tz = self.app.settings.tz
        current = local(self.closure.renewal_at, tz, self.t, weekday=False, clock=False)

        def check(text: str) -> str | None:
            if not text.strip():
                return None
            try:
                parse_local(text, tz)
            except ValueError:
                return self.t("closure.bad_time")
            return None

        def save(text: str | None) -> None:
            if text is None:
                return
            self.apply(self.coach.set_renewal, parse_local(text, tz) if text.strip() else None)

        self.app.push_screen(
            PromptModal(self.t("departure.renewal_q"), value=current, hint=self.t("departure.renewal_hint"), check=check), save
        )
