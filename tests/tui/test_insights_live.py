"""The insights screen counts over the index when it opens, and again whenever what it shows moved on:
a change by another process, another filter, a due time passing. A count that fails is said once."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "insights"))
from insights_sample import NOW, build_sample, make_coach  # noqa: E402
from waiting import eventually

from cierre.tui.app import CierreApp  # noqa: E402

SIZE = (100, 40)


@pytest.fixture
def sample_folder(tmp_path):
    folder = tmp_path / "data"
    build_sample(folder)
    return folder


def app_for(folder: Path) -> CierreApp:
    coach, _ = make_coach(folder)
    return CierreApp(coach.settings, coach=coach, calendar=False)


async def until(check, pilot) -> None:
    await eventually(check, "the insights screen caught up", pilot=pilot)


async def test_figures_are_drawn_with_the_first_paint(sample_folder):
    app = app_for(sample_folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await until(lambda: type(app.screen).__name__ == "InsightsScreen", pilot)
        screen = app.screen
        assert screen.insights is not None and screen.insights.total == 8
        assert str(screen.query_one("#ins-overview").render()) == "8 closures · 5 lost proposals · 3 client departures"


async def test_a_change_by_another_process_shows_without_a_key_press(sample_folder):
    app = app_for(sample_folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await until(lambda: getattr(app.screen, "insights", None) is not None, pilot)
        other, _ = make_coach(sample_folder)  # `cierre new` from another terminal
        other.new_closure("lost", "Late arrival", received_at=NOW - timedelta(hours=2))
        await until(lambda: app.screen.insights.total == 9, pilot)
        assert str(app.screen.query_one("#ins-overview").render()).startswith("9 closures · 6 lost")


async def test_another_kind_is_counted_for_itself(sample_folder):
    app = app_for(sample_folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await until(lambda: getattr(app.screen, "insights", None) is not None, pilot)
        screen = app.screen
        await pilot.press("k")
        assert screen.kind == "lost" and screen.insights.total == 5
        assert str(screen.query_one("#ins-overview").render()) == "5 closures · Lost proposals"
        assert not screen.query_one("#ins-reasons_departure").display
        await pilot.press("k")
        assert screen.insights.total == 3 and set(k for k, n in screen.insights.by_kind.items() if n) == {"departure"}
        await pilot.press("k")
        assert screen.kind is None and screen.insights.total == 8


async def test_an_open_screen_counts_again_when_a_due_time_passes(tmp_path):
    coach, clock = make_coach(tmp_path / "data")
    closure = coach.new_closure("lost", "Acme", received_at=NOW - timedelta(days=3))
    coach.add_action(closure.id, "Send the case study", NOW + timedelta(minutes=30))
    app = CierreApp(coach.settings, coach=coach, calendar=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await until(lambda: getattr(app.screen, "insights", None) is not None, pilot)
        assert app.screen.insights.actions_overdue == 0
        clock.now = NOW + timedelta(minutes=31)  # no file changed: only the time moved on
        await until(lambda: app.screen.insights.actions_overdue == 1, pilot)


async def test_a_count_that_fails_is_said_once_and_the_figures_stay(sample_folder, monkeypatch):
    from cierre.storage.store import StoreError

    app = app_for(sample_folder)
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await until(lambda: getattr(app.screen, "insights", None) is not None, pilot)
        screen = app.screen
        monkeypatch.setattr(app, "say", lambda text, error=False: notes.append(text))

        def broken(*args, **kwargs):
            raise StoreError("the data folder is busy")

        monkeypatch.setattr(app.coach, "insights", broken)
        await pilot.press("k")
        await pilot.pause(2.2)  # two more polls: still one line
        assert notes == ["the data folder is busy"]
        assert str(screen.query_one("#ins-overview").render()).startswith("8 closures · 5 lost")
