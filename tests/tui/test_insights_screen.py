"""The insights screen driven with Pilot: opened from the dashboard, filters, pages, live updates, safe text."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "insights"))
from insights_sample import NOW, build_sample, make_coach  # noqa: E402
from waiting import eventually

from cierre.tui.app import CierreApp  # noqa: E402
from cierre.tui.screens.insights import InsightsScreen  # noqa: E402
from cierre.tui.widgets.insights_panel import InsightsPanel  # noqa: E402
from cierre.tui.widgets.insights_suggestions import SuggestionsHeard  # noqa: E402

SIZE = (100, 40)


@pytest.fixture(scope="module")
def sample_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("screen") / "data"
    build_sample(folder)
    return folder


def app_for(folder: Path, lang: str = "en") -> CierreApp:
    coach, _ = make_coach(folder, lang)
    return CierreApp(coach.settings, coach=coach, calendar=False)


async def open_insights(app: CierreApp, pilot) -> InsightsScreen:
    await pilot.pause()
    await pilot.press("i")
    await settle(app, pilot)
    assert isinstance(app.screen, InsightsScreen)
    return app.screen


async def settle(app: CierreApp, pilot) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def panel_text(screen: InsightsScreen, key: str) -> str:
    widget = screen.query_one(f"#ins-{key}", InsightsPanel)
    assert widget.display, f"panel {key} is hidden"
    return "\n".join([widget.panel.title] + [f"{b.label} {b.note}" for b in widget.panel.bars] + widget.panel.facts)


def shown(screen: InsightsScreen) -> set[str]:
    return {w.id.removeprefix("ins-") for w in screen.query(InsightsPanel) if w.display}


async def test_opens_from_the_dashboard_with_every_figure(sample_folder):
    app = app_for(sample_folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(app, pilot)
        assert screen.insights.total == 8
        assert str(screen.query_one("#ins-overview").render()) == "8 closures · 5 lost proposals · 3 client departures"
        assert "Globex 2 · 100%" in panel_text(screen, "competitors")
        assert "Matched 2 · 67%" in panel_text(screen, "guess")
        assert "Recovery ran over 24 h in 2 of 4 (50%)" in panel_text(screen, "timing")
        assert "Door reopened 1 · 17%" in panel_text(screen, "outcomes")
        assert "Won back 1 · 33%" in panel_text(screen, "relationship")
        assert "Action items overdue: 1" in panel_text(screen, "lessons")
        suggestions = screen.query_one(SuggestionsHeard)
        assert [g.client for g in suggestions.on_page()] == ["Initech", "Acme"]
        assert suggestions.texts[suggestions.groups[1].id] == ["Send the proposal earlier", "Show a case study"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, InsightsScreen)


async def test_kind_and_period_filters(sample_folder):
    app = app_for(sample_folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(app, pilot)
        await pilot.press("k")
        await settle(app, pilot)
        assert screen.kind == "lost" and screen.insights.total == 5
        assert "reasons_departure" not in shown(screen) and "relationship" not in shown(screen)
        await pilot.press("k")
        await settle(app, pilot)
        assert screen.kind == "departure" and screen.insights.total == 3
        assert shown(screen) == {"reasons_departure", "timing", "outcomes", "relationship"}
        await pilot.press("k", "p")  # both kinds, last 30 days: 12 March to 10 April holds L4 and L5
        await settle(app, pilot)
        assert (screen.kind, screen.period, screen.insights.total) == (None, "d30", 2)
        assert "Last 30 days" in str(screen.query_one("#ins-title").render())
        await pilot.press("p", "p", "p")  # 90 days, 12 months, back to all time
        await settle(app, pilot)
        assert (screen.period, screen.insights.total) == ("all", 8)


async def test_suggestions_turn_pages_and_read_only_the_page(tmp_path):
    coach, clock = make_coach(tmp_path / "data")
    for n in range(7):
        clock.now = NOW - timedelta(days=10 - n)
        closure = coach.new_closure("lost", f"Client {n}", received_at=clock.now)
        coach.add_note(closure.id, f"idea {n}", "suggestion")
    clock.now = NOW
    opened: list[str] = []
    real_get = coach.get
    coach.get = lambda closure_id: opened.append(closure_id) or real_get(closure_id)
    app = CierreApp(coach.settings, coach=coach, calendar=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(app, pilot)
        heard = screen.query_one(SuggestionsHeard)
        assert [g.client for g in heard.on_page()] == [f"Client {n}" for n in (6, 5, 4, 3, 2)]
        assert len(opened) == 5
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert [g.client for g in heard.on_page()] == ["Client 1", "Client 0"]
        assert heard.texts[heard.on_page()[1].id] == ["idea 0"]
        assert len(opened) == 7
        await pilot.press("right_square_bracket", "left_square_bracket")  # no page 3; back to page 1, already read
        await settle(app, pilot)
        assert heard.page == 0 and len(opened) == 7


async def test_a_capture_from_another_process_shows_up(tmp_path):
    coach, clock = make_coach(tmp_path / "data")
    closure = coach.new_closure("lost", "Acme", received_at=NOW - timedelta(hours=3))
    app = CierreApp(coach.settings, coach=coach, calendar=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(app, pilot)
        assert screen.insights.competitors == []
        other, _ = make_coach(tmp_path / "data")  # a second Coach on the folder, as `cierre note` would be
        other.add_note(closure.id, "Globex", "competitor")
        # the index stamp is polled every second
        await eventually(lambda: screen.insights.competitors, "the new competitor counted", pilot=pilot)
        await settle(app, pilot)
        assert screen.insights.competitors == [("Globex", 1)]


async def test_user_text_is_shown_literally(tmp_path):
    coach, clock = make_coach(tmp_path / "data")
    closure = coach.new_closure("lost", "[b]Bold[/b] \x1b]0;owned\x07", received_at=NOW - timedelta(hours=3))
    coach.add_note(closure.id, "[@click=app.quit]x[/]", "competitor")
    coach.add_note(closure.id, "[red]not red[/red]", "suggestion")
    app = CierreApp(coach.settings, coach=coach, calendar=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(app, pilot)
        assert "[@click=app.quit]x[/] 1 · 100%" in panel_text(screen, "competitors")
        heard = screen.query_one(SuggestionsHeard)
        rendered = heard.render().plain
        assert "[b]Bold[/b] \\x1b]0;owned\\x07" in rendered and "\x1b" not in rendered
        assert "– [red]not red[/red]" in rendered
        await pilot.click("#ins-competitors")
        await pilot.pause()
        assert app.is_running


async def test_language_switch_redraws_the_figures(sample_folder):
    app = app_for(sample_folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        assert "Quién se llevó las propuestas" in panel_text(screen, "competitors")
        assert str(screen.query_one("#ins-title").render()).startswith("Análisis")
        assert "Globex 2 · 100 %" in panel_text(screen, "competitors")


async def test_an_empty_folder_says_so(tmp_path):
    coach, _ = make_coach(tmp_path / "data")
    app = CierreApp(coach.settings, coach=coach, calendar=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_insights(app, pilot)
        assert screen.query_one("#ins-empty").display and not screen.query_one("#ins-body").display
        assert "No closures in this period" in str(screen.query_one("#ins-empty").render())
