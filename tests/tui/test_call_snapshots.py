"""How call mode looks, in both languages, at 80x24 and 120x36, with the clock standing still."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import lost_closure, open_screen  # noqa: E402

from cierre.tui.screens.call import CallScreen  # noqa: E402


def call_in_progress(coach, clock) -> str:
    """Three minutes into a first attempt: two items ticked, a few captures."""
    cid = lost_closure(coach, client="Estudio Norte S.L.")
    coach.start_call(cid)
    for seconds, kind, text in [
        (12, "note", "Ana answered at once, friendly"),
        (48, "competitor", "Pixel & Co"),
        (95, "reason", "Budget cut in Q2, the other studio was cheaper"),
        (140, "quote", "We loved the ideas, the price was the problem"),
        (190, "suggestion", "Send a smaller first phase"),
    ]:
        clock.now = coach.get(cid).calls[0].started_at
        clock.advance(seconds=seconds)
        coach.add_note(cid, text, kind)
    coach.set_reason(cid, "price")
    coach.set_confirm_outcome(cid, "chose_other")
    coach.toggle_check(cid, "confirm_no")
    coach.toggle_check(cid, "respect")
    clock.advance(seconds=15)  # 03:25 on the stopwatch
    return cid


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_call_mode_snapshot(snap_compare, make_app, clock, lang, size):
    app = make_app(lang=lang)
    cid = call_in_progress(app.coach, clock)

    async def open_call(pilot):
        await open_screen(pilot, CallScreen, cid)
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=size, run_before=open_call)
