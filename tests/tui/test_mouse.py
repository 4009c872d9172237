"""The mouse: a click selects and opens a row, ticks a checklist item or an action item, picks a
category, answers a dialog and presses a footer key; nothing a click does is refused to the key."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from textual.widgets import Input, OptionList

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import after_call, open_screen, second_coach, typed  # noqa: E402
from test_dashboard import write_index  # noqa: E402

from cierre.tui.screens.call import CallScreen  # noqa: E402
from cierre.tui.screens.closure import ClosureScreen  # noqa: E402
from cierre.tui.screens.dashboard import DashboardScreen  # noqa: E402
from cierre.tui.screens.debrief import DebriefScreen  # noqa: E402
from cierre.tui.screens.restart import RestartScreen  # noqa: E402
from cierre.tui.widgets.call_checklist import ChecklistRow  # noqa: E402
from cierre.tui.widgets.call_prompt import CapturePrompt  # noqa: E402
from cierre.tui.widgets.checklist import Checklist  # noqa: E402
from cierre.tui.widgets.closure_list import ClosureList  # noqa: E402
from cierre.tui.widgets.dialogs import ConfirmModal, MessageModal, PromptModal  # noqa: E402
from cierre.tui.widgets.footer import KeysFooter  # noqa: E402
from cierre.tui.widgets.restart_actions import ActionList  # noqa: E402


async def click_footer_key(pilot, label: str) -> None:
    footer = pilot.app.screen.query_one(KeysFooter)
    text = footer.render().plain
    assert label in text, text
    await pilot.click(footer, offset=(text.index(label), 0))
    await pilot.pause()


async def test_a_click_selects_a_row_and_a_second_click_opens_it_even_scrolled(make_app, coach, clock, settle):
    write_index(coach, 5, clock.now)  # rows only: opening one would fail, so the first test stays on the list
    real = coach.new_closure("lost", "Zeta Real", received_at=clock.now - timedelta(days=400))  # the most overdue: first
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ClosureList)
        await pilot.click(ClosureList, offset=(10, 3))  # the third row (the header is line 0)
        assert listing.cursor == 2 and isinstance(app.screen, DashboardScreen)
        await pilot.click(ClosureList, offset=(10, 0))  # the header: nothing
        assert listing.cursor == 2
        await pilot.click(ClosureList, offset=(10, 1))
        assert listing.current_id == real.id and isinstance(app.screen, DashboardScreen)
        await pilot.click(ClosureList, offset=(10, 1))
        await settle(pilot)
        assert isinstance(app.screen, ClosureScreen) and app.screen.closure_id == real.id


async def test_a_click_on_a_row_far_down_a_long_list(make_app, coach, clock):
    write_index(coach, 200, clock.now)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        listing = app.screen.query_one(ClosureList)
        while len(listing.rows) < 200:
            await pilot.pause(0.02)
        await pilot.press("end")
        await pilot.pause()
        top = int(listing.scroll_offset.y)
        assert top > 150
        await pilot.click(ClosureList, offset=(10, 5))
        assert listing.cursor == top + 4
        assert listing.render_line(5).text.strip().startswith(listing.rows[top + 4].summary["client"])


def lines_of(app, widget, key: str, x: int = 12) -> dict[object, list[int]]:
    """For each value of `key` in the styles drawn down column `x` of `widget`: its lines, from its top."""
    found: dict[object, list[int]] = {}
    for y in range(widget.region.height):
        value = app.screen.get_style_at(widget.region.x + x, widget.region.y + y).meta.get(key)
        if value is not None:
            found.setdefault(value, []).append(y)
    return found


async def test_a_click_ticks_the_closure_view_s_checklist_wrapped_lines_too(make_app, coach, clock, settle):
    closure = coach.new_closure("departure", "Beta Studio", received_at=clock.now)
    items = list(coach.playbook.checklist("departure", "perspective"))
    app = make_app(coach=coach)
    async with app.run_test(size=(44, 40)) as pilot:  # narrow: the items wrap
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        checklist = app.screen.query_one(Checklist)
        rows = lines_of(app, checklist, "check")
        assert sorted(rows) == [1, 2] and len(rows[1]) > 1  # the first item takes two lines
        await pilot.click(checklist, offset=(12, rows[2][0]))
        await pilot.pause()
        assert coach.get(closure.id).checked("perspective") == [items[1]]
        await pilot.click(checklist, offset=(12, rows[1][-1]))  # the first item's second line
        await pilot.pause()
        assert sorted(coach.get(closure.id).checked("perspective")) == sorted(items)
        await pilot.click(checklist, offset=(12, rows[2][0]))  # again: the tick taken back
        await pilot.pause()
        assert coach.get(closure.id).checked("perspective") == [items[0]]
        await pilot.click(checklist, offset=(2, 0))  # the title: nothing
        await pilot.pause()
        assert coach.get(closure.id).checked("perspective") == [items[0]]


async def test_a_click_ticks_the_call_checklist_but_not_while_the_line_is_open(make_app, coach, clock, settle):
    closure = coach.new_closure("departure", "Beta Studio", received_at=clock.now - timedelta(hours=30))
    coach.advance(closure.id)  # at the conversation: call mode starts without a guess
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "c")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        await pilot.click("#call-check-3")
        await pilot.pause()
        first = list(coach.playbook.checklist("departure", "conversation"))
        assert second_coach(coach).get(closure.id).checked("conversation") == [first[2]]
        await pilot.press("n")  # the note line opens: a click is not a key for it
        await pilot.pause()
        await pilot.click("#call-check-1")
        await pilot.pause()
        assert second_coach(coach).get(closure.id).checked("conversation") == [first[2]]
        assert app.screen.query_one(CapturePrompt).is_open

        await pilot.press("escape")
        await click_footer_key(pilot, "Pause")  # a footer key in call mode
        assert second_coach(coach).get(closure.id).current_call.paused


async def test_a_click_picks_a_category_of_the_line(make_app, coach, clock, settle):
    closure = coach.new_closure("departure", "Beta Studio", received_at=clock.now - timedelta(hours=30))
    coach.advance(closure.id)
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "c")
        await settle(pilot)
        await pilot.press("r")  # the reason: a line with its categories above it
        await pilot.pause()
        choices = app.screen.query_one("#prompt-choices")
        index = [choice for choice, _label in app.screen.query_one(CapturePrompt).request.choices].index("price")
        await pilot.click(choices, offset=(4, lines_of(app, choices, "prompt_choice", x=4)[index][0]))
        await pilot.pause()
        prompt = app.screen.query_one(CapturePrompt)
        assert prompt.choice == "price" and isinstance(app.focused, Input)
        await typed(pilot, *"cheaper offer", "enter")
        stored = second_coach(coach).get(closure.id)
        assert stored.reason == "price" and stored.notes[-1].text == "cheaper offer"


async def test_clicks_on_the_debrief_and_start_again_screens(make_app, coach, clock):
    cid = after_call(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, DebriefScreen, cid)
        await pilot.click(app.screen.query(ChecklistRow)[1])
        await pilot.pause()
        assert second_coach(coach).get(cid).checked("debrief") == [list(coach.playbook.checklist("lost", "debrief"))[1]]

    coach.advance(cid)
    coach.add_action(cid, "Two price options", clock.now + timedelta(days=7))
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, RestartScreen, cid)
        await pilot.click(app.screen.query(ChecklistRow)[0])
        await pilot.pause()
        assert second_coach(coach).get(cid).checked("restart") == [list(coach.playbook.checklist("lost", "restart"))[0]]
        actions = app.screen.query_one(ActionList)
        await pilot.click(actions, offset=(4, 1))  # the first row, under the list's border
        await pilot.pause()
        assert second_coach(coach).get(cid).actions[0].done_at is not None
        await pilot.click(actions, offset=(4, 1))  # and back
        await pilot.pause()
        assert second_coach(coach).get(cid).actions[0].done_at is None


async def test_a_click_ticks_an_action_item_in_the_closure_view(make_app, coach, clock, settle):
    cid = after_call(coach)
    coach.advance(cid)
    coach.add_action(cid, "Two price options", clock.now + timedelta(days=7))
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        actions = app.screen.query_one("#actions")
        [row] = lines_of(app, actions, "action", x=8).values()
        row = row[0]
        await pilot.click(actions, offset=(8, row))
        await pilot.pause()
        assert coach.get(cid).actions[0].done_at == clock.now
        await pilot.click(actions, offset=(8, row))
        await pilot.pause()
        assert coach.get(cid).actions[0].done_at is None


async def test_dialogs_answer_a_click(make_app, coach, clock, settle):
    keep = coach.new_closure("lost", "Keep", received_at=clock.now - timedelta(hours=5))
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")  # archive? asked
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        answers = app.screen.query_one("#confirm-answers")
        text = answers.render().plain
        await pilot.click(answers, offset=(text.index("n / Esc") + 2, 0))
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen) and not coach.get(keep.id).archived
        await pilot.press("a")
        await pilot.pause()
        await pilot.click(app.screen.query_one("#confirm-answers"), offset=(2, 0))
        await settle(pilot)
        assert coach.get(keep.id).archived

        other = coach.new_closure("departure", "Other", received_at=clock.now - timedelta(hours=2))
        app.screen.poll()
        await settle(pilot)
        assert app.screen.query_one(ClosureList).current_id == other.id
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")  # why not an e-mail: a message to read
        await pilot.pause()
        assert isinstance(app.screen, MessageModal)
        await pilot.click(offset=(0, 0))  # outside the box: closed, as Escape
        await pilot.pause()
        assert isinstance(app.screen, ClosureScreen)

        await pilot.press("n")  # a note: what was typed is never dropped by a stray click
        await pilot.pause()
        await typed(pilot, *"half a thought")
        await pilot.click(offset=(0, 0))
        await pilot.pause()
        assert isinstance(app.screen, PromptModal) and app.screen.query_one(Input).value == "half a thought"
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("r")  # the reason: a list, picked with a click
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        await pilot.click(options, offset=(4, lines_of(app, options, "option", x=4)[2][0]))
        await pilot.pause()
        assert coach.get(other.id).reason == options.get_option_at_index(2).id


async def test_a_footer_key_of_the_dashboard_opens_the_filter(make_app, coach, clock, settle):
    coach.new_closure("lost", "Acme", received_at=clock.now)
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await click_footer_key(pilot, "Filter")
        assert isinstance(app.focused, Input)
        await click_footer_key(pilot, "Clear filter")
        assert app.focused is app.screen.query_one(ClosureList)
