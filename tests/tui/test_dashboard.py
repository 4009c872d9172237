"""The dashboard: most urgent first, live countdowns, archived on request, and fast with 10,000 closures."""

from __future__ import annotations

import sys
import time
from datetime import timedelta
from pathlib import Path

from waiting import eventually

from cierre.domain.model import Closure, Kind
from cierre.storage.index import Entry
from cierre.storage.summary import summarize
from cierre.tui.screens.dashboard import DashboardScreen
from cierre.tui.widgets.closure_list import ClosureList

sys.path.insert(0, str(Path(__file__).parent))
from test_call_harness import typed  # noqa: E402


async def test_overdue_first_with_live_countdowns(make_app, coach, clock, settle):
    later = coach.new_closure("lost", "Later", received_at=clock.now - timedelta(hours=1))
    late = coach.new_closure("departure", "Late", received_at=clock.now - timedelta(days=2))
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ClosureList)
        assert [row.id for row in listing.rows] == [late.id, later.id]
        first, second = listing.render_line(1).text, listing.render_line(2).text
        assert first.startswith("! Late") and "overdue" in first
        assert second.startswith("  Later") and "in 23h 00m 00s" in second
        assert "1 overdue" in app.screen.query_one("#dash-title").render().plain

        clock.advance(seconds=61)  # the countdown follows the clock, not ticks
        await eventually(
            lambda: "in 22h 58m 59s" in listing.render_line(2).text,
            "the countdown moved on",
            pilot=pilot,
            seen=lambda: listing.render_line(2).text,
        )


async def test_archive_and_show_all(make_app, coach, clock, settle):
    keep = coach.new_closure("lost", "Keep", received_at=clock.now)
    gone = coach.new_closure("lost", "Gone", received_at=clock.now - timedelta(hours=5))
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ClosureList)
        assert listing.current_id == gone.id
        await pilot.press("a", "y")
        await settle(pilot)
        assert coach.get(gone.id).archived
        assert [row.id for row in listing.rows] == [keep.id]
        await pilot.press("f")
        await settle(pilot)
        assert [row.id for row in listing.rows] == [keep.id, gone.id]
        assert app.t("dashboard.status_archived") in listing.render_line(2).text
        await pilot.press("down", "a", "y")  # bring it back
        await settle(pilot)
        assert not coach.get(gone.id).archived


def write_index(coach, count: int, now) -> None:
    """Rows for `count` closures straight into the index, as the store keeps them (no closure files)."""
    entries = []
    for n in range(count):
        closure = Closure(
            kind=Kind.LOST if n % 3 else Kind.DEPARTURE,
            client=f"Client {n:05d}",
            received_at=now - timedelta(minutes=37 * n),
            created_at=now,
        )
        entries.append(Entry(summarize(closure, coach.planner)))
    coach.store.write_index(entries)


async def test_ten_thousand_closures_paint_fast(make_app, coach, clock):
    write_index(coach, 10_000, clock.now)
    app = make_app(coach=coach)
    started = time.monotonic()
    async with app.run_test(size=(120, 36)) as pilot:
        listing = app.screen.query_one(ClosureList)
        await eventually(
            lambda: len(listing.rows) == 10_000, "all 10,000 rows listed", pilot=pilot, seen=lambda: len(listing.rows)
        )
        # A figure, not a verdict: benchmarks/ holds the target.
        print(f"10,000 closures listed {time.monotonic() - started:.2f} s after start")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert len(list(app.screen.walk_children())) < 60  # rows are records, not widgets
        dues = [row.due for row in listing.rows]
        assert dues == sorted(dues)  # by due time: the overdue ones come first

        calls = 0
        describe = listing.countdown

        def counting(due, now):
            nonlocal calls
            calls += 1
            return describe(due, now)

        listing.countdown = counting
        await eventually(lambda: calls > 0, "a tick repainted the countdowns", pilot=pilot, interval=0.01)
        visible = listing.size.height - 1
        assert calls <= 3 * visible  # only the rows in view are recomputed (a few ticks at most), not 10,000

        await pilot.press("end")
        await pilot.pause()
        assert listing.cursor == 9_999 and listing.scroll_offset.y > 9_900


async def test_the_due_column_stays_whole_beside_the_scrollbar(make_app, coach, clock):
    """With more rows than fit, the scrollbar takes two columns: the countdown must not lose its end."""
    write_index(coach, 60, clock.now)
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 24)) as pilot:
        listing = app.screen.query_one(ClosureList)
        await eventually(lambda: listing.rows, "the rows listed", pilot=pilot)
        shown = listing.scrollable_content_region.width  # what the terminal shows of each line
        assert shown < listing.outer_size.width  # the scrollbar is there and takes its columns
        lines = [listing.render_line(y).text for y in range(listing.scrollable_content_region.height)]
        lines = [line[:shown] for line in lines]
        assert lines[0].rstrip().endswith("Due")
        overdue = [line for line in lines[1:] if "overdue" in line]
        assert overdue and all(line.rstrip().endswith("overdue") for line in overdue)


async def test_a_burst_of_moves_then_enter_opens_the_row_the_cursor_reached(make_app, coach, clock, settle):
    """Keys typed faster than the screen repaints: Enter must not overtake the moves before it."""
    ids = [coach.new_closure("lost", f"Client {n}", received_at=clock.now - timedelta(minutes=n)).id for n in range(5)]
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ClosureList)
        expected = listing.rows[3].id
        await typed(pilot, "down", "down", "down", "enter")  # queued at once, as tmux or a fast typist sends them
        await settle(pilot)
        assert type(app.screen).__name__ == "ClosureScreen"
        assert app.screen.closure_id == expected and expected in ids


async def test_the_cursor_never_goes_below_the_visible_rows(make_app, coach, clock):
    """A long list gets a vertical scrollbar, never a sideways one over its last row; the cursor stays in view."""
    write_index(coach, 1_000, clock.now)
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        listing = app.screen.query_one(ClosureList)
        while len(listing.rows) < 1_000:
            await pilot.pause(0.02)
        await pilot.pause()
        for _ in range(40):
            await pilot.press("down")
            line = listing.cursor - int(listing.scroll_offset.y) + 1  # the header is line 0
            assert not listing.horizontal_scrollbar.display
            assert 1 <= line < listing.scrollable_content_region.height, listing.cursor
        assert listing.cursor == 40
        assert listing.current_id == listing.rows[40].id
        client = f"Client {listing.rows[40].summary['client'][-5:]}"
        shown = [listing.render_line(y).text for y in range(listing.scrollable_content_region.height)]
        assert any(client in text for text in shown)
