"""Server answers reported for what they are (403, 404, 5xx), and calendar names that match nothing."""

from __future__ import annotations

import caldav
import pytest
from calendar_helpers import coach, run_cierre

pytestmark = pytest.mark.servers


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


def _new(capsys, client="Acme") -> str:
    code, out, _ = run_cierre(capsys, "new", "--kind", "lost", "--client", client)
    assert code == 0
    return out.strip()


def _calendar_names(server) -> set[str]:
    client = caldav.DAVClient(url=server.url, username=server.username, password=server.password, auth_type="basic")
    try:
        return {cal.get_display_name() or "" for cal in client.principal().calendars()}
    finally:
        client.close()


def _make_calendar(server, name: str) -> None:
    client = caldav.DAVClient(url=server.url, username=server.username, password=server.password, auth_type="basic")
    client.principal().make_calendar(name=name)
    client.close()


def _synced_through(proxy, radicale, use_server, capsys, monkeypatch) -> None:
    _make_calendar(radicale, "Trabajo")
    use_server(radicale, url=proxy.url_for(radicale.url))
    monkeypatch.setenv("CIERRE_CALDAV_CALENDAR", "Trabajo")
    cid = _new(capsys)
    assert run_cierre(capsys, "sync")[0] == 0
    run_cierre(capsys, "call", cid, "reschedule", "--at", "2026-06-01T10:00")


def test_403_names_the_calendar_and_the_user_not_the_password(radicale, proxy, use_server, capsys, monkeypatch):
    _synced_through(proxy, radicale, use_server, capsys, monkeypatch)
    proxy.faults = {"PUT": 403}
    code, _, err = run_cierre(capsys, "sync")
    line = _one_line(err)
    assert code == 1
    assert "no permission on the calendar 'Trabajo'" in line and f"user '{radicale.username}'" in line
    assert "HTTP 403" in line and "password is right" in line
    assert "refused the user name or password" not in line
    assert coach().outbox.count() == 1
    proxy.faults = {}
    assert run_cierre(capsys, "sync")[0] == 0 and coach().outbox.count() == 0


def test_404_shows_the_url(radicale, proxy, use_server, capsys, monkeypatch):
    _synced_through(proxy, radicale, use_server, capsys, monkeypatch)
    proxy.faults = {"REPORT": 404}
    code, _, err = run_cierre(capsys, "sync")
    line = _one_line(err)
    assert code == 1 and "HTTP 404" in line
    assert f"127.0.0.1:{proxy.port}/" in line and "CIERRE_CALDAV_URL" in line
    assert radicale.password not in line
    assert coach().outbox.count() == 1


@pytest.mark.parametrize("status", [500, 503])
def test_5xx_is_server_trouble_retried_later(radicale, proxy, use_server, capsys, monkeypatch, status):
    _synced_through(proxy, radicale, use_server, capsys, monkeypatch)
    proxy.faults = {"REPORT": status}
    code, _, err = run_cierre(capsys, "sync")
    line = _one_line(err)
    assert code == 1 and f"failed (HTTP {status})" in line and "retried later" in line
    assert coach().outbox.count() == 1
    proxy.faults = {}
    assert run_cierre(capsys, "sync")[0] == 0


def test_a_misspelt_calendar_lists_the_calendars_and_creates_nothing(radicale, use_server, capsys, monkeypatch):
    _make_calendar(radicale, "Trabajo")
    _make_calendar(radicale, "Personal")
    use_server(radicale)
    monkeypatch.setenv("CIERRE_CALDAV_CALENDAR", "Trabjo")
    _new(capsys)
    before = _calendar_names(radicale)
    code, _, err = run_cierre(capsys, "sync")
    line = _one_line(err)
    assert code == 1
    assert "no calendar named 'Trabjo'" in line and "'Personal', 'Trabajo'" in line
    assert "--create-calendar" in line
    assert _calendar_names(radicale) == before
    assert coach().outbox.count() == 1


def test_create_calendar_when_asked_and_announce_it(radicale, use_server, capsys, monkeypatch):
    use_server(radicale)
    monkeypatch.setenv("CIERRE_CALDAV_CALENDAR", "Clientes perdidos")
    _new(capsys)
    code, out, err = run_cierre(capsys, "sync", "--create-calendar")
    assert code == 0, err
    assert "created the calendar 'Clientes perdidos'" in out
    assert "Clientes perdidos" in _calendar_names(radicale)
    code, out, _ = run_cierre(capsys, "sync")  # found by name from now on
    assert code == 0 and "created" not in out


def test_create_calendar_as_a_setting(radicale, use_server, capsys, monkeypatch):
    use_server(radicale)
    monkeypatch.setenv("CIERRE_CALDAV_CALENDAR", "Ventas")
    monkeypatch.setenv("CIERRE_CALDAV_CREATE_CALENDAR", "true")
    _new(capsys)
    code, out, err = run_cierre(capsys, "sync")
    assert code == 0, err
    assert "created the calendar 'Ventas'" in out
