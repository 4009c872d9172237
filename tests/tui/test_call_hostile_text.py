"""Text typed, pasted or stored by another process is shown literally and runs nothing."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import lost_closure, open_screen, second_coach  # noqa: E402
from textual import events  # noqa: E402
from waiting import eventually  # noqa: E402

from cierre.tui.screens.call import CallScreen  # noqa: E402
from cierre.tui.widgets.call_header import CallHeader  # noqa: E402
from cierre.tui.widgets.call_log import CallLog, LogRow  # noqa: E402

EVIL_CLIENT = "\x1b]0;owned\x07Evil [b]Corp[/b] [@click=app.quit]x[/]"


async def test_markup_and_escape_sequences_show_literally(make_app, coach):
    cid = lost_closure(coach, client=EVIL_CLIENT, phone="[red]555[/red]")
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        await pilot.press("n")
        app.screen.query_one("#prompt-input").post_message(events.Paste("[@click=app.quit]x[/]"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.press("q", *"[/]", "enter")
        await pilot.press("c", *"[b", "enter")
        await pilot.press("s")
        app.screen.query_one("#prompt-input").post_message(events.Paste("\x1b]0;owned\x07 pasted\nsecond line"))
        await pilot.pause()
        await pilot.press("enter")
        second_coach(coach).add_note(cid, "\x1b[2J\x9b31m cleared?", "note")  # as `cierre note` would
        await eventually(
            lambda: len(app.screen.query_one(CallLog).query(LogRow)) == 5,
            "the note from the other process shown",
            pilot=pilot,
            seen=lambda: [row.text for row in app.screen.query_one(CallLog).query(LogRow)],
        )

        header = str(app.screen.query_one(CallHeader).query_one("#call-client").render())
        # Control characters are shown as their escapes, never sent to the terminal.
        assert header == "\\x1b]0;owned\\x07Evil [b]Corp[/b] [@click=app.quit]x[/]"
        assert str(app.screen.query_one("#call-phone").render()) == "☎ [red]555[/red]"
        rows = [row.text for row in app.screen.query_one(CallLog).query(LogRow)]
        assert rows == [
            "00:00  Note  [@click=app.quit]x[/]",
            "00:00  Quote  [/]",
            "00:00  Competitor  [b",
            "00:00  Suggestion  \\x1b]0;owned\\x07 pasted",
            "00:00  Note  \\x1b[2J\\x9b31m cleared?",
        ]
        assert not any("\x1b" in row or "\x07" in row or "\x9b" in row for row in rows)

        # Clicking the text that looks like a link does nothing: the app stays on the call.
        await pilot.click(LogRow, offset=(30, 0))  # on the "x" of the would-be link
        await pilot.click("#call-client")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, CallScreen)
        stored = [n.text for n in second_coach(coach).get(cid).notes]
        assert stored[:3] == ["[@click=app.quit]x[/]", "[/]", "[b"]  # kept as typed
