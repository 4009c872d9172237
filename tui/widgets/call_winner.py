"""Call-mode capture of who won: the competitor's name (a name, never a sentence), the rest of the
winner's offer, and the moment the client named to talk again.

A mixin of CallScreen (it needs the screen's `ask`, `do`, `show`, `say` and `_save_note`), kept
apart so each file stays readable.
"""

from __future__ import annotations

from cierre.domain.model import Winner
from cierre.domain.text import looks_like_name
from cierre.tui.widgets.call_prompt import PromptRequest
from cierre.tui.widgets.countdown import parse_local


class WinnerCapture:
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

    # --- who won, and when to talk again: captured on the call ------------------
    def action_winner(self, position: int = 0) -> None:
        """Who, their price, their scope, what tipped it: one line each, Enter saves and goes on."""
        if position >= len(Winner.PARTS):
            self.say(self.t("winner.saved"))
            return
        part = Winner.PARTS[position]
        current = self.closure.competitor if part == "name" else getattr(self.closure.winner, part)

        def save(text: str, _choice: str | None) -> str | None:
            closure = self.do(self.coach.set_winner, **{part: text.strip()})
            if closure is None:
                return self.t("call.not_saved")
            self.show(closure)
            self.action_winner(position + 1)
            return None

        self.ask(
            PromptRequest(f"winner_{part}", self.t(f"winner.prompt_{part}"), save, value=current), hint=self.t("winner.hint")
        )

    def action_touch(self) -> None:
        """The moment the client named to talk again: a stay-in-touch check-in is planned then."""
        tz = self.coach.settings.tz
        current = self.closure.touch_at.astimezone(tz).date().isoformat() if self.closure.touch_at else ""

        def save(text: str, _choice: str | None) -> str | None:
            try:
                at = parse_local(text, tz) if text.strip() else None
            except ValueError:
                return self.t("closure.bad_time")
            if at is not None and at <= self.coach.clock():
                return self.t("call.retry_past")
            closure = self.do(self.coach.set_touch, at)
            if closure is None:
                return self.t("call.not_saved")
            self.show(closure)
            return None

        self.ask(
            PromptRequest("touch", self.t("keepintouch.touch_q"), save, value=current), hint=self.t("keepintouch.touch_hint")
        )
