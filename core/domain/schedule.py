"""When each step is due, computed from stored timestamps only.

Nothing here counts ticks: every timer on screen is `due - now` with an
injectable clock, so quitting, a crash or a reboot changes nothing.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from cierre.domain import checkins
from cierre.domain.checkins import Planned
from cierre.domain.model import Closure, Kind, Status
from cierre.domain.record import FrozenRecord

RECOVERY = timedelta(hours=24)
CALL_LENGTH = timedelta(minutes=30)
DEBRIEF_LENGTH = timedelta(minutes=45)
PERSPECTIVE_PAUSE = timedelta(hours=4)  # a short pause before answering a departure
HANDOVER_WINDOW = timedelta(days=14)  # testimonial or referral ask within two weeks
RESTART_WINDOW = timedelta(days=7)
RETRY_GAP = timedelta(days=1)  # a call not reached is tried again the next working day
RENEWAL_LEAD = checkins.RENEWAL_LEAD
# The steps after which a closure keeps in touch: a departure's relationship, a lost proposal
# once its debrief is done (start again, then finished).
KEEPING_IN_TOUCH = {Kind.DEPARTURE: ("relationship", "done"), Kind.LOST: ("restart", "done")}

DAY_NAMES = {
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
    "lun": 0,
    "mar": 1,
    "mie": 2,
    "mié": 2,
    "jue": 3,
    "vie": 4,
    "sab": 5,
    "sáb": 5,
    "dom": 6,
}


class ScheduleError(ValueError):
    """Said in the process's language: the settings show it as it is (CIERRE_WORK_HOURS: ...)."""

    def __init__(self, key: str, **values: str) -> None:
        from cierre.domain.texts import say

        super().__init__(say(f"errors.{key}", form=say("errors.hours_form"), **values))


class WorkHours(FrozenRecord):
    _fields = _compare = ("days", "ranges")

    def __init__(self, days: frozenset[int], ranges: tuple[tuple[time, time], ...]) -> None:
        self._set(days=days, ranges=ranges)

    @classmethod
    def parse(cls, text: str) -> WorkHours:
        match = re.fullmatch(r"\s*([^\d\s]+(?:\s*[-,]\s*[^\d\s]+)*)\s+(\d.*?)\s*", text or "")
        if not match:
            raise ScheduleError("hours_expected")
        days = _parse_days(match.group(1))
        ranges = tuple(_parse_range(part) for part in match.group(2).split(","))
        ordered = sorted(ranges)
        for (_, end), (start, _) in zip(ordered, ordered[1:]):
            if start < end:
                raise ScheduleError("hours_overlap")
        return cls(frozenset(days), tuple(ordered))

    def __str__(self) -> str:
        names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        days = ",".join(names[d] for d in sorted(self.days))
        hours = ",".join(f"{a:%H:%M}-{'24:00' if b == time.max else format(b, '%H:%M')}" for a, b in self.ranges)
        return f"{days} {hours}"


def _parse_days(text: str) -> set[int]:
    days: set[int] = set()
    for part in re.split(r"\s*,\s*", text.strip().lower()):
        bounds = [b.strip()[:3] for b in part.split("-")]
        if len(bounds) not in (1, 2) or any(b not in DAY_NAMES for b in bounds):
            raise ScheduleError("hours_day", day=part)
        first, last = DAY_NAMES[bounds[0]], DAY_NAMES[bounds[-1]]
        day = first
        while True:
            days.add(day)
            if day == last:
                break
            day = (day + 1) % 7
    return days


def _parse_range(text: str) -> tuple[time, time]:
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", text)
    if not match:
        raise ScheduleError("hours_bad", hours=text.strip())
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise ScheduleError("hours_bad", hours=text.strip())
    start = time(h1, m1)
    end = time.max if h2 == 24 else time(h2, m2)
    if end <= start:
        raise ScheduleError("hours_backwards", hours=text.strip())
    return start, end


