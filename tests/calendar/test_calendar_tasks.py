"""Action items as tasks (VTODO) and due dates given as a day, without a server."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar

from cierre.__main__ import main
from cierre.domain.model import ActionItem
from cierre.integrations.calendar import run_sync
from cierre.integrations.calendar.ics import FINGERPRINT_FIELDS, event_calendar, fingerprint
from cierre.integrations.calendar.local_ics import local_path

MADRID = ZoneInfo("Europe/Madrid")


def _task(c, closure_id: str, action_id: str) -> dict:
    return c.events.plan(c.get(closure_id))[f"{closure_id}-task-{action_id}@cierre.local"]


def _vtodo(event: dict):
    (todo,) = Calendar.from_ical(event_calendar(event, 0, datetime(2026, 3, 2, tzinfo=timezone.utc))).walk("VTODO")
    return todo


def test_a_day_stays_a_day_in_the_model(make_coach, clock):
    c = make_coach()
    closure = c.new_closure("lost", "Acme", received_at=clock.now)
    item = c.add_action(closure.id, "Two-tier pricing", date(2026, 12, 20))
    stored = c.get(closure.id).actions[0]
    assert stored.due_date == date(2026, 12, 20)
    assert stored.due == datetime(2026, 12, 20, 9, 0, tzinfo=MADRID)  # when working hours open that day
    assert stored.due_text(MADRID) == "2026-12-20"
    assert ActionItem.from_dict(item.to_dict()) == item
    timed = c.add_action(closure.id, "Call", datetime(2026, 12, 21, 10, 30, tzinfo=MADRID))
    assert timed.due_date is None and "due_date" not in timed.to_dict()


def test_a_day_is_a_date_in_the_task_with_a_reminder_in_working_hours(make_coach, clock):
    c = make_coach(CIERRE_WORK_HOURS="Mon-Fri 08:30-17:00")
    closure = c.new_closure("lost", "Cafés Ñandú", received_at=clock.now)
    item = c.add_action(closure.id, "Two-tier pricing", date(2026, 12, 20))  # a Sunday: still that day
    todo = _vtodo(_task(c, closure.id, item.id))
    assert todo["due"].dt == date(2026, 12, 20) and todo["due"].params["VALUE"] == "DATE"
    assert "dtstart" not in todo
    (alarm,) = todo.walk("VALARM")
    assert alarm["trigger"].dt == timedelta(hours=8, minutes=30) and alarm["trigger"].params["RELATED"] == "END"
    assert str(todo["status"]) == "NEEDS-ACTION"
    assert "Cafés Ñandú" in str(todo["description"]) and closure.id in str(todo["description"])


def test_a_time_stays_a_time_and_done_is_completed(make_coach, clock):
    c = make_coach()
    closure = c.new_closure("lost", "Acme", received_at=clock.now)
    item = c.add_action(closure.id, "Call", datetime(2026, 12, 21, 10, 30, tzinfo=MADRID))
    todo = _vtodo(_task(c, closure.id, item.id))
    assert todo["due"].dt == datetime(2026, 12, 21, 10, 30, tzinfo=MADRID)
    (alarm,) = todo.walk("VALARM")
    assert alarm["trigger"].dt == -timedelta(minutes=15)
    c.complete_action(closure.id, item.id)
    done = _vtodo(_task(c, closure.id, item.id))
    assert str(done["status"]) == "COMPLETED" and int(done["percent-complete"]) == 100
    assert done["completed"].dt == clock.now and not list(done.walk("VALARM"))


def test_archiving_cancels_open_tasks_and_leaves_done_ones_done(make_coach, clock):
    c = make_coach()
    closure = c.new_closure("lost", "Acme", received_at=clock.now)
    done = c.add_action(closure.id, "Done one", date(2026, 12, 20))
    open_ = c.add_action(closure.id, "Open one", date(2026, 12, 21))
    c.complete_action(closure.id, done.id)
    assert run_sync(c).ok
    c.archive(closure.id)
    assert run_sync(c).ok
    todos = {str(t["uid"]): t for t in Calendar.from_ical(local_path(c.settings).read_bytes()).walk("VTODO")}
    assert str(todos[f"{closure.id}-task-{done.id}@cierre.local"]["status"]) == "COMPLETED"
    assert str(todos[f"{closure.id}-task-{open_.id}@cierre.local"]["status"]) == "CANCELLED"


def test_events_keep_their_fingerprints(make_coach, clock):
    """Task fields count only for tasks: an upgrade re-sends no event."""
    c = make_coach()
    closure = c.new_closure("lost", "Acme", received_at=clock.now)
    (event,) = c.events.plan(closure).values()
    before = json.dumps({k: event.get(k) for k in FINGERPRINT_FIELDS}, sort_keys=True, ensure_ascii=False)
    assert fingerprint(event) == hashlib.sha256(before.encode("utf-8")).hexdigest()[:32]


def test_cli_due_as_a_day(make_coach, clock, capsys, monkeypatch):
    c = make_coach()
    closure = c.new_closure("lost", "Acme", received_at=clock.now)
    monkeypatch.setenv("CIERRE_DATA_DIR", str(c.settings.data_dir))
    assert main(["action", closure.id, "Two-tier pricing", "--due", "2026-12-20", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["due_date"] == "2026-12-20" and data["due"].startswith("2026-12-20T08:00")  # 09:00 Madrid
    assert main(["show", closure.id]) == 0
    assert "due 2026-12-20  (" in capsys.readouterr().out
    assert main(["export", closure.id, "--format", "md"]) == 0
    assert "(due 2026-12-20)" in capsys.readouterr().out
    assert main(["action", closure.id, "Bad", "--due", "2026-13-40"]) == 2
    err = capsys.readouterr().err
    assert "not a date" in err and len(err.strip().splitlines()) == 1
    assert len(c.get(closure.id).actions) == 1


def test_reminder_events_of_earlier_versions_are_cancelled_once(make_coach, clock):
    from cierre.integrations.calendar.state import CalendarState

    c = make_coach()
    closure = c.new_closure("lost", "Acme", received_at=clock.now)
    assert run_sync(c).ok
    old = {
        **next(iter(c.events.plan(c.get(closure.id)).values())),
        "uid": f"{closure.id}-action-x@cierre.local",
        "what": "action-x",
        "summary": "Action: old reminder",
    }
    CalendarState(c.store).save([{"uid": old["uid"], "event": old, "fingerprint": fingerprint(old), "sequence": 0}])
    assert run_sync(c).ok
    events = {str(v["uid"]): v for v in Calendar.from_ical(local_path(c.settings).read_bytes()).walk("VEVENT")}
    assert str(events[old["uid"]]["status"]) == "CANCELLED" and int(events[old["uid"]]["sequence"]) == 1
    report = run_sync(c)
    assert report.ok and report.delivered == 0  # once
