"""A new calendar target gets every live event: a server set after months on the local .ics, another
calendar of the same account, and the way back to the file."""

from __future__ import annotations

import pytest
from calendar_helpers import calendar_url, coach, run_cierre, server_events

from cierre.integrations.calendar.local_ics import local_path

pytestmark = pytest.mark.servers


def _closures(capsys) -> list[str]:
    """Two closures with a live event each (a call to make, a conversation to hold)."""
    ids = []
    for kind, client in (("lost", "Acme"), ("departure", "Bravo")):
        code, out, err = run_cierre(capsys, "new", "--kind", kind, "--client", client, "--received", "2026-03-02T16:30:00+01:00")
        assert code == 0, err
        ids.append(out.strip())
    return ids


def _live_uids() -> set[str]:
    c = coach()
    return {uid for closure in c.store.iter_closures() for uid in c.events.plan(closure)}


def test_a_server_set_after_the_local_file_receives_every_event(dav_server, use_server, capsys, monkeypatch):
    monkeypatch.delenv("CIERRE_CALDAV_URL", raising=False)
    ids = _closures(capsys)
    code, _, err = run_cierre(capsys, "sync")  # to the local .ics
    assert code == 0, err
    assert coach().outbox.count() == 0 and all(cid in local_path(coach().settings).read_text() for cid in ids)

    use_server(dav_server)
    code, out, _ = run_cierre(capsys, "calendar-status")
    live = _live_uids()
    assert f"pending:    {len(live)}" in out and "last sync:  never" in out  # the file's sync is not the server's
    code, out, err = run_cierre(capsys, "sync")
    assert code == 0, err
    held = server_events(dav_server, calendar_url(coach()))
    assert set(held) == live and all(len(copies) == 1 for copies in held.values())


def test_another_calendar_of_the_account_receives_every_event(radicale, use_server, capsys, monkeypatch):
    use_server(radicale)
    monkeypatch.setenv("CIERRE_CALDAV_CALENDAR", "Trabajo")
    _closures(capsys)
    code, _, err = run_cierre(capsys, "sync", "--create-calendar")
    assert code == 0, err
    first = calendar_url(coach())
    live = _live_uids()
    assert set(server_events(radicale, first)) == live

    monkeypatch.setenv("CIERRE_CALDAV_CALENDAR", "Clientes")
    code, out, err = run_cierre(capsys, "sync", "--create-calendar")
    assert code == 0, err
    second = calendar_url(coach())
    assert second != first
    held = server_events(radicale, second)
    assert set(held) == live and all(len(copies) == 1 for copies in held.values())
    code, out, err = run_cierre(capsys, "sync")  # in step: nothing sent twice
    assert code == 0 and coach().outbox.count() == 0


def test_back_to_the_local_file_after_a_server(radicale, use_server, capsys, monkeypatch):
    use_server(radicale)
    ids = _closures(capsys)
    code, _, err = run_cierre(capsys, "sync")
    assert code == 0, err
    monkeypatch.delenv("CIERRE_CALDAV_URL")
    code, out, err = run_cierre(capsys, "sync")
    assert code == 0, err
    text = local_path(coach().settings).read_text()
    assert all(cid in text for cid in ids)
