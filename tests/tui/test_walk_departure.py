"""A client departure walked through every step with keys only, checked against what Coach stored."""

from __future__ import annotations

from datetime import timedelta

from cierre.domain.model import Status
from cierre.domain.schedule import add_months
from cierre.service import Coach
from cierre.tui.screens.closure import ClosureScreen
from cierre.tui.widgets.dialogs import ChoiceModal, ConfirmModal


async def test_departure_from_form_to_won_back(make_app, settings, clock, paste):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await paste(pilot, "Beta Studio")
        await pilot.press("enter")
        await paste(pilot, "Bob")
        await pilot.press("enter", "enter", "enter")  # no phone, no e-mail
        await pilot.press("down", "enter")  # kind: a client is leaving
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ClosureScreen)
        closure_id = app.screen.closure_id
        coach = Coach(settings, clock=clock)
        stored = coach.get(closure_id)
        assert (stored.kind.value, stored.client, stored.contact, stored.step) == (
            "departure",
            "Beta Studio",
            "Bob",
            "perspective",
        )
        assert stored.received_at == clock.now.replace(second=0, microsecond=0)

        # Perspective: both items, done.
        await pilot.press("1", "2", "d")
        await pilot.pause()
        assert coach.get(closure_id).step == "conversation"

        # Close the loop: the reason picker shows each reason's guide; pick price.
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("down")  # highlight price: its guide is shown under the list
        await pilot.pause()
        guide = app.coach.playbook.departure_reason("price")["guide"].strip()
        assert app.screen.query_one("#choice-detail").render().plain == guide
        await pilot.press("enter")
        await pilot.pause()
        assert coach.get(closure_id).reason == "price"
        assert guide in app.screen.query_one("#departure").render().plain
        await pilot.press("1", "2", "3", "4", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)  # the conversation's slot ahead is cancelled: asked
        await pilot.press("y")
        await pilot.pause()
        stored = coach.get(closure_id)
        assert stored.step == "handover" and len(stored.checked("conversation")) == 4

        # Hand-over: three of five items, so done asks first.
        await pilot.press("1", "2", "3", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
        stored = coach.get(closure_id)
        assert stored.step == "relationship"
        assert stored.checked("handover") == ["end_date", "deliverables", "access"]

        # The relationship: their renewal date (a call two weeks before it), a check-in, then they come back.
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("ctrl+u")
        await paste(pilot, "2025-05-01")
        await pilot.press("enter")
        await pilot.pause()
        renewal = coach.get(closure_id).renewal_at
        assert renewal.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M") == "2025-05-01 09:00"
        planner = app.coach.planner
        assert planner.next_checkin(coach.get(closure_id)) == renewal - timedelta(days=14)

        clock.advance(days=90)
        await pilot.press("l")
        await pilot.pause()
        await paste(pilot, "Coffee; they are happy with the new team")
        await pilot.press("enter")
        await pilot.pause()
        stored = coach.get(closure_id)
        assert [(c.at, c.note) for c in stored.checkins] == [(clock.now, "Coffee; they are happy with the new team")]
        # The renewal call has passed; the cadence counts from the logged check-in: three months after it.
        assert planner.next_checkin(stored) == add_months(clock.now, 3)
        shown = app.screen.query_one("#departure").render().plain
        assert "Coffee; they are happy with the new team" in shown
        assert app.t("departure.checkins_title", count=1) in shown

        await pilot.press("d")  # the last step done: the relationship goes on with check-ins
        await pilot.pause()
        stored = coach.get(closure_id)
        assert stored.finished and stored.active and stored.status is Status.DONE

        await pilot.press("w", "y")
        await pilot.pause()
        stored = coach.get(closure_id)
        assert stored.status is Status.WON_BACK and not stored.active
        assert app.t("closure.status_won_back") in app.screen.query_one("#step-path").render().plain
