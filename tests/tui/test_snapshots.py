"""Snapshots of the dashboard and the closure view, in both languages, at 80x24 and 120x36.

The clock is fixed and every worker has finished before the picture is taken, so
each countdown is the same on every run. Update with `pytest --snapshot-update`
and look at the SVGs before accepting them.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from cierre.service import Coach
from cierre.tui.app import CierreApp

SIZES = {"small": (80, 24), "large": (120, 36)}


def sample(settings, clock) -> Coach:
    """A few closures in different states, the way a user's week looks."""
    coach = Coach(settings, clock=clock)
    now = clock.now
    fresh = coach.new_closure(
        "lost", "Acme Foods", contact="Sarah Connor", phone="+34 600 111 222", received_at=now - timedelta(hours=3), value=4800
    )
    coach.add_note(fresh.id, "They liked the design work")
    calling = coach.new_closure(
        "lost", "Norte Logística", contact="Luis Peña", phone="+34 611 222 333", received_at=now - timedelta(hours=27)
    )
    coach.advance(calling.id)
    coach.set_guess(calling.id, "Our price was higher than the other bids", "price")
    coach.toggle_check(calling.id, "confirm_no")
    coach.toggle_check(calling.id, "respect")
    coach.add_note(calling.id, "Ask about the second warehouse", kind="note")
    leaving = coach.new_closure("departure", "Beta Studio", contact="Bob", received_at=now - timedelta(days=1))
    coach.advance(leaving.id)
    coach.set_reason(leaving.id, "price")
    kept = coach.new_closure("departure", "Gamma Retail", received_at=now - timedelta(days=70))
    for _ in range(3):
        coach.advance(kept.id)
    coach.outbox.record_sync(True, target=settings.calendar_target, delivered=4)  # the calendar is in step
    return coach


async def settle(pilot) -> None:
    await pilot.pause(0.3)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_dashboard(snap_compare, settings, clock, lang, size):
    chosen = settings.replace(lang=lang)
    app = CierreApp(chosen, coach=sample(chosen, clock), calendar=False)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=settle)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_closure_view_on_the_call_step(snap_compare, settings, clock, lang, size):
    chosen = settings.replace(lang=lang)
    app = CierreApp(chosen, coach=sample(chosen, clock), calendar=False)

    async def open_the_call(pilot) -> None:
        await settle(pilot)
        listing = pilot.app.screen.query_one("ClosureList")
        listing.select_id(next(r.id for r in listing.rows if r.summary["client"] == "Norte Logística"))
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=open_the_call)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_dashboard_filtered(snap_compare, settings, clock, lang):
    """The filter's line under the title, the rows it leaves and the title's count, at 80x24."""
    chosen = settings.replace(lang=lang)
    app = CierreApp(chosen, coach=sample(chosen, clock), calendar=False)

    async def filter_by_a(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", "t", "a")  # Beta Studio, Gamma Retail; in Spanish the call step too ("Reconectar")
        pilot.app.screen.query_one("FilterInput").cursor_blink = False  # the cursor shown, whatever the timing
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES["small"], run_before=filter_by_a)
