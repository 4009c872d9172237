"""Quitting with a call in progress asks first: pause it and quit, end it, or stay.

A running call's stopwatch keeps counting while the app is closed (the time is computed from
when it started), so quitting in the middle of one would record a call longer than it was.
A mixin of CierreApp, as `Navigation` is; the question's dialog loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from cierre.domain.text import one_line

if TYPE_CHECKING:
    from cierre.domain.texts import Translator
    from cierre.service import Coach


class Quitting:
    """ctrl+q and the palette's Quit: at once, unless a call is in progress."""

    if TYPE_CHECKING:  # provided by CierreApp and textual.app.App
        coach: Coach
        t: Translator
        screen: Any
        push_screen: Callable[..., Any]
        exit: Callable[..., None]
        call_after_refresh: Callable[..., Any]

        def say(self, text: str, *, error: bool = False) -> None: ...

        def open_call(self, closure_id: str) -> None: ...

    async def action_quit(self) -> None:
        from cierre.tui.screen_base import PROBLEMS
        from cierre.tui.widgets.dialogs import QuitDuringCall

        if isinstance(self.screen, QuitDuringCall):
            return  # a second ctrl+q while the question is open leaves it open
        try:
            calls = self.coach.running_calls()
        except PROBLEMS + (OSError,):
            calls = []
        if not calls:
            self.exit()
            return
        t = self.t
        closure_id, client = calls[0]
        options = [("pause", t("app.quit_pause")), ("end", t("app.quit_end")), ("stay", t("app.quit_stay"))]

        def chosen(answer: str | None) -> None:
            if answer == "pause":
                self.pause_calls_and_quit([cid for cid, _ in calls])
            elif answer == "end":
                self.end_call_first(closure_id)

        question = t("app.quit_call_q", client=one_line(client, 40))
        self.push_screen(QuitDuringCall(question, options, details={"pause": t("app.quit_pause_help")}), chosen)

    def pause_calls_and_quit(self, closure_ids: list[str]) -> None:
        from cierre.tui.screen_base import PROBLEMS

        try:
            for closure_id in closure_ids:
                call = self.coach.get(closure_id).current_call
                if call is not None and not call.paused:
                    self.coach.pause_call(closure_id)
        except PROBLEMS + (OSError,) as error:
            self.say(str(error), error=True)  # not paused: the app stays open rather than lose the time
            return
        self.exit()

    def end_call_first(self, closure_id: str) -> None:
        """The call's own end dialog (outcome, retry time), in call mode for that closure."""
        screen = self.screen
        if getattr(screen, "closure_id", None) != closure_id or not hasattr(screen, "action_end_call"):
            self.open_call(closure_id)
        self.call_after_refresh(lambda: getattr(self.screen, "action_end_call", lambda: None)())
