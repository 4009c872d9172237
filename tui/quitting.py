"""Quitting with a call in progress asks first: pause it and quit, end it, or stay.

A running call's stopwatch keeps counting while the app is closed (the time is computed from
when it started), so quitting in the middle of one would record a call longer than it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cierre.domain.text import one_line
from cierre.tui.widgets.dialogs import ChoiceModal

if TYPE_CHECKING:
    from cierre.tui.app import CierreApp


class QuitDuringCall(ChoiceModal):
    """The question itself; a second ctrl+q while it is open leaves it open (Esc stays)."""


def quit_or_ask(app: CierreApp) -> None:
    from cierre.tui.screen_base import PROBLEMS

    if isinstance(app.screen, QuitDuringCall):
        return
    try:
        calls = app.coach.running_calls()
    except PROBLEMS + (OSError,):
        calls = []
    if not calls:
        app.exit()
        return
    t = app.t
    closure_id, client = calls[0]
    options = [("pause", t("app.quit_pause")), ("end", t("app.quit_end")), ("stay", t("app.quit_stay"))]

    def chosen(answer: str | None) -> None:
        if answer == "pause":
            pause_all_and_quit(app, [cid for cid, _ in calls])
        elif answer == "end":
            end_call(app, closure_id)

    question = t("app.quit_call_q", client=one_line(client, 40))
    app.push_screen(QuitDuringCall(question, options, details={"pause": t("app.quit_pause_help")}), chosen)


def pause_all_and_quit(app: CierreApp, closure_ids: list[str]) -> None:
    from cierre.tui.screen_base import PROBLEMS

    try:
        for closure_id in closure_ids:
            call = app.coach.get(closure_id).current_call
            if call is not None and not call.paused:
                app.coach.pause_call(closure_id)
    except PROBLEMS + (OSError,) as error:
        app.say(str(error), error=True)  # not paused: the app stays open rather than lose the time
        return
    app.exit()


def end_call(app: CierreApp, closure_id: str) -> None:
    """The call's own end dialog (outcome, retry time), in call mode for that closure."""
    screen = app.screen
    if getattr(screen, "closure_id", None) != closure_id or not hasattr(screen, "action_end_call"):
        app.open_call(closure_id)
    app.call_after_refresh(lambda: getattr(app.screen, "action_end_call", lambda: None)())
