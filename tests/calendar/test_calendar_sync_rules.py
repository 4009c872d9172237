"""Sync rules that need no server: backoff, one sync at a time, the TLS warning, a missing password."""

from __future__ import annotations

import socket
from datetime import timedelta

from cierre.domain.timeutil import from_iso
from cierre.integrations.calendar import run_sync, sync_status
from cierre.integrations.calendar.report import SyncReport, backoff
from cierre.integrations.calendar.state import CalendarState
from cierre.integrations.calendar.sync import LOCK_NAME
from cierre.storage.lock import FileLock

PASSWORD = {"CIERRE_CALDAV_PASSWORD": "pw-for-tests-5521"}


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/dav/"


def _caldav_coach(make_coach, **env):
    return make_coach(CIERRE_CALDAV_URL=_closed_port_url(), CIERRE_CALDAV_USERNAME="ana", CIERRE_CALDAV_TIMEOUT="2", **env)


def test_backoff_doubles_up_to_half_an_hour():
    assert [backoff(n).total_seconds() for n in range(6)] == [0, 30, 60, 120, 240, 480]
    assert backoff(40) == timedelta(minutes=30)


def test_background_sync_waits_out_the_backoff(make_coach, clock):
    c = _caldav_coach(make_coach)
    c.new_closure("lost", "Acme", received_at=clock.now)
    report = run_sync(c, env=PASSWORD)
    assert not report.ok and report.error_kind == "unreachable" and "connection refused" in report.error
    assert report.pending == 1
    meta = CalendarState(c.store).meta()
    assert from_iso(meta["next_try_at"]) == clock.now + timedelta(seconds=30)

    waiting = run_sync(c, env=PASSWORD, background=True)
    assert waiting.skipped and waiting.requests == 0 and "connection refused" in waiting.error
    assert "waits" in waiting.line()

    clock.now += timedelta(seconds=31)
    again = run_sync(c, env=PASSWORD, background=True)
    assert not again.skipped and again.error_kind == "unreachable"
    assert from_iso(CalendarState(c.store).meta()["next_try_at"]) == clock.now + timedelta(seconds=60)
    assert run_sync(c, env=PASSWORD).skipped is False  # `cierre sync` always tries


def test_one_sync_at_a_time(make_coach, clock, monkeypatch):
    from cierre.integrations.calendar import sync

    waits: list[float] = []

    class RecordingLock(FileLock):
        def __init__(self, path, timeout: float = -1, **kwargs) -> None:
            waits.append(timeout)
            super().__init__(path, timeout=timeout, **kwargs)

    monkeypatch.setattr(sync, "FileLock", RecordingLock)
    c = make_coach()
    c.new_closure("lost", "Acme", received_at=clock.now)
    with FileLock(c.store.root / LOCK_NAME, timeout=5):
        report = run_sync(c, background=True)
    assert waits == [0]  # the background sync gives up at once: it never waits for the other one
    assert not report.ok and report.error == "another calendar sync is running" and report.pending == 1
    assert run_sync(c).ok
    assert waits[1] > 0  # `cierre sync` waits its turn


def test_turning_tls_checks_off_warns(make_coach, clock, capsys, monkeypatch):
    from cierre.__main__ import main

    c = _caldav_coach(make_coach, CIERRE_CALDAV_VERIFY_TLS="false")
    report = run_sync(c, env=PASSWORD)
    assert any("TLS certificate checks are off" in w for w in report.warnings)
    monkeypatch.setenv("CIERRE_DATA_DIR", str(c.settings.data_dir))
    monkeypatch.setenv("CIERRE_CALDAV_URL", c.settings.caldav_url)
    monkeypatch.setenv("CIERRE_CALDAV_USERNAME", "ana")
    monkeypatch.setenv("CIERRE_CALDAV_VERIFY_TLS", "false")
    monkeypatch.setenv("CIERRE_CALDAV_PASSWORD", PASSWORD["CIERRE_CALDAV_PASSWORD"])
    assert main(["sync"]) == 1
    err = capsys.readouterr().err
    assert "warning: TLS certificate checks are off" in err
    assert PASSWORD["CIERRE_CALDAV_PASSWORD"] not in err


def test_no_password_is_reported_not_raised(make_coach, clock, no_keyring):
    c = _caldav_coach(make_coach)
    c.new_closure("lost", "Acme", received_at=clock.now)
    report = run_sync(c, env={})
    assert not report.ok and report.error_kind == "password" and report.pending == 1
    assert "cierre auth caldav" in report.line()
    status = sync_status(c)
    assert status["error_kind"] == "password" and status["pending"] == 1


def test_another_server_or_account_forgets_what_the_old_one_held(make_coach, clock):
    c = _caldav_coach(make_coach)
    state = CalendarState(c.store)
    state.set_meta(target="http://old/|ana|", calendar_url="http://old/cal/", sync_token="t1")
    state.save([{"uid": "a@cierre.local", "href": "http://old/cal/a.ics", "etag": '"1"', "sequence": 4, "fingerprint": "f"}])
    run_sync(c, env=PASSWORD)
    record = state.records()["a@cierre.local"]
    assert "href" not in record and "etag" not in record and record["sequence"] == 4
    assert "calendar_url" not in state.meta() and "sync_token" not in state.meta()


def test_report_lines():
    ok = SyncReport(target="caldav", delivered=3, pulled=1, requests=4, conflicts=["x"])
    assert (
        ok.line() == "calendar up to date (the CalDAV calendar): 3 changes delivered, "
        "1 moved event taken into a closure, 1 conflict resolved, 4 requests"
    )
    failed = SyncReport(target="caldav", ok=False, pending=2, error="cannot reach the CalDAV server at h:1 (connection refused)")
    assert failed.line() == "2 calendar changes still queued: cannot reach the CalDAV server at h:1 (connection refused)"
    one = SyncReport(target="caldav", ok=False, pending=1, error="x")
    assert one.line() == "1 calendar change still queued: x"  # was "1 calendar change(s)"
    assert failed.as_dict()["pending"] == 2
