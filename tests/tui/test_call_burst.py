"""Keys arriving in one burst (a fast typist, a paste, tmux send-keys) are handled in the order typed."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import after_call, lost_closure, open_screen, second_coach, typed  # noqa: E402

from cierre.tui.screens.call import CallScreen  # noqa: E402
from cierre.tui.screens.restart import RestartScreen  # noqa: E402


async def test_a_burst_in_call_mode(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        # Tick 1, the outcome list and its first choice, tick 2, a competitor, a note, pause.
        await typed(pilot, "1", "o", "1", "2", "c", "P", "x", "enter", "n", "e", "p", "enter", "p")
        assert isinstance(app.screen, CallScreen)
        stored = second_coach(coach).get(cid)
        assert stored.checked("call") == ["confirm_no", "respect"]
        assert stored.confirm_outcome == "chose_other"
        assert [(n.kind, n.text) for n in stored.notes] == [("competitor", "Px"), ("note", "ep")]
        assert stored.current_call.paused


async def test_a_burst_on_the_start_again_screen(make_app, coach):
    cid = after_call(coach)
    coach.advance(cid)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, RestartScreen, cid)
        # Text, due date, owner (Enter keeps each proposed value), twice; tick the first; a prospect note.
        await typed(pilot, "a", "x", "enter", "enter", "enter", "a", "y", "enter", "enter", "enter", "up", "x", "p", "q", "enter")
        stored = second_coach(coach).get(cid)
        assert [(a.text, a.done_at is not None) for a in stored.actions] == [("x", True), ("y", False)]
        assert [n.text for n in stored.notes_of("prospect")] == ["q"]


async def test_a_burst_in_the_new_closure_form(make_app, coach):
    """Enter moves to the next field before the next key is handled: nothing lands in the field just left."""
    from cierre.tui.screens.new_closure import NewClosureScreen

    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewClosureScreen)
        await typed(pilot, "A", "c", "m", "e", "enter", "A", "n", "a", "enter", "6", "0", "0", "enter", "a", "@", "b", "enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (stored,) = [second_coach(coach).get(s["id"]) for s in coach.summaries()]
        assert (stored.client, stored.contact, stored.phone, stored.email) == ("Acme", "Ana", "600", "a@b")


async def test_typing_ahead_right_after_n_fills_the_form(make_app, coach):
    """`n` and the client's name in one burst: the name lands in the form, not on the dashboard's list."""
    from cierre.tui.screens.new_closure import NewClosureScreen

    existing = coach.new_closure("lost", "Already here").id
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await typed(pilot, "n", "A", "c", "m", "e", "enter", "A", "n", "a")
        assert isinstance(app.screen, NewClosureScreen)
        assert [field.value for field in app.screen.query("Input")][:2] == ["Acme", "Ana"]
        assert second_coach(coach).get(existing).archived_at is None  # the "a" typed ahead archived nothing


async def test_keys_that_reach_the_form_before_any_field_has_focus_are_kept(make_app, coach):
    """On a slow first start the form can receive keys before a field is focused: they still land in order."""
    from cierre.tui.screens.new_closure import NewClosureScreen

    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewClosureScreen)
        app.screen.set_focus(None)  # as if the keys came before the form had focused its first field
        await typed(pilot, "A", "c", "m", "e", "enter", "A", "n", "a")
        assert [field.value for field in app.screen.query("Input")][:2] == ["Acme", "Ana"]


def _queued_in_the_line(app, *keys: str) -> None:
    """Keys the app already handed to the open line, as in a burst typed faster than the line reads them."""
    from textual import events

    from cierre.tui.widgets.call_prompt import PromptInput

    line = app.screen.query_one(PromptInput)
    for key in keys:
        line.post_message(events.Key(key, "\r" if key == "enter" else key if len(key) == 1 else None))


async def test_keys_that_reach_the_line_after_it_closed_run_in_order(make_app, coach, settings):
    """After Enter, the keys behind it in the line's queue act as single keys, with the user's keymap."""

    from cierre.tui.app import CierreApp

    cid = lost_closure(coach)
    remapped = settings.replace(keys={"call.competitor": "k"})
    app = CierreApp(remapped, coach=coach, calendar=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        await pilot.press("n")
        # "c" is no longer bound; "k" opens the competitor line, whose text follows; "p" pauses.
        _queued_in_the_line(app, "a", "enter", "c", "k", "x", "enter", "p")
        for _ in range(3):
            await pilot.pause()
        stored = second_coach(coach).get(cid)
        assert [(n.kind, n.text) for n in stored.notes] == [("note", "a"), ("competitor", "x")]
        assert stored.current_call.paused
        assert isinstance(app.screen, CallScreen) and not app.screen.prompt.is_open


async def test_escape_behind_a_closed_line_leaves_call_mode(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_screen(pilot, CallScreen, cid)
        await pilot.press("n")
        _queued_in_the_line(app, "a", "enter", "escape")
        for _ in range(3):
            await pilot.pause()
        assert results == [None]  # left mid-call, as Escape does on the screen
        assert [n.text for n in second_coach(coach).get(cid).notes] == ["a"]


async def test_typing_right_after_a_key_of_the_closure_view_lands_where_it_opened(make_app, coach, clock, settle):
    """`g` then the guess, `n` then the note, each in one burst as tmux sends them: the text lands in
    the guess and in the note's dialog, never on the view's own keys (its `e` would open the e-mail
    warning, its digits tick the checklist)."""
    from datetime import timedelta

    from cierre.tui.screens.closure import ClosureScreen

    closure = coach.new_closure("lost", "Acme", received_at=clock.now - timedelta(hours=2))
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClosureScreen)
        await typed(pilot, "g", *"price 2 high", "enter")
        await settle(pilot)
        assert second_coach(coach).get(closure.id).guess == "price 2 high"
        await pilot.press("escape")  # the reason the guess points to: not now
        await settle(pilot)
        await typed(pilot, "n", *"the decision was theirs", "enter")
        await settle(pilot)
        stored = second_coach(coach).get(closure.id)
        assert [n.text for n in stored.notes] == ["the decision was theirs"] and stored.checked("recover") == []
        assert isinstance(app.screen, ClosureScreen)


async def test_an_arrow_then_enter_on_the_kind_takes_the_kind_the_arrow_reached(make_app, coach):
    """Down Enter in one burst on the form's kind: a departure, not the lost proposal it started on."""
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await typed(pilot, *"Beta", "enter", *"Bob", "enter", "enter", "enter", "down", "enter", "ctrl+s")
        await pilot.pause()
        (stored,) = [second_coach(coach).get(s["id"]) for s in coach.summaries()]
        assert (stored.client, stored.contact, stored.kind.value) == ("Beta", "Bob", "departure")


