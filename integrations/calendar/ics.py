"""Planned events (plain dicts from `coach.events`) as iCalendar, and server copies read back.

Every event gets aware times in the user's zone with its VTIMEZONE, a DTEND, a
SEQUENCE, a DTSTAMP, a `tel:` link when there is a phone number, and a DISPLAY
alarm with a DESCRIPTION and a TRIGGER relative to the start (phones drop alarms
without them).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Todo

from cierre.domain.text import clean

PRODID = "-//Cierre//Closure coach//EN"
# Our own fingerprint travels with the event: a copy on the server can be told
# apart from an edit made in a calendar app even when our local record was lost.
FINGERPRINT_PROP = "X-CIERRE-FINGERPRINT"
# The fields that make an event different for the people who see it.
FINGERPRINT_FIELDS = ("summary", "description", "start", "end", "timezone", "phone", "alarm_minutes", "reminder", "status")


# A task's own fields, counted only when present: the fingerprints of events stay as they were.
TASK_FIELDS = ("component", "due_date", "alarm_after_midnight", "completed")


def fingerprint(event: dict[str, Any]) -> str:
    fields = {k: event.get(k) for k in FINGERPRINT_FIELDS}
    fields.update({k: event[k] for k in TASK_FIELDS if event.get(k) is not None})
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def tel_uri(phone: str) -> str:
    """RFC 3966: a global number keeps its '+', visual separators are dropped."""
    digits = re.sub(r"[^\d+]", "", phone or "")
    plus = digits.startswith("+")
    digits = digits.replace("+", "")
    return f"tel:{'+' if plus else ''}{digits}" if digits else ""


def _parse_utc(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def _zone(event: dict[str, Any]) -> ZoneInfo | timezone:
    try:
        return ZoneInfo(event.get("timezone") or "UTC")
    except (KeyError, ValueError):
        return timezone.utc


def build_vevent(event: dict[str, Any], sequence: int, stamp: datetime) -> Event:
    zone = _zone(event)
    start = _parse_utc(event["start"]).astimezone(zone)
    end = _parse_utc(event["end"]).astimezone(zone)
    if end <= start:
        end = start + timedelta(minutes=15)  # DTEND must come after DTSTART
    vevent = Event()
    vevent.add("uid", event["uid"])
    vevent.add("dtstamp", stamp.astimezone(timezone.utc))
    vevent.add("last-modified", stamp.astimezone(timezone.utc))
    vevent.add("dtstart", start)
    vevent.add("dtend", end)
    vevent.add("sequence", int(sequence))
    # User text without control characters: some calendar parsers stop at the first one.
    vevent.add("summary", clean(event.get("summary") or ""))
    description = clean(event.get("description") or "")
    link = tel_uri(event.get("phone") or "")
    if link:
        vevent.add("url", link, parameters={"VALUE": "URI"})
        what = str(event.get("what") or "")
        if what == "call" or what.startswith("checkin"):
            description = f"{description}\n\n{link}" if description else link
    if description:
        vevent.add("description", description)
    vevent.add("status", event.get("status") or "CONFIRMED")
    vevent.add("transp", "TRANSPARENT" if event.get("status") == "CANCELLED" else "OPAQUE")
    vevent.add("categories", ["Cierre"])
    vevent.add(FINGERPRINT_PROP, fingerprint(event))
    if event.get("status") != "CANCELLED":
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", clean(event.get("reminder") or event.get("summary") or "") or "Cierre")
        alarm.add("trigger", timedelta(minutes=-int(event.get("alarm_minutes") or 0)), parameters={"RELATED": "START"})
        vevent.add_component(alarm)
    return vevent


def build_vtodo(event: dict[str, Any], sequence: int, stamp: datetime) -> Todo:
    """An action item as a to-do: DUE a DATE when the user gave a day, the closure in the description,
    and a reminder when working hours open (a day-only task) or `alarm_minutes` before its time."""
    todo = Todo()
    todo.add("uid", event["uid"])
    todo.add("dtstamp", stamp.astimezone(timezone.utc))
    todo.add("last-modified", stamp.astimezone(timezone.utc))
    if event.get("due_date"):
        todo.add("due", date.fromisoformat(event["due_date"]))
    else:
        todo.add("due", _parse_utc(event["start"]).astimezone(_zone(event)))
    todo.add("sequence", int(sequence))
    todo.add("summary", clean(event.get("summary") or ""))
    if event.get("description"):
        todo.add("description", clean(event["description"]))
    status = event.get("status") or "NEEDS-ACTION"
    todo.add("status", status)
    if status == "COMPLETED":
        todo.add("percent-complete", 100)
        done_at = _parse_utc(event["completed"]) if event.get("completed") else stamp
        todo.add("completed", done_at.astimezone(timezone.utc))
    todo.add("categories", ["Cierre"])
    todo.add(FINGERPRINT_PROP, fingerprint(event))
    if status == "NEEDS-ACTION":
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", clean(event.get("reminder") or event.get("summary") or "") or "Cierre")
        if event.get("due_date"):  # DUE is that day's midnight, wherever the device is: open of working hours
            trigger = timedelta(minutes=int(event.get("alarm_after_midnight") or 0))
        else:
            trigger = timedelta(minutes=-int(event.get("alarm_minutes") or 0))
        alarm.add("trigger", trigger, parameters={"RELATED": "END"})  # END of a to-do is its DUE
        todo.add_component(alarm)
    return todo


def build_component(event: dict[str, Any], sequence: int, stamp: datetime) -> Event | Todo:
    return build_vtodo(event, sequence, stamp) if event.get("component") == "VTODO" else build_vevent(event, sequence, stamp)


def new_calendar(name: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    return cal


def event_calendar(event: dict[str, Any], sequence: int, stamp: datetime) -> bytes:
    """One event as the body of a CalDAV PUT: a VCALENDAR with its VTIMEZONE."""
    cal = new_calendar()
    cal.add_component(build_component(event, sequence, stamp))
    _add_timezones(cal, [event])
    return cal.to_ical()


def calendar_file(items: Iterable[tuple[dict[str, Any], int, datetime]], name: str = "Cierre") -> bytes:
    """Many events (event, sequence, stamp) as one importable `.ics` file."""
    cal = new_calendar(name)
    items = sorted(items, key=lambda item: (item[0]["start"], item[0]["uid"]))
    for event, sequence, stamp in items:
        cal.add_component(build_component(event, sequence, stamp))
    _add_timezones(cal, [event for event, _, _ in items])
    return cal.to_ical()


def _add_timezones(cal: Calendar, events: list[dict[str, Any]]) -> None:
    """VTIMEZONEs covering the events' years only: the full 1970-2038 table is 4 KB per zone."""
    if not events:
        return
    starts = [_parse_utc(event["start"]).date() for event in events]
    first = date(min(starts).year - 1, 1, 1)
    last = date(max(starts).year + 2, 1, 1)
    cal.add_missing_timezones(first_date=first, last_date=last)


