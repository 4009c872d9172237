"""Insights: what the closures teach, taken together, as bar charts with the numbers beside them.

Figures come from the index's insights facts only (coach/insights.py), through the
app's cache (coach/insight_cache.py): figures counted ahead while the dashboard
was idle (insights_prefetch.py) are drawn before the screen's first paint. When
there are none (`i` pressed before the count ahead), the count starts in a thread
and the screen waits for it a moment (FIRST_WAIT) before its first paint: painting
an empty screen and then the figures took longer than the count itself. Any other
count runs in a thread, with the figures on screen marked as updating meanwhile.
The facts' stamp is polled every second, so a capture from another terminal
shows up here too, and so does the passing of a due time. Keys cycle the period
and the kind; the suggestions list turns its pages with [ and ].
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from cierre.insights.insight_cache import InsightsCache, Key
from cierre.insights.counting import Filter, Insights, day_filter
from cierre.tui.safe import literal
from cierre.tui.screens.base import PROBLEMS, CierreScreen
from cierre.tui.screens.insights_prefetch import shared_cache
from cierre.tui.widgets.footer import KeysFooter
from cierre.tui.widgets.insights_panel import InsightsPanel
from cierre.insights.report import count_line, months_line, panels, suggestions_heading
from cierre.tui.widgets.insights_suggestions import SuggestionsHeard

POLL = 1.0  # seconds between checks of the facts' stamp
# Seconds the screen waits, before its first paint, for figures still being counted (a few hundredths
# at 10,000 closures): longer than most counts, short enough to pass for the time a screen takes to open.
FIRST_WAIT = 0.2
PERIODS: dict[str, int | None] = {"all": None, "d30": 30, "d90": 90, "y1": 365}  # days back, today included
KINDS: tuple[str | None, ...] = (None, "lost", "departure")
WIDE = 110  # columns from which the panels stand two by two
PANEL_KEYS = ("reasons_lost", "reasons_departure", "competitors", "guess", "timing", "outcomes", "confirm",
              "relationship", "lessons")


class InsightsScreen(CierreScreen):
    AUTO_FOCUS = "#ins-body"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    DEFAULT_CSS = """
    InsightsScreen #ins-title { height: 1; padding: 0 1; background: $primary 30%; text-style: bold; }
    InsightsScreen #ins-body { height: 1fr; padding: 0 0 0 1; }
    InsightsScreen #ins-overview { height: auto; padding: 0 1; margin: 0 1 1 0; }
    InsightsScreen #ins-months { height: 1; padding: 0 1; margin-bottom: 1; }
    InsightsScreen #ins-grid { height: auto; }
    InsightsScreen.-wide #ins-grid { layout: grid; grid-size: 2; grid-rows: auto; grid-gutter: 0; }
    InsightsScreen #ins-empty { height: 1fr; padding: 2 4; color: $text-muted; }
    InsightsScreen #ins-body.-updating { opacity: 50%; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="insights.back"),
        Binding("p", "cycle_period", "Period", id="insights.period"),
        Binding("k", "cycle_kind", "Kind", id="insights.kind"),
        # Out of the footer (80 columns hold the app's keys too): the suggestions list names them.
        Binding("left_square_bracket", "page(-1)", "Prev page", id="insights.prev", show=False),
        Binding("right_square_bracket", "page(1)", "Next page", id="insights.next", show=False),
    ]

    def __init__(self, coach: Any = None, *, period: str = "all", kind: str | None = None) -> None:
        super().__init__()
        self._coach = coach
        self.period = period
        self.kind = kind
        self.insights: Insights | None = None
        self.figures_kind = kind  # the kind filter the figures on screen were counted for
        self.updating = False  # the figures on screen are not (yet) those of the current filter and data
        self._key: Key | None = None  # what the figures on screen, or the count under way, are for
        self._asked = 0  # which count is the latest asked for: older ones are dropped when they arrive
        self._resumed = False
        # The width's class from the start: set by the first resize, it restyled every widget once more.
        self.add_class("-wide" if self.app.size.width >= WIDE else "-narrow", update=False)

    @property
    def coach(self) -> Any:
        return self._coach if self._coach is not None else super().coach

    @property
    def cache(self) -> InsightsCache:
        return shared_cache(self.app, self.coach)

    def compose(self) -> ComposeResult:
        yield Static("", id="ins-title")
        with VerticalScroll(id="ins-body"):
            yield Static("", id="ins-overview")
            yield Static("", id="ins-months")
            with Container(id="ins-grid"):
                for key in PANEL_KEYS:
                    yield InsightsPanel(id=f"ins-{key}")
            yield SuggestionsHeard(self.coach.get, id="ins-suggestions")
        yield Static("", id="ins-empty")
        yield KeysFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#ins-body").display = False
        self.query_one("#ins-empty").display = False
        self.poll(wait=FIRST_WAIT)  # figures counted ahead, or by then, are drawn now, before the first paint
        if self.insights is None:
            self.refresh_texts()
        self.set_interval(POLL, self.poll)

    # --- filters -----------------------------------------------------------------
    def where(self) -> Filter:
        days = PERIODS[self.period]
        if days is None:
            return Filter(kind=self.kind)
        tz = self.coach.settings.tz
        today = self.coach.clock().astimezone(tz).date()
        return day_filter(today - timedelta(days=days - 1), None, tz, self.kind)

    def action_cycle_period(self) -> None:
        names = list(PERIODS)
        self.period = names[(names.index(self.period) + 1) % len(names)]
        self.load()

    def action_cycle_kind(self) -> None:
        self.kind = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]
        self.load()

    def action_page(self, delta: int) -> None:
        self.query_one(SuggestionsHeard).turn(delta)

    def action_back(self) -> None:
        self.app.pop_screen()

    # --- loading -------------------------------------------------------------------
    def poll(self, wait: float = 0.0) -> None:
        """Count again when the facts, the filter's days or a due time moved on; cheap otherwise (256 stats)."""
        key = self.cache.key(self.where())
        if key != self._key or (self.insights is not None and not self.updating
                                and not self.insights.holds_at(self.coach.clock())):
            self.load(key, wait)

    def on_screen_resume(self) -> None:
        if self._resumed:
            self.poll()  # back from another screen: the facts may have moved on meanwhile
        self._resumed = True  # the first resume follows on_mount, which has just loaded

    def load(self, key: Key | None = None, wait: float = 0.0) -> None:
        """Figures for the filters: from the cache, or counted in a thread (waited for up to `wait` seconds)."""
        where = self.where()
        key = key or self.cache.key(where)
        self._asked += 1
        ready = self.cache.fresh(key)
        if ready is None and wait:
            self.cache.start(where, key)
            ready = self.cache.wait(key, wait)
        self._key = key
        if ready is not None:
            self.show(ready, self._asked)
            return
        self.updating = True
        if self.is_mounted:  # the figures on screen stay as they were drawn, dimmed, until the new ones come
            self.query_one("#ins-body").add_class("-updating")
            self._draw_title()
        self._count(self._asked, where)

    @work(thread=True, exclusive=True, exit_on_error=False, group="insights-load")
    def _count(self, asked: int, where: Filter) -> None:
        try:
            insights = self.cache.count(where)
        except PROBLEMS + (OSError,) as error:
            self.app.call_from_thread(self._failed, str(error), asked)
            return
        self.app.call_from_thread(self.show, insights, asked)

    def _failed(self, error: str, asked: int) -> None:
        """Said once. The figures on screen stay dimmed (they are not those asked for) but no longer
        say they are being counted; a change of filter or data counts again."""
        self.app.say(error, error=True)
        if asked == self._asked:
            self.updating = False
            self._draw_title()

    def show(self, insights: Insights, asked: int) -> None:
        if asked != self._asked:
            return  # the filters moved on while this was counted; a newer count is on its way
        self.insights, self.figures_kind = insights, self.kind
        self.updating = False
        self.query_one("#ins-body").remove_class("-updating")
        self.refresh_texts()

    # --- texts ---------------------------------------------------------------------
    def refresh_texts(self) -> None:
        with self.app.batch_update():  # one layout pass for every panel, not one per panel
            self._draw()

    def _draw(self) -> None:
        self._draw_title()
        if self.insights is not None:
            self._draw_figures(self.insights, self.figures_kind)

    def _draw_title(self) -> None:
        """The filters asked for, and whether the figures below are still being counted for them."""
        t = self.t
        period = t(f"insights.period.{self.period}")
        kind = t(f"insights.kind.{self.kind or 'all'}")
        title = [t("insights.title"), t("insights.filters", period=period, kind=kind)]
        if self.insights is None or self.updating:
            title.append(t("insights.loading"))
        self.query_one("#ins-title", Static).update(literal("  ·  ".join(title), single_line=True))

    def _draw_figures(self, insights: Insights, kind: str | None) -> None:
        """The figures, drawn for the kind they were counted for (while updating, not yet the one asked for)."""
        t = self.t
        empty = insights.total == 0
        self.query_one("#ins-body").display = not empty
        self.query_one("#ins-empty").display = empty
        self.query_one("#ins-empty", Static).update(literal(t("insights.empty")))
        if empty:
            return
        self.query_one("#ins-overview", Static).update(literal(count_line(insights, t, kind)))
        self._show_months(insights)
        shown = {panel.key: panel for panel in panels(insights, t, self.playbook, kind)}
        for key in PANEL_KEYS:
            widget = self.query_one(f"#ins-{key}", InsightsPanel)
            widget.display = key in shown
            if key in shown:
                widget.show(shown[key])
        self.query_one(SuggestionsHeard).show(
            t("insights.panel.suggestions"), suggestions_heading(insights, t), insights.suggestions,
            lambda page, pages: t("insights.fact.page", page=page, pages=pages), self.coach.settings.tz,
        )

    def _show_months(self, insights: Insights) -> None:
        """Closures a month as a one-line chart, between the first month and the last."""
        months = months_line(insights, self.t)
        line = self.query_one("#ins-months", Static)
        line.display = months is not None
        if months:
            label, chart, span = months
            line.update(Content.assemble((label, "$text-muted"), " ", (chart, "$accent"), " ", (span, "$text-muted")))
