"""401, 412, 500 and a server that never answers: a clear line, the outbox kept, the UI responsive."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import caldav
import pytest
from calendar_helpers import calendar_url, coach, edit_on_server, run_cierre, server_events
from waiting import eventually

from cierre.integrations.calendar.state import CalendarState

pytestmark = pytest.mark.servers


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


def _new(capsys, client="Acme") -> str:
    code, out, _ = run_cierre(capsys, "new", "--kind", "lost", "--client", client)
    assert code == 0
    return out.strip()


def test_wrong_password_is_one_clear_line(radicale, use_server, capsys):
    use_server(radicale, password="not-the-password-4711")
    _new(capsys)
    code, out, err = run_cierre(capsys, "sync")
    line = _one_line(err)
    assert code == 1
    assert "refused the user name or password (HTTP 401)" in line
    assert "not-the-password-4711" not in out + err
    assert coach().outbox.count() == 1
    code, out, _ = run_cierre(capsys, "calendar-status")
    assert "pending:    1" in out and "HTTP 401" in out


def test_server_error_keeps_the_outbox(radicale, proxy, use_server, capsys):
    use_server(radicale, url=proxy.url_for(radicale.url))
    cid = _new(capsys)
    assert run_cierre(capsys, "sync")[0] == 0
    run_cierre(capsys, "call", cid, "reschedule", "--at", "2026-06-01T10:00")
    proxy.faults = {"PUT": 500}
    code, _, err = run_cierre(capsys, "sync")
    assert code == 1
    assert "failed (HTTP 500)" in _one_line(err)
    assert coach().outbox.count() == 1
    proxy.faults = {}
    assert run_cierre(capsys, "sync")[0] == 0
    assert coach().outbox.count() == 0


def _retitle(vevent) -> None:
    vevent.pop("summary")
    vevent.add("summary", "Edited in the calendar app")


def test_edited_on_the_server_meanwhile_gives_412_then_merges(radicale, use_server, capsys):
    use_server(radicale)
    cid = _new(capsys)
    assert run_cierre(capsys, "sync")[0] == 0
    c = coach()
    url = calendar_url(c)
    uid = f"{cid}-call@cierre.local"
    edit_on_server(radicale, url, uid, _retitle)
    # The edit lands between our pull and our push: our sync token already covers it.
    client = caldav.DAVClient(url=url, username=radicale.username, password=radicale.password, auth_type="basic")
    token = caldav.Calendar(client=client, url=url).get_objects_by_sync_token(None).sync_token
    client.close()
    CalendarState(c.store).set_meta(sync_token=token)

    run_cierre(capsys, "call", cid, "reschedule", "--at", "2026-06-02T10:00")
    code, _, err = run_cierre(capsys, "sync")
    line = _one_line(err)
    assert code == 1
    assert "changed in the calendar meanwhile" in line and "HTTP" not in line.split(":")[0]
    assert coach().outbox.count() == 1

    code, _, err = run_cierre(capsys, "sync")
    assert code == 0, err
    events = server_events(radicale, url)[uid]
    assert len(events) == 1
    assert str(events[0]["summary"]) == "Follow-up call: Acme"  # Cierre's version written over the edit
    assert events[0]["dtstart"].dt == datetime(2026, 6, 2, 10, 0, tzinfo=events[0]["dtstart"].dt.tzinfo)


def test_a_server_that_never_answers_times_out(silent_server, use_server, capsys):
    use_server(silent_server, url=silent_server.url, timeout=1)
    for n in range(3):
        _new(capsys, f"Client {n}")
    code, _, err = run_cierre(capsys, "sync")
    assert code == 1
    assert "did not answer within 1 s" in _one_line(err)
    assert len(silent_server.connections) == 1  # one timeout, not one per event
    assert coach().outbox.count() == 3


async def test_the_ui_stays_responsive_while_the_server_hangs(silent_server, use_server):
    from cierre.settings import load_settings
    from cierre.tui.app import CierreApp

    use_server(silent_server, url=silent_server.url, timeout=120)  # the test hangs up itself, below
    settings = load_settings()
    c = coach()
    c.new_closure("lost", "Acme", received_at=datetime.now(timezone.utc) - timedelta(hours=1))
    app = CierreApp(settings, coach=c)
    async with app.run_test(size=(100, 30)) as pilot:
        await eventually(lambda: app.sync_state.get("running"), "the sync worker started", pilot=pilot)
        await eventually(lambda: silent_server.connections, "the sync reached the server", pilot=pilot)
        before = app.language
        await pilot.press("f2")  # switch language while the sync waits on the dead server
        await pilot.pause()
        assert app.language != before
        note = c.add_note(c.summaries()[0]["id"], "written during a hanging sync")  # the store is not locked
        assert note.text
        assert app.sync_state.get("running")  # still waiting on the server: the key did not wait for it
        silent_server.stop()  # hang up: the sync ends with an error instead of its long timeout
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        app.read_sync_state()
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert app.sync_state["ok"] is False
        # Hung up on (the timeout: test above); said in the language switched to meanwhile.
        expected = {"en": "cannot reach the CalDAV server", "es": "no se puede llegar al servidor CalDAV"}[app.language]
        assert expected in app.sync_state["error"]
        assert app.sync_state["pending"] == 1
