"""The start-again screen driven by keys: action items with due dates, prospect review, done."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import after_call, open_screen, second_coach, typed  # noqa: E402

from cierre.tui.screens.restart import RestartScreen  # noqa: E402
from cierre.tui.widgets.debrief_summary import DebriefSummaryView  # noqa: E402
from cierre.tui.widgets.restart_actions import ActionList  # noqa: E402


def at_restart(coach) -> str:
    cid = after_call(coach)
    coach.add_note(cid, "Ask for the budget early", "better")
    coach.advance(cid)
    return cid


async def test_actions_prospects_checklist_and_done(make_app, coach, clock):
    cid = at_restart(coach)
    app = make_app(coach=coach)
    tz = coach.settings.tz
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_screen(pilot, RestartScreen, cid)
        screen = app.screen
        lessons = screen.query_one(DebriefSummaryView).text
        assert "Ask for the budget early" in lessons and "Send the proposal earlier" in lessons

        await typed(pilot, "a", *"[b]x", "enter", "enter", "enter")  # the proposed due date and owner kept with Enter
        await typed(pilot, "a", *"y", "enter", *"2025-03-20", "enter", *"Marta", "enter")  # a date alone: first working hour
        stored = second_coach(coach).get(cid)
        assert [a.text for a in stored.actions] == ["[b]x", "y"]
        assert [a.owner for a in stored.actions] == ["", "Marta"]  # no name known for the user: theirs, shown as "you"
        assert stored.actions[0].due.astimezone(tz).strftime("%Y-%m-%d %H:%M") == "2025-03-18 10:30"  # a week from now
        assert stored.actions[1].due.astimezone(tz).strftime("%Y-%m-%d %H:%M") == "2025-03-20 09:00"
        assert stored.actions[1].due_date == date(2025, 3, 20) and stored.actions[0].due_date is None  # a day stays a day
        rows = screen.query_one(ActionList).texts
        assert rows[0] == "[ ] [b]x   owner you   due 2025-03-18 10:30"
        assert rows[1] == "[ ] y   owner Marta   due 2025-03-20"

        await pilot.press("up", "x")  # tick the first
        stored = second_coach(coach).get(cid)
        assert stored.actions[0].done_at is not None and stored.actions[1].done_at is None
        await pilot.press("x")  # and untick it
        assert second_coach(coach).get(cid).actions[0].done_at is None
        await pilot.press("down", "x")
        assert second_coach(coach).get(cid).actions[1].done_at is not None

        await typed(pilot, "p", *"Bravo", "enter", "1", "2", "3")
        stored = second_coach(coach).get(cid)
        assert [n.text for n in stored.notes_of("prospect")] == ["Bravo"]
        assert stored.checked("restart") == ["process_changes", "prospect_review", "next_meeting"]
        assert "• Bravo" in screen.query_one(DebriefSummaryView).text

        await pilot.press("d")
        await pilot.pause()
        stored = second_coach(coach).get(cid)
        assert stored.finished and stored.status.value == "done"
        assert results == ["done"]


async def test_done_is_greyed_out_before_the_step(make_app, coach):
    cid = after_call(coach)  # still at the debrief
    app = make_app(coach=coach, lang="es")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, RestartScreen, cid)
        await pilot.press("d")
        assert isinstance(app.screen, RestartScreen)
        assert second_coach(coach).get(cid).step == "debrief"
        assert "otro paso" in str(app.screen.query_one("#info-step").render())
