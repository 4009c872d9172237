"""Action items as tasks (VTODO) in the user's task list, against real Radicale and Xandikos.

What a task app would see is read back with icalendar from the server; a task app's
tick is made the way apps make it (load, set STATUS/COMPLETED/PERCENT-COMPLETE, save
with If-Match).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta, timezone

import caldav
import pytest
from calendar_helpers import calendar_url, coach, run_cierre
from icalendar import Calendar

from cierre.integrations.calendar.state import CalendarState

pytestmark = pytest.mark.servers


def server_tasks(server, url: str) -> dict[str, list]:
    """uid -> every VTODO the collection holds with it (more than one would be a duplicate)."""
    client = caldav.DAVClient(url=url, username=server.username, password=server.password, auth_type="basic", timeout=10)
    found: dict[str, list] = defaultdict(list)
    try:
        for obj in caldav.Calendar(client=client, url=url).get_objects_by_sync_token(None, load_objects=True):
            for todo in Calendar.from_ical(obj.data).walk("VTODO"):
                found[str(todo["uid"])].append(todo)
    finally:
        client.close()
    return dict(found)


def tick_in_task_app(server, url: str, uid: str, *, done: bool = True) -> None:
    client = caldav.DAVClient(url=url, username=server.username, password=server.password, auth_type="basic", timeout=10)
    try:
        obj = caldav.Calendar(client=client, url=url).get_todo_by_uid(uid)
        ical = obj.icalendar_instance
        for todo in ical.walk("VTODO"):
            for name in ("status", "completed", "percent-complete", "last-modified"):
                todo.pop(name, None)
            todo.add("status", "COMPLETED" if done else "NEEDS-ACTION")
            if done:
                todo.add("completed", datetime.now(timezone.utc))
                todo.add("percent-complete", 100)
            todo.add("last-modified", datetime.now(timezone.utc) + timedelta(minutes=1))
        obj.icalendar_instance = ical
        obj.save()
    finally:
        client.close()


def _closure_with_action(capsys, due: str = "2026-12-20") -> tuple[str, str]:
    code, out, _ = run_cierre(capsys, "new", "--kind", "lost", "--client", "Cafés Ñandú")
    assert code == 0
    cid = out.strip()
    code, out, err = run_cierre(capsys, "action", cid, "Send two-tier pricing", "--due", due)
    assert code == 0, err
    return cid, out.strip()


def test_an_action_item_is_a_task_a_task_app_can_read(dav_server, use_server, capsys):
    use_server(dav_server)
    cid, action_id = _closure_with_action(capsys)
    code, out, err = run_cierre(capsys, "sync")
    assert code == 0, err
    c = coach()
    uid = f"{cid}-task-{action_id}@cierre.local"
    (todo,) = server_tasks(dav_server, calendar_url(c))[uid]
    assert todo["due"].dt == date(2026, 12, 20) and todo["due"].params.get("VALUE") == "DATE"
    assert str(todo["status"]) == "NEEDS-ACTION"
    assert str(todo["summary"]) == "Action: Send two-tier pricing"
    assert "Cafés Ñandú" in str(todo["description"]) and cid in str(todo["description"])
    (alarm,) = todo.walk("VALARM")
    # DUE is the day's midnight: the reminder fires when working hours open (09:00 by default).
    assert str(alarm["action"]) == "DISPLAY" and alarm["trigger"].dt == timedelta(hours=9)
    assert alarm["trigger"].params.get("RELATED") == "END"


def test_ticking_in_the_task_app_marks_the_action_done_and_back(dav_server, use_server, capsys):
    use_server(dav_server)
    cid, action_id = _closure_with_action(capsys)
    assert run_cierre(capsys, "sync")[0] == 0
    c = coach()
    url, uid = calendar_url(c), f"{cid}-task-{action_id}@cierre.local"

    tick_in_task_app(dav_server, url, uid)
    code, out, err = run_cierre(capsys, "sync")
    assert code == 0, err
    assert "1 task ticked in your task app marked done" in out
    (item,) = coach().get(cid).actions
    assert item.done_at is not None
    # Cierre's own version (done) goes back once; then nothing moves.
    assert run_cierre(capsys, "sync")[0] == 0
    (todo,) = server_tasks(dav_server, url)[uid]
    assert str(todo["status"]) == "COMPLETED"

    tick_in_task_app(dav_server, url, uid, done=False)  # unticked in the app
    assert run_cierre(capsys, "sync")[0] == 0
    assert coach().get(cid).actions[0].done_at is None


def test_ticking_in_cierre_completes_the_task(dav_server, use_server, capsys):
    use_server(dav_server)
    cid, action_id = _closure_with_action(capsys, due="2026-12-21T10:30")
    assert run_cierre(capsys, "sync")[0] == 0
    assert run_cierre(capsys, "action", cid, "--done", action_id)[0] == 0
    assert run_cierre(capsys, "sync")[0] == 0
    c = coach()
    (todo,) = server_tasks(dav_server, calendar_url(c))[f"{cid}-task-{action_id}@cierre.local"]
    assert str(todo["status"]) == "COMPLETED" and todo.get("completed") is not None
    assert isinstance(todo["due"].dt, datetime)  # a time given stays a time
    assert not list(todo.walk("VALARM"))  # no reminder for what is done


def test_ticked_on_both_sides_and_a_server_restart_leave_one_task(dav_server, use_server, capsys):
    use_server(dav_server)
    cid, action_id = _closure_with_action(capsys)
    assert run_cierre(capsys, "sync")[0] == 0
    c = coach()
    url, uid = calendar_url(c), f"{cid}-task-{action_id}@cierre.local"
    tick_in_task_app(dav_server, url, uid)
    assert run_cierre(capsys, "action", cid, "--done", action_id)[0] == 0
    dav_server.stop()
    dav_server.start()
    for _ in range(3):
        code, out, err = run_cierre(capsys, "sync")
        assert code == 0, err
    assert "conflict" not in out
    assert coach().get(cid).actions[0].done_at is not None
    tasks = server_tasks(dav_server, url)
    assert len(tasks[uid]) == 1 and str(tasks[uid][0]["status"]) == "COMPLETED"
    assert all(len(copies) == 1 for copies in tasks.values())


def test_a_task_list_of_its_own(radicale, use_server, capsys, monkeypatch):
    client = caldav.DAVClient(url=radicale.url, username=radicale.username, password=radicale.password, auth_type="basic")
    principal = client.principal()
    principal.make_calendar(name="Trabajo", supported_calendar_component_set=["VEVENT"])
    principal.make_calendar(name="Tareas", supported_calendar_component_set=["VTODO"])
    client.close()
    use_server(radicale)
    monkeypatch.setenv("CIERRE_CALDAV_CALENDAR", "Trabajo")
    monkeypatch.setenv("CIERRE_CALDAV_TASKS", "Tareas")
    cid, action_id = _closure_with_action(capsys)
    code, out, err = run_cierre(capsys, "sync")
    assert code == 0, err
    meta = CalendarState(coach().store).meta()
    assert meta["tasks_url"] != meta["calendar_url"]
    assert list(server_tasks(radicale, meta["tasks_url"])) == [f"{cid}-task-{action_id}@cierre.local"]
    assert not server_tasks(radicale, meta["calendar_url"])
    code, out, _ = run_cierre(capsys, "sync")
    assert code == 0 and "2 requests" in out  # one REPORT per collection, nothing else

    tick_in_task_app(radicale, meta["tasks_url"], f"{cid}-task-{action_id}@cierre.local")
    assert run_cierre(capsys, "sync")[0] == 0
    assert coach().get(cid).actions[0].done_at is not None


def test_a_calendar_without_tasks_says_so_once(radicale, use_server, capsys, monkeypatch):
    client = caldav.DAVClient(url=radicale.url, username=radicale.username, password=radicale.password, auth_type="basic")
    client.principal().make_calendar(name="Trabajo", supported_calendar_component_set=["VEVENT"])
    client.close()
    use_server(radicale)
    monkeypatch.setenv("CIERRE_CALDAV_CALENDAR", "Trabajo")
    _closure_with_action(capsys)
    code, _, err = run_cierre(capsys, "sync")
    assert code == 0
    assert "holds no tasks" in err and "CIERRE_CALDAV_TASKS" in err
    code, _, err = run_cierre(capsys, "sync")
    assert code == 0 and "holds no tasks" not in err
