"""Due times of every step, the check-in cadence, and the turns a closure can take: recovery
overrun, a call not reached, a door reopened, a client won back, an archive. All from stored
timestamps and a clock the test moves."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from core_support import START, Clock, make_settings

from cierre.action_error import ActionError
from cierre.domain.model import Status
from cierre.domain.schedule import add_months
from cierre.service import Coach

MADRID = ZoneInfo("Europe/Madrid")
UTC = timezone.utc


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """February 2026 in UTC (Madrid is UTC+1): the 10th is a Tuesday."""
    return datetime(2026, 2, day, hour, minute, tzinfo=UTC)


def events(coach: Coach, closure_id: str) -> dict[str, dict]:
    """What the outbox holds for a closure, by what the event is: call, debrief, checkin-1..."""
    return {e["event"]["what"]: e["event"] for e in coach.outbox.pending() if e["event"]["closure_id"] == closure_id}


def cadence(planner, base: datetime, gaps: tuple[int, ...]) -> list[datetime]:
    """Each check-in due the given months after the one before, moved into working hours (a call)."""
    dues = []
    for months in gaps:
        dues.append(planner.slot_after(add_months(base, months)))
        base = add_months(base, months)
    return dues


def plan_of(planner, closure, count: int = 3) -> list[tuple[datetime, str]]:
    return [(planned.at, planned.label) for planned in planner.checkin_plan(closure, count)]


def departed(coach: Coach, client: str, reason: str):
    """A departure walked to its last step, where the check-ins live."""
    closure = coach.new_closure("departure", client, received_at=at(10, 8))
    coach.set_reason(closure.id, reason)
    for _ in range(3):
        closure = coach.advance(closure.id)
    assert closure.step == "relationship"
    return closure


def test_a_lost_proposal_step_by_step(coach, clock):
    closure = coach.new_closure("lost", "Acme", received_at=at(10, 7))  # Tuesday 08:00 in Madrid
    planner = coach.planner
    assert planner.due(closure) == at(11, 7)  # 24 hours of recovery
    assert events(coach, closure.id)["call"]["start"] == at(11, 8).isoformat(timespec="microseconds")  # 09:00 Madrid

    clock.now = at(11, 8)  # the recovery ran an hour past its window: flagged
    assert planner.overdue(coach.get(closure.id), clock.now)
    closure = coach.advance(closure.id)
    assert closure.step == "call"
    assert planner.recovery_overrun(closure) == timedelta(hours=1)
    assert planner.due(closure) == at(11, 8)  # the first working slot after the recovery

    clock.now = at(11, 10)
    coach.start_call(closure.id)
    clock.advance(minutes=12)
    closure = coach.end_call(closure.id, "confirmed")
    assert closure.step == "debrief" and closure.calls[-1].result == "confirmed"
    assert planner.due(closure) == at(12, 10, 12)  # the next working day after the call
    assert set(events(coach, closure.id)) >= {"debrief"}
    assert events(coach, closure.id)["call"]["status"] == "CANCELLED"  # the call left the plan

    clock.now = at(12, 12)
    closure = coach.advance(closure.id)
    assert closure.step == "restart"
    assert planner.due(closure) == at(19, 12)  # a week to turn lessons into changes
    item = coach.add_action(closure.id, "Two price options in every proposal", at(16, 9))
    closure = coach.get(closure.id)
    assert planner.due(closure) == at(16, 9)  # the earliest open action item
    assert events(coach, closure.id)[f"task-{item.id}"]["status"] == "NEEDS-ACTION"  # a to-do in the task app
    closure = coach.complete_action(closure.id, item.id)
    assert planner.due(closure) == at(19, 12)
    assert events(coach, closure.id)[f"task-{item.id}"]["status"] == "COMPLETED"  # ticked there too

    closure = coach.advance(closure.id)
    assert closure.finished and closure.status is Status.DONE
    # Not forgotten: a stay-in-touch call about six months after their answer, on the dashboard.
    assert planner.due(closure) == datetime(2026, 8, 10, 9, tzinfo=MADRID) and closure.active
    assert events(coach, closure.id)["checkin-1"]["start"].startswith("2026-08-10T07:00")
    with pytest.raises(ActionError):
        coach.advance(closure.id)


def test_a_recovery_kept_within_24_hours_is_not_flagged(coach, clock):
    closure = coach.new_closure("lost", "Acme", received_at=at(10, 7))
    clock.now = at(11, 6)
    closure = coach.start_call(closure.id)  # calling early finishes the recovery
    assert closure.step == "call" and closure.steps["recover"].finished_at == at(11, 6)
    assert coach.planner.recovery_overrun(closure) is None
    assert not coach.planner.overdue(closure, clock.now)


def test_due_times_survive_a_restart_of_the_app(data_dir, clock):
    """Nothing counts ticks: a new process with a later clock sees the same due time."""
    first = Coach(make_settings(data_dir), clock=clock)
    closure = first.new_closure("lost", "Acme", received_at=at(10, 7))
    later = Clock(at(13, 9))
    second = Coach(make_settings(data_dir), clock=later)
    reread = second.get(closure.id)
    assert second.planner.due(reread) == first.planner.due(closure) == at(11, 7)
    assert second.planner.overdue(reread, later())


def test_a_departure_step_by_step(coach, clock):
    closure = coach.new_closure("departure", "Northwind", received_at=at(10, 8))
    planner = coach.planner
    assert planner.due(closure) == at(10, 12)  # a short pause (4 h) before answering
    assert events(coach, closure.id)["call"]["start"].startswith("2026-02-10T12:00")  # the conversation
    closure = coach.advance(closure.id)
    assert closure.step == "conversation" and planner.due(closure) == at(10, 12)
    clock.now = at(10, 12, 30)
    coach.start_call(closure.id)
    closure = coach.end_call(closure.id, "confirmed")
    assert closure.step == "handover"
    assert planner.due(closure) == at(24, 12, 30)  # testimonial and referral within two weeks
    assert "referral" in events(coach, closure.id)
    closure = coach.advance(closure.id)
    assert closure.step == "relationship"
    assert planner.due(closure) == planner.slot_after(add_months(at(10, 8), 3))
    assert planner.due(closure) == datetime(2026, 5, 11, 9, tzinfo=MADRID)  # May 10 is a Sunday
    assert closure.active  # the relationship outlives the account


def test_check_ins_at_3_6_and_12_months_then_yearly(coach):
    closure = coach.new_closure("departure", "Northwind", received_at=at(10, 8))
    coach.set_reason(closure.id, "no_results")
    plan = plan_of(coach.planner, coach.get(closure.id), 4)
    dues = cadence(coach.planner, at(10, 8), (3, 3, 6, 12))  # about 3, 6, 12 and 24 months
    assert plan == list(zip(dues, ["3_months", "6_months", "12_months", "yearly"]))


def test_a_logged_check_in_resets_the_cadence(coach):
    closure = departed(coach, "Northwind", "reorganisation")
    assert "checkin-1" in events(coach, closure.id)
    early = datetime(2026, 4, 1, 10, tzinfo=UTC)  # before the 3-month one was due
    closure = coach.log_checkin(closure.id, "Lunch; they are hiring", at=early)
    assert coach.planner.next_checkin(closure) == datetime(2026, 7, 1, 10, tzinfo=UTC)
    assert "checkin-2" in events(coach, closure.id)
    assert events(coach, closure.id)["checkin-1"]["status"] == "CANCELLED"


@pytest.mark.parametrize("reason", ["closing", "personal"])
def test_closing_or_personal_departures_are_relationship_only(coach, reason):
    closure = departed(coach, "Panadería La Espiga", reason)
    planner = coach.planner
    assert planner.relationship_only(closure)
    assert planner.renewal_checkin(closure) is None  # no sales call
    dues = cadence(planner, at(10, 8), (6, 6, 12))  # 6, 12, 24 months
    assert plan_of(planner, closure) == list(zip(dues, ["6_months", "12_months", "yearly"]))
    description = events(coach, closure.id)["checkin-1"]["description"]
    assert "Relationship only" in description


def test_a_price_departure_gets_a_call_before_the_renewal(coach):
    closure = departed(coach, "Acme", "price")
    planner = coach.planner
    # No renewal date known: the plain 3, 6 and 12 months (the 12-month one is about when it renews).
    assert planner.next_checkin(closure) == planner.slot_after(add_months(at(10, 8), 3))
    assert planner.renewal_checkin(closure) is None
    renewal = datetime(2026, 4, 1, 9, tzinfo=UTC)
    closure = coach.set_renewal(closure.id, renewal)
    assert planner.next_checkin(closure) == renewal - timedelta(days=14)
    assert events(coach, closure.id)["checkin-1"]["start"].startswith("2026-03-18")
    assert events(coach, closure.id)["checkin-1"]["summary"] == "Check-in with Acme (renewal)"
    dues = cadence(planner, at(10, 8), (3, 3, 6))
    assert plan_of(planner, closure) == [(renewal - timedelta(days=14), "renewal")] + list(
        zip(dues, ["3_months", "6_months", "12_months"])
    )
    # The renewal call made, the cadence goes on where it was: 3 months after the end, not after the call.
    closure = coach.log_checkin(closure.id, "renewal call done", at=datetime(2026, 3, 18, 9, tzinfo=UTC))
    assert plan_of(planner, closure) == list(zip(dues, ["3_months", "6_months", "12_months"]))


def test_a_renewal_between_the_check_ins_leaves_the_12_month_one_in_place(coach, clock):
    """With a renewal date the plan was "Then: 2027-06-03, 2027-06-16" and had no 12-month check-in."""
    clock.now = datetime(2026, 6, 3, 10, tzinfo=UTC)
    closure = coach.new_closure("departure", "Acme", received_at=datetime(2026, 6, 3, 9, tzinfo=UTC))
    coach.set_reason(closure.id, "price")
    closure = coach.set_renewal(closure.id, datetime(2027, 6, 30, 9, tzinfo=UTC))
    for _ in range(3):
        closure = coach.advance(closure.id)
    planner = coach.planner
    labels = [label for _, label in plan_of(planner, closure)]
    assert labels == ["3_months", "6_months", "12_months", "renewal"]
    days = [moment.astimezone(MADRID).date().isoformat() for moment, _ in plan_of(planner, closure)]
    assert days == ["2026-09-03", "2026-12-03", "2027-06-03", "2027-06-16"]
    # Each logged on its day: the 12-month check-in stays 12 months after the end.
    for moment, _ in plan_of(planner, closure)[:2]:
        closure = coach.log_checkin(closure.id, "", at=moment)
    assert plan_of(planner, closure)[:2] == [
        (planner.slot_after(datetime(2027, 6, 3, 9, tzinfo=UTC)), "12_months"),
        (
            datetime(2027, 6, 16, 9, tzinfo=UTC),
            "renewal",
        ),
    ]


def test_a_call_not_reached_is_rescheduled_and_attempts_counted(coach, clock):
    closure = coach.new_closure("lost", "Acme", received_at=at(9, 7))
    clock.now = at(10, 16, 30)  # Tuesday 17:30 in Madrid
    coach.start_call(closure.id)
    closure = coach.end_call(closure.id, "not_reached")
    assert closure.step == "call" and [c.result for c in closure.calls] == ["not_reached"]
    assert closure.call_at == at(11, 16, 30)  # the next working day, same time (still inside hours)
    assert coach.planner.due(closure) == closure.call_at
    assert events(coach, closure.id)["call"]["start"].startswith("2026-02-11T16:30")

    clock.now = at(11, 16, 30)
    coach.start_call(closure.id)
    retry = datetime(2026, 2, 16, 9, 30, tzinfo=MADRID)
    closure = coach.end_call(closure.id, "not_reached", retry_at=retry)
    assert [c.number for c in closure.calls] == [1, 2] and closure.call_at == retry

    clock.now = at(13, 17, 30)  # Friday 18:30: the retry goes past the week-end
    closure = coach.end_call(closure.id, "not_reached")  # logged without call mode: a zero-length attempt
    assert len(closure.calls) == 3 and closure.calls[-1].started_at == closure.calls[-1].ended_at
    assert closure.call_at.astimezone(MADRID) == datetime(2026, 2, 16, 9, 0, tzinfo=MADRID)


def test_a_reopened_door_turns_the_closure_into_an_opportunity(coach, clock):
    closure = coach.new_closure("lost", "Acme", received_at=at(9, 7))
    coach.start_call(closure.id)
    closure = coach.end_call(closure.id, "reopened")
    assert closure.status is Status.REOPENED and closure.finished and not closure.active
    assert coach.planner.due(closure) is None
    assert all(e["status"] == "CANCELLED" for e in events(coach, closure.id).values())
    assert closure.id not in [s["id"] for s in coach.summaries() if s["active"]]


def test_a_departed_client_can_be_won_back_but_not_a_lost_proposal(coach):
    departed = coach.new_closure("departure", "Northwind", received_at=at(9, 7))
    closure = coach.mark_won_back(departed.id)
    assert closure.status is Status.WON_BACK and not closure.active
    assert coach.planner.due(closure) is None
    assert all(e["status"] == "CANCELLED" for e in events(coach, closure.id).values())
    lost = coach.new_closure("lost", "Acme", received_at=at(9, 7))
    with pytest.raises(ActionError, match="reopened"):
        coach.mark_won_back(lost.id)


def test_archive_cancels_the_events_and_unarchive_brings_them_back(coach):
    closure = coach.new_closure("lost", "Acme", received_at=at(9, 7))
    closure = coach.archive(closure.id)
    assert closure.archived and not closure.active and coach.planner.due(closure) is None
    assert events(coach, closure.id)["call"]["status"] == "CANCELLED"
    closure = coach.archive(closure.id, archived=False)
    assert not closure.archived and closure.active
    assert events(coach, closure.id)["call"]["status"] == "CONFIRMED"


def test_operations_that_do_not_fit_the_state_are_refused(coach):
    closure = coach.new_closure("lost", "Acme", received_at=at(9, 7))
    coach.start_call(closure.id)
    with pytest.raises(ActionError, match="call is in progress"):
        coach.advance(closure.id)
    with pytest.raises(ActionError):
        coach.end_call(closure.id, "maybe")
    with pytest.raises(ActionError):
        coach.set_reason(closure.id, "closing")  # a departure reason on a lost proposal
    with pytest.raises(ActionError):
        coach.log_checkin(closure.id)
    with pytest.raises(ActionError):
        coach.new_closure("lost", "Later", received_at=START + timedelta(days=1))  # the future
    with pytest.raises(ActionError):
        coach.toggle_check(closure.id, "not_an_item")


def test_call_time_of_captures_follows_pauses(coach, clock):
    closure = coach.new_closure("lost", "Acme", received_at=at(9, 7))
    coach.start_call(closure.id)
    clock.advance(seconds=30)
    coach.pause_call(closure.id)
    clock.advance(seconds=100)  # paused: does not count
    coach.pause_call(closure.id)
    clock.advance(seconds=15)
    note = coach.add_note(closure.id, "Chose Agencia Norte", "competitor")
    assert note.call_seconds == 45 and note.attempt == 1
    assert coach.get(closure.id).competitor == "Chose Agencia Norte"