async def test_the_keys_after_the_guess_s_enter_reach_the_reason_s_list(make_app, coach, clock, settle):
    """g, the guess, Enter, its reason's number in one burst: the number picks the reason (it never
    lands in the guess), and the view's keys work at once after."""
    from datetime import timedelta

    closure = coach.new_closure("lost", "Acme", received_at=clock.now - timedelta(hours=2))
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await typed(pilot, "g", *"too expensive", "enter", "1")
        await settle(pilot)
        stored = second_coach(coach).get(closure.id)
        assert (stored.guess, stored.guess_reason) == ("too expensive", "price")
        await typed(pilot, "g", *" and late", "escape", "d")  # Escape leaves the guess: d is the view's
        await settle(pilot)
        assert second_coach(coach).get(closure.id).step == "call"


async def test_a_key_typed_right_after_a_pick_in_a_list_reaches_the_view(make_app, coach, clock, settle):
    """r, 2 (the reason), then n and a note, in one burst: the reason is picked and the note written."""
    from datetime import timedelta

    closure = coach.new_closure("departure", "Beta", received_at=clock.now - timedelta(hours=2))
    coach.advance(closure.id)
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await typed(pilot, "r", "2", "n", *"cheaper", "enter")
        await settle(pilot)
        stored = second_coach(coach).get(closure.id)
        assert stored.reason == "price" and [n.text for n in stored.notes] == ["cheaper"]
