"""Insights: what the closures teach, taken together, as bar charts with the numbers beside them.

Figures are queries over the index (cierre/insights/counting.py): a few milliseconds at
10,000 closures, so they are counted when the screen opens, before its first paint, and
again when the filters change, the index changes (a capture from another terminal) or a
due time passes. Keys cycle the period and the kind; the suggestions list turns its
pages with [ and ].
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from cierre.insights.counting import Filter, Insights, day_filter
from cierre.insights.report import count_line, months_line, panels, suggestions_heading
from cierre.tui.messages import DataChanged
from cierre.tui.safe import literal
from cierre.tui.screen_base import PROBLEMS, CierreScreen
from cierre.tui.widgets.footer import KeysFooter
from cierre.tui.widgets.insights_panel import InsightsPanel
from cierre.tui.widgets.insights_suggestions import SuggestionsHeard

TICK = 1.0  # seconds between checks that the figures on screen still hold at this time
PERIODS: dict[str, int | None] = {"all": None, "d30": 30, "d90": 90, "y1": 365}  # days back, today included
KINDS: tuple[str | None, ...] = (None, "lost", "departure")
WIDE = 110  # columns from which the panels stand two by two
PANEL_KEYS = (
    "reasons_lost",
    "reasons_departure",
    "competitors",
    "guess",
    "timing",
    "outcomes",
    "confirm",
    "relationship",
    "lessons",
)


class InsightsScreen(CierreScreen):
    AUTO_FOCUS = "#ins-body"
    JUMPS = True
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    DEFAULT_CSS = """
    InsightsScreen #ins-title { height: 1; padding: 0 1; background: $primary 30%; text-style: bold; }
    InsightsScreen #ins-body { height: 1fr; padding: 0 0 0 1; }
    InsightsScreen #ins-overview { height: auto; padding: 0 1; margin: 0 1 1 0; }
    InsightsScreen #ins-months { height: 1; padding: 0 1; margin-bottom: 1; }
    InsightsScreen #ins-grid { height: auto; }
    InsightsScreen.-wide #ins-grid { layout: grid; grid-size: 2; grid-rows: auto; grid-gutter: 0; }
    InsightsScreen #ins-empty { height: 1fr; padding: 2 4; color: $text-muted; }
    """
    BINDINGS = [
        Binding("p", "cycle_period", "Period", id="insights.period"),
        Binding("k", "cycle_kind", "Kind", id="insights.kind"),
        Binding("escape", "back", "Back", id="insights.back"),
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
        self._counted_for: Any = None  # the filter and the index version the figures were counted for
        # The width's class from the start: set by the first resize, it restyled every widget once more.
        self.add_class("-wide" if self.app.size.width >= WIDE else "-narrow", update=False)

    @property
    def coach(self) -> Any:
        return self._coach if self._coach is not None else super().coach

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
        self.poll()  # counted now: drawn before the first paint
        self.set_interval(TICK, self.tick)

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
        self.poll()

    def action_cycle_kind(self) -> None:
        self.kind = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]
        self.poll()

    def action_page(self, delta: int) -> None:
        self.query_one(SuggestionsHeard).turn(delta)

    def action_back(self) -> None:
        self.app.pop_screen()

    # --- counting ------------------------------------------------------------------
    def poll(self) -> None:
        """Count again when the filter, the index or the time moved on; cheap otherwise (one query)."""
        where = self.where()
        try:
            wanted = (where, self.coach.store.version())
            if wanted == self._counted_for and self.insights is not None and self.insights.holds_at(self.coach.clock()):
                return
            insights = self.coach.insights(where)
        except PROBLEMS + (OSError,) as error:
            if self._counted_for != "failed":
                self.app.say(str(error), error=True)  # said once, not every second
            self._counted_for = "failed"
            return
        self._counted_for = wanted
        self.insights, self.figures_kind = insights, self.kind
        self.refresh_texts()

    def tick(self) -> None:
        if self.insights is not None and not self.insights.holds_at(self.coach.clock()):
            self.poll()  # a due time passed: a recovery overran, a check-in or an action item fell due

    def on_data_changed(self, _: DataChanged) -> None:
        self.poll()

    def on_screen_resume(self) -> None:
        self.poll()  # back from another screen: the data may have moved on meanwhile

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
        self.query_one("#ins-title", Static).update(literal("  ·  ".join(title), single_line=True))

    def _draw_figures(self, insights: Insights, kind: str | None) -> None:
        """The figures, drawn for the kind they were counted for."""
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
            t("insights.panel.suggestions"),
            suggestions_heading(insights, t),
            insights.suggestions,
            lambda page, pages: t("insights.fact.page", page=page, pages=pages),
            self.coach.settings.tz,
        )

    def _show_months(self, insights: Insights) -> None:
        """Closures a month as a one-line chart, between the first month and the last."""
        months = months_line(insights, self.t)
        line = self.query_one("#ins-months", Static)
        line.display = months is not None
        if months:
            label, chart, span = months
            line.update(Content.assemble((label, "$text-muted"), " ", (chart, "$accent"), " ", (span, "$text-muted")))
