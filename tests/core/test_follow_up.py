"""After the call: who won apart from why, lessons owned by a person, a lost proposal kept in touch,
and a reopened door as a new closure linked to the old one."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from core_support import make_settings

from cierre.action_error import ActionError
from cierre.domain.model import LOST_REASONS, Status
from cierre.domain.schedule import add_months
from cierre.service import Coach

MADRID = ZoneInfo("Europe/Madrid")
UTC = timezone.utc


def events(coach: Coach, closure_id: str) -> dict[str, dict]:
    return {e["event"]["what"]: e["event"] for e in coach.outbox.pending() if e["event"]["closure_id"] == closure_id}


def lost_after_call(coach: Coach, clock, client: str = "Acme") -> str:
    closure = coach.new_closure("lost", client, received_at=clock.now - timedelta(hours=30))
    coach.end_call(closure.id, "confirmed")
    return closure.id


def finished(coach: Coach, clock) -> str:
    cid = lost_after_call(coach, clock)
    coach.advance(cid)  # debrief
    coach.advance(cid)  # start again
    return cid


# --- who won, apart from why --------------------------------------------------------
def test_reasons_say_why_and_the_outcome_says_who_won():
    assert not {"competitor", "in_house", "no_decision"} & set(LOST_REASONS)


def test_the_winners_offer_is_recorded_on_its_own(coach, clock):
    cid = lost_after_call(coach, clock)
    coach.set_reason(cid, "price")
    closure = coach.set_winner(cid, name="Brandwise", price="about 3,900", scope="web only", tipped="a faster start")
    assert closure.winner.to_dict() == {
        "name": "Brandwise",
        "price": "about 3,900",
        "scope": "web only",
        "tipped": "a faster start",
    }
    assert closure.reason == "price"
    closure = coach.set_winner(cid, price="")  # a part given empty is cleared, the others stay
    assert (closure.winner.price, closure.winner.scope) == ("", "web only")
    assert coach.summaries()[0]["competitor"] == "Brandwise"  # counted in insights as before
    with pytest.raises(ActionError):
        coach.set_winner(cid, colour="red")
    departure = coach.new_closure("departure", "Gamma")
    with pytest.raises(ActionError):
        coach.set_winner(departure.id, name="Someone")


def test_a_competitor_captured_is_the_winners_name_and_follows_its_note(coach, clock):
    cid = lost_after_call(coach, clock)
    coach.add_note(cid, "Brandwise", "competitor")
    assert coach.get(cid).winner.name == "Brandwise"
    undo = coach.edit_note(cid, "last", "Brandwise Studio")
    assert coach.get(cid).winner.name == "Brandwise Studio"
    coach.undo_note(cid, undo)
    assert coach.get(cid).winner.name == "Brandwise"
    coach.delete_note(cid, "last")
    assert coach.get(cid).winner.name == ""
    coach.add_note(cid, "Pixel & Co", "competitor")
    coach.set_winner(cid, name="Pixel and Co (their new name)")
    coach.add_note(cid, "a plain note")
    coach.delete_note(cid, "1")  # the competitor note goes; a name given otherwise stays
    assert coach.get(cid).winner.name == "Pixel and Co (their new name)"


# --- each lesson owned by a person ----------------------------------------------------
def test_a_lesson_is_owned_by_the_user_unless_another_name_is_given(data_dir, clock):
    coach = Coach(make_settings(data_dir, name="Ana Torres"), clock=clock)
    cid = lost_after_call(coach, clock)
    mine = coach.add_action(cid, "Two price options", clock.now + timedelta(days=7))
    theirs = coach.add_action(cid, "Case studies", clock.now + timedelta(days=9), owner="  Luis  ")
    assert (mine.owner, theirs.owner) == ("Ana Torres", "Luis")
    assert [a.owner for a in coach.get(cid).actions] == ["Ana Torres", "Luis"]
    task = events(coach, cid)[f"task-{theirs.id}"]
    assert task["description"].startswith("Owner: Luis\n")  # the task app shows who owns it
    with pytest.raises(ActionError):
        coach.add_action(cid, "x", clock.now, owner="n" * 41)


def test_the_users_name_comes_from_the_sender_when_not_given(data_dir):
    assert make_settings(data_dir, smtp_from="Ana Torres <ana@example.com>").user_name == "Ana Torres"
    assert make_settings(data_dir, name="Ana", smtp_from="Marta <m@example.com>").user_name == "Ana"


# --- a lost proposal is not forgotten ------------------------------------------------------
def test_a_finished_lost_proposal_keeps_in_touch_six_months_after_the_answer(coach, clock):
    cid = finished(coach, clock)
    closure = coach.get(cid)
    planned = coach.planner.checkin_plan(closure, 1)[0]
    assert planned.label == "6_months"
    assert planned.at == coach.planner.slot_after(add_months(closure.received_at, 6))
    assert closure.active and coach.planner.due(closure) == planned.at  # on the dashboard, with its countdown
    event = events(coach, cid)["checkin-1"]
    assert event["summary"] == "Stay in touch: Acme (6 months)" and "No selling" in event["description"]


def test_the_moment_they_named_replaces_the_six_months_and_logging_it_resets_it(coach, clock):
    cid = finished(coach, clock)
    named = datetime(2026, 9, 15, 9, tzinfo=UTC)
    closure = coach.set_touch(cid, named)
    assert [(p.at, p.label) for p in coach.planner.checkin_plan(closure, 3)] == [(named, "named")]
    assert events(coach, cid)["checkin-1"]["summary"] == "Stay in touch: Acme (the moment they named)"
    clock.now = named
    closure = coach.log_checkin(cid, "their budget is for next year")
    nxt = coach.planner.checkin_plan(closure, 1)[0]
    assert nxt.label == "6_months" and nxt.at == coach.planner.slot_after(add_months(named, 6))
    assert events(coach, cid)["checkin-1"]["status"] == "CANCELLED" and "checkin-2" in events(coach, cid)
    later = datetime(2027, 1, 20, 9, tzinfo=UTC)
    closure = coach.log_checkin(cid, "", next_at=later)  # they named the next one on the call
    assert coach.planner.checkin_plan(closure, 1)[0].at == later


def test_a_lost_proposal_keeps_in_touch_only_once_its_debrief_is_done(coach, clock):
    cid = lost_after_call(coach, clock)
    with pytest.raises(ActionError):
        coach.log_checkin(cid, "too early")
    assert not any(what.startswith("checkin") for what in events(coach, cid))


# --- a reopened door is a new closure, linked ------------------------------------------------
def test_a_door_reopened_on_the_call_starts_a_new_linked_closure(coach, clock):
    closure = coach.new_closure("lost", "Door Co", contact="Eva", phone="600", received_at=clock.now - timedelta(hours=30))
    old = coach.end_call(closure.id, "reopened")
    assert old.status is Status.REOPENED and old.finished and old.calls[-1].result == "reopened"
    new = coach.get(old.reopened_as)
    assert (new.client, new.contact, new.phone) == ("Door Co", "Eva", "600")
    assert new.status is Status.OPPORTUNITY and new.reopened_from == old.id and new.active
    assert coach.planner.due(new) is None and not events(coach, new.id)  # nothing due until their answer
    with pytest.raises(ActionError):
        coach.start_call(new.id)


def test_reopen_later_cancels_the_stay_in_touch_and_the_new_round_goes_on(coach, clock):
    cid = finished(coach, clock)
    new = coach.reopen(cid)
    old = coach.get(cid)
    assert old.status is Status.REOPENED and old.reopened_as == new.id and not old.active
    assert events(coach, cid)["checkin-1"]["status"] == "CANCELLED"
    with pytest.raises(ActionError):
        coach.reopen(cid)  # once
    clock.now += timedelta(days=20)
    again = coach.said_no_again(new.id)
    assert again.status is Status.OPEN and again.step == "recover" and again.received_at == clock.now
    assert "call" in events(coach, new.id)  # the method starts over: a call after the recovery
    other = coach.reopen(finished(coach, clock))
    assert coach.mark_won_back(other.id).status is Status.WON_BACK  # or the new round is won


def test_a_departure_is_not_reopened_and_an_open_closure_not_before_its_call(coach, clock):
    with pytest.raises(ActionError):
        coach.reopen(coach.new_closure("departure", "Gamma").id)
    with pytest.raises(ActionError):
        coach.reopen(coach.new_closure("lost", "Early", received_at=clock.now - timedelta(hours=1)).id)


def test_a_moment_to_talk_again_already_past_is_refused(coach, clock):
    """Typed by mistake (last year's date), it would be due at once and swallowed by the next check-in."""
    cid = finished(coach, clock)
    with pytest.raises(ActionError, match="passed"):
        coach.set_touch(cid, clock.now - timedelta(days=60))
    with pytest.raises(ActionError, match="passed"):
        coach.log_checkin(cid, "", next_at=clock.now - timedelta(days=1))
    assert coach.get(cid).touch_at is None and coach.get(cid).checkins == []  # nothing half done


def test_insights_count_the_winner_named_in_the_offer(coach, clock):
    for client, winner in (("Acme", "Brandwise"), ("Beta", "brandwise"), ("Gamma", "Pixel & Co")):
        coach.set_winner(lost_after_call(coach, clock, client), name=winner)
    assert coach.insights().competitors == [("Brandwise", 2), ("Pixel & Co", 1)]
    assert coach.insights().competitor_named.part == 3
