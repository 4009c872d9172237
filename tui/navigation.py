"""How screens open one another: they ask the app, which is the one place that imports them.

A screen calls `self.app.open_closure(closure_id)`, `self.app.new_closure(then)`, ... and never
imports another screen (the contract "no screen imports another screen" in pyproject.toml).
The app pushes the screen within the same call, so keys typed right after the one that opened
it reach the new screen. `then`, when given, is called with what that screen dismissed with,
as a `push_screen` callback is. Each screen module is imported on first use: only the
dashboard is loaded before the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from cierre.domain.texts import Translator
    from cierre.service import Coach

Then = Callable[[Any], None] | None  # what the opened screen dismissed with, passed on


class Navigation:
    """A mixin of CierreApp: one public method per screen that another screen opens."""

    # What the New closure form held when it was left with Escape: filled in again when it opens.
    form_draft: dict[str, str] | None = None

    if TYPE_CHECKING:  # provided by CierreApp and textual.app.App
        coach: Coach
        t: Translator
        push_screen: Callable[..., Any]
        pop_screen: Callable[..., Any]
        screen_stack: list[Any]

        def say(self, text: str, *, error: bool = False) -> None: ...

    def open_closure(self, closure_id: str) -> None:
        from cierre.tui.screens.closure import ClosureScreen

        self.push_screen(ClosureScreen(closure_id))

    def jump_to_closure(self, closure_id: str) -> None:
        """The command palette's jump: the views above the dashboard close, the closure opens on it,
        its row selected there. Only views are closed (see `CierreScreen.JUMPS`): never a call, a
        form or a dialog, which the palette does not offer to jump from."""
        stack = self.screen_stack
        if not all(getattr(screen, "JUMPS", False) for screen in stack):
            return
        top = stack[-1]
        if getattr(top, "closure_id", None) == closure_id:
            return  # already open
        while len(self.screen_stack) > 1:
            self.pop_screen()
        select = getattr(self.screen_stack[0], "select_closure", None)
        if select is not None:
            select(closure_id)
        self.open_closure(closure_id)

    def new_closure(self, then: Then = None) -> None:
        """The form for a new closure; `then` gets the new closure's id, or None when it was left."""
        from cierre.tui.screens.new_closure import NewClosureScreen

        self.push_screen(NewClosureScreen(), then)

    def open_insights(self) -> None:
        try:
            from cierre.tui.screens.insights import InsightsScreen
        except ImportError:
            self.say(self.t("dashboard.insights_missing"))
            return
        self.push_screen(InsightsScreen(self.coach))

    def open_call(self, closure_id: str, then: Then = None) -> None:
        """Call mode; `then` gets the call's result, or None when it was left mid-call."""
        try:
            from cierre.tui.screens.call import CallScreen
        except ImportError:
            self.say(self.t("closure.call_missing"))
            return
        self.push_screen(CallScreen(self.coach, closure_id), then)

    def open_debrief(self, closure_id: str, then: Then = None) -> None:
        """The debrief; `then` gets "done" when the step was marked done, else None."""
        try:
            from cierre.tui.screens.debrief import DebriefScreen
        except ImportError:
            self.say(self.t("closure.screen_missing"))
            return
        self.push_screen(DebriefScreen(self.coach, closure_id), then)

    def open_restart(self, closure_id: str, then: Then = None) -> None:
        """Starting again; `then` gets "done" when the step was marked done, else None."""
        try:
            from cierre.tui.screens.restart import RestartScreen
        except ImportError:
            self.say(self.t("closure.screen_missing"))
            return
        self.push_screen(RestartScreen(self.coach, closure_id), then)
