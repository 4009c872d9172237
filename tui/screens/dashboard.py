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
from cierre.tui.keys import key_for
from cierre.tui.messages import DataChanged
from cierre.tui.safe import literal
from cierre.tui.screen_base import PROBLEMS, CierreScreen
from cierre.tui.widgets.closure_list import ClosureList, Labels
from cierre.tui.widgets.closure_rows import Row, Rows
from cierre.tui.widgets.countdown import local, until
from cierre.tui.widgets.footer import KeysFooter
from cierre.tui.widgets.shown import show
from cierre.tui.widgets.sync_status import SyncStatus

TICK = 1.0  # countdown repaint
DEMO_COMMAND = "cierre demo --open"  # sample closures in a folder of their own, opened at once


class DashboardScreen(CierreScreen):
    AUTO_FOCUS = "ClosureList"
    # Priority: the action runs before the next key is read, so keys typed right after `n` or Enter
    # reach the screen that opens instead of this list (whose moves are priority keys too, so a burst
    # such as Down Down Enter opens the row the cursor reached). No text field here to steal from.
    # In the footer's order: a narrow one shows the first that fit, whole.
    BINDINGS = [
        Binding("enter", "open", "Open", id="dashboard.open", priority=True),
        Binding("n", "new", "New", id="dashboard.new", priority=True),
        Binding("a", "archive", "Archive", id="dashboard.archive", priority=True),
        Binding("f", "toggle_all", "All", id="dashboard.all", priority=True),
        Binding("i", "insights", "Insights", id="dashboard.insights", priority=True),
        Binding("q", "app.quit", "Quit", id="dashboard.quit", priority=True),
        # Calendar sync also runs by itself: its key may give way in a narrow footer.
        Binding("s", "sync", "Sync", id="dashboard.sync", priority=True),
        Binding("f2", "app.toggle_language", "Language", id="app.language"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_all = False
        self._stamp: Any = None
        self._rows = Rows()
        self.calls: list[tuple[str, str]] = []  # (id, client) of each call in progress

    def compose(self) -> ComposeResult:
        yield Static("", id="dash-title")
        yield ClosureList(describe=self.describe, countdown=self.countdown, when=self.when, clock=self.app.clock, id="closures")
        yield Static("", id="dash-empty")
        yield SyncStatus(id="sync-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refresh_texts()
        self._stamp = self.coach.store.version()
        try:
            # The rows are small enough to read before the first paint, which then shows them
            # at once; later changes are read in a worker.
            columns = self.coach.store.row_columns(active_only=not self.show_all)
            calls = self.coach.running_calls()
        except PROBLEMS as error:
            self.app.say(str(error), error=True)
        else:
            self.show_rows(Rows(columns, show_all=self.show_all), calls)
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
        self.show_empty_hint()
        self.tick()

    def show_empty_hint(self) -> None:
        """What a first launch needs: the key for a new closure, the sample data, and the help (keys in force)."""
        hint = self.t(
            "dashboard.empty", new=key_for(self, "new") or "n", demo=DEMO_COMMAND, help=key_for(self, "app.help") or "?"
        )
        self.query_one("#dash-empty", Static).update(literal(hint))

    def tick(self) -> None:
        """Once a second: the title's counts and the visible countdowns, from the clock."""
        overdue = self._rows.overdue(self.app.clock())
        active = self._rows.active_count
        t = self.t
        parts = [t("app.title"), t.n("plural.open", active)]
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

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard-load")
    def load(self) -> None:
        try:
            # The slim rows: the full summaries are for insights.
            columns = self.coach.store.row_columns(active_only=not self.show_all)
            calls = self.coach.running_calls()
        except PROBLEMS as error:
            self.app.call_from_thread(self.app.say, str(error), error=True)
            return
        self.app.call_from_thread(self.show_rows, Rows(columns, show_all=self.show_all), calls)

    def show_rows(self, rows: Rows, calls: list[tuple[str, str]] | None = None) -> None:
        had_rows, self._rows = bool(self._rows), rows
        if bool(rows) != had_rows:
            self.refresh_bindings()  # Open and Archive are offered only with a row to act on
        if calls is not None and calls != self.calls:
            self.calls = calls  # a call in progress is said in the title and on its row
            self.query_one(ClosureList).forget_labels()
        self.query_one(ClosureList).set_rows(rows)
        empty = not rows
        self.query_one("#dash-empty").display = empty
        self.query_one(ClosureList).display = not empty
        self.tick()

    def on_screen_resume(self) -> None:
        self.poll()

    def on_data_changed(self, _: DataChanged) -> None:
        self.poll()

    # --- actions -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "archive"):
            return bool(self._rows)  # nothing to open or archive: not offered
        return True

    def _selected(self) -> Row | None:
        return self.query_one(ClosureList).current

    def action_open(self) -> None:
        row = self._selected()
        if row is not None:
            self.open(row.id)

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

    def action_insights(self) -> None:
        self.app.open_insights()

    def action_sync(self) -> None:
        self.app.sync_calendar(asked=True)
