"""Property tests of the call slot: inside working hours, never before the recovery ends, the first
such instant, across daylight-saving changes and week-ends, for any valid working-hours spec."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from core_support import make_settings
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from cierre.domain.model import Closure, Kind
from cierre.domain.schedule import RECOVERY, Planner, ScheduleError, WorkHours, first_slot
from cierre.settings import SettingsError

ZONES = ["Europe/Madrid", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]
# Daylight-saving changes of 2026, in UTC: recoveries ending around them are the interesting ones.
TRANSITIONS = [
    datetime(2026, 3, 29, 1, tzinfo=timezone.utc),
    datetime(2026, 10, 25, 1, tzinfo=timezone.utc),  # Madrid
    datetime(2026, 3, 8, 7, tzinfo=timezone.utc),
    datetime(2026, 11, 1, 6, tzinfo=timezone.utc),  # New York
    datetime(2026, 4, 4, 15, tzinfo=timezone.utc),
    datetime(2026, 10, 3, 15, 30, tzinfo=timezone.utc),  # Lord Howe (30 min)
]
DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@st.composite
def work_hours(draw) -> WorkHours:
    """Any valid spec: a non-empty set of days, one to three ordered, non-overlapping minute ranges."""
    days = draw(st.sets(st.integers(0, 6), min_size=1))
    count = draw(st.integers(1, 3))
    cuts = sorted(draw(st.lists(st.integers(0, 24 * 60), min_size=2 * count, max_size=2 * count, unique=True)))
    ranges = []
    for start, end in zip(cuts[::2], cuts[1::2]):
        ranges.append((time(start // 60, start % 60), time.max if end == 24 * 60 else time(end // 60, end % 60)))
    return WorkHours(frozenset(days), tuple(ranges))


def spec_text(hours: WorkHours) -> str:
    days = ",".join(DAY_NAMES[d] for d in sorted(hours.days))
    parts = [f"{a:%H:%M}-{'24:00' if b == time.max else format(b, '%H:%M')}" for a, b in hours.ranges]
    return f"{days} {','.join(parts)}"


moments = st.one_of(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(timezone.utc)),
    st.builds(
        lambda t, minutes: t + timedelta(minutes=minutes) - RECOVERY,
        st.sampled_from(TRANSITIONS),
        st.integers(-3 * 24 * 60, 3 * 24 * 60),
    ),
)


def inside(moment: datetime, hours: WorkHours, tz: ZoneInfo) -> bool:
    """Written apart from coach.schedule.within on purpose: the test's own idea of 'working time'."""
    local = moment.astimezone(tz)
    wall = time(local.hour, local.minute, local.second, local.microsecond)
    return local.weekday() in hours.days and any(a <= wall < b for a, b in hours.ranges)


def brute_first_slot(at: datetime, hours: WorkHours, tz: ZoneInfo) -> datetime:
    """Minute by minute in UTC: every zone here changes offset on a whole minute."""
    if inside(at, hours, tz):
        return at
    probe = at.replace(second=0, microsecond=0) + timedelta(minutes=1)
    for _ in range(9 * 24 * 60):
        if inside(probe, hours, tz):
            return probe
        probe += timedelta(minutes=1)
    raise AssertionError("no working minute within nine days")


def utc(moment: datetime) -> datetime:
    """Compare instants in UTC: under PEP 495 a time in a repeated hour never equals one in another zone."""
    return moment.astimezone(timezone.utc)


def closure_received(at: datetime) -> Closure:
    return Closure(kind=Kind.LOST, client="Acme", received_at=at, created_at=at)


