"""Every kind of closure event as iCalendar: zone, DTEND, SEQUENCE, alarm, tel: link, cancellation."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from cierre.domain.text import clean
from cierre.integrations.calendar.ics import (
    calendar_file,
    event_calendar,
    fingerprint,
    read_server_event,
    tel_uri,
)
from cierre.integrations.calendar.records import current_items, next_sequence

MADRID = ZoneInfo("Europe/Madrid")
STAMP = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def _vevent(event, sequence=0):
    cal = Calendar.from_ical(event_calendar(event, sequence, STAMP))
    (vevent,) = cal.walk("VEVENT")
    return cal, vevent


def _every_kind(make_coach, clock):
    c = make_coach()
    lost = c.new_closure("lost", "Acme", contact="Ana", phone="+34 600 11 22 33", received_at=clock.now)
    c.set_guess(lost.id, "They found it too expensive")
    debrief = c.new_closure("lost", "Beta", received_at=clock.now)
    c.start_call(debrief.id)
    c.end_call(debrief.id, "confirmed")
    c.add_note(debrief.id, "Went with a cheaper agency", kind="reason")
    restart = c.new_closure("lost", "Gamma", received_at=clock.now)
    c.start_call(restart.id)
    c.end_call(restart.id, "confirmed")
    c.advance(restart.id)
    c.add_action(restart.id, "Two-tier pricing", clock.now + timedelta(days=3))
    handover = c.new_closure("departure", "Delta", phone="600 1", received_at=clock.now)
    c.advance(handover.id)
    c.end_call(handover.id, "confirmed")
    checkin = c.new_closure("departure", "Epsilon", received_at=clock.now)
    for _ in range(3):
        c.advance(checkin.id)
    events = {}
    for closure in (lost, debrief, restart, handover, checkin):
        events.update(c.events.plan(c.get(closure.id)))
    return c, events


def test_every_event_kind_is_a_complete_vevent(make_coach, clock):
    _, events = _every_kind(make_coach, clock)
    kinds = {event["what"].split("-")[0] for event in events.values()}
    assert kinds == {"call", "debrief", "restart", "task", "referral", "checkin"}  # action items are tasks
    for event in events.values():
        if event.get("component") == "VTODO":
            continue  # see test_calendar_tasks.py
        cal, vevent = _vevent(event, 3)
        assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Madrid"]
        start, end = vevent["dtstart"].dt, vevent["dtend"].dt
        assert start.tzinfo is not None and str(vevent["dtstart"].params["TZID"]) == "Europe/Madrid"
        assert end > start
        assert start == datetime.fromisoformat(event["start"])
        assert int(vevent["sequence"]) == 3
        assert vevent["dtstamp"].dt == STAMP
        assert str(vevent["uid"]) == event["uid"] and event["uid"].endswith("@cierre.local")
        (alarm,) = vevent.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert str(alarm["description"]).startswith("Coming up:")
        assert alarm["trigger"].dt == -timedelta(minutes=15)
        assert str(vevent["status"]) == "CONFIRMED"


def test_the_call_carries_phone_checklist_and_guess(make_coach, clock):
    c, events = _every_kind(make_coach, clock)
    call = next(e for e in events.values() if e["what"] == "call" and "Acme" in e["summary"])
    _, vevent = _vevent(call)
    description = str(vevent["description"])
    assert str(vevent["url"]) == "tel:+34600112233"
    assert description.endswith("tel:+34600112233")
    assert "Confirm the no is final: decision made, contract signed?" in description
    assert "They found it too expensive" in description
    # The call slot: recovery ends Tuesday 16:30 Madrid, inside working hours.
    assert vevent["dtstart"].dt == datetime(2026, 3, 3, 16, 30, tzinfo=MADRID)
    debrief = next(e for e in events.values() if e["what"] == "debrief")
    assert "Went with a cheaper agency" in str(_vevent(debrief)[1]["description"])
    no_phone = next(e for e in events.values() if e["what"] == "debrief")
    assert "url" not in _vevent(no_phone)[1]


def test_alarm_minutes_is_a_setting_and_cancelled_events_have_none(make_coach, clock):
    c = make_coach(CIERRE_ALARM_MINUTES="45")
    closure = c.new_closure("lost", "Acme", received_at=clock.now)
    (event,) = c.events.plan(closure).values()
    (alarm,) = _vevent(event)[1].walk("VALARM")
    assert alarm["trigger"].dt == -timedelta(minutes=45)
    _, cancelled = _vevent({**event, "status": "CANCELLED"}, 1)
    assert str(cancelled["status"]) == "CANCELLED" and not list(cancelled.walk("VALARM"))


def test_summer_time_and_a_zone_other_than_utc(make_coach, clock):
    c = make_coach()
    closure = c.new_closure("lost", "Acme", received_at=clock.now)
    c.reschedule_call(closure.id, datetime(2026, 7, 1, 10, 0, tzinfo=MADRID))
    (event,) = c.events.plan(c.get(closure.id)).values()
    cal, vevent = _vevent(event)
    assert vevent["dtstart"].dt.utcoffset() == timedelta(hours=2)
    assert "TZOFFSETTO:+0200" in cal.to_ical().decode()


def test_fingerprint_and_sequence_follow_real_changes_only():
    event = {"uid": "a@cierre.local", "summary": "S", "start": "2026-03-03T15:30:00+00:00", "end": "2026-03-03T16:00:00+00:00"}
    fp = fingerprint(event)
    assert fp == fingerprint(dict(event, closure_id="other"))  # not a field anyone sees
    moved = fingerprint(dict(event, start="2026-03-04T15:30:00+00:00"))
    assert moved != fp
    assert next_sequence(None, fp) == 0
    record = {"sequence": 2, "fingerprint": fp}
    assert next_sequence(record, fp) == 2
    assert next_sequence(record, moved) == 3
    assert next_sequence({**record, "server_sequence": 7}, moved) == 8  # never below the app's
    assert next_sequence({"server_sequence": 4}, fp) == 5  # our record lost: above the server's


def test_current_items_overlay_queued_changes(clock):
    event = {"uid": "a@cierre.local", "summary": "S", "start": "2026-03-03T15:30:00+00:00", "end": "2026-03-03T16:00:00+00:00"}
    records = {"a@cierre.local": {"event": event, "sequence": 1, "fingerprint": fingerprint(event)}}
    moved = dict(event, start="2026-03-04T15:30:00+00:00")
    items = current_items(records, [{"event": moved}], clock.now)
    assert [(e["start"], seq) for e, seq, _ in items] == [(moved["start"], 2)]
    never_sent = {"uid": "b@cierre.local", "status": "CANCELLED", **{k: event[k] for k in ("start", "end")}}
    assert len(current_items(records, [{"event": never_sent}], clock.now)) == 1


def test_tel_uri():
    assert tel_uri("+34 600-11.22 (33)") == "tel:+34600112233"
    assert tel_uri("600 11 22") == "tel:6001122"
    assert tel_uri("call me") == ""


def test_read_server_event_handles_what_apps_write():
    zone = MADRID
    floating = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x@cierre.local\r\nDTSTART:20260303T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    copy = read_server_event(floating, zone)
    assert copy.start == datetime(2026, 3, 3, 9, 0, tzinfo=timezone.utc) and copy.sequence == 0
    all_day = floating.replace(b"DTSTART:20260303T100000", b"DTSTART;VALUE=DATE:20260303")
    assert read_server_event(all_day, zone).start is None
    assert read_server_event(b"not a calendar", zone) is None


def test_a_file_of_many_events_has_one_vtimezone(make_coach, clock):
    _, events = _every_kind(make_coach, clock)
    data = calendar_file([(event, 0, STAMP) for event in events.values()])
    cal = Calendar.from_ical(data)
    assert len(cal.walk("VTIMEZONE")) == 1
    assert {str(v["uid"]) for v in cal.walk("VEVENT") + cal.walk("VTODO")} == set(events)


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=150, deadline=None)
@given(summary=text, description=text)
def test_any_user_text_round_trips(summary, description):
    event = {
        "uid": "p@cierre.local",
        "what": "debrief",
        "summary": summary,
        "description": description,
        "reminder": summary,
        "start": "2026-03-03T15:30:00+00:00",
        "end": "2026-03-03T16:00:00+00:00",
        "timezone": "Europe/Madrid",
        "phone": "",
        "alarm_minutes": 15,
        "status": "CONFIRMED",
    }
    _, vevent = _vevent(event)
    assert str(vevent["summary"]) == clean(summary)
    assert str(vevent.get("description", "")) == clean(description)
