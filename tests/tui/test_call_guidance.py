"""What call mode says besides the checklist: the opening line of a lost proposal's call until its
first item is ticked, the reminder not to discount or pitch again the whole call, and for a
departure the guide of the reason given."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import departure_closure, lost_closure, open_screen  # noqa: E402

from cierre.domain.playbook import load  # noqa: E402
from cierre.tui.screens.call import CallScreen  # noqa: E402


def guidance(app) -> str:
    widget = app.screen.query_one("#call-guide")
    return str(widget.render()) if widget.display else ""


def checklist_rows(app) -> list[str]:
    return [row.text for row in app.screen.query("ChecklistRow")]


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_the_opening_line_until_the_first_tick_then_the_reminder_alone(make_app, lang):
    book = load(lang)
    opening, reminder = book.text("kinds.lost.steps.call.opening"), book.text("kinds.lost.steps.call.listen")
    app = make_app(lang=lang)
    cid = lost_closure(app.coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        shown = guidance(app)
        assert opening in shown and reminder in shown
        assert shown.index(opening) < shown.index(reminder)  # what is said first comes first
        await pilot.press("1")
        await pilot.pause()
        assert guidance(app) == reminder
        await pilot.press("1")  # untick: the call is back at its start
        await pilot.pause()
        assert opening in guidance(app)


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_the_checklist_asks_for_a_final_decision_and_what_would_have_had_to_be_different(make_app, lang):
    app = make_app(lang=lang)
    cid = lost_closure(app.coach)
    words = {
        "en": ("contract signed", "would have had to be different"),
        "es": ("contrato firmado", "tendría que haber sido distinto"),
    }
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        rows = checklist_rows(app)
        assert len(rows) == 5
        assert words[lang][0] in rows[0] and words[lang][1] in rows[3]  # the decision is confirmed before feedback


async def test_every_checklist_item_keeps_to_one_line_at_80_columns(make_app):
    for lang in ("en", "es"):
        app = make_app(lang=lang)
        cid = lost_closure(app.coach)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_screen(pilot, CallScreen, cid)
            assert [row.size.height for row in app.screen.query("ChecklistRow")] == [1] * 5, lang


async def test_a_departure_shows_its_reasons_guide_and_no_opening_line(make_app):
    app = make_app(lang="en")
    cid = departure_closure(app.coach)
    app.coach.set_reason(cid, "reorganisation")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        assert guidance(app) == load("en").departure_reason("reorganisation")["guide"]
