"""Escape on the New closure form keeps what was typed as a draft, back the next time it opens."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import typed  # noqa: E402

from cierre.tui.screens.new_closure import NewClosureScreen  # noqa: E402


async def test_escape_keeps_a_draft_and_saving_clears_it(make_app, coach, settle):
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await typed(pilot, *"Acme", "enter", *"Ana", "escape")  # Escape right behind the text: nothing lost
        await pilot.pause()
        assert not isinstance(app.screen, NewClosureScreen)
        assert coach.summaries() == []  # nothing created
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#input-client").value == "Acme"
        assert form.query_one("#input-contact").value == "Ana"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [s["client"] for s in coach.summaries()] == ["Acme"]
        await pilot.press("escape")  # back from the new closure's view
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#input-client").value == ""  # saved: no draft left


async def test_an_untouched_form_leaves_no_draft(make_app, settle):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.form_draft is None
