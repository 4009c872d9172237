"""A lost proposal walked through every step with keys only, checked against what Coach stored."""

from __future__ import annotations

from datetime import timedelta

from cierre.domain.model import Status
from cierre.service import Coach
from cierre.tui.screens.closure import ClosureScreen
from cierre.tui.screens.dashboard import DashboardScreen
from cierre.tui.screens.new_closure import NewClosureScreen
from cierre.tui.widgets.call_choice import ChoiceScreen
from cierre.tui.widgets.dialogs import ChoiceModal, ConfirmModal, MessageModal, PromptModal


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


async def test_lost_proposal_from_form_to_finished(make_app, settings, clock, paste, settle):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)

        # New closure, typed in the form; "when the no arrived" three hours ago.
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewClosureScreen)
        received = (clock.now - timedelta(hours=3)).astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")
        await type_text(pilot, "Acme Corp")
        await pilot.press("enter")
        await paste(pilot, "Ana Ruiz")
        await pilot.press("enter")
        await paste(pilot, "+34 600 111 222")
        await pilot.press("enter")
        await paste(pilot, "ana@acme.test")
        await pilot.press("enter", "enter")  # the kind keeps "lost"; Enter takes it and moves on
        await pilot.press("ctrl+u")  # clear the suggested "now"
        await paste(pilot, received)
        await pilot.press("enter")
        await type_text(pilot, "4800")
        await pilot.press("enter")  # Enter on the last field creates the closure
        await pilot.pause()
        assert isinstance(app.screen, ClosureScreen)
        closure_id = app.screen.closure_id
        coach = Coach(settings, clock=clock)
        stored = coach.get(closure_id)
        assert (stored.client, stored.contact, stored.phone, stored.email) == (
            "Acme Corp",
            "Ana Ruiz",
            "+34 600 111 222",
            "ana@acme.test",
        )
        assert stored.value == 4800
        assert stored.received_at == (clock.now - timedelta(hours=3)).replace(second=0, microsecond=0)
        assert stored.step == "recover"

        # Recover: write the guess before the call, with its reason; then done.
        await pilot.press("g")
        await type_text(pilot, "too expensive")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("1")  # price
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        stored = coach.get(closure_id)
        assert (stored.guess, stored.guess_reason, stored.step) == ("too expensive", "price", "call")

        # Trying to e-mail instead of calling: the warning, and nothing that sends anything.
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, MessageModal)
        warning = app.coach.playbook.text("kinds.lost.steps.call.email_warning")
        assert app.screen.text == warning
        assert not app.screen.query("Button")
        await pilot.press("escape")
        await pilot.pause()

        # Call: first attempt not reached (a new slot), then the call, its checklist, outcome and reason.
        clock.advance(hours=22)
        await pilot.press("o", "3")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)  # when to call again, proposed as call mode does
        await pilot.press("enter")
        await pilot.pause()
        stored = coach.get(closure_id)
        assert stored.step == "call" and stored.calls[-1].result == "not_reached" and stored.call_at is not None
        await pilot.press("1", "2", "3", "4", "5")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        await paste(pilot, "They chose Rival Ltd")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("d")  # on the call step, done asks how the call ended
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)  # call mode's own dialog
        await pilot.press("1")  # confirmed
        await pilot.pause()
        await pilot.press("1")  # chose someone else
        await pilot.pause()
        await pilot.press("2")  # the reason they gave: scope
        await pilot.pause()
        stored = coach.get(closure_id)
        assert [c.result for c in stored.calls] == ["not_reached", "confirmed"]
        assert stored.confirm_outcome == "chose_other" and stored.reason == "scope"
        assert sorted(stored.checked("call")) == sorted(coach.playbook.checklist("lost", "call"))
        assert [n.text for n in stored.notes] == ["They chose Rival Ltd"]
        assert stored.step == "debrief"

        # Debrief: two of five items, then done with the confirmation.
        await pilot.press("1", "2", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
        stored = coach.get(closure_id)
        assert stored.step == "restart" and stored.checked("debrief") == ["share", "qualify"]

        # Start again: an action item with the default due date, ticked off; the checklist; done.
        await pilot.press("a")
        await pilot.pause()
        await paste(pilot, "Send pricing options with every proposal")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # due date: the suggested one, a week ahead
        await pilot.pause()
        stored = coach.get(closure_id)
        assert [a.text for a in stored.actions] == ["Send pricing options with every proposal"]
        assert (
            stored.actions[0].due.astimezone(settings.tz).date() == (clock.now + timedelta(days=7)).astimezone(settings.tz).date()
        )
        await pilot.press("x", "1")  # x ticks an action item, as on the start-again screen
        await pilot.pause()
        await pilot.press("1", "2", "3", "d")
        await pilot.pause()

        stored = coach.get(closure_id)
        assert stored.actions[0].done_at == clock.now
        assert stored.finished and stored.status is Status.DONE and not stored.active
        assert all(stored.steps[s].finished_at for s in ("recover", "call", "debrief", "restart"))
        assert app.screen.query_one("#step-path").render().plain.count("✓") == 4

        # Back on the dashboard the finished closure is gone from the open list, shown with "all".
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert len(app.screen.query_one("ClosureList").rows) == 0
        await pilot.press("f")
        await settle(pilot)
        assert [row.id for row in app.screen.query_one("ClosureList").rows] == [closure_id]


async def test_a_reopened_door_ends_the_walk(make_app, coach, clock):
    closure = coach.new_closure("lost", "Door Co", received_at=clock.now - timedelta(hours=30))
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("d")  # recover done
        await pilot.pause()
        await pilot.press("o", "2")  # door reopened
        await pilot.pause()
        stored = coach.get(closure.id)
        assert stored.status is Status.REOPENED and stored.finished
        assert app.screen.query_one("#step-timer").render().plain == app.t("closure.timer_reopened")
