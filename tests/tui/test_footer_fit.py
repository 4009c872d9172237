"""The footer on every screen at 80x24, in both languages: whole keys only, the most important first.

A key that does not fit is left out whole (the help lists it), never cut in the middle of its word
before the palette's key; the keys a user needs most on each screen are the ones that stay.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import after_call, departure_closure, lost_closure, open_screen  # noqa: E402

from cierre.domain.texts import catalog  # noqa: E402
from cierre.service import Coach  # noqa: E402
from cierre.tui.screens.call import CallScreen  # noqa: E402
from cierre.tui.screens.debrief import DebriefScreen  # noqa: E402
from cierre.tui.screens.restart import RestartScreen  # noqa: E402
from cierre.tui.widgets.footer import SEPARATOR, KeysFooter  # noqa: E402

SIZE = (80, 24)


def footer_line(app) -> str:
    return app.screen.query_one(KeysFooter).render().plain


def footer_words(app) -> set[str]:
    """Every word the screen's keys could put in its footer, each key whole."""
    words: set[str] = set()
    for group in app.screen.query_one(KeysFooter).groups:
        words.update(group.description.split())
        words.add("".join(item.display for item in group.items))  # "12345"
        for item in group.items:
            words.update(f"{item.display} {item.description}".split())
    return words


def assert_whole(app, lang: str) -> str:
    """The line fills the width with whole keys, then the palette's key at the right end."""
    line = footer_line(app)
    assert len(line) == SIZE[0], line
    keys, separator, palette = line.partition(SEPARATOR)
    assert separator and palette.strip() == f"^p {catalog(lang)['app.keys.palette']}", line
    assert keys.endswith(" "), line  # a gap before the separator: nothing runs into it
    cut = [word for word in keys.split() if word not in footer_words(app)]
    assert not cut, (cut, line)
    return line


async def closure_footer(pilot, closure_id: str, lang: str) -> str:
    """The closure view's footer line once it is open, checked whole (`assert_whole`)."""
    await pilot.pause()
    pilot.app.open_closure(closure_id)
    await pilot.pause()
    await pilot.pause()
    return assert_whole(pilot.app, lang)


def lost_on(coach: Coach, step: str) -> str:
    cid = lost_closure(coach)
    while coach.get(cid).step != step:
        if coach.get(cid).step == "call":
            coach.start_call(cid)
            coach.end_call(cid, "confirmed")
        else:
            coach.advance(cid)
    return cid


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_the_dashboard_keeps_quit_and_cuts_no_word(make_app, settle, coach, lang):
    coach.new_closure("lost", "Acme Corp", received_at=coach.clock() - timedelta(hours=2))
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = assert_whole(app, lang)
        texts = catalog(lang)
        for name in ("open", "new", "archive", "insights", "quit"):
            assert texts[f"dashboard.keys.{name}"] in line, line


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_the_call_step_keeps_note_and_call_mode(make_app, coach, lang):
    cid = lost_on(coach, "call")
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        line = await closure_footer(pilot, cid, lang)
        texts = catalog(lang)
        for name in ("done", "call", "note", "outcome"):
            assert texts[f"closure.keys.{name}"] in line, (name, line)
        assert line.index(texts["closure.keys.call"]) < line.index(texts["closure.keys.note"]), line


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("step", ["recover", "debrief", "restart", "done"])
async def test_each_lost_step_shows_done_first_and_whole_keys(make_app, coach, lang, step):
    cid = lost_on(coach, step)
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        line = await closure_footer(pilot, cid, lang)
        texts = catalog(lang)
        assert texts["closure.keys.note"] in line, line
        if step != "done":
            assert f"d {texts['closure.keys.done']}" in line, line


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_a_departure_keeps_its_check_in_key(make_app, coach, lang):
    cid = departure_closure(coach)
    for _ in range(2):
        coach.advance(cid)
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        line = await closure_footer(pilot, cid, lang)
        assert catalog(lang)["closure.keys.checkin"] in line, line


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_call_debrief_and_start_again_keep_their_main_keys(make_app, coach, lang):
    calling = lost_on(coach, "call")
    debriefing = after_call(coach, client="Beta")
    restarting = lost_on(coach, "restart")
    texts = catalog(lang)
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, CallScreen, calling)
        line = assert_whole(app, lang)
        assert texts["call.keys.end"] in line and texts["call.keys.pause"] in line, line
        app.pop_screen()
        await open_screen(pilot, DebriefScreen, debriefing)
        line = assert_whole(app, lang)
        assert f"d {texts['debrief.keys.done']}" in line, line  # was cut off the Spanish footer
        app.pop_screen()
        await open_screen(pilot, RestartScreen, restarting)
        line = assert_whole(app, lang)
        assert f"d {texts['restart.keys.done']}" in line, line


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_insights_and_the_new_closure_form_fit(make_app, settle, lang):
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_insights()
        await settle(pilot)
        assert_whole(app, lang)
        app.pop_screen()
        await pilot.pause()
        app.new_closure()
        await settle(pilot)
        assert_whole(app, lang)
