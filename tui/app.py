"""The Cierre terminal UI: one Coach shared by every screen, texts in two languages, any theme.

Screens reach the domain through `self.app.coach` and their texts through
`self.app.t`. Switching language at run time sets `language`; every screen
watches it and redraws its texts. Calendar sync runs in a thread worker every
minute and shortly after each change, so the UI never waits on a server.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any, Callable, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.reactive import reactive
from textual.screen import Screen

from cierre.domain.text import one_line
from cierre.domain.texts import Translator, use_language
from cierre.domain.timeutil import utcnow
from cierre.service import Coach
from cierre.tui.fault_boundary import FaultBoundary
from cierre.tui.navigation import Navigation
from cierre.tui.palette import ClosuresProvider, NothingFoundProvider, ScreenActionsProvider
from cierre.tui.quitting import Quitting
from cierre.tui.theme import THEMES, setting_for, theme_name, user_themes

if TYPE_CHECKING:
    from cierre.domain.timeutil import Clock
    from cierre.settings import Settings

DARK_THEME = THEMES["dark"].name
SYNC_EVERY = 60.0  # seconds between calendar syncs
SYNC_AFTER_CHANGE = 2.0  # a burst of edits is delivered by one sync
SYNC_STATE_EVERY = 2.0  # how often the pending count and last result are re-read
SYNC_FIRST = 0.5  # the first sync, once the dashboard is painted
TIDY_AFTER = 1.0  # the scan for leftover temp files, once the first keys have been answered
WATCH_EVERY = 0.5  # seconds between looks at the index's version: another terminal's note shows within a second


def calendar_sync() -> Callable[..., Any] | None:
    """The calendar integration's sync function, or None while it is not installed.

    The integration (icalendar, caldav) is imported on the first sync, in its worker thread:
    it stays out of the time to the first painted dashboard.
    """
    from importlib.util import find_spec

    try:
        if find_spec("cierre.integrations.calendar") is None:
            return None
    except ImportError:
        return None

    def run_sync(coach: Coach, **options: Any) -> Any:
        from cierre.integrations.calendar import run_sync as sync

        return sync(coach, **options)

    return run_sync


class CierreApp(FaultBoundary, Navigation, Quitting, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "Cierre"
    COMMANDS = App.COMMANDS | {ScreenActionsProvider, ClosuresProvider, NothingFoundProvider}
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        # Shown in the dashboard's footer only (it repeats the binding), where there is room for it.
        Binding("f2", "toggle_language", "Language", id="app.language", show=False),
        Binding("f3", "pick_theme", "Theme", id="app.theme", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, show=False),
        Binding("ctrl+p", "command_palette", "Commands", id="app.palette", show=False),
    ]

    language: reactive[str] = reactive("en", init=False)
    # {"pending": int, "at": ISO or None, "ok": bool or None, "error": str, "synced": bool, "running": bool}
    # ("synced": something was delivered to the calendar target in the settings)
    sync_state: reactive[dict[str, Any]] = reactive(dict, init=False, always_update=True)

    def __init__(
        self,
        settings: Settings,
        *,
        coach: Coach | None = None,
        clock: Clock | None = None,
        calendar: bool = True,
    ) -> None:
        super().__init__()
        self.drafts: dict[tuple[str, str], str] = {}  # text set aside by Escape in a dialog (PromptModal)
        self.settings = settings
        self.coach = coach or Coach(settings, clock=clock or utcnow)
        self.t = Translator(settings.lang)
        use_language(settings.lang)  # the core's refusals, said on screen, in the same language
        self.set_reactive(CierreApp.language, settings.lang)
        for theme in THEMES.values():
            self.register_theme(theme)
        mine, self._theme_problems = user_themes(self.t)
        for theme in mine:
            self.register_theme(theme)
        self.user_theme_names = {theme.name for theme in mine}
        wanted = theme_name(settings.theme)
        if wanted not in self.available_themes:  # a theme file since removed: the dark look, and a word
            keys = one_line(str(settings.keys.get("app.theme", "f3")), 20)
            self._theme_problems.append(self.t("app.theme_unknown", theme=one_line(settings.theme, 40), keys=keys))
            wanted = DARK_THEME
        # Set before the app runs: the restyle a theme change schedules then runs before any screen
        # is mounted, so it costs no second pass over the first screen.
        self.theme = wanted
        self.set_keymap(dict(settings.keys))
        self._sync = calendar_sync() if calendar else None
        self._sync_again = False
        self._sync_soon = None
        self._data_version: Any = None  # the store's version at the last look (watch_data)
        self._problems_told = 0  # how many of the store's problems the user has been shown (tell_problems)

    @property
    def clock(self) -> Clock:
        return self.coach.clock

    def get_default_screen(self) -> Screen:
        # The dashboard is the app's first screen itself: no blank default screen to paint and then
        # switch away from, which would cost a screen switch on every launch.
        from cierre.tui.screens.dashboard import DashboardScreen

        return DashboardScreen()

    tidy_after_first_paint = False

    def on_load(self) -> None:
        # No cyclic garbage collection until the first paint: loading thousands of rows would trigger
        # full passes over a heap that is only growing. Start-up objects are then frozen (they live as
        # long as the app), so later passes skip them; anything freed is still freed by reference counts.
        gc.disable()

    def on_unmount(self) -> None:
        gc.enable()  # an app that never painted leaves collection as it found it

    def on_mount(self) -> None:
        for problem in self._theme_problems:
            self.say(problem, error=True)
        self.call_after_refresh(self.after_first_paint)
        # Nothing else competes with the first paint: the sync line is read just after it.
        self.call_after_refresh(self.read_sync_state)
        self.set_interval(SYNC_STATE_EVERY, self.read_sync_state)
        self.set_interval(WATCH_EVERY, self.watch_data)
        if self._sync is not None:
            self.set_interval(SYNC_EVERY, self.sync_calendar)
            self.set_timer(SYNC_FIRST, self.sync_calendar)

    def set_keymap(self, keymap: Any) -> None:
        """The user's keymap; a key two bindings share (p pause and resume) moves as one (tui/keys.py)."""
        from cierre.tui.keys import shared_keymap

        super().set_keymap(shared_keymap(keymap))

    def watch_data(self) -> None:
        """The one look at the data for every screen: the index's version (one query), and whether a
        closure file changed behind its back (one stat); screens hear of a change by `DataChanged`."""
        from cierre.tui.messages import DataChanged
        from cierre.tui.screen_base import PROBLEMS

        try:
            self.coach.store.repair()
            version = self.coach.store.version()
        except PROBLEMS + (OSError,):
            return  # said by the screens when they read; the next look tries again
        self.tell_problems()
        if version != self._data_version:
            self._data_version = version
            for screen in self.screen_stack:
                screen.post_message(DataChanged())

    def tell_problems(self) -> None:
        """Files the store moved aside or rebuilt (at start or since): one notice each, once."""
        problems = self.coach.store.problems
        for problem in problems[self._problems_told :]:
            self.say(problem, error=True)
        self._problems_told = len(problems)

    def after_first_paint(self) -> None:
        gc.freeze()
        gc.enable()
        if self.tidy_after_first_paint:
            self.set_timer(TIDY_AFTER, self.tidy_data_folder)

    @work(thread=True, exclusive=True, exit_on_error=False, group="tidy")
    def tidy_data_folder(self) -> None:
        """Leftover temp files of killed writes, cleaned once the user already sees the dashboard."""
        from cierre.storage.files import DamagedFileError
        from cierre.storage.store import StoreError

        try:
            self.coach.store.maintain()
        except (StoreError, DamagedFileError, OSError) as error:
            self.call_from_thread(self.say, str(error), error=True)

    # --- language, theme, help ---------------------------------------------
    def action_toggle_language(self) -> None:
        self.set_language("en" if self.language == "es" else "es")

    def set_language(self, lang: str) -> None:
        self.t = Translator(lang)
        use_language(lang)
        self.language = lang  # screens watch this and redraw their texts
        self.refresh_bindings()
        self.notify(self.t("app.language_set"), markup=False)

    def action_pick_theme(self) -> None:
        from cierre.tui.palette import ThemesProvider

        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(providers=[ThemesProvider], placeholder=self.t("app.theme_placeholder")))

    def pick_theme(self, name: str) -> None:
        """Apply a theme now and write it to the config file, so the next start has it too."""
        self.theme = name
        self._remember_theme(setting_for(name))

    @work(thread=True, exclusive=True, exit_on_error=False, group="remember-theme")
    def _remember_theme(self, setting: str) -> None:
        import os

        from cierre.config_edit import remember_setting
        from cierre.settings import SettingsError

        try:
            path = remember_setting("theme", setting)
        except SettingsError as error:
            self.call_from_thread(self.say, self.t("app.theme_not_kept", error=str(error)), error=True)
            return
        # The environment is read before the config file: say so, or the next start would surprise.
        key = "app.theme_kept_env" if os.environ.get("CIERRE_THEME", setting).strip().lower() != setting else "app.theme_kept"
        self.call_from_thread(self.say, self.t(key, theme=setting, path=str(path)))

    def action_help(self) -> None:
        from cierre.tui.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=self.t("app.palette_placeholder"), id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        t = self.t
        yield SystemCommand(t("app.cmd_language"), t("app.cmd_language_help"), self.action_toggle_language)
        yield SystemCommand(t("app.cmd_theme"), t("app.cmd_theme_help"), self.action_pick_theme)
        yield SystemCommand(t("app.cmd_help"), t("app.cmd_help_help"), self.action_help)
        yield SystemCommand(t("app.cmd_quit"), t("app.cmd_quit_help"), self.action_quit)

    # --- feedback ------------------------------------------------------------
    def say(self, text: str, *, error: bool = False) -> None:
        """A one-line notification that shows any text literally."""
        self.notify(one_line(text, 300), severity="error" if error else "information", markup=False)

    def changed(self) -> None:
        """Called after every change made from the UI: the calendar follows shortly."""
        if self._sync is None:
            return
        if self._sync_soon is not None:
            self._sync_soon.stop()
        self._sync_soon = self.set_timer(SYNC_AFTER_CHANGE, self.sync_calendar)

    # --- calendar sync -------------------------------------------------------
    def sync_calendar(self, *, asked: bool = False) -> None:
        """Start a sync in a thread; `asked` (the user pressed the key) ignores the backoff and reports back."""
        if self._sync is None:
            if asked:
                self.say(self.t("app.sync_unavailable"))
            return
        if any(w.group == "calendar-sync" and w.is_running for w in self.workers):
            self._sync_again = True  # a thread cannot be cancelled: run once more when it ends
            return
        self.sync_state = {**self.sync_state, "running": True}
        self._run_sync(asked)

    @work(thread=True, exclusive=True, exit_on_error=False, group="calendar-sync")
    def _run_sync(self, asked: bool) -> None:
        report = None
        try:
            report = self._sync(self.coach, background=not asked)  # type: ignore[misc]
        except Exception as error:  # the sync worker's fault boundary: one line, the traceback in the log
            from cierre.faults import fault_line

            line, _ = fault_line(error, "calendar sync (terminal UI)")
            self.call_from_thread(self.say, self.t("app.sync_failed", error=line), error=True)
        finally:
            self.call_from_thread(self._sync_done, report if asked else None)

    def _sync_done(self, report: Any = None) -> None:
        self.sync_state = {**self.sync_state, "running": False}
        self.read_sync_state()
        if report is not None:
            if getattr(report, "ok", False):
                self.say(self.t.n("plural.delivered", getattr(report, "delivered", 0)))
            else:
                self.say(self.t("app.sync_failed", error=getattr(report, "error", "") or "?"), error=True)
        if self._sync_again:
            self._sync_again = False
            self.sync_calendar()

    @work(thread=True, exclusive=True, exit_on_error=False, group="sync-state")
    def read_sync_state(self) -> None:
        """Pending count and last result, read off the UI thread (small files, but never a wait)."""
        from cierre.tui.screen_base import PROBLEMS

        try:
            # A new calendar target in the settings: its status, and every live event queued for it.
            self.coach.follow_calendar_target()
        except PROBLEMS:
            pass  # said by the sync, which follows it too
        pending = self.coach.outbox.count()
        last = self.coach.outbox.last_sync(self.settings.calendar_target)
        running = bool(self.sync_state.get("running"))
        state = {
            "pending": pending,
            "at": last.get("at"),
            "ok": last.get("ok"),
            "error": last.get("error", ""),
            "synced": bool(last.get("delivered_at")),
            "running": running,
        }
        if state != self.sync_state:
            self.call_from_thread(self._new_sync_state, state)

    def _new_sync_state(self, state: dict[str, Any]) -> None:
        before = self.sync_state.get("pending")  # None on the first read: the start-up sync covers it
        grew = before is not None and int(state.get("pending") or 0) > int(before)
        self.sync_state = state
        if grew and not state.get("running"):
            self.changed()  # new changes from any screen or process: deliver them soon
