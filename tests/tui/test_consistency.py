"""One way to do each thing on every screen: the call's end, the tick key, the checkbox, the dialog
frame, the words, what Escape and p say, the categories' layout, a call shown as in progress."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import after_call, lost_closure, open_screen  # noqa: E402
from textual.widgets import OptionList  # noqa: E402

from cierre.domain.texts import catalog  # noqa: E402
from cierre.tui.keymap import keymap_problem  # noqa: E402
from cierre.tui.keys import key_for  # noqa: E402
from cierre.tui.screens.call import CallScreen  # noqa: E402
from cierre.tui.screens.closure import ClosureScreen  # noqa: E402
from cierre.tui.screens.restart import RestartScreen  # noqa: E402
from cierre.tui.widgets.call_choice import ChoiceScreen  # noqa: E402
from cierre.tui.widgets.dialogs import ChoiceModal, ConfirmModal, MessageModal, PromptModal  # noqa: E402
from cierre.tui.widgets.footer import KeysFooter  # noqa: E402


def footer(app) -> str:
    return app.screen.query_one(KeysFooter).render().plain


def choice_ids(screen) -> list[str | None]:
    options = screen.query_one(OptionList)
    return [options.get_option_at_index(n).id for n in range(options.option_count)]


async def open_closure(pilot, closure_id: str) -> None:
    pilot.app.open_closure(closure_id)
    await pilot.pause()
    await pilot.pause()


async def test_the_call_ends_with_one_dialog_and_one_set_of_choices_everywhere(make_app, coach):
    cid = lost_closure(coach)
    coach.advance(cid)  # recovered: the call step
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_closure(pilot, cid)
        await pilot.press("o")  # the closure view: how did the call end?
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        from_the_view = choice_ids(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("c")  # call mode (the guess is written): e ends the call
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert choice_ids(app.screen) == from_the_view == ["confirmed", "reopened", "not_reached", "email", "lunch"]


async def test_not_reached_from_the_closure_view_asks_when_to_call_again(make_app, coach, clock, settings):
    cid = lost_closure(coach)
    coach.advance(cid)  # recovered: the call step
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_closure(pilot, cid)
        await pilot.press("o", "3")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        field = app.screen.query_one("#prompt-input")
        field.value = "2025-03-20 11:15"
        await pilot.press("enter")
        await pilot.pause()
        stored = coach.get(cid)
        assert stored.calls[-1].result == "not_reached"
        assert stored.call_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M") == "2025-03-20 11:15"


async def test_an_email_offered_as_the_call_end_is_answered_with_the_warning(make_app, coach):
    cid = lost_closure(coach)
    coach.advance(cid)  # recovered: the call step
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_closure(pilot, cid)
        await pilot.press("o", "4")  # "I sent an e-mail instead"
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)  # still open: the warning is read there
        warning = str(app.screen.query_one("#choice-warning").render())
        assert warning == app.coach.playbook.text("kinds.lost.steps.call.email_warning")
        assert coach.get(cid).calls == []


async def test_one_key_ticks_an_action_item_on_both_screens(make_app, coach, clock):
    cid = after_call(coach)
    coach.advance(cid)  # debrief done: start again
    coach.add_action(cid, "Send pricing options", clock.now)
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_closure(pilot, cid)
        on_the_view = key_for(app.screen, "complete_action")
        await pilot.press(on_the_view)
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)  # which action item is done?
        await pilot.press("escape")
        await pilot.pause()
        await open_screen(pilot, RestartScreen, cid)
        assert key_for(app.screen, "tick") == on_the_view == "x"
        await pilot.press("x")
        await pilot.pause()
        assert coach.get(cid).actions[0].done_at == clock.now


@pytest.mark.parametrize("named", ["closure.complete", "restart.tick"])
async def test_a_remapped_tick_key_moves_on_both_screens(make_app, coach, clock, named):
    cid = after_call(coach)
    coach.advance(cid)
    coach.add_action(cid, "Send pricing options", clock.now)
    app = make_app(coach=coach)
    app.set_keymap({named: "y"})
    async with app.run_test(size=(120, 36)) as pilot:
        await open_closure(pilot, cid)
        assert key_for(app.screen, "complete_action") == "y"
        await open_screen(pilot, RestartScreen, cid)
        assert key_for(app.screen, "tick") == "y"
        assert "y add" not in footer(app) and app.screen.query_one("ActionList").border_title.count("y tick") == 1


def test_a_shared_key_is_given_once():
    assert keymap_problem({"closure.complete": "y", "restart.tick": "y"}) is None
    problem = keymap_problem({"closure.complete": "y", "restart.tick": "v"})
    assert problem and "one key" in problem and "closure.complete" in problem
    assert keymap_problem({"call.pause": "space"}) is None  # resume follows it: no clash with itself
    assert keymap_problem({"call.back": "q"})  # q is Quote in call mode, and Cancel moves with Back


async def test_one_checkbox_look_on_every_screen(make_app, coach, clock):
    cid = after_call(coach)
    coach.advance(cid)
    coach.add_action(cid, "Done already", clock.now)
    coach.complete_action(cid, coach.get(cid).actions[0].id)
    coach.toggle_check(cid, next(iter(coach.playbook.checklist("lost", "restart"))))
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_closure(pilot, cid)
        view = str(app.screen.query_one("#checklist").render()) + str(app.screen.query_one("#actions").render())
        await open_screen(pilot, RestartScreen, cid)
        restart = app.screen.query_one("CallChecklist").query("Static")
        restart_text = "".join(str(s.render()) for s in restart) + "".join(app.screen.query_one("ActionList").texts)
    for text in (view, restart_text):
        assert "[✓]" in text and "[x]" not in text


@pytest.mark.parametrize(
    "make",
    [
        lambda t: ChoiceScreen("Q", [("a", "A")], t=t),
        lambda t: ChoiceModal("Q", [("a", "A")]),
        lambda t: PromptModal("Q"),
        lambda t: ConfirmModal("Q", yes="yes", no="no"),
        lambda t: MessageModal("Q", "text"),
    ],
)
async def test_every_dialog_has_the_same_frame(make_app, make):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.push_screen(PromptModal("reference"))
        await pilot.pause()
        reference = app.screen.query_one("Vertical").styles.border_top
        app.pop_screen()
        await pilot.pause()
        app.push_screen(make(app.t))
        await pilot.pause()
        assert app.screen.query_one("Vertical").styles.border_top == reference == ("round", reference[1])


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_clients_answer_and_the_calls_result_have_two_names(lang):
    texts = catalog(lang)
    answer, result = texts["call.keys.outcome"], texts["closure.keys.outcome"]
    assert answer != result
    assert texts["call.fact_outcome"].split()[-1].lower() == answer.lower()  # the facts line names it the same way
    assert result not in texts["call.fact_outcome"]


async def test_while_a_line_is_open_the_footer_says_esc_cancels(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        assert "esc Back" in footer(app)
        await pilot.press("n")
        await pilot.pause()
        assert "esc Cancel" in footer(app) and "esc Back" not in footer(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)  # Escape closed the line, as said
        assert "esc Back" in footer(app) and "Cancel" not in footer(app)


async def test_the_guess_line_says_esc_goes_back(make_app, coach):
    cid = lost_closure(coach, guess="")
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        results = await open_screen(pilot, CallScreen, cid)
        assert app.screen.prompt.is_open  # the guess comes first; its Escape leaves call mode
        assert "esc Back" in footer(app)
        await pilot.press("escape")
        await pilot.pause()
        assert results == [None] and not isinstance(app.screen, CallScreen)


async def test_p_says_resume_while_the_call_is_paused(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        assert "p Pause" in footer(app) and "Resume" not in footer(app)
        await pilot.press("p")
        await pilot.pause()
        assert coach.get(cid).current_call.paused
        assert "p Resume" in footer(app) and "Pause" not in footer(app)
        await pilot.press("p")
        await pilot.pause()
        assert not coach.get(cid).current_call.paused
        assert "p Pause" in footer(app)


async def test_a_remapped_pause_key_resumes_too(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    app.set_keymap({"call.pause": "ctrl+t"})
    async with app.run_test(size=(120, 36)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert coach.get(cid).current_call.paused and "^t Resume" in footer(app)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert not coach.get(cid).current_call.paused


async def test_the_categories_stand_one_under_another_beside_the_line(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        await pilot.press("r")
        await pilot.pause()
        choices = app.screen.query_one("#prompt-choices")
        line = app.screen.query_one("#prompt-input")
        hint = str(app.screen.query_one("#prompt-hint").render())
        assert "↑/↓" in hint
        rows = str(choices.render()).splitlines()
        assert len(rows) == choices.region.height == 5  # a window of the nine reasons, one per row
        assert choices.region.x > line.region.x  # beside the line: ←/→ stay the text's
        await pilot.press("down", "down")
        await pilot.pause()
        picked = [row for row in str(choices.render()).splitlines() if row.startswith("▸")]
        assert picked == ["▸ " + coach.playbook.reason_label("lost", "scope")]
        assert app.screen.query_one("CallLog").region.height >= 3  # the notes stay in view at 80x24


async def test_during_a_call_the_view_shows_it_in_progress(make_app, coach, clock):
    cid = lost_closure(coach)
    coach.advance(cid)  # the call step, its slot ahead
    coach.start_call(cid)
    clock.advance(minutes=3)
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_closure(pilot, cid)
        timer = str(app.screen.query_one("#step-timer").render())
        assert "On the call now" in timer and "3m 00s" in timer
        assert "Call slot" not in timer
        coach.pause_call(cid)
        app.screen.reload()
        await pilot.pause()
        assert "Call paused" in str(app.screen.query_one("#step-timer").render())
        assert isinstance(app.screen, ClosureScreen)


async def test_the_guess_line_in_the_closure_view_says_what_esc_does_and_keeps_the_text(make_app, coach, paste):
    cid = lost_closure(coach, guess="")
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_closure(pilot, cid)
        assert "esc Back" in footer(app)
        await pilot.press("g")
        await pilot.pause()
        assert "esc Leave" in footer(app) and "esc Back" not in footer(app)
        await paste(pilot, "They found us slow")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ClosureScreen) and "esc Back" in footer(app)
        coach.add_note(cid, "a change on disk redraws the view")
        app.screen.reload()
        await pilot.pause()
        assert app.screen.query_one("#guess-input").value == "They found us slow"  # not saved, not lost
        assert coach.get(cid).guess == ""