def _exists(local: datetime, tz: ZoneInfo) -> bool:
    """False for wall times skipped by a daylight-saving jump."""
    round_trip = local.replace(tzinfo=tz).astimezone(timezone.utc).astimezone(tz)
    return round_trip.replace(tzinfo=None) == local


def _aware(local: datetime, tz: ZoneInfo, fold: int = 0) -> datetime:
    """A wall time in tz; a time inside a DST gap moves to the first instant after it.

    `fold=1` picks the second occurrence of a wall time repeated when the clocks go back.
    """
    if _exists(local, tz):
        return local.replace(tzinfo=tz, fold=fold)
    probe = local
    while not _exists(probe, tz):
        probe += timedelta(minutes=1)
    return probe.replace(tzinfo=tz)


def _offset_change(day: date, tz: ZoneInfo) -> datetime | None:
    """The instant the zone's UTC offset changes during `day`, if it does (to the second)."""
    start, end = datetime.combine(day, time(0, 0)), datetime.combine(day + timedelta(days=1), time(0, 0))
    if tz.utcoffset(start) == tz.utcoffset(end):  # the cheap test: most days have no change
        return None
    low = _aware(start, tz).astimezone(timezone.utc)
    high = _aware(end, tz).astimezone(timezone.utc)
    before = low.astimezone(tz).utcoffset()
    # Offsets change on a whole second: bisect over seconds since the epoch.
    lo, hi = int(low.timestamp()), int(high.timestamp())
    while hi - lo > 1:
        middle = (lo + hi) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == before:
            lo = middle
        else:
            hi = middle
    return datetime.fromtimestamp(hi, timezone.utc)


def first_slot(at: datetime, hours: WorkHours, tz: ZoneInfo) -> datetime:
    """The first instant at or after `at` that falls inside working hours, in `tz`.

    Working time starts either at a range's opening wall time (both occurrences of it on the night
    the clocks go back) or at the instant the clocks change (jumping into a range); the first of
    those candidates that `within` accepts is the slot.
    """
    if not hours.days:
        raise ScheduleError("hours_no_day")
    if within(at, hours, tz):
        return at.astimezone(tz)
    first_day: date = at.astimezone(tz).date()
    candidates: list[datetime] = []
    for offset in range(9):  # a week ahead, with room for DST oddities
        day = first_day + timedelta(days=offset)
        if day.weekday() in hours.days:
            for start, _ in hours.ranges:
                opening = _aware(datetime.combine(day, start), tz)
                candidates.append(opening.astimezone(timezone.utc))
                repeated = opening.replace(fold=1)
                if repeated.utcoffset() != opening.utcoffset():  # the clocks went back over it
                    candidates.append(repeated.astimezone(timezone.utc))
        change = _offset_change(day, tz)
        if change is not None:
            candidates.append(change)
        valid = [c for c in candidates if c > at and within(c, hours, tz)]
        # Later days' candidates all come after the next midnight: stop at the first day that has one.
        if valid and min(valid) <= _aware(datetime.combine(day + timedelta(days=1), time(0, 0)), tz):
            return min(valid).astimezone(tz)
    raise ScheduleError("hours_none_in_week")


