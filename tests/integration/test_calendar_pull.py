"""An event moved in the calendar app comes back into the closure; conflicts follow the later edit."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from calendar_helpers import calendar_url, coach, edit_on_server, run_cierre, server_events

from cierre.integrations.calendar.ics import FINGERPRINT_PROP, fingerprint
from cierre.integrations.calendar.sync import run_sync

pytestmark = pytest.mark.servers
MADRID = ZoneInfo("Europe/Madrid")


def _move(start: datetime, *, modified: datetime):
    def change(vevent) -> None:
        length = vevent["dtend"].dt - vevent["dtstart"].dt
        for name in ("dtstart", "dtend", "sequence", "last-modified"):
            vevent.pop(name, None)
        vevent.add("dtstart", start)
        vevent.add("dtend", start + length)
        vevent.add("sequence", 7)  # some apps raise it a lot
        vevent.add("last-modified", modified)

    return change


def _synced_closure(capsys) -> tuple[str, str, str]:
    code, out, _ = run_cierre(capsys, "new", "--kind", "lost", "--client", "Acme", "--received", "2026-03-02T16:30:00+01:00")
    assert code == 0
    cid = out.strip()
    assert run_cierre(capsys, "sync")[0] == 0
    return cid, f"{cid}-call@cierre.local", calendar_url(coach())


def test_a_call_moved_in_the_calendar_comes_back(dav_server, use_server, capsys):
    use_server(dav_server)
    cid, uid, url = _synced_closure(capsys)
    new_time = datetime(2026, 3, 5, 12, 15, tzinfo=MADRID)
    edit_on_server(dav_server, url, uid, _move(new_time, modified=datetime.now(timezone.utc)))

    c = coach()
    report = run_sync(c)
    assert report.ok, report.error
    assert report.pulled == 1
    assert c.get(cid).call_at == new_time
    event = server_events(dav_server, url)[uid]
    assert len(event) == 1
    assert event[0]["dtstart"].dt == new_time
    assert int(event[0]["sequence"]) > 7  # above the app's own SEQUENCE
    planned = c.events.plan(c.get(cid))[uid]
    assert str(event[0][FINGERPRINT_PROP]) == fingerprint(planned)  # Cierre's version, at the new time
    again = run_sync(c)
    assert again.ok and again.pulled == 0 and again.delivered == 0
    assert again.requests <= 2


def test_both_sides_moved_and_cierre_is_later(radicale, use_server, capsys):
    use_server(radicale)
    cid, uid, url = _synced_closure(capsys)
    app_time = datetime(2026, 3, 5, 9, 0, tzinfo=MADRID)
    edit_on_server(radicale, url, uid, _move(app_time, modified=datetime.now(timezone.utc) - timedelta(hours=1)))
    run_cierre(capsys, "call", cid, "reschedule", "--at", "2026-03-06T17:00")

    c = coach()
    report = run_sync(c)
    assert report.ok, report.error
    assert len(report.conflicts) == 1 and "Cierre's time" in report.conflicts[0]
    assert c.get(cid).call_at == datetime(2026, 3, 6, 17, 0, tzinfo=MADRID)
    assert server_events(radicale, url)[uid][0]["dtstart"].dt == datetime(2026, 3, 6, 17, 0, tzinfo=MADRID)


def test_both_sides_moved_and_the_calendar_app_is_later(radicale, use_server, capsys):
    use_server(radicale)
    cid, uid, url = _synced_closure(capsys)
    run_cierre(capsys, "call", cid, "reschedule", "--at", "2026-03-06T17:00")
    app_time = datetime(2026, 3, 5, 9, 0, tzinfo=MADRID)
    edit_on_server(radicale, url, uid, _move(app_time, modified=datetime.now(timezone.utc) + timedelta(minutes=5)))

    c = coach()
    report = run_sync(c)
    assert report.ok, report.error
    assert "the calendar app's time" in report.conflicts[0]
    assert c.get(cid).call_at == app_time
    assert server_events(radicale, url)[uid][0]["dtstart"].dt == app_time


def test_a_title_edit_alone_changes_nothing_in_the_closure(radicale, use_server, capsys):
    use_server(radicale)
    cid, uid, url = _synced_closure(capsys)
    before = coach().get(cid)

    def retitle(vevent) -> None:
        vevent.pop("summary")
        vevent.add("summary", "My own title")

    edit_on_server(radicale, url, uid, retitle)
    c = coach()
    report = run_sync(c)
    assert report.ok and report.pulled == 0 and report.delivered == 0
    assert c.get(cid).call_at == before.call_at
    assert str(server_events(radicale, url)[uid][0]["summary"]) == "My own title"  # left alone until Cierre changes it
