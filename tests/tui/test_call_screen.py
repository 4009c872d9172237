"""Call mode driven by keys only; what it stored is read back through a second Coach."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import departure_closure, lost_closure, open_screen, second_coach, typed  # noqa: E402

from cierre.tui.screens.call import CallScreen  # noqa: E402
from cierre.tui.widgets.call_checklist import CallChecklist  # noqa: E402
from cierre.tui.widgets.call_choice import ChoiceScreen  # noqa: E402
from cierre.tui.widgets.call_log import CallLog, LogRow  # noqa: E402
from cierre.tui.widgets.call_prompt import CapturePrompt  # noqa: E402


def screen_text(app) -> str:
    """Every line of text the screen shows (the rendered Content of each visible Static)."""
    from textual.widgets import OptionList, Static

    lines = [str(w.render()) for w in app.screen.query(Static) if w.display]
    for options in app.screen.query(OptionList):
        lines += [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    return "\n".join(lines)


async def test_keys_store_checks_notes_and_pause(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        assert isinstance(app.screen, CallScreen)
        await pilot.press("2", "3")
        await pilot.press("n", *"vm", "enter")
        await pilot.press("p")
        await pilot.pause()
        stored = second_coach(coach).get(cid)
        assert stored.checked("call") == ["respect", "who_chosen"]
        assert [(n.kind, n.text) for n in stored.notes] == [("note", "vm")]
        assert stored.current_call.paused
        await pilot.press("p", "3")
        stored = second_coach(coach).get(cid)
        assert not stored.current_call.paused
        assert stored.checked("call") == ["respect"]
        await pilot.press("n", *"no", "escape")  # Escape cancels the line, not call mode
        assert isinstance(app.screen, CallScreen)
        assert not app.screen.query_one(CapturePrompt).is_open
        await pilot.press("n")
        assert app.screen.prompt.input.value == "no"  # set aside by Escape, offered back
        app.screen.prompt.input.value = ""
        await pilot.press("enter")  # an empty line saves nothing
        assert len(second_coach(coach).get(cid).notes) == 1


async def test_every_capture_is_on_disk_right_after_enter(make_app, coach, clock):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    disk = second_coach(coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        expected = []
        for key, kind, text in [
            ("n", "note", "n1"),
            ("c", "competitor", "Px"),
            ("s", "suggestion", "s1"),
            ("q", "quote", "q1"),
            ("r", "reason", "r1"),
        ]:
            clock.advance(seconds=7)
            await typed(pilot, key, *text)
            assert app.screen.query_one(CapturePrompt).is_open
            assert [(n.kind, n.text) for n in disk.get(cid).notes] == expected  # nothing before Enter
            await pilot.press("enter")
            expected.append((kind, text))
            notes = disk.get(cid).notes  # read straight after Enter, no pause
            assert [(n.kind, n.text) for n in notes] == expected
            assert notes[-1].attempt == 1 and notes[-1].call_seconds == 7 * len(expected)
            assert not app.screen.query_one(CapturePrompt).is_open
            assert app.screen.focused is None  # back to single keys
        log = app.screen.query_one(CallLog)
        assert len(log.query(LogRow)) == 5
        assert "00:35" in log.query(LogRow).last().text


async def test_reason_prompt_picks_the_category_with_arrows(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        await pilot.press("r", "down", "down", *"late", "enter")
        stored = second_coach(coach).get(cid)
        assert stored.reason == "scope"  # Price, then Scope
        assert stored.notes_of("reason")[0].text == "late"
        await pilot.press("r", "up", "enter")  # only a category: no empty note
        stored = second_coach(coach).get(cid)
        assert stored.reason == "price"
        assert len(stored.notes_of("reason")) == 1
        assert "Reason: Price" in screen_text(app)


async def test_guess_is_asked_before_the_call_starts(make_app, coach):
    cid = lost_closure(coach, guess="")
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        prompt = app.screen.query_one(CapturePrompt)
        assert prompt.is_open and prompt.request.purpose == "guess"
        assert "why you think you lost" in screen_text(app)
        await pilot.press("enter")  # empty: refused, nothing starts
        assert prompt.is_open
        assert second_coach(coach).get(cid).calls == []
        await pilot.press(*"slow", "down", "down", "down", "enter")
        stored = second_coach(coach).get(cid)
        assert (stored.guess, stored.guess_reason) == ("slow", "timing")
        assert len(stored.calls) == 1 and stored.current_call is not None
        assert stored.step == "call"


async def test_escape_on_the_guess_goes_back_without_a_call(make_app, coach):
    cid = lost_closure(coach, guess="")
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_screen(pilot, CallScreen, cid)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CallScreen)
        assert results == [None]
        assert second_coach(coach).get(cid).calls == []


async def test_item_one_says_the_outcome_is_missing_without_asking(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)  # no dialog opened by itself
        assert "Their answer: not recorded yet: press o" in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("1")
        await pilot.pause()
        assert second_coach(coach).get(cid).confirm_outcome == "chose_other"
        assert "Their answer: Chose someone else" in screen_text(app)


async def test_keys_typed_50_ms_apart_tick_one_two_three(make_app, coach):
    """Type-ahead: each key is handled by the screen the user sees, none answers a dialog they never saw."""
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        for key in "123":
            await pilot.press(key)
            await pilot.pause(0.05)
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        stored = second_coach(coach).get(cid)
        assert stored.checked("call") == list(app.screen.playbook.checklist("lost", "call"))[:3]
        assert stored.confirm_outcome in (None, "")


async def test_end_call_confirmed_or_door_reopened(make_app, coach):
    confirmed, reopened = lost_closure(coach), lost_closure(coach, client="Bravo")
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_screen(pilot, CallScreen, confirmed)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        stored = second_coach(coach).get(confirmed)
        assert stored.calls[-1].result == "confirmed" and stored.step == "debrief"
        assert results == ["confirmed"]
        assert not isinstance(app.screen, CallScreen)

        results = await open_screen(pilot, CallScreen, reopened)
        await pilot.press("e", "2")
        await pilot.pause()
        stored = second_coach(coach).get(reopened)
        assert stored.status.value == "reopened" and stored.calls[-1].result == "reopened"
        assert results == ["reopened"]


async def test_not_reached_proposes_a_slot_that_can_be_edited(make_app, coach, clock):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        await pilot.press("e", "3")
        await pilot.pause()
        prompt = app.screen.query_one(CapturePrompt)
        proposed = coach.planner.retry_slot(clock()).astimezone(coach.settings.tz)
        assert prompt.input.value == proposed.strftime("%Y-%m-%d %H:%M")
        prompt.input.value = "yesterday"
        await pilot.press("enter")
        assert prompt.is_open and second_coach(coach).get(cid).current_call is not None
        prompt.input.value = "2025-03-13 16:30"
        await pilot.press("enter")
        await pilot.pause()
        stored = second_coach(coach).get(cid)
        assert stored.calls[-1].result == "not_reached"
        assert stored.call_at.astimezone(coach.settings.tz).strftime("%Y-%m-%d %H:%M") == "2025-03-13 16:30"
        assert stored.step == "call"


async def test_an_email_or_a_lunch_is_refused_with_the_reason(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        await pilot.press("e", "4")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert "easy to ignore" in screen_text(app)
        await pilot.press("5")
        assert "too much pressure" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert second_coach(coach).get(cid).current_call is not None


async def test_departure_conversation_uses_its_own_checklist(make_app, coach):
    cid = departure_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        assert len(app.screen.query_one(CallChecklist).items) == 4
        await pilot.press("1", "4", "5", "o")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)  # no confirm outcome for a departure
        await pilot.press("r", "down", "down", "enter")
        stored = second_coach(coach).get(cid)
        assert stored.step == "conversation"
        assert stored.checked("conversation") == ["thank", "calm"]
        assert stored.reason == "price"
        assert "new arrangement" not in screen_text(app)  # the guide, not the check-in text
        assert "Do not cut your price" in screen_text(app)


async def test_departure_call_ends_with_the_conversation_held(make_app, coach):
    cid = departure_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_screen(pilot, CallScreen, cid)
        await pilot.press("e")
        await pilot.pause()
        text = screen_text(app)
        assert "Conversation held" in text and "Door reopened" not in text
        await pilot.press("2")  # the second choice here is "not reached"
        await pilot.pause()
        assert app.screen.query_one(CapturePrompt).request.purpose == "retry"
        await pilot.press("escape", "e", "1")
        await pilot.pause()
        stored = second_coach(coach).get(cid)
        assert stored.calls[-1].result == "confirmed" and stored.step == "handover"
        assert results == ["confirmed"]


async def test_the_log_shows_the_capture_keys_in_force(make_app, coach, settings):
    """A capture key remapped in the config file is the one the call log names, in the declared order."""

    from cierre.tui.app import CierreApp

    cid = lost_closure(coach)
    remapped = settings.replace(keys={"call.note": "m,j", "call.quote": "ctrl+o"})
    app = CierreApp(remapped, coach=coach, calendar=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        legend = str(app.screen.query_one(CallLog).border_subtitle)
        assert legend.startswith("m note · c competitor · s suggestion · r ")
        assert legend.endswith(" · ^o quote")
        await pilot.press("m", "a", "enter", "j", "b", "enter")
        assert [n.text for n in second_coach(coach).get(cid).notes] == ["a", "b"]