def within(moment: datetime, hours: WorkHours, tz: ZoneInfo) -> bool:
    local = moment.astimezone(tz)
    if local.weekday() not in hours.days:
        return False
    wall = local.time().replace(tzinfo=None)
    return any(start <= wall < end for start, end in hours.ranges)


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    days_in_month = [31, 29 if _leap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return moment.replace(year=year, month=month, day=min(moment.day, days_in_month))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


class Planner(FrozenRecord):
    """Due times for a closure under the user's working hours and zone."""

    _fields = _compare = ("hours", "tz")

    def __init__(self, hours: WorkHours, tz: ZoneInfo) -> None:
        self._set(hours=hours, tz=tz)

    def recovery_end(self, closure: Closure) -> datetime:
        return closure.received_at + RECOVERY

    def call_slot(self, closure: Closure) -> datetime:
        if closure.call_at is not None:
            return closure.call_at
        return first_slot(self.recovery_end(closure), self.hours, self.tz)

    def retry_slot(self, now: datetime) -> datetime:
        return first_slot(now + RETRY_GAP, self.hours, self.tz)

    def slot_after(self, moment: datetime) -> datetime:
        """Reminders land in working hours, never at the minute a step happened to start."""
        return first_slot(moment, self.hours, self.tz)

    def day_opening(self, day: date) -> datetime:
        """When working hours open on `day` (their first range), in the user's zone, on any weekday:
        a task due that day is reminded then, never at midnight or in the evening before."""
        opening = self.hours.ranges[0][0] if self.hours.ranges else time(9, 0)
        return datetime.combine(day, opening).replace(tzinfo=self.tz)

    def restart_reminder(self, closure: Closure) -> datetime:
        return self.slot_after(self.step_started(closure, "restart") + RESTART_WINDOW)

    def debrief_slot(self, closure: Closure) -> datetime:
        if closure.debrief_at is not None:
            return closure.debrief_at
        call_done = closure.steps.get("call")
        after = call_done.finished_at if call_done and call_done.finished_at else self.call_slot(closure)
        return first_slot(after + timedelta(days=1), self.hours, self.tz)

    def conversation_slot(self, closure: Closure) -> datetime:
        if closure.call_at is not None:
            return closure.call_at
        return first_slot(closure.received_at + PERSPECTIVE_PAUSE, self.hours, self.tz)

    def step_started(self, closure: Closure, step: str) -> datetime:
        record = closure.steps.get(step)
        return record.started_at if record and record.started_at else closure.created_at

    def due(self, closure: Closure, step: str | None = None) -> datetime | None:
        """When `step` (default: the current one) should be done; None when nothing is due."""
        step = step or closure.step
        if closure.status in (Status.REOPENED, Status.WON_BACK, Status.OPPORTUNITY) or closure.archived:
            return None
        match step:
            case "recover":
                return self.recovery_end(closure)
            case "call":
                return self.call_slot(closure)
            case "debrief":
                return self.debrief_slot(closure)
            case "restart":
                open_items = [a.due for a in closure.actions if a.done_at is None]
                return min(open_items) if open_items else self.restart_reminder(closure)
            case "perspective":
                return closure.received_at + PERSPECTIVE_PAUSE
            case "conversation":
                return self.conversation_slot(closure)
            case "handover":
                return self.slot_after(self.step_started(closure, step) + HANDOVER_WINDOW)
            case "relationship" | "done":
                return self.next_checkin(closure)
        return None

    def overdue(self, closure: Closure, now: datetime) -> bool:
        due = self.due(closure)
        return due is not None and now > due

    def recovery_overrun(self, closure: Closure) -> timedelta | None:
        """How far the recovery ran past 24 hours, once it ended; None when it kept the window."""
        record = closure.steps.get("recover")
        if record is None or record.finished_at is None:
            return None
        over = record.finished_at - self.recovery_end(closure)
        return over if over > timedelta(0) else None

    # --- the relationship outlives the account; a lost proposal is not forgotten ----
    def keeps_in_touch(self, closure: Closure) -> bool:
        """Whether the closure plans check-ins now (see checkins.py)."""
        if closure.archived or closure.status not in (Status.OPEN, Status.DONE):
            return False
        return closure.step in KEEPING_IN_TOUCH[closure.kind]

    def relationship_only(self, closure: Closure) -> bool:
        return checkins.relationship_only(closure)

    def next_checkin(self, closure: Closure) -> datetime:
        return self.checkin_plan(closure, 1)[0].at

    def renewal_checkin(self, closure: Closure) -> datetime | None:
        """A price departure with a renewal date: a call of its own just before it."""
        return checkins.renewal_due(closure)

    def checkin_plan(self, closure: Closure, count: int = 3) -> list[Planned]:
        """The next check-ins, each labelled and inside working hours (a call to make), soonest first:
        `count` regular ones if each is made on its date, and the renewal or named moment ahead."""
        return [Planned(self.slot_after(p.at), p.label) for p in checkins.plan(closure, add_months, count)]
