"""`cierre new` + `cierre sync` against real Radicale and Xandikos processes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from calendar_helpers import (
    FIFTEEN_BEFORE,
    alarm_of,
    calendar_url,
    coach,
    resources_per_uid,
    run_cierre,
    server_events,
)

pytestmark = pytest.mark.servers
MADRID = ZoneInfo("Europe/Madrid")


def test_call_event_follows_the_closure(dav_server, use_server, capsys):
    use_server(dav_server)
    code, out, _ = run_cierre(
        capsys,
        "new",
        "--kind",
        "lost",
        "--client",
        "Acme",
        "--phone",
        "+34 600 11 22 33",
        "--received",
        "2026-03-02T16:30:00+01:00",
    )
    assert code == 0
    cid = out.strip()
    code, out, err = run_cierre(capsys, "sync")
    assert code == 0, err
    assert "up to date" in out

    c = coach()
    uid = f"{cid}-call@cierre.local"
    url = calendar_url(c)
    vevent = server_events(dav_server, url)[uid][0]
    # The "no" came on Monday 16:30: recovery ends Tuesday 16:30, inside working hours.
    start = vevent["dtstart"].dt
    assert start == datetime(2026, 3, 3, 16, 30, tzinfo=MADRID)
    assert start.tzinfo.key == "Europe/Madrid" or str(vevent["dtstart"].params["TZID"]) == "Europe/Madrid"
    assert vevent["dtend"].dt - start == timedelta(minutes=30)
    assert int(vevent["sequence"]) == 0
    assert str(vevent["url"]) == "tel:+34600112233"
    assert "tel:+34600112233" in str(vevent["description"])
    assert "Confirm the no is final: decision made, contract signed?" in str(vevent["description"])
    action, description, trigger = alarm_of(vevent)
    assert (action, trigger) == ("DISPLAY", FIFTEEN_BEFORE)
    assert "Acme" in description

    code, _, _ = run_cierre(capsys, "call", cid, "reschedule", "--at", "2026-03-04T11:00")
    assert code == 0
    assert run_cierre(capsys, "sync")[0] == 0
    moved = server_events(dav_server, url)[uid]
    assert len(moved) == 1
    assert moved[0]["dtstart"].dt == datetime(2026, 3, 4, 11, 0, tzinfo=MADRID)
    assert int(moved[0]["sequence"]) > 0

    assert run_cierre(capsys, "archive", cid)[0] == 0
    assert run_cierre(capsys, "sync")[0] == 0
    gone = server_events(dav_server, url)[uid]
    assert len(gone) == 1  # cancelled, not deleted
    assert str(gone[0]["status"]) == "CANCELLED"
    assert int(gone[0]["sequence"]) > int(moved[0]["sequence"])


def test_server_down_then_back_delivers_everything_once(radicale, use_server, capsys):
    use_server(radicale, timeout=2)
    first = run_cierre(capsys, "new", "--kind", "lost", "--client", "Before")[1].strip()
    assert run_cierre(capsys, "sync")[0] == 0
    url = calendar_url(coach())

    radicale.stop()
    ids = [
        run_cierre(capsys, "new", "--kind", kind, "--client", f"Client {n}")[1].strip()
        for n, kind in enumerate(["lost", "departure", "lost"])
    ]
    run_cierre(capsys, "call", first, "reschedule", "--at", "2026-05-05T10:00")
    run_cierre(capsys, "archive", ids[2])
    code, out, err = run_cierre(capsys, "sync")
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "connection refused" in lines[0] and "still queued" in lines[0]
    pending = coach().outbox.count()
    assert pending >= 3

    radicale.start()
    code, out, err = run_cierre(capsys, "sync")
    assert code == 0, err
    assert coach().outbox.count() == 0
    for _ in range(3):
        assert run_cierre(capsys, "sync")[0] == 0
    counts = resources_per_uid(radicale, url)
    assert counts[f"{first}-call@cierre.local"] == 1
    assert counts[f"{ids[0]}-call@cierre.local"] == 1
    assert counts[f"{ids[1]}-call@cierre.local"] == 1
    assert f"{ids[2]}-call@cierre.local" not in counts  # created and archived while offline: never sent
    assert set(counts.values()) == {1}
    start = server_events(radicale, url)[f"{first}-call@cierre.local"][0]["dtstart"].dt
    assert start == datetime(2026, 5, 5, 10, 0, tzinfo=MADRID)


@pytest.mark.parametrize("closures", [2, 40])
def test_a_sync_with_nothing_to_do_sends_one_request(radicale, proxy, use_server, capsys, closures):
    use_server(radicale, url=proxy.url_for(radicale.url))
    c = coach()
    received = datetime.now(timezone.utc) - timedelta(hours=1)
    for n in range(closures):
        c.new_closure("lost" if n % 2 else "departure", f"Client {n}", received_at=received)
    assert run_cierre(capsys, "sync")[0] == 0
    assert run_cierre(capsys, "sync")[0] == 0  # our own PUTs come back once in the token's changes
    proxy.reset()
    code, out, _ = run_cierre(capsys, "sync", "--json")
    assert code == 0
    assert proxy.count() <= 2
    assert proxy.count() == 1  # one REPORT sync-collection; the client counts the same
    assert '"requests": 1' in out
