"""With no server configured the events go to a local .ics: it parses back and imports into Radicale unchanged."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import caldav
import pytest
from calendar_helpers import coach
from icalendar import Calendar

from cierre.integrations.calendar.local_ics import local_path
from cierre.integrations.calendar.sync import run_sync

pytestmark = pytest.mark.servers

COMPARED = ("uid", "summary", "description", "dtstart", "dtend", "sequence", "status", "url")


def _closures(c) -> None:
    now = c.clock()
    lost = c.new_closure(
        "lost", 'Acme; "Quotes", commas \\ and ñ', phone="+34 600 11 22 33", received_at=now - timedelta(hours=3)
    )
    c.set_guess(lost.id, "Price, probably.\nOr timing.")
    c.add_action(lost.id, "Send proposals with two options", now + timedelta(days=5))
    debrief = c.new_closure("lost", "Beta", received_at=now - timedelta(days=2))
    c.start_call(debrief.id)
    c.end_call(debrief.id, "confirmed")
    departed = c.new_closure("departure", "Gamma", received_at=now - timedelta(days=1))
    c.advance(departed.id)
    c.end_call(departed.id, "confirmed")  # hand-over: the referral ask
    kept = c.new_closure("departure", "Delta", received_at=now - timedelta(days=40))
    for _ in range(3):
        c.advance(kept.id)  # relationship: check-ins
    archived = c.new_closure("lost", "Epsilon", received_at=now - timedelta(hours=1))
    run_sync(c)
    c.archive(archived.id)  # published, then cancelled


def _events(data: bytes) -> dict[str, object]:
    return {str(ev["uid"]): ev for ev in Calendar.from_ical(data).walk("VEVENT")}


def _fields(vevent) -> dict[str, object]:
    values = {name: vevent.get(name) for name in COMPARED}
    values["dtstart"], values["dtend"] = vevent["dtstart"].dt, vevent["dtend"].dt
    values = {k: (v if k in ("dtstart", "dtend") else str(v) if v is not None else None) for k, v in values.items()}
    values["alarms"] = [(str(a["action"]), str(a["description"]), a["trigger"].dt) for a in vevent.walk("VALARM")]
    return values


def test_local_ics_parses_back_and_imports_into_radicale(radicale, isolated_environment):
    c = coach()
    assert not c.settings.calendar_configured
    _closures(c)
    report = run_sync(c)
    assert report.ok and report.target == "ics"
    data = local_path(c.settings).read_bytes()
    events = _events(data)
    kinds = {uid.split("-", 1)[1].split("@")[0].split("-")[0] for uid in events}
    assert {"call", "debrief", "referral", "checkin"} <= kinds
    (task,) = Calendar.from_ical(data).walk("VTODO")  # the action item, as a task
    assert str(task["summary"]) == "Action: Send proposals with two options"
    assert any(str(ev["status"]) == "CANCELLED" for ev in events.values())
    parsed = Calendar.from_ical(data)
    assert [tz["tzid"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Madrid"]

    client = caldav.DAVClient(url=radicale.url, username=radicale.username, password=radicale.password, auth_type="basic")
    cal = client.principal().make_calendar(name="Imported")
    timezones = list(parsed.walk("VTIMEZONE"))
    for vevent in parsed.walk("VEVENT"):
        one = Calendar()
        one.add("prodid", "-//import test//EN")
        one.add("version", "2.0")
        for tz in timezones:
            one.add_component(tz)
        one.add_component(vevent)
        cal.add_event(one.to_ical().decode(), increase_seqno=False)  # an import keeps the file as it is
    imported = {}
    for obj in cal.get_objects_by_sync_token(None, load_objects=True):
        for vevent in Calendar.from_ical(obj.data).walk("VEVENT"):
            imported[str(vevent["uid"])] = vevent
    client.close()
    assert set(imported) == set(events)
    for uid, vevent in events.items():
        assert _fields(imported[uid]) == _fields(vevent), uid


def test_export_ics_writes_the_same_events_anywhere(isolated_environment, capsys, tmp_path):
    from calendar_helpers import run_cierre

    c = coach()
    c.new_closure("lost", "Acme", received_at=datetime.now(timezone.utc) - timedelta(hours=1))
    target = tmp_path / "out" / "mine.ics"
    code, out, _ = run_cierre(capsys, "export-ics", "--output", str(target))
    assert code == 0 and out.strip() == str(target)
    queued = _events(target.read_bytes())  # queued changes are in the export before any sync
    code, out, _ = run_cierre(capsys, "export-ics")
    assert _events(out.encode()).keys() == queued.keys()
    assert run_cierre(capsys, "sync")[0] == 0
    synced = _events(local_path(c.settings).read_bytes())
    assert {uid: _fields(ev) for uid, ev in synced.items()} == {uid: _fields(ev) for uid, ev in queued.items()}
