"""Screens open one another through the app (tui/navigation.py), which imports each screen on first use."""

from __future__ import annotations

import sys

from cierre.tui.screens.dashboard import DashboardScreen


async def test_a_screen_that_is_not_installed_is_one_line_not_a_crash(make_app, monkeypatch):
    monkeypatch.setitem(sys.modules, "cierre.tui.screens.insights", None)  # importing it raises ImportError
    app = make_app()
    said: list[str] = []
    monkeypatch.setattr(app, "say", lambda text, **_: said.append(text))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert said == [app.t("dashboard.insights_missing")]


async def test_the_new_closure_is_selected_and_opened_when_the_form_is_saved(make_app, coach):
    from cierre.tui.screens.closure import ClosureScreen

    app = make_app(coach=coach)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query("Input").first().value = "Acme"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ClosureScreen)
        (summary,) = coach.summaries()
        assert app.screen.closure_id == summary["id"]
