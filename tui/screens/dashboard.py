"""The dashboard: every active closure, most urgent first, with a live countdown to its next due time.

Rows come from the index (never the closure files): read before the first paint, later
in a thread. The app tells it when the index changed (`DataChanged`), so a change made by another
process (a `cierre note`, a sync) shows without a key press.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.cells import cell_len
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from cierre.domain.labels import step_label
from cierre.domain.model import STEPS, Kind, Status
from cierre.domain.text import one_line
from cierre.launcher import cierre_command
from cierre.storage.index import Term
from cierre.tui.keys import key_for
from cierre.tui.messages import DataChanged
from cierre.tui.safe import literal
from cierre.tui.screen_base import PROBLEMS, CierreScreen
from cierre.tui.widgets.closure_list import ClosureList, Labels
from cierre.tui.widgets.closure_rows import Row, Rows
from cierre.tui.widgets.countdown import local, until
from cierre.tui.widgets.dashboard_filter import FilterBar, FilterInput, filter_terms
from cierre.tui.widgets.footer import KeysFooter
from cierre.tui.widgets.shown import show
from cierre.tui.widgets.sync_status import SyncStatus

TICK = 1.0  # countdown repaint


class DashboardScreen(CierreScreen):
    AUTO_FOCUS = "ClosureList"
    JUMPS = True
    # Priority: the action runs before the next key is read, so keys typed right after `n` or Enter
    # reach the screen that opens instead of this list (whose moves are priority keys too, so a burst
    # such as Down Down Enter opens the row the cursor reached). No text field here to steal from.
    # In the footer's order: a narrow one shows the first that fit, whole. While the filter's box has
    # focus, `check_action` turns down the keys that are text there.
    BINDINGS = [
        Binding("enter", "open", "Open", id="dashboard.open", priority=True),
        # Shown only while the filter is open: then first, where it is sure to fit.
        Binding("escape", "clear_filter", "Clear filter", id="dashboard.clear_filter", priority=True),
        Binding("n", "new", "New", id="dashboard.new", priority=True),
        Binding("a", "archive", "Archive", id="dashboard.archive", priority=True),
        Binding("f", "toggle_all", "All", id="dashboard.all", priority=True),
        Binding("i", "insights", "Insights", id="dashboard.insights", priority=True),
        Binding("q", "quit", "Quit", id="dashboard.quit", priority=True),
        # The filter gives way in a narrow footer before the keys above (help and palette list it).
        Binding("slash", "filter", "Filter", id="dashboard.filter", priority=True),
        # Calendar sync also runs by itself: its key may give way in a narrow footer.
        Binding("s", "sync", "Sync", id="dashboard.sync", priority=True),
        Binding("f2", "app.toggle_language", "Language", id="app.language"),
        # The rows move from the filter's box too (the list has these keys itself when it has focus).
        *[Binding(key, f"move({delta})", show=False) for key, delta in (("up", -1), ("down", 1))],
        *[Binding(key, f"page({delta})", show=False) for key, delta in (("pageup", -1), ("pagedown", 1))],
    ]
    TEXT_KEYS = ("filter", "new", "archive", "toggle_all", "insights", "sync", "quit")

    def __init__(self) -> None:
        super().__init__()
        self.show_all = False
        self._stamp: Any = None
        self._rows = Rows()
        self._total = 0  # rows there would be without the filter
        self._loads = 0  # each read numbered: a slower, older read never replaces a newer one
        self.calls: list[tuple[str, str]] = []  # (id, client) of each call in progress

    def compose(self) -> ComposeResult:
        yield Static("", id="dash-title")
        yield FilterBar(self.t("dashboard.filter_label"), id="dash-filter")
        yield ClosureList(describe=self.describe, countdown=self.countdown, when=self.when, clock=self.app.clock, id="closures")
        yield Static("", id="dash-empty")
        yield SyncStatus(id="sync-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._stamp = self.coach.store.version()
        try:
            # The rows are small enough to read before the first paint, which then shows them
            # at once; later changes are read in a worker.
            columns = self.coach.store.row_columns(active_only=not self.show_all)
            calls = self.coach.running_calls()
        except PROBLEMS as error:
            self.app.say(str(error), error=True)
        else:
            self.show_rows(self._loads, Rows(columns, show_all=self.show_all), len(columns["id"]), calls)
        self.refresh_texts()  # after the rows: the empty list's hint is worded only when it shows
        self.set_interval(TICK, self.tick)

    # --- texts -------------------------------------------------------------------
    def describe(self, summary: dict[str, Any]) -> Labels:
        t = self.t
        on_call = any(cid == summary.get("id") for cid, _client in self.calls)
        step = t("dashboard.on_call") if on_call else step_label(summary, self.playbook, t)
        return Labels(summary.get("client", ""), t(f"dashboard.kind_{summary.get('kind', '')}"), step)

    def label_widths(self) -> tuple[int, int]:
        """The longest kind and step labels a row can show in this language: their columns' widths."""
        t, playbook = self.t, self.playbook
        kinds = [t(f"dashboard.kind_{kind.value}") for kind in Kind]
        steps = [playbook.step_title(kind.value, step) for kind in Kind for step in STEPS[kind]]
        steps += [t(f"dashboard.status_{status.value}") for status in Status if status is not Status.OPPORTUNITY]
        steps += [t("dashboard.status_archived"), t("dashboard.on_call"), t("keepintouch.status_opportunity")]
        steps += [t("keepintouch.step")]
        return max(map(cell_len, kinds)), max(map(cell_len, steps))

    def countdown(self, due: datetime | None, now: datetime) -> tuple[str, bool]:
        return until(due, now, self.t)

    def when(self, due: datetime | None) -> str:
        return local(due, self.app.settings.tz, self.t)

    def refresh_texts(self) -> None:
        t = self.t
        closures = self.query_one(ClosureList)
        closures.headers = (
            t("dashboard.col_kind"),
            t("dashboard.col_client"),
            t("dashboard.col_step"),
            t("dashboard.col_due"),
            t("dashboard.col_when"),
        )
        closures.label_widths = self.label_widths()
        closures.forget_labels()
        self.query_one(FilterBar).relabel(t("dashboard.filter_label"))
        self.show_empty_hint()
        if self.filter_text:
            self.load()  # the step labels the words are matched against changed language
        self.tick()

    def show_empty_hint(self) -> None:
        """With a filter, that nothing matches it; else what a first launch needs: the key for a new
        closure, the sample data, and the help (keys in force). Worded only when it shows: with
        thousands of rows it is hidden, and a launch need not build it."""
        if self._rows:
            return
        t = self.t
        if self.filter_text:
            text = t("dashboard.no_match", text=one_line(self.filter_text, 60), keys=key_for(self, "clear_filter") or "esc")
        else:
            text = t(
                "dashboard.empty",
                new=key_for(self, "new") or "n",
                demo=f"{cierre_command()} demo --open",
                help=key_for(self, "app.help") or "?",
            )
        show(self.query_one("#dash-empty", Static), literal(text))

    def tick(self) -> None:
        """Once a second: the title's counts and the visible countdowns, from the clock."""
        overdue = self._rows.overdue(self.app.clock())
        active = self._rows.active_count
        t = self.t
        parts = [t("app.title"), t.n("plural.open", active)]
        if self.filter_text:
            parts[1] = t("dashboard.count_shown", shown=len(self._rows), total=self._total)
        if self.calls:
            parts.insert(1, t("dashboard.call_running", client=", ".join(one_line(c, 30) for _id, c in self.calls)))
        if overdue:
            parts.append(t.n("plural.overdue", overdue))
        if self.show_all:
            parts.append(t("dashboard.showing_all"))
        show(self.query_one("#dash-title", Static), literal("  ·  ".join(parts), single_line=True))
        self.query_one("#dash-title").set_class(bool(overdue), "-overdue")
        self.query_one(ClosureList).refresh()

    # --- loading -----------------------------------------------------------------
    def poll(self) -> None:
        stamp = self.coach.store.version()
        if stamp != self._stamp:
            self._stamp = stamp
            self.load()

    @property
    def filter_text(self) -> str:
        return self.query_one(FilterBar).text.strip()

    def load(self, *, refiltered: bool = False) -> None:
        """Read the rows again in a worker; the filter's words are matched in the index."""
        self._loads += 1
        terms = filter_terms(self.filter_text, self.playbook, self.t)
        self._read(self._loads, terms, self.show_all, refiltered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard-load")
    def _read(self, number: int, terms: tuple[Term, ...], show_all: bool, refiltered: bool) -> None:
        store = self.coach.store
        try:
            # The slim rows: the full summaries are for insights.
            columns = store.row_columns(active_only=not show_all, terms=terms)
            total = store.row_count(active_only=not show_all) if terms else len(columns["id"])
            calls = self.coach.running_calls()
        except PROBLEMS as error:
            self.app.call_from_thread(self.app.say, str(error), error=True)
            return
        rows = Rows(columns, show_all=show_all)
        self.app.call_from_thread(self.show_rows, number, rows, total, calls, refiltered=refiltered)

    def show_rows(
        self, number: int, rows: Rows, total: int, calls: list[tuple[str, str]] | None = None, *, refiltered: bool = False
    ) -> None:
        if number != self._loads:
            return  # a newer read is on its way
        had_rows, self._rows, self._total = bool(self._rows), rows, total
        if bool(rows) != had_rows:
            self.refresh_bindings()  # Open and Archive are offered only with a row to act on
        if calls is not None and calls != self.calls:
            self.calls = calls  # a call in progress is said in the title and on its row
            self.query_one(ClosureList).forget_labels()
        # A new filter: the selected closure stays selected when it still matches, else the first row.
        self.query_one(ClosureList).set_rows(rows, otherwise_first=refiltered)
        empty = not rows
        self.show_empty_hint()
        self.query_one("#dash-empty").display = empty
        self.query_one(ClosureList).display = not empty
        self.tick()

    def on_screen_resume(self) -> None:
        self.poll()

    def on_data_changed(self, _: DataChanged) -> None:
        self.poll()

    # --- the filter ----------------------------------------------------------------
    def _typing(self) -> bool:
        """The filter's box has focus: printable keys are its text."""
        return isinstance(self.focused, FilterInput)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = self.is_mounted and self._typing()
        if action in self.TEXT_KEYS and typing:
            return False
        if action == "clear_filter":
            return self.is_mounted and self.query_one(FilterBar).is_open
        if action == "open" and typing:
            return True  # Enter leaves the box for the rows
        if action in ("open", "archive"):
            return bool(self._rows)  # nothing to open or archive: not offered
        return True

    def action_filter(self) -> None:
        self.query_one(FilterBar).open()
        self.refresh_bindings()

    def on_filter_bar_changed(self, _: FilterBar.Changed) -> None:
        self.load(refiltered=True)

    def action_clear_filter(self) -> None:
        bar = self.query_one(FilterBar)
        if not bar.is_open:
            return
        bar.close()  # its text emptied: every row again, the selected one still selected
        self.set_focus(self.query_one(ClosureList))
        self.load()
        self.refresh_bindings()

    def action_move(self, delta: int) -> None:
        self.query_one(ClosureList).action_move(delta)

    def action_page(self, direction: int) -> None:
        self.query_one(ClosureList).action_page(direction)

    # --- actions -------------------------------------------------------------------
    def _selected(self) -> Row | None:
        return self.query_one(ClosureList).current

    def action_open(self) -> None:
        if self._typing():  # Enter in the filter: back to the rows, the filter kept
            self.set_focus(self.query_one(ClosureList))
            return
        row = self._selected()
        if row is not None:
            self.open(row.id)

    def select_closure(self, closure_id: str) -> None:
        self.query_one(ClosureList).select_id(closure_id)

    def on_closure_list_chosen(self, event: ClosureList.Chosen) -> None:
        self.open(event.closure_id)

    def open(self, closure_id: str) -> None:
        self.app.open_closure(closure_id)

    def action_new(self) -> None:
        def created(closure_id: str | None) -> None:
            if closure_id:
                self.poll()
                self.query_one(ClosureList).select_id(closure_id)
                self.open(closure_id)

        self.app.new_closure(created)

    def action_archive(self) -> None:
        row = self._selected()
        if row is None:
            return
        archived = bool(row.summary.get("archived_at"))
        t = self.t
        question = t("dashboard.unarchive_q" if archived else "dashboard.archive_q", client=row.summary["client"])

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.coach.archive(row.id, archived=not archived)
            except PROBLEMS as error:
                self.app.say(str(error), error=True)
                return
            self.app.changed()
            self.poll()

        from cierre.tui.widgets.dialogs import ConfirmModal

        self.app.push_screen(ConfirmModal(question, yes=t("app.yes"), no=t("app.no")), answer)

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self._stamp = None
        self.poll()

    async def action_quit(self) -> None:
        await self.app.run_action("quit")

    def action_insights(self) -> None:
        self.app.open_insights()

    def action_sync(self) -> None:
        self.app.sync_calendar(asked=True)
