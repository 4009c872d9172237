"""Call mode keeps still where the user looks: the latest notes stay in view while a prompt is open,
and the end-of-call list keeps its height when a warning shows."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import lost_closure, open_screen  # noqa: E402
from waiting import eventually  # noqa: E402

from cierre.tui.screens.call import CallScreen  # noqa: E402
from cierre.tui.widgets.call_choice import ChoiceScreen  # noqa: E402
from cierre.tui.widgets.call_log import CallLog, LogRow  # noqa: E402
from cierre.tui.widgets.call_prompt import CapturePrompt  # noqa: E402


def visible_texts(log: CallLog) -> list[str]:
    """The notes whose row is inside the log's visible area, as the user sees them."""
    area = log.content_region
    return [row.text for row in log.query(LogRow) if area.contains_region(row.region)]


def call_with_notes(coach, count: int) -> str:
    """A lost proposal on a running call with `count` notes: a log longer than its box at 80x24."""
    cid = lost_closure(coach)
    coach.start_call(cid)
    for number in range(1, count + 1):
        coach.add_note(cid, f"point {number}")
    return cid


async def test_the_latest_notes_stay_in_view_while_a_prompt_is_open(make_app, coach):
    cid = call_with_notes(coach, 15)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        log = app.screen.query_one(CallLog)
        await eventually(lambda: any("point 15" in t for t in visible_texts(log)), "the last note in view", pilot=pilot)
        await pilot.press("n")  # the prompt takes four lines from the log
        assert app.screen.query_one(CapturePrompt).is_open
        await eventually(
            lambda: any("point 15" in t for t in visible_texts(log)),
            "the last note still in view with the prompt open",
            pilot=pilot,
            seen=lambda: visible_texts(log),
        )
        await pilot.press(*"point 16", "enter")  # saved: the new one shows, at the end
        await eventually(lambda: any("point 16" in t for t in visible_texts(log)), "the new note in view", pilot=pilot)
        await pilot.press("n")
        await eventually(lambda: any("point 16" in t for t in visible_texts(log)), "still in view", pilot=pilot)


async def test_scrolled_back_the_log_stays_where_the_user_put_it(make_app, coach):
    cid = call_with_notes(coach, 15)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        log = app.screen.query_one(CallLog)
        await eventually(lambda: log.max_scroll_y > 0, "a log longer than its box", pilot=pilot)
        log.scroll_home(animate=False)  # reading the first notes again
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert any("point 1" in t for t in visible_texts(log)), visible_texts(log)


async def test_the_end_of_call_list_keeps_its_height_when_a_warning_shows(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        box = app.screen.query_one("#choice-box")
        before = box.region
        await pilot.press("4")  # an e-mail instead: a warning, the list stays open
        await pilot.pause()
        assert app.screen.query_one("#choice-warning").render().plain.strip()
        assert box.region == before
        await pilot.press("5")  # a lunch: another warning, of another length
        await pilot.pause()
        assert box.region == before
