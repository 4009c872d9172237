"""The debrief meeting as an iTIP invitation (RFC 5546, METHOD:REQUEST) the team can accept.

It carries the UID of the calendar's own debrief event: accepting it, or receiving it
again after the meeting moved, updates one meeting instead of adding another.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vCalAddress

PRODID = "-//Cierre//Team debrief//EN"
ALARM_MINUTES = 15


def _address(text: str, **params: str) -> vCalAddress:
    name, address = parseaddr(text)
    value = vCalAddress(f"mailto:{address}")
    if name:
        value.params["CN"] = name
    for key, param in params.items():
        value.params[key.replace("_", "-").upper()] = param
    return value


def sequence_for(created_at: datetime, now: datetime) -> int:
    """Minutes since the closure began: every later send carries a higher SEQUENCE, so calendar
    clients replace the earlier invitation (a moved meeting moves), with no counter to store."""
    return max(0, int((now - created_at).total_seconds() // 60))


def debrief_invitation(
    *,
    uid: str,
    title: str,
    description: str,
    start: datetime,
    length: timedelta,
    tz: ZoneInfo,
    organizer: str,
    attendees: list[str],
    sequence: int,
    stamp: datetime,
    reminder: str = "",
) -> bytes:
    if start.tzinfo is None:  # a caller's mistake, never a user's: every stored time carries its zone
        raise ValueError("the meeting needs an aware start time")
    local_start = start.astimezone(tz)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "REQUEST")

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(timezone.utc))
    event.add("dtstart", local_start)
    event.add("dtend", local_start + length)
    event.add("sequence", sequence)
    event.add("summary", title)
    if description:
        event.add("description", description)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("organizer", _address(organizer))
    for attendee in attendees:
        event.add(
            "attendee", _address(attendee, cutype="INDIVIDUAL", role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="TRUE")
        )
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", reminder or title)
    alarm.add("trigger", timedelta(minutes=-ALARM_MINUTES), parameters={"RELATED": "START"})
    event.add_component(alarm)
    cal.add_component(event)
    # The zone's rules for the meeting's years only: the full table is kilobytes per zone.
    cal.add_missing_timezones(first_date=date(local_start.year - 1, 1, 1), last_date=date(local_start.year + 2, 1, 1))
    return cal.to_ical()