@settings(max_examples=120, deadline=None)
@given(received=moments, hours=work_hours(), zone=st.sampled_from(ZONES))
@example(
    received=datetime(2026, 3, 28, 0, 10, tzinfo=timezone.utc), hours=WorkHours.parse("Mon-Sun 01:30-03:30"), zone="Europe/Madrid"
)
@example(
    received=datetime(2026, 3, 28, 0, 45, tzinfo=timezone.utc),
    hours=WorkHours.parse("Sun 02:00-02:30,02:45-03:10"),
    zone="Europe/Madrid",
)
@example(
    received=datetime(2026, 10, 24, 0, 30, tzinfo=timezone.utc), hours=WorkHours.parse("Sun 02:15-02:45"), zone="Europe/Madrid"
)
@example(
    received=datetime(2026, 3, 7, 6, 30, tzinfo=timezone.utc), hours=WorkHours.parse("Sun 01:30-03:30"), zone="America/New_York"
)
@example(
    received=datetime(2026, 10, 31, 6, 20, tzinfo=timezone.utc),  # ends at the second 01:20 of the night
    hours=WorkHours.parse("Sun 01:15-01:45"),
    zone="America/New_York",
)
@example(
    received=datetime(2026, 10, 31, 5, 50, tzinfo=timezone.utc),  # between the two 01:15-01:45
    hours=WorkHours.parse("Sun 01:15-01:45"),
    zone="America/New_York",
)
@example(
    received=datetime(2026, 10, 31, 5, 40, tzinfo=timezone.utc),  # the clocks go back into the range
    hours=WorkHours.parse("Sun 00:30-01:30"),
    zone="America/New_York",
)
def test_call_slot_is_the_first_working_instant_after_recovery(received, hours, zone):
    tz = ZoneInfo(zone)
    slot = Planner(hours, tz).call_slot(closure_received(received))
    recovery_end = received + RECOVERY
    assert slot >= recovery_end, "the call comes before the recovery ends"
    assert inside(slot, hours, tz), f"{slot.astimezone(tz)} is outside {hours}"
    assert utc(slot) == utc(brute_first_slot(recovery_end, hours, tz)), "an earlier working instant was skipped"
    assert slot.tzinfo is not None


def test_dst_gap_inside_working_hours_madrid():
    """01:30-03:30 on the night clocks jump from 02:00 to 03:00: no call at a wall time that does not exist."""
    tz, hours = ZoneInfo("Europe/Madrid"), WorkHours.parse("Mon-Sun 01:30-03:30")
    # Recovery ends at 01:10 CET: the range opens at 01:30 CET.
    slot = first_slot(datetime(2026, 3, 29, 0, 10, tzinfo=timezone.utc), hours, tz)
    assert slot == datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc)
    # Recovery ends when the clock jumps (01:00 UTC = 03:00 CEST): still inside the range.
    slot = first_slot(datetime(2026, 3, 29, 1, 0, tzinfo=timezone.utc), hours, tz)
    assert slot == datetime(2026, 3, 29, 1, 0, tzinfo=timezone.utc)
    assert slot.astimezone(tz).strftime("%H:%M %Z") == "03:00 CEST"
    # A range wholly inside the gap does not exist that day: the next Sunday's is taken.
    slot = first_slot(datetime(2026, 3, 28, 23, 0, tzinfo=timezone.utc), WorkHours.parse("Sun 02:10-02:50"), tz)
    assert slot.astimezone(tz) == datetime(2026, 4, 5, 2, 10, tzinfo=tz)


def test_repeated_hour_when_clocks_go_back_new_york():
    tz, hours = ZoneInfo("America/New_York"), WorkHours.parse("Sun 01:15-01:45")
    # 05:20 UTC is 01:20 EDT, the first of the two 01:20s that night.
    slot = first_slot(datetime(2026, 11, 1, 5, 20, tzinfo=timezone.utc), hours, tz)
    assert utc(slot) == datetime(2026, 11, 1, 5, 20, tzinfo=timezone.utc)
    # 06:20 UTC is 01:20 EST, the second one: also working time.
    slot = first_slot(datetime(2026, 11, 1, 6, 20, tzinfo=timezone.utc), hours, tz)
    assert utc(slot) == datetime(2026, 11, 1, 6, 20, tzinfo=timezone.utc)
    # Before the first 01:15 of the night, the range opens at the first 01:15 (EDT).
    slot = first_slot(datetime(2026, 11, 1, 4, 0, tzinfo=timezone.utc), hours, tz)
    assert utc(slot) == datetime(2026, 11, 1, 5, 15, tzinfo=timezone.utc)


