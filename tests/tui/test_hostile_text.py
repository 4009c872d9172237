"""User text that looks like markup or carries terminal escapes is shown literally and breaks nothing."""

from __future__ import annotations

from datetime import timedelta

from tui.screens.closure import ClosureScreen

HOSTILE = ["[/]", "[@click=app.quit]x[/]", "[b", "\x1b]0;owned\x07"]


async def test_names_and_notes_show_literally(make_app, coach, clock, paste):
    closures = [coach.new_closure("lost", name, contact=name, received_at=clock.now - timedelta(hours=1))
                for name in HOSTILE]
    for closure, text in zip(closures, HOSTILE):
        coach.add_note(closure.id, f"note {text} end")
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.3)
        listing = app.screen.query_one("ClosureList")
        shown = [listing.render_line(y).text for y in range(1, 5)]
        for text in ("[/]", "[@click=app.quit]x[/]", "[b", "]0;owned"):
            assert any(text in line for line in shown), (text, shown)
        assert not any("\x1b" in line or "\x07" in line for line in shown)

        for row in range(len(HOSTILE)):
            await pilot.press("home", *["down"] * row, "enter")
            await pilot.pause()
            assert isinstance(app.screen, ClosureScreen)
            name = app.screen.closure.client
            head = app.screen.query_one("#closure-head").render().plain
            notes = app.screen.query_one("#notes").render().plain
            visible = name.replace("\x1b", "").replace("\x07", "")
            assert head.startswith(visible) and f"note {visible} end" in notes
            await pilot.click("#closure-head")  # a [@click=...] in the text must not run anything
            await pilot.pause()
            assert app.is_running
            await pilot.press("escape")
            await pilot.pause()

        # Typed through the UI as well: a note and a guess made of markup.
        await pilot.press("home", "enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await paste(pilot, "[@click=app.quit]bye[/] [b \x1b[2J")
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        stored = coach.get(app.screen.closure_id)
        assert stored.notes[-1].text == "[@click=app.quit]bye[/] [b \x1b[2J"
        assert "[@click=app.quit]bye[/] [b [2J" in app.screen.query_one("#notes").render().plain


async def test_the_help_and_dialogs_survive_hostile_names(make_app, coach, clock):
    coach.new_closure("lost", "[@click=app.quit]x[/]", received_at=clock.now)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("a")  # archive asks, naming the client
        await pilot.pause()
        assert "[@click=app.quit]x[/]" in app.screen.query_one(".dialog-title").render().plain
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.is_running
