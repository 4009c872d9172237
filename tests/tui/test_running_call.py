"""A call in progress shows outside call mode, and quitting during one asks first."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import lost_closure, open_screen, second_coach  # noqa: E402

from cierre.tui.screens.call import CallScreen  # noqa: E402
from cierre.tui.widgets.call_choice import ChoiceScreen  # noqa: E402
from cierre.tui.widgets.closure_list import ClosureList  # noqa: E402
from cierre.tui.widgets.dialogs import QuitDuringCall  # noqa: E402


async def test_the_dashboard_shows_the_call_in_progress(make_app, coach, settle):
    cid = lost_closure(coach, client="Estudio Norte")
    lost_closure(coach, client="Other")
    coach.start_call(cid)
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        assert "● call in progress: Estudio Norte" in str(app.screen.query_one("#dash-title").render())
        listing = app.screen.query_one(ClosureList)
        rows = [listing.render_line(y).text for y in (1, 2)]
        assert any("Estudio Norte" in row and "● on the call" in row for row in rows)
        assert not any("Other" in row and "on the call" in row for row in rows)


async def test_ctrl_q_during_a_call_asks_and_stay_keeps_the_app(make_app, coach, settle):
    cid = lost_closure(coach)
    coach.start_call(cid)
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitDuringCall)
        await pilot.press("3")  # stay
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, QuitDuringCall)
        await pilot.press("ctrl+q", "1")  # pause and quit
        await pilot.pause()
    call = second_coach(coach).get(cid).current_call
    assert call is not None and call.paused


async def test_end_the_call_opens_its_end_dialog(make_app, coach, settle):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("2")  # end the call first
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)  # "How did the call end?"
        await pilot.press("1")
        await pilot.pause()
        assert second_coach(coach).get(cid).current_call is None
        await pilot.press("ctrl+q")  # no call now: quits at once
        await pilot.pause()
    assert app.return_code is not None or not app.is_running
