"""The dashboard's filter: `/` opens a one-line box, each key narrows the rows from the index,
Escape clears and closes it, and the cursor stays on the closure the user was on."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from waiting import eventually

from cierre.domain.playbook import load as load_playbook
from cierre.tui.screens.dashboard import DashboardScreen
from cierre.tui.widgets.closure_list import ClosureList
from cierre.tui.widgets.dashboard_filter import FilterBar, FilterInput

sys.path.insert(0, str(Path(__file__).parent))
from test_call_harness import typed  # noqa: E402
from test_dashboard import write_index  # noqa: E402


def clients(app) -> list[str]:
    return [row.summary["client"] for row in app.screen.query_one(ClosureList).rows]


def title(app) -> str:
    return app.screen.query_one("#dash-title").render().plain


def week(coach, clock):
    """Four closures a user might have: two lost proposals, two departures, one with an accent."""
    made = {}
    for hours, kind, client, contact in (
        (30, "lost", "Acme Corp", "Sofía Ruiz"),
        (3, "lost", "Panadería La Espiga", "Luis"),
        (20, "departure", "Beta Studio", "Marta"),
        (2, "departure", "Norte Logística", "Sofia Beltrán"),
    ):
        made[client] = coach.new_closure(kind, client, contact=contact, received_at=clock.now - timedelta(hours=hours)).id
    coach.advance(made["Acme Corp"])  # at the call step now
    return made


async def filtered(pilot, app, expected: list[str]) -> None:
    await eventually(lambda: sorted(clients(app)) == sorted(expected), f"rows {expected}", pilot=pilot, seen=lambda: clients(app))


async def test_typing_narrows_the_rows_and_escape_clears_and_closes(make_app, coach, clock, settle):
    made = week(coach, clock)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ClosureList)
        bar = app.screen.query_one(FilterBar)
        assert not bar.display and "4 open" in title(app)
        listing.select_id(made["Norte Logística"])

        await pilot.press("slash")
        assert bar.display and isinstance(app.focused, FilterInput)
        await typed(pilot, *"SOFIA")  # the contact of two closures, whatever the case and accents
        await filtered(pilot, app, ["Acme Corp", "Norte Logística"])
        assert "2 of 4 shown" in title(app)
        assert listing.current_id == made["Norte Logística"]  # still listed: still selected
        await typed(pilot, *" rui")  # every word must match: Sofía Ruiz
        await filtered(pilot, app, ["Acme Corp"])
        assert "1 of 4 shown" in title(app)
        assert listing.current_id == made["Acme Corp"]  # the one it was on is gone: the first row

        await pilot.press("escape")
        await filtered(pilot, app, list(made))
        assert not bar.display and bar.input.value == "" and app.focused is listing
        assert "4 open" in title(app) and "shown" not in title(app)
        assert listing.current_id == made["Acme Corp"]  # the closure found stays selected


async def test_accents_case_and_the_step_column_count(make_app, coach, clock, settle):
    week(coach, clock)
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await typed(pilot, *"PANADERIA")
        await filtered(pilot, app, ["Panadería La Espiga"])

        # A word of the step column, as this language names the step.
        call_word = load_playbook("en").step_title("lost", "call").split()[0].rstrip(":")
        await pilot.press("ctrl+u")
        await typed(pilot, *call_word.lower())
        await filtered(pilot, app, ["Acme Corp"])

        await pilot.press("ctrl+u", "escape")
        await pilot.press("f2")  # Spanish: the same step by its Spanish title
        await settle(pilot)
        word = load_playbook("es").step_title("departure", "perspective").lower()
        await pilot.press("slash")
        await typed(pilot, *word)
        await filtered(pilot, app, ["Beta Studio", "Norte Logística"])
        assert "2 de 4 a la vista" in title(app)


async def test_keys_typed_right_after_slash_are_text_not_commands(make_app, coach, clock, settle):
    """`/` then "anaq" at once: the box has the text; nothing archived, created or quit."""
    week(coach, clock)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await typed(pilot, "slash", "a", "n", "a", "q", "f", "s", "i")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen) and app.is_running
        assert app.screen.query_one(FilterBar).input.value == "anaqfsi"
        assert not app.screen.show_all
        assert all(not summary.get("archived_at") for summary in coach.summaries())


async def test_enter_goes_back_to_the_rows_with_the_filter_kept_and_arrows_move_from_the_box(make_app, coach, clock, settle):
    made = week(coach, clock)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ClosureList)
        await pilot.press("slash", "a")  # every client holds an a: all four stay
        await filtered(pilot, app, list(made))
        first = listing.current_id
        await pilot.press("down")  # from the box: the rows move
        assert listing.cursor == 1 and listing.current_id != first
        chosen = listing.current_id
        await pilot.press("enter")  # back to the rows, the filter kept
        await pilot.pause()
        assert app.focused is listing and app.screen.query_one(FilterBar).text == "a"
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ClosureScreen" and app.screen.closure_id == chosen
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(FilterBar).text == "a"  # still filtered on the way back
        await pilot.press("slash")  # back in the box, where the text was left
        assert isinstance(app.focused, FilterInput) and app.focused.value == "a"


async def test_no_match_says_so_literally(make_app, coach, clock, settle):
    week(coach, clock)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        app.focused.insert_text_at_cursor("[b]zz\x1b[2J")
        await filtered(pilot, app, [])
        empty = app.screen.query_one("#dash-empty")
        assert empty.display and not app.screen.query_one(ClosureList).display
        shown = empty.render().plain
        assert "[b]zz\\x1b[2J" in shown and "esc" in shown
        assert "0 of 4 shown" in title(app)


async def test_the_filter_reads_the_index_not_the_files_with_ten_thousand(make_app, coach, clock):
    write_index(coach, 10_000, clock.now)  # rows only: there is no closure file to read
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        listing = app.screen.query_one(ClosureList)
        await eventually(lambda: len(listing.rows) == 10_000, "all listed", pilot=pilot, seen=lambda: len(listing.rows))
        await pilot.press("slash")
        await typed(pilot, *"client 0999")
        expected = sorted(["Client 00999", *(f"Client 0999{n}" for n in range(10))])
        await eventually(lambda: sorted(clients(app)) == expected, "eleven rows", pilot=pilot, seen=lambda: len(listing.rows))
        assert "11 of 10000 shown" in title(app)


async def test_the_filter_key_is_remapped_like_any_other(make_app, coach, clock, settle):
    week(coach, clock)
    app = make_app(coach=coach)
    app.set_keymap({"dashboard.filter": "ctrl+f"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        assert isinstance(app.focused, FilterInput)
        await pilot.press("slash")  # now plain text in the box
        assert app.focused.value == "/"
