"""Finishing a step with unticked items or a meeting ahead says what will happen, and asks."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import after_call, open_screen, second_coach  # noqa: E402

from cierre.tui.screens.debrief import DebriefScreen  # noqa: E402
from cierre.tui.screens.restart import RestartScreen  # noqa: E402
from cierre.tui.widgets.dialogs import ConfirmModal  # noqa: E402


def dialog_text(app) -> str:
    return " ".join(str(widget.render()) for widget in app.screen.query("Label, Static"))


def debrief_with_meeting(coach) -> str:
    cid = after_call(coach)
    for item in coach.playbook.checklist("lost", "debrief"):
        coach.toggle_check(cid, item, step="debrief")
    coach.schedule_debrief(cid, datetime(2025, 3, 14, 15, 0, tzinfo=coach.settings.tz))
    return cid


async def test_done_on_the_debrief_names_the_meeting_it_cancels_and_asks(make_app, coach):
    cid = debrief_with_meeting(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, DebriefScreen, cid)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "2025-03-14 15:00 will be cancelled in your calendar" in dialog_text(app)
        await pilot.press("n")  # stay: the step and its meeting are kept
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert second_coach(coach).get(cid).step == "debrief"
        await pilot.press("d", "y")
        await pilot.pause()
        assert second_coach(coach).get(cid).step == "restart"


async def test_done_in_the_closure_view_asks_about_the_meeting_too(make_app, coach):
    cid = debrief_with_meeting(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_closure(cid)
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "will be cancelled in your calendar" in dialog_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert second_coach(coach).get(cid).step == "debrief"


async def test_done_with_unticked_items_asks_on_the_start_again_screen(make_app, coach):
    cid = after_call(coach)
    coach.advance(cid)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, RestartScreen, cid)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        total = len(coach.playbook.checklist("lost", "restart"))
        assert f"{total} of {total} checklist items are not ticked" in dialog_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert second_coach(coach).get(cid).step == "restart"
