"""Notes edited or deleted from the TUI, with undo: the last one in call mode by one key, any one from
the closure view."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import lost_closure, open_screen, second_coach, typed  # noqa: E402

from cierre.tui.screens.call import CallScreen  # noqa: E402
from cierre.tui.widgets.call_log import CallLog  # noqa: E402
from cierre.tui.widgets.dialogs import ChoiceModal, PromptModal  # noqa: E402


def log_text(app) -> str:
    return "\n".join(row.text for row in app.screen.query_one(CallLog).query("LogRow"))


async def test_the_last_note_in_call_mode_edited_deleted_and_put_back(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        await typed(pilot, "n", *"Ana ansered", "enter")
        await pilot.press("m")
        assert app.screen.prompt.input.value == "Ana ansered"  # the note itself, ready to fix
        await typed(pilot, *" at once", "enter")  # the cursor at its end: typing adds, never replaces
        assert [n.text for n in second_coach(coach).get(cid).notes] == ["Ana ansered at once"]
        await pilot.press("m")
        app.screen.prompt.input.value = "Ana answered"
        await typed(pilot, "enter")
        assert [n.text for n in second_coach(coach).get(cid).notes] == ["Ana answered"]
        assert "Ana answered" in log_text(app) and "ansered" not in log_text(app)

        await pilot.press("m")
        app.screen.prompt.input.value = ""  # an empty line deletes
        await typed(pilot, "enter")
        assert second_coach(coach).get(cid).notes == []
        assert "Ana answered" not in log_text(app)

        await typed(pilot, "z")
        (note,) = second_coach(coach).get(cid).notes
        assert note.text == "Ana answered" and note.attempt == 1
        assert "Ana answered" in log_text(app)


async def test_any_note_from_the_closure_view(make_app, coach):
    cid = lost_closure(coach)
    coach.add_note(cid, "first")
    coach.add_note(cid, "second")
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_closure(cid)
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("2")  # the latest first: 2 is "first"
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        app.screen.query_one("#prompt-input").value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert [n.text for n in second_coach(coach).get(cid).notes] == ["second"]
        await pilot.press("z")
        await pilot.pause()
        assert [n.text for n in second_coach(coach).get(cid).notes] == ["first", "second"]
