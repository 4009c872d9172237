"""Call mode keeps no state of its own: quitting, reopening and a second terminal all read the disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import lost_closure, open_screen, second_coach  # noqa: E402
from waiting import eventually

from cierre.tui.keys import app_language, key_texts  # noqa: E402
from cierre.tui.screens.call import CallScreen  # noqa: E402
from cierre.tui.widgets.call_log import CallLog, LogRow  # noqa: E402
from cierre.tui.widgets.call_stopwatch import CallStopwatch  # noqa: E402

CIERRE = Path(sys.executable).parent / "cierre"


def log_text(app) -> list[str]:
    return [row.text for row in app.screen.query_one(CallLog).query(LogRow)]


async def test_quitting_mid_call_and_reopening_resumes_the_same_attempt(make_app, coach, clock):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        clock.advance(seconds=30)
        await pilot.press("n", "x", "enter", "p")  # a note at 00:30, then pause
        clock.advance(seconds=20)  # paused: does not count
        await pilot.pause(0.3)  # a tick or more: none of them may count the paused time
        assert app.screen.query_one(CallStopwatch).shown == "00:30"
        await pilot.press("p")  # resume, then the app closes mid-call (a crash, a kill, a closed terminal)
        app.exit()

    clock.advance(seconds=45)  # the app was closed for 45 s; the call went on
    again = make_app()  # a fresh app and Coach on the same folder
    async with again.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        assert again.screen.started
        stopwatch = again.screen.query_one(CallStopwatch)
        # 30 + 45 of talk, the pause left out
        await eventually(lambda: stopwatch.shown == "01:15", "the stopwatch at 01:15", pilot=pilot, seen=lambda: stopwatch.shown)
        assert log_text(again) == ["00:30  Note  x"]
        assert "Attempt 1" in str(again.screen.query_one("#call-state").render())
        await pilot.press("1", "escape")  # leaving call mode keeps the call running
    stored = second_coach(coach).get(cid)
    assert len(stored.calls) == 1 and stored.current_call is not None
    assert stored.checked("call") == ["confirm_no"]


async def test_a_note_from_another_terminal_shows_without_a_key_press(make_app, coach, clock, tmp_path):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        await pilot.press("n", "a", "enter")
        env = {**os.environ, "CIERRE_LANG": "en", "CIERRE_TIMEZONE": "Europe/Madrid"}
        done = subprocess.run(
            [str(CIERRE), "--data-dir", str(coach.settings.data_dir), "note", cid, "said [b]yes", "--kind", "quote"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 0, done.stderr
        rows = list(app.screen.query_one(CallLog).query(LogRow))
        await eventually(
            lambda: len(log_text(app)) == 2, "the note from the other terminal shown", pilot=pilot, seen=lambda: log_text(app)
        )
        shown = log_text(app)
        assert len(shown) == 2 and shown[1].endswith("Quote  said [b]yes")
        assert list(app.screen.query_one(CallLog).query(LogRow))[0] is rows[0]  # appended, not rebuilt


async def test_a_call_ended_elsewhere_closes_call_mode(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_screen(pilot, CallScreen, cid)
        second_coach(coach).end_call(cid, "confirmed")
        await eventually(lambda: results, "call mode closed", pilot=pilot)
        assert results == ["confirmed"]
        assert not isinstance(app.screen, CallScreen)


async def test_language_switch_keeps_the_call(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        await pilot.press("n", "a", "enter", "2")
        app.set_language("es")
        await eventually(
            lambda: "LISTA" in str(app.screen.query_one(".call-title").render()), "the screen in Spanish", pilot=pilot
        )
        screen = app.screen
        assert isinstance(screen, CallScreen)
        assert "LISTA" in str(screen.query_one(".call-title").render())
        assert "Dile que está bien" in screen.query_one("#call-check-2").text
        assert log_text(app) == ["00:00  Nota  a"]
        descriptions = {key_texts(b.binding, app_language(app))[0] for b in screen.active_bindings.values()}
        assert {"Nota", "Competidor", "Terminar"} <= descriptions
        await pilot.press("n", "b", "enter")
        assert [n.text for n in second_coach(coach).get(cid).notes] == ["a", "b"]
        assert len(second_coach(coach).get(cid).calls) == 1
