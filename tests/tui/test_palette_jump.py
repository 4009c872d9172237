"""The command palette jumps to any closure by its client's name, from the index, from any view."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from textual.command import CommandList, CommandPalette
from waiting import eventually

from cierre.tui.palette import ClosuresProvider
from cierre.tui.screens.closure import ClosureScreen
from cierre.tui.screens.dashboard import DashboardScreen
from cierre.tui.widgets.closure_list import ClosureList

sys.path.insert(0, str(Path(__file__).parent))
from test_call_harness import typed  # noqa: E402
from test_dashboard import write_index  # noqa: E402


def shown_hits(app) -> list[str]:
    results = app.screen.query_one(CommandList)
    return [str(results.get_option_at_index(n).prompt).split("\n")[0] for n in range(results.option_count)]


async def palette_search(pilot, text: str, expected: str) -> list[str]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await typed(pilot, *text)
    return await eventually(
        lambda: shown_hits(pilot.app) if any(expected in hit for hit in shown_hits(pilot.app)) else None,
        f"{expected!r} offered",
        pilot=pilot,
        seen=lambda: shown_hits(pilot.app),
    )


async def test_from_the_dashboard_a_client_name_opens_its_closure(make_app, coach, clock, settle):
    coach.new_closure("lost", "Acme Corp", received_at=clock.now - timedelta(hours=30))
    wanted = coach.new_closure("departure", "Panadería La Espiga", received_at=clock.now - timedelta(hours=2))
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        hits = await palette_search(pilot, "panaderia", "Panadería La Espiga")  # accents aside
        assert "Acme Corp" not in " ".join(hits)
        assert any("Departure · Perspective" in hit for hit in hits)  # where it stands, as the dashboard says
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClosureScreen) and app.screen.closure_id == wanted.id
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.query_one(ClosureList).current_id == wanted.id  # its row is the one selected


async def test_from_a_closure_another_one_replaces_it(make_app, coach, clock, settle):
    first = coach.new_closure("lost", "Acme Corp", received_at=clock.now - timedelta(hours=30))
    other = coach.new_closure("lost", "Beta Studio", received_at=clock.now - timedelta(hours=2))
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.closure_id == first.id
        await palette_search(pilot, "beta", "Beta Studio")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClosureScreen) and app.screen.closure_id == other.id
        assert [type(screen).__name__ for screen in app.screen_stack] == ["DashboardScreen", "ClosureScreen"]


async def test_call_mode_offers_no_jump(make_app, coach, clock, settle):
    """A call is not left by a palette search: no closure is offered there."""
    closure = coach.new_closure("departure", "Acme Corp", received_at=clock.now - timedelta(hours=30))
    coach.advance(closure.id)
    coach.new_closure("lost", "Beta Studio", received_at=clock.now - timedelta(hours=2))
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "c")
        await settle(pilot)
        assert type(app.screen).__name__ == "CallScreen"
        provider = ClosuresProvider(app.screen)
        assert [hit async for hit in provider.search("beta")] == []
        assert [hit async for hit in provider.discover()] == []
        app.jump_to_closure(closure.id)  # asked anyway: the call stays
        await pilot.pause()
        assert type(app.screen).__name__ == "CallScreen"


async def test_thousands_of_closures_are_searched_in_the_index(make_app, coach, clock):
    write_index(coach, 5_000, clock.now)  # rows only, no closure file: only the index can answer
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        provider = ClosuresProvider(app.screen)
        hits = [hit async for hit in provider.search("client 04321")]
        assert hits and max(hits, key=lambda hit: hit.score).text == "Client 04321"
        assert len(hits) <= 40
        urgent = [hit.text async for hit in provider.discover()]
        assert len(urgent) == 5


async def test_a_hostile_client_name_is_shown_literally(make_app, coach, clock, settle):
    coach.new_closure("lost", "[b]Evil[/b] [@click=app.quit]x[/]\x1b]0;owned\x07", received_at=clock.now)
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        hits = await palette_search(pilot, "evil", "Evil")
        assert any("[b]Evil[/b] [@click=app.quit]x[/]\\x1b]0;owned\\x07" in hit for hit in hits), hits
        assert app.is_running
