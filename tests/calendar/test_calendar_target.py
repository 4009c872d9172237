"""The sync's status belongs to one calendar target; a new target (server, account, calendar or the
local file) gets every live event, and never the old target's error or backoff."""

from __future__ import annotations

import socket
from datetime import timedelta

from cierre.integrations.calendar import run_sync, sync_status
from cierre.integrations.calendar.local_ics import local_path

PASSWORD = {"CIERRE_CALDAV_PASSWORD": "pw-for-tests-5521"}


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/dav/"


def _live_uids(c) -> set[str]:
    return {uid for closure in c.store.iter_closures() for uid in c.events.plan(closure)}


def test_a_sync_that_delivered_nothing_has_not_synced_yet(make_coach, clock):
    c = make_coach()
    assert run_sync(c).ok  # nothing to send
    status = sync_status(c)
    assert status["last_sync_at"] and status["ok"] and status["last_delivered_at"] is None
    c.new_closure("lost", "Acme", received_at=clock.now)
    assert run_sync(c).delivered == 1
    assert sync_status(c)["last_delivered_at"] == status["last_sync_at"]


def test_a_server_set_after_the_local_file_gets_every_live_event(make_coach, clock):
    local = make_coach()
    first = local.new_closure("lost", "Acme", received_at=clock.now - timedelta(hours=30))
    local.advance(first.id)
    local.new_closure("departure", "Bravo", received_at=clock.now)
    gone = local.new_closure("lost", "Gone", received_at=clock.now)
    local.archive(gone.id)
    assert run_sync(local).ok and local.outbox.count() == 0
    live = _live_uids(local)
    assert live and not any(uid.startswith(gone.id) for uid in live)

    server = make_coach(CIERRE_CALDAV_URL=_closed_port_url(), CIERRE_CALDAV_USERNAME="ana", CIERRE_CALDAV_TIMEOUT="2")
    status = sync_status(server)
    assert status["last_sync_at"] is None and status["last_error"] == ""  # the file's sync says nothing of the server
    assert server.follow_calendar_target() == len(live)
    assert {entry["uid"] for entry in server.outbox.pending()} == live
    assert server.follow_calendar_target() == 0  # once
    assert sync_status(server)["pending"] == len(live)


def test_changes_already_queued_are_kept_not_replaced(make_coach, clock):
    local = make_coach()
    closure = local.new_closure("lost", "Acme", received_at=clock.now)
    assert run_sync(local).ok
    server = make_coach(CIERRE_CALDAV_URL=_closed_port_url(), CIERRE_CALDAV_USERNAME="ana")
    server.reschedule_call(closure.id, clock.now + timedelta(days=3))  # queued before the target is followed
    queued = {entry["uid"]: entry["version"] for entry in server.outbox.pending()}
    server.follow_calendar_target()
    assert {entry["uid"]: entry["version"] for entry in server.outbox.pending()} == queued


def test_another_server_shows_neither_the_old_error_nor_waits_out_its_backoff(make_coach, clock):
    old = make_coach(CIERRE_CALDAV_URL=_closed_port_url(), CIERRE_CALDAV_USERNAME="ana", CIERRE_CALDAV_TIMEOUT="2")
    old.new_closure("lost", "Acme", received_at=clock.now)
    failed = run_sync(old, env=PASSWORD)
    assert not failed.ok and sync_status(old)["last_error"]

    new = make_coach(CIERRE_CALDAV_URL=_closed_port_url(), CIERRE_CALDAV_USERNAME="ana", CIERRE_CALDAV_TIMEOUT="2")
    status = sync_status(new)
    assert status["last_error"] == "" and status["next_try_at"] is None and status["last_sync_at"] is None
    report = run_sync(new, env=PASSWORD, background=True)  # the old server's backoff does not hold it back
    assert not report.skipped and report.error_kind == "unreachable" and new.settings.caldav_url.split("/")[2] in report.error


def test_back_to_the_local_file_leaves_the_servers_error_behind(make_coach, clock):
    server = make_coach(CIERRE_CALDAV_URL=_closed_port_url(), CIERRE_CALDAV_USERNAME="ana", CIERRE_CALDAV_TIMEOUT="2")
    closure = server.new_closure("lost", "Acme", received_at=clock.now)
    assert not run_sync(server, env=PASSWORD).ok  # unreachable: the status is the server's
    local = make_coach()
    assert sync_status(local)["last_error"] == "" and sync_status(local)["ok"] is None
    assert local.follow_calendar_target() == 0 and local.outbox.count() == 1  # still queued: nothing to add
    assert run_sync(local).ok
    assert f"{closure.id}-call@cierre.local" in local_path(local.settings).read_text()
    assert sync_status(local)["last_delivered_at"]
