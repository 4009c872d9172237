"""A sync survives what happens to long-lived setups: an expired token, lost records, a self-signed certificate."""

from __future__ import annotations

import datetime as dt
import ipaddress

import pytest
from calendar_helpers import calendar_url, coach, resources_per_uid, run_cierre, server_events
from calendar_servers import Radicale

from cierre.integrations.calendar.state import EVENTS_TABLE, META_TABLE, CalendarState
from cierre.integrations.calendar.sync import run_sync

pytestmark = pytest.mark.servers


def test_an_unknown_sync_token_falls_back_to_a_full_listing(dav_server, use_server, capsys):
    use_server(dav_server)
    cid = run_cierre(capsys, "new", "--kind", "lost", "--client", "Acme")[1].strip()
    assert run_cierre(capsys, "sync")[0] == 0
    c = coach()
    state = CalendarState(c.store)
    token = state.meta()["sync_token"]
    state.set_meta(sync_token=token[:-6] + "abcdef" if len(token) > 6 else "bogus")
    report = run_sync(c)
    assert report.ok, report.error
    assert report.requests == 2  # the refused REPORT, then the full listing
    assert report.delivered == 0 and report.pulled == 0
    assert resources_per_uid(dav_server, calendar_url(c)) == {f"{cid}-call@cierre.local": 1}


def test_lost_records_never_duplicate_an_event(radicale, use_server, capsys):
    use_server(radicale)
    cid = run_cierre(capsys, "new", "--kind", "lost", "--client", "Acme")[1].strip()
    assert run_cierre(capsys, "sync")[0] == 0
    c = coach()
    url = calendar_url(c)
    for table in (EVENTS_TABLE, META_TABLE):  # as if the data folder were restored from an old backup
        (c.store.root / f"{table}.json").unlink()
    run_cierre(capsys, "call", cid, "reschedule", "--at", "2026-04-07T12:00")
    code, _, err = run_cierre(capsys, "sync")
    assert code == 0, err
    assert calendar_url(coach()) == url  # found again by name, not a second "Cierre" calendar
    events = server_events(radicale, url)[f"{cid}-call@cierre.local"]
    assert len(events) == 1
    assert events[0]["dtstart"].dt.replace(tzinfo=None) == dt.datetime(2026, 4, 7, 12, 0)
    assert int(events[0]["sequence"]) >= 1


@pytest.fixture
def self_signed(tmp_path):
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    server = Radicale(tmp_path / "radicale-tls", tls=(cert_path, key_path)).start()
    yield server
    server.stop()


def test_tls_is_verified_unless_explicitly_turned_off(self_signed, use_server, capsys, monkeypatch):
    use_server(self_signed)
    run_cierre(capsys, "new", "--kind", "lost", "--client", "Acme")
    code, _, err = run_cierre(capsys, "sync")
    assert code == 1
    assert "TLS certificate of 127.0.0.1" in err and "CIERRE_CALDAV_VERIFY_TLS=false" in err
    assert coach().outbox.count() == 1

    monkeypatch.setenv("CIERRE_CALDAV_VERIFY_TLS", "false")
    code, out, err = run_cierre(capsys, "sync")
    assert code == 0, err
    assert "warning: TLS certificate checks are off" in err
    assert coach().outbox.count() == 0
