"""Shared steps of the calendar integration tests: run `cierre`, read what the server holds."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import caldav
from icalendar import Calendar, Event

from cierre.__main__ import main
from cierre.integrations.calendar.state import CalendarState
from cierre.service import Coach
from cierre.settings import load_settings


def run_cierre(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def coach() -> Coach:
    """A Coach from the environment, as `cierre` builds it."""
    return Coach(load_settings())


def calendar_url(c: Coach) -> str:
    return CalendarState(c.store).meta()["calendar_url"]


def server_events(server, url: str) -> dict[str, list[Event]]:
    """uid -> every VEVENT the server holds with it (more than one would be a duplicate)."""
    client = caldav.DAVClient(url=url, username=server.username, password=server.password, auth_type="basic", timeout=10)
    found: dict[str, list[Event]] = defaultdict(list)
    try:
        cal = caldav.Calendar(client=client, url=url)
        for obj in cal.get_objects_by_sync_token(None, load_objects=True):
            for vevent in Calendar.from_ical(obj.data).walk("VEVENT"):
                found[str(vevent["uid"])].append(vevent)
    finally:
        client.close()
    return dict(found)


def resources_per_uid(server, url: str) -> dict[str, int]:
    return {uid: len(events) for uid, events in server_events(server, url).items()}


def edit_on_server(server, url: str, uid: str, change) -> None:
    """Edit an event the way a calendar app does: load, change, save with If-Match."""
    client = caldav.DAVClient(url=url, username=server.username, password=server.password, auth_type="basic", timeout=10)
    try:
        cal = caldav.Calendar(client=client, url=url)
        obj = cal.get_event_by_uid(uid)
        ical = obj.icalendar_instance
        for vevent in ical.walk("VEVENT"):
            change(vevent)
        obj.icalendar_instance = ical
        obj.save()
    finally:
        client.close()


def alarm_of(vevent: Event):
    alarms = list(vevent.walk("VALARM"))
    assert len(alarms) == 1
    alarm = alarms[0]
    return str(alarm["action"]), str(alarm["description"]), alarm["trigger"].dt


FIFTEEN_BEFORE = -timedelta(minutes=15)
