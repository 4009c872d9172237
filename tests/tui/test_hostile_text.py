"""User text that looks like markup or carries terminal escapes is shown literally and breaks nothing."""

from __future__ import annotations

from datetime import timedelta

from cierre.tui.screens.closure import ClosureScreen

HOSTILE = ["[/]", "[@click=app.quit]x[/]", "[b", "\x1b]0;owned\x07"]


async def test_names_and_notes_show_literally(make_app, coach, clock, paste, settle):
    for name in HOSTILE:
        coach.new_closure("lost", name, contact=name, received_at=clock.now - timedelta(hours=1))
    target = next(s for s in coach.summaries() if s["client"] == "[@click=app.quit]x[/]")
    for text in HOSTILE:
        coach.add_note(target["id"], f"note {text} end")
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one("ClosureList")
        shown = [listing.render_line(y).text for y in range(1, 5)]
        for text in ("[/]", "[@click=app.quit]x[/]", "[b", "]0;owned"):
            assert any(text in line for line in shown), (text, shown)
        assert not any("\x1b" in line or "\x07" in line for line in shown)

        listing.select_id(target["id"])
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClosureScreen)
        assert app.screen.query_one("#closure-head").render().plain.startswith("[@click=app.quit]x[/] · ")
        notes = app.screen.query_one("#notes").render().plain
        for text in ("[/]", "[@click=app.quit]x[/]", "[b", "\\x1b]0;owned\\x07"):  # escapes shown, not obeyed
            assert f"note {text} end" in notes
        assert "\x1b" not in notes and "\x07" not in notes
        await pilot.click("#closure-head")  # a [@click=...] in the text must not run anything
        await pilot.click("#notes")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ClosureScreen)

        # Typed through the UI as well: a note made of markup and an escape sequence.
        await pilot.press("n")
        await pilot.pause()
        await paste(pilot, "[@click=app.quit]bye[/] [b \x1b[2J")
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        stored = coach.get(app.screen.closure_id)
        assert stored.notes[-1].text == "[@click=app.quit]bye[/] [b \x1b[2J"
        assert "[@click=app.quit]bye[/] [b \\x1b[2J" in app.screen.query_one("#notes").render().plain


async def test_the_help_and_dialogs_survive_hostile_names(make_app, coach, clock, settle):
    coach.new_closure("lost", "[@click=app.quit]x[/]", received_at=clock.now)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")  # archive asks, naming the client
        await pilot.pause()
        assert "[@click=app.quit]x[/]" in app.screen.query_one(".dialog-title").render().plain
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.is_running
