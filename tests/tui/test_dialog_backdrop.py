"""A dialog dims what is behind it: the call's stopwatch, checklist and notes stay readable."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import lost_closure, open_screen  # noqa: E402
from test_call_snapshots import call_in_progress  # noqa: E402

from cierre.tui.screens.call import CallScreen  # noqa: E402
from cierre.tui.widgets.dialogs import ConfirmModal  # noqa: E402


async def test_every_dialog_is_see_through(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.is_modal
        assert app.screen.styles.background.a < 1  # the call screen shows through
        app.push_screen(ConfirmModal("Sure?"))
        await pilot.pause()
        assert app.screen.styles.background.a < 1


def test_the_call_dimmed_behind_the_end_dialog(snap_compare, make_app, clock):
    app = make_app()
    cid = call_in_progress(app.coach, clock)

    async def open_dialog(pilot):
        await open_screen(pilot, CallScreen, cid)
        await pilot.press("e")
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_dialog)
