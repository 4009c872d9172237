"""No CalDAV server: the outbox goes to `calendar.ics` in the data folder."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta

import pytest
from icalendar import Calendar

from cierre.integrations.calendar import run_sync, sync_status
from cierre.integrations.calendar.local_ics import local_path


def _file_events(c):
    return {str(v["uid"]): v for v in Calendar.from_ical(local_path(c.settings).read_bytes()).walk("VEVENT")}


def test_sync_writes_the_file_and_follows_the_closure(make_coach, clock):
    c = make_coach()
    closure = c.new_closure("lost", "Acme", phone="+34 600", received_at=clock.now)
    uid = f"{closure.id}-call@cierre.local"
    report = run_sync(c)
    assert report.ok and report.target == "ics" and report.delivered == 1 and report.pending == 0
    first = _file_events(c)[uid]
    assert int(first["sequence"]) == 0

    path = local_path(c.settings)
    before = path.stat().st_mtime_ns
    idle = run_sync(c)
    assert idle.ok and idle.delivered == 0
    assert path.stat().st_mtime_ns == before  # a no-change sync writes nothing

    c.reschedule_call(closure.id, datetime(2026, 3, 5, 10, 0, tzinfo=first["dtstart"].dt.tzinfo))
    assert run_sync(c).ok
    moved = _file_events(c)[uid]
    assert moved["dtstart"].dt.hour == 10 and int(moved["sequence"]) == 1

    c.archive(closure.id)
    assert run_sync(c).ok
    gone = _file_events(c)[uid]
    assert str(gone["status"]) == "CANCELLED" and int(gone["sequence"]) == 2


def test_done_steps_cancel_their_event_and_the_next_one_appears(make_coach, clock):
    c = make_coach()
    closure = c.new_closure("lost", "Acme", received_at=clock.now)
    run_sync(c)
    c.start_call(closure.id)
    c.end_call(closure.id, "confirmed")
    assert run_sync(c).ok
    events = _file_events(c)
    assert str(events[f"{closure.id}-call@cierre.local"]["status"]) == "CANCELLED"
    assert str(events[f"{closure.id}-debrief@cierre.local"]["status"]) == "CONFIRMED"


def test_never_published_cancellations_and_old_ones_leave_the_file(make_coach, clock):
    c = make_coach()
    quick = c.new_closure("lost", "Quick", received_at=clock.now)
    c.archive(quick.id)  # created and archived before any sync
    kept = c.new_closure("lost", "Kept", received_at=clock.now)
    run_sync(c)
    c.archive(kept.id)
    run_sync(c)
    events = _file_events(c)
    assert f"{quick.id}-call@cierre.local" not in events
    assert f"{kept.id}-call@cierre.local" in events
    clock.now += timedelta(days=45)
    c.new_closure("lost", "Later", received_at=clock.now)
    run_sync(c)
    # Over for weeks, but a subscriber that was off since may not have seen the cancellation yet.
    assert str(_file_events(c)[f"{kept.id}-call@cierre.local"]["status"]) == "CANCELLED"
    clock.now += timedelta(days=46)  # 91 days after the cancellation was written
    c.new_closure("lost", "Even later", received_at=clock.now)
    run_sync(c)
    assert f"{kept.id}-call@cierre.local" not in _file_events(c)  # cancelled and long over


def test_an_event_cancelled_long_after_it_ended_still_writes_its_cancellation(make_coach, clock):
    c = make_coach()
    closure = c.new_closure("lost", "Forgotten", received_at=clock.now)
    run_sync(c)
    uid = f"{closure.id}-call@cierre.local"
    clock.now += timedelta(days=60)  # the call slot is two months in the past
    c.archive(closure.id)
    run_sync(c)
    assert str(_file_events(c)[uid]["status"]) == "CANCELLED"


def test_a_cancellation_stays_while_the_event_is_still_ahead(make_coach, clock):
    c = make_coach()
    closure = c.new_closure("lost", "Far", received_at=clock.now)
    c.reschedule_call(closure.id, clock.now + timedelta(days=200))
    run_sync(c)
    c.archive(closure.id)
    run_sync(c)
    clock.now += timedelta(days=120)  # past the 90 days, the event still ahead
    c.new_closure("lost", "Other", received_at=clock.now)
    run_sync(c)
    assert str(_file_events(c)[f"{closure.id}-call@cierre.local"]["status"]) == "CANCELLED"


def test_a_file_that_cannot_be_written_keeps_the_outbox(make_coach, clock):
    c = make_coach()
    c.new_closure("lost", "Acme", received_at=clock.now)
    local_path(c.settings).mkdir()  # a folder where the file should go
    report = run_sync(c)
    assert not report.ok and report.error_kind == "file"
    assert "cannot write" in report.error and report.pending == 1
    assert c.outbox.count() == 1
    status = sync_status(c)
    assert status["pending"] == 1 and status["ok"] is False and "cannot write" in status["last_error"]


def test_cli_sync_status_and_export(make_coach, clock, capsys, monkeypatch, tmp_path):
    from cierre.__main__ import main

    c = make_coach()
    c.new_closure("lost", "Acme", received_at=clock.now)
    monkeypatch.setenv("CIERRE_DATA_DIR", str(c.settings.data_dir))
    assert main(["calendar-status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pending"] == 1
    assert main(["sync"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "calendar up to date" in out
    assert main(["export-ics", "-o", str(tmp_path)]) == 0
    written = tmp_path / "cierre.ics"
    assert capsys.readouterr().out.strip() == str(written)
    assert written.read_bytes() == local_path(c.settings).read_bytes()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_local_file_is_private(make_coach, clock):
    c = make_coach()
    c.new_closure("lost", "Acme", received_at=clock.now)
    run_sync(c)
    assert local_path(c.settings).stat().st_mode & 0o077 == 0