def test_week_end_moves_the_call_to_monday():
    tz, hours = ZoneInfo("Europe/Madrid"), WorkHours.parse("Mon-Fri 09:00-18:00")
    friday_evening = datetime(2026, 2, 13, 19, 30, tzinfo=tz)  # recovery ends Saturday 19:30
    slot = Planner(hours, tz).call_slot(closure_received(friday_evening.astimezone(timezone.utc)))
    assert slot.astimezone(tz) == datetime(2026, 2, 16, 9, 0, tzinfo=tz)
    thursday_noon = datetime(2026, 2, 12, 12, 0, tzinfo=tz)  # ends Friday 12:00, inside hours: exactly then
    assert Planner(hours, tz).call_slot(closure_received(thursday_noon)).astimezone(tz) == datetime(2026, 2, 13, 12, 0, tzinfo=tz)


def test_a_range_up_to_midnight_and_a_wrapping_day_list():
    tz = ZoneInfo("Europe/Madrid")
    hours = WorkHours.parse("Fri-Mon 20:00-24:00")
    assert hours.days == frozenset({4, 5, 6, 0})
    slot = first_slot(datetime(2026, 2, 10, 23, 30, tzinfo=tz), hours, tz)  # Tuesday night
    assert slot == datetime(2026, 2, 13, 20, 0, tzinfo=tz)
    assert first_slot(datetime(2026, 2, 13, 23, 59, 30, tzinfo=tz), hours, tz) == datetime(2026, 2, 13, 23, 59, 30, tzinfo=tz)


# --- parsing the spec ------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(hours=work_hours())
def test_any_valid_spec_parses_back_to_itself(hours):
    parsed = WorkHours.parse(spec_text(hours))
    assert parsed == hours
    assert WorkHours.parse(str(parsed)).days == hours.days


@pytest.mark.parametrize(
    "spec, days",
    [
        ("Mon-Fri 09:00-18:00", {0, 1, 2, 3, 4}),
        ("  mon , wed  8:30-12:00 , 15:00-19:00 ", {0, 2}),
        ("Lun-Vie 09:00-14:00", {0, 1, 2, 3, 4}),
        ("sáb-dom 10:00-13:00", {5, 6}),
        ("Monday-Friday 09:00-17:00", {0, 1, 2, 3, 4}),
        ("Sun 00:00-24:00", {6}),
    ],
)
def test_accepted_spellings(spec, days):
    assert WorkHours.parse(spec).days == frozenset(days)


MALFORMED = [
    "",
    "   ",
    "Mon-Fri",
    "09:00-18:00",
    "Mon-Fri 9-18",
    "Mon-Fri 18:00-09:00",
    "Mon-Fri 09:00-09:00",
    "Funday 09:00-10:00",
    "Mon-Fri 09:00-12:00,11:00-13:00",
    "Mon-Fri 25:00-26:00",
    "Mon-Fri 09:60-10:00",
    "Mon-Fri 09:00-24:30",
    "Mon-Fri 09:00-18:00,",
    "Mon--Fri 09:00-18:00",
    "Mon-Tue-Wed 09:00-10:00",
    "Mon-Fri 09:00 18:00",
    "Mon-Fri 0900-1800",
    "Mon-Fri 09:00-18:00 extra",
]


@pytest.mark.parametrize("spec", MALFORMED)
def test_malformed_specs_raise_schedule_error(spec, tmp_path):
    with pytest.raises(ScheduleError):
        WorkHours.parse(spec)
    with pytest.raises(SettingsError) as caught:
        make_settings(tmp_path, work_hours=spec)
    message = str(caught.value)
    assert message.startswith("CIERRE_WORK_HOURS:") and "\n" not in message
    assert "Mon-Fri 09:00-18:00" in message or "end before" in message  # says the accepted form


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("MonTuesWdhFrS-,: 0123456789lunviáé\t"), max_size=40) | st.text(max_size=30))
def test_parse_never_fails_with_anything_but_schedule_error(text):
    try:
        hours = WorkHours.parse(text)
    except ScheduleError:
        return
    assume(hours.days)
    assert all(a < b for a, b in hours.ranges)


def test_a_range_to_midnight_prints_as_24_00_and_parses_back():
    hours = WorkHours.parse("Mon-Fri 22:00-24:00")
    assert str(hours) == "Mon,Tue,Wed,Thu,Fri 22:00-24:00"
    assert WorkHours.parse(str(hours)) == hours
