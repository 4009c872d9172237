"""Remapped keys: a clash or an unknown id is refused at start with one line naming the setting;
a remapped key keeps its place in the footer; hints name the key in force."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import lost_closure, open_screen  # noqa: E402

from cierre.tui.keymap import keymap_problem  # noqa: E402
from cierre.tui.launch import run_app  # noqa: E402
from cierre.tui.screens.call import CallScreen  # noqa: E402
from cierre.tui.widgets.footer import KeysFooter  # noqa: E402


def test_a_clash_is_refused_at_start_naming_the_setting(settings, capsys):
    assert run_app(settings.replace(keys={"dashboard.new": "s"})) == 5  # s is Sync on the dashboard
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith("cierre: [keys] dashboard.new") and "dashboard.sync" in err


def test_an_unknown_id_is_refused_at_start(settings, capsys):
    assert run_app(settings.replace(keys={"closure.dnoe": "x"})) == 5
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("cierre: [keys] closure.dnoe: no key has this id")


def test_keys_that_fit_pass():
    assert keymap_problem({}) is None
    assert keymap_problem({"dashboard.new": "ctrl+n", "closure.done": "y", "call.end": "y"}) is None  # other screens
    assert keymap_problem({"closure.done": "n"})  # n is Note there
    assert keymap_problem({"call.note": "1"})  # 1 ticks item 1
    assert keymap_problem({"closure.done": ""})


async def test_a_remapped_key_keeps_its_place_in_the_footer(make_app, coach, settings):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    app.set_keymap({"call.end": "x"})
    async with app.run_test(size=(120, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        text = app.screen.query_one(KeysFooter).render().plain
        assert "x End call" in text
        assert text.index("x End call") < text.index("Pause")  # where e was, before Pause


async def test_the_empty_dashboard_names_the_key_in_force(make_app, settle):
    app = make_app()
    app.set_keymap({"dashboard.new": "ctrl+n"})
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        hint = str(app.screen.query_one("#dash-empty").render())
        assert "Press ^n to start one" in hint or "Press ctrl+n to start one" in hint, hint