@dataclass(frozen=True)
class ServerEvent:
    """What a sync needs to know about a copy read back from the server."""

    uid: str
    start: datetime | None  # aware, UTC; None for an all-day or unparsable start (a task: its DUE)
    end: datetime | None
    sequence: int
    status: str
    last_modified: datetime | None
    fingerprint: str
    component: str = "VEVENT"
    percent_complete: int = 0
    completed: bool = False  # a task with a COMPLETED time

    @property
    def done(self) -> bool:
        """A task ticked in a task app: apps differ in which of these they set."""
        return self.status == "COMPLETED" or self.percent_complete >= 100 or self.completed


def read_server_event(data: str | bytes, default_zone: ZoneInfo) -> ServerEvent | None:
    """The first VEVENT of a server copy; None when it holds none or does not parse."""
    try:
        cal = Calendar.from_ical(data)
    except Exception:  # a server copy we cannot read is skipped, never fatal
        return None
    for vevent in cal.walk():
        if vevent.name not in ("VEVENT", "VTODO") or vevent.get("recurrence-id") is not None:
            continue
        task = vevent.name == "VTODO"
        return ServerEvent(
            uid=str(vevent.get("uid", "")),
            start=_moment(vevent, "due" if task else "dtstart", default_zone),
            end=_moment(vevent, "due" if task else "dtend", default_zone),
            sequence=_int(vevent.get("sequence")),
            status=str(vevent.get("status", "NEEDS-ACTION" if task else "CONFIRMED")).upper(),
            last_modified=_moment(vevent, "last-modified", default_zone),
            fingerprint=str(vevent.get(FINGERPRINT_PROP, "")),
            component=vevent.name,
            percent_complete=_int(vevent.get("percent-complete")),
            completed=vevent.get("completed") is not None,
        )
    return None


def _moment(vevent: Event, name: str, default_zone: ZoneInfo) -> datetime | None:
    prop = vevent.get(name)
    if prop is None:
        return None
    value = getattr(prop, "dt", None)
    if not isinstance(value, datetime):
        return None  # an all-day date: not a time we can take into a call slot
    if value.tzinfo is None:  # floating time: the user's own zone
        value = value.replace(tzinfo=default_zone)
    return value.astimezone(timezone.utc)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


__all__ = [
    "ServerEvent",
    "build_component",
    "build_vevent",
    "build_vtodo",
    "calendar_file",
    "event_calendar",
    "fingerprint",
    "read_server_event",
    "tel_uri",
]
