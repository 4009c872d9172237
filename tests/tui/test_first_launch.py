"""A first launch: the empty dashboard says how to start, where sample data is and where the keys
are; it offers nothing to open or archive; and the sync line claims no sync that did not happen."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import second_coach  # noqa: E402
from waiting import eventually  # noqa: E402

from cierre.tui.widgets.footer import KeysFooter  # noqa: E402
from cierre.tui.widgets.sync_status import SyncStatus  # noqa: E402


def hint(app) -> str:
    return str(app.screen.query_one("#dash-empty").render())


def footer(app) -> str:
    return app.screen.query_one(KeysFooter).render().plain


async def test_the_empty_dashboard_names_the_sample_data_and_the_help(make_app, settle):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = hint(app)
        assert "cierre demo --open" in text and "Press ? for every key" in text and "Press n to start one" in text


async def test_the_empty_dashboard_follows_the_keymap_in_spanish(make_app, settle):
    app = make_app(lang="es")
    app.set_keymap({"app.help": "f9", "dashboard.new": "ctrl+n"})
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        text = hint(app)
        assert "cierre demo --open" in text and "Pulsa f9 para ver todas las teclas" in text and "^n" in text


async def test_open_and_archive_are_offered_only_with_a_row(make_app, coach, clock, settle):
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        assert "Open" not in footer(app) and "Archive" not in footer(app) and "New" in footer(app)
        await pilot.press("enter", "a")  # nothing to act on: no dialog, no error
        await pilot.pause()
        assert len(app.screen_stack) == 1
        # A closure made from another terminal: the keys that act on a row come with it.
        second_coach(coach).new_closure("lost", "Acme", received_at=clock.now - timedelta(hours=2))
        await eventually(lambda: "Open" in footer(app), "Open offered", pilot=pilot, seen=lambda: footer(app))
        assert "Archive" in footer(app)


async def test_a_sync_that_sent_nothing_is_not_called_a_sync(make_app, coach, clock, settle):
    app = make_app(coach=coach, calendar=True)  # the real sync, to the local .ics
    async with app.run_test(size=(120, 24)) as pilot:
        line = app.screen.query_one(SyncStatus)
        await eventually(lambda: coach.outbox.last_sync().get("at"), "the first sync ran", pilot=pilot)
        await settle(pilot)
        app.read_sync_state()
        await settle(pilot)
        assert app.t("dashboard.sync_never") in line.render().plain and "ok" not in line.render().plain

        coach.new_closure("lost", "Acme", received_at=clock.now - timedelta(hours=2))
        await pilot.press("s")  # asked for: the new closure's call goes to the file
        await eventually(
            lambda: "last sync" in line.render().plain and line.render().plain.endswith(": ok"),
            "the sync said ok",
            pilot=pilot,
            seen=lambda: line.render().plain,
        )


async def test_the_sync_line_shows_nothing_of_another_calendar(make_app, coach, settle):
    # The last sync went to a server the settings no longer name (the URL was changed since).
    coach.outbox.record_sync(False, "old.example.test unreachable [timeout]", target="caldav https://old.example.test/||")
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        text = app.screen.query_one(SyncStatus).render().plain
        assert "old.example.test" not in text and "failed" not in text
        assert app.t("dashboard.sync_off") in text  # this app runs without the calendar module
