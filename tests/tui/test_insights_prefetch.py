"""Insights counted ahead while the dashboard is idle, and the screen drawing only figures that hold.

The app counts the default view once the dashboard has painted; `i` then shows those figures
before the screen's first paint. Figures counted for another filter, before a change made
by another process, or before a due time passed are never shown as current.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "insights"))
from insights_sample import NOW, build_sample, make_coach  # noqa: E402

from cierre.insights.counting import Filter  # noqa: E402
from cierre.tui.app import CierreApp  # noqa: E402
from cierre.tui.screens.dashboard import DashboardScreen  # noqa: E402
from cierre.tui.screens.insights import InsightsScreen  # noqa: E402
from cierre.tui.screens.insights_prefetch import prefetch, shared_cache  # noqa: E402
from cierre.tui.widgets.closure_list import ClosureList  # noqa: E402

SIZE = (100, 40)


@pytest.fixture(scope="module")
def sample_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("prefetch") / "data"
    build_sample(folder)
    return folder


class Reads:
    """Counts full reads of the insights facts, noting whether the dashboard had painted its rows by then."""

    def __init__(self, app: CierreApp) -> None:
        self.app = app
        self.calls: list[bool] = []
        self.gate: threading.Event | None = None  # set to hold every read until released
        real = app.coach.insight_facts

        def read(stamp=None):
            screen = app.screen
            self.calls.append(isinstance(screen, DashboardScreen) and bool(screen.query_one(ClosureList).rows))
            if self.gate is not None:
                self.gate.wait(5)
            return real(stamp)

        app.coach.insight_facts = read


def app_for(folder: Path, **kwargs) -> tuple[CierreApp, Reads]:
    coach, clock = make_coach(folder, **kwargs)
    app = CierreApp(coach.settings, coach=coach, calendar=False)
    return app, Reads(app)


async def until(check, pilot, limit: float = 5.0) -> None:
    for _ in range(int(limit / 0.02)):
        if check():
            return
        await pilot.pause(0.02)
    raise AssertionError("never happened")


def counted_ahead(app: CierreApp) -> bool:
    cache = shared_cache(app, app.coach)
    return cache.fresh(cache.key(Filter())) is not None


def record_shown(monkeypatch) -> list[tuple[str | None, object]]:
    """Every set of figures the screen accepts, with the kind filter it had then."""
    shown: list[tuple[str | None, object]] = []
    real = InsightsScreen.show

    def show(self, insights, asked):
        if asked == self._asked:
            shown.append((self.kind, insights))
        real(self, insights, asked)

    monkeypatch.setattr(InsightsScreen, "show", show)
    return shown


async def test_counted_ahead_after_the_dashboard_painted_and_shown_at_once(sample_folder):
    app, reads = app_for(sample_folder)
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: counted_ahead(app), pilot)
        assert reads.calls == [True]  # one read, once the dashboard showed its rows
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        # Drawn in the screen's mount, before its first paint: no count, no "Counting…".
        assert screen.insights is not None and not screen.updating and screen.insights.total == 8
        assert "Counting" not in str(screen.query_one("#ins-title").render())
        assert reads.calls == [True]
        await pilot.press("escape", "i")
        assert app.screen.insights.total == 8 and reads.calls == [True]


async def test_opened_before_any_count_ahead_it_paints_once_with_its_figures(sample_folder, monkeypatch):
    import cierre.tui.app

    monkeypatch.setattr(cierre.tui.app, "PREFETCH_FIRST", 30.0)  # `i` comes before the app counts anything ahead
    app, reads = app_for(sample_folder)
    shown = record_shown(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: bool(app.screen.query_one(ClosureList).rows), pilot)
        assert reads.calls == []
        await pilot.press("i")
        screen = app.screen
        # Counted while the screen waited, before its first paint: never drawn empty, nor as counting.
        assert screen.insights is not None and not screen.updating and screen.insights.total == 8
        assert "Counting" not in str(screen.query_one("#ins-title").render())
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(shown) == 1 and len(reads.calls) == 1


async def test_a_change_by_another_process_is_never_hidden_behind_the_count_ahead(sample_folder, tmp_path, monkeypatch):
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(sample_folder, folder)
    app, reads = app_for(folder)
    shown = record_shown(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: counted_ahead(app), pilot)
        other, _ = make_coach(folder)  # `cierre new` from another terminal
        other.new_closure("lost", "Late arrival", received_at=NOW - timedelta(hours=2))
        await pilot.press("i")
        await until(lambda: app.screen.insights is not None, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [insights.total for _, insights in shown] == [9]
        assert app.screen.insights.total == 9 and len(reads.calls) == 2


async def test_another_filter_shows_counting_then_its_own_figures(sample_folder, monkeypatch):
    app, reads = app_for(sample_folder)
    shown = record_shown(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: counted_ahead(app), pilot)
        await pilot.press("i")
        screen = app.screen
        reads.gate = threading.Event()  # hold the next count, to look at the screen meanwhile
        await pilot.press("k")
        await until(lambda: len(reads.calls) == 2, pilot)
        assert screen.kind == "lost" and screen.updating
        assert screen.query_one("#ins-body").has_class("-updating")  # dimmed
        assert "Kind: Lost proposals" in str(screen.query_one("#ins-title").render())
        assert "Counting" in str(screen.query_one("#ins-title").render())
        # Meanwhile the figures stay as they were drawn, for both kinds: never relabelled as lost ones.
        overview = screen.query_one("#ins-overview")
        assert str(overview.render()) == "8 closures · 5 lost proposals · 3 client departures"
        assert screen.query_one("#ins-reasons_departure").display
        reads.gate.set()
        await until(lambda: not screen.updating, pilot)
        assert screen.insights.total == 5 and not screen.query_one("#ins-body").has_class("-updating")
        assert str(overview.render()) == "5 closures · Lost proposals"
        assert not screen.query_one("#ins-reasons_departure").display
        await pilot.press("k", "k")  # departures (counted now), then both kinds again (from the cache)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.kind is None and screen.insights.total == 8 and len(reads.calls) == 3
        kinds = {None: {"lost", "departure"}, "lost": {"lost"}, "departure": {"departure"}}
        for kind, insights in shown:
            assert {k for k, n in insights.by_kind.items() if n} <= kinds[kind]
        assert [kind for kind, _ in shown] == [None, "lost", "departure", None]


async def test_an_open_screen_counts_again_when_a_due_time_passes(tmp_path):
    coach, clock = make_coach(tmp_path / "data")
    closure = coach.new_closure("lost", "Acme", received_at=NOW - timedelta(days=3))
    coach.add_action(closure.id, "Send the case study", NOW + timedelta(minutes=30))
    app = CierreApp(coach.settings, coach=coach, calendar=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await until(lambda: app.screen.insights is not None and not app.screen.updating, pilot)
        assert app.screen.insights.actions_overdue == 0
        clock.now = NOW + timedelta(minutes=31)  # no file changed: only the time moved on
        await until(lambda: app.screen.insights.actions_overdue == 1, pilot, limit=3)


async def test_counts_ahead_only_from_an_idle_dashboard_and_only_when_the_index_changed(sample_folder, tmp_path):
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(sample_folder, folder)
    app, reads = app_for(folder)
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: counted_ahead(app), pilot)
        await app.workers.wait_for_complete()
        assert prefetch(app) is False  # nothing changed: not even a worker
        other, _ = make_coach(folder)
        other.new_closure("departure", "Initrode", received_at=NOW - timedelta(days=1))
        await pilot.press("question_mark")  # help over the dashboard: insights are not a key away
        assert prefetch(app) is False
        await pilot.press("escape")
        assert prefetch(app) is True
        await app.workers.wait_for_complete()
        assert counted_ahead(app) and len(reads.calls) == 2
        await asyncio.sleep(0)


async def test_a_count_that_fails_is_said_once_and_not_left_counting(sample_folder):
    from cierre.storage.store import StoreError

    app, reads = app_for(sample_folder)
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: counted_ahead(app), pilot)
        await pilot.press("i")
        screen = app.screen

        def broken(stamp=None):
            raise StoreError("the data folder is busy")

        app.coach.insight_facts = broken
        await pilot.press("k")
        await until(lambda: not screen.updating, pilot)
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["the data folder is busy"]
        assert "Counting" not in str(screen.query_one("#ins-title").render())
        # The figures drawn before stay, for their own filter, and dimmed: they are not the lost ones.
        assert screen.query_one("#ins-body").has_class("-updating")
        assert str(screen.query_one("#ins-overview").render()).startswith("8 closures · 5 lost")
