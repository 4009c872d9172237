"""Escape never throws away what was typed: the next prompt for the same thing offers it back."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import lost_closure, open_screen, second_coach, typed  # noqa: E402

from cierre.tui.screens.call import CallScreen  # noqa: E402


async def test_a_note_cancelled_with_escape_comes_back_the_next_time(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        prompt = app.screen.prompt
        await typed(pilot, "n", *"She wants two price opt", "escape")
        assert not prompt.is_open
        assert second_coach(coach).get(cid).notes == []  # set aside, not saved

        await typed(pilot, "n")
        assert prompt.input.value == "She wants two price opt"
        assert "unsaved text is back" in str(prompt.query_one("#prompt-hint").render())
        await typed(pilot, *"ions", "enter")  # the cursor at its end: typing goes on, never replaces
        assert [n.text for n in second_coach(coach).get(cid).notes] == ["She wants two price options"]

        await typed(pilot, "n")
        assert prompt.input.value == ""  # once saved, the draft is gone
        await typed(pilot, "escape")
        await typed(pilot, "n")
        assert prompt.input.value == ""  # an empty line cancelled leaves nothing behind


async def test_a_note_dialog_cancelled_with_escape_offers_the_text_back(make_app, coach):
    from textual.widgets import Input

    from cierre.tui.widgets.dialogs import PromptModal

    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_closure(cid)
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        app.screen.query_one(Input).value = "Wants to start in March"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PromptModal) and second_coach(coach).get(cid).notes == []
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one(Input).value == "Wants to start in March"  # set aside, offered back
