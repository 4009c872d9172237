"""The CalDAV half of the fault matrix: refused, 401, 403, 404, 412, 500, 507, a junk body, a web
page, 200 to everything, a hang, a reset, a redirect (to this host and to another) and a TLS
mismatch. Each: one line naming the server, exit 1, the outbox kept, no password in the output,
the log or the folder; then the real server takes every change once (no duplicate UID)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from calendar_helpers import calendar_url, coach, resources_per_uid, run_cierre

sys.path.insert(0, str(Path(__file__).parents[1] / "faults"))

from fake_servers import CannedHTTP, Resetting, Silent, closed_port  # noqa: E402

pytestmark = pytest.mark.servers
PASSWORD = "pw-Zx81-never-shown"
XML = {"Content-Type": "application/xml; charset=utf-8"}

CANNED = {
    "401": (401, b"no", {"WWW-Authenticate": 'Basic realm="x"', "Content-Type": "text/plain"}, "HTTP 401"),
    "403": (403, b"no", None, "HTTP 403"),
    "404": (404, b"no", None, "HTTP 404"),
    "412": (412, b"no", None, "HTTP 412"),
    "500": (500, b"boom", None, "HTTP 500"),
    "507": (507, b"full", None, "HTTP 507"),
    "junk_body": (207, b"<<<\x00 not xml", XML, "not XML"),
    "web_page": (200, b"<html><body><form>Login</form></body></html>", {"Content-Type": "text/html"}, "web page"),
    "200_to_everything": (200, b"", {"Content-Type": "text/plain"}, "fields a sync needs"),
    "redirect_same_host": (301, b"", {"Location": "/elsewhere/"}, "set CIERRE_CALDAV_URL"),
}
OTHER = ("refused", "hang", "reset", "redirect_other_host", "tls_mismatch")


@pytest.fixture
def faulty(request):
    """(url, what the line must name, servers to stop); the fault is the test's parameter."""
    fault = request.param
    started = []
    if fault in CANNED:
        status, body, headers, words = CANNED[fault]
        server = CannedHTTP(status, body, headers).start()
        started.append(server)
        url, words = f"http://127.0.0.1:{server.port}/dav/cal/", [words]
    elif fault == "refused":
        port = closed_port()
        url, words = f"http://127.0.0.1:{port}/dav/cal/", ["connection refused"]
    elif fault == "hang":
        server = Silent().start()
        started.append(server)
        url, words = f"http://127.0.0.1:{server.port}/dav/cal/", ["did not answer within 1 s"]
    elif fault == "reset":
        server = Resetting().start()
        started.append(server)
        url, words = f"http://127.0.0.1:{server.port}/dav/cal/", ["cannot reach"]
    elif fault == "redirect_other_host":
        elsewhere = CannedHTTP(200, b"").start()
        server = CannedHTTP(302, b"", {"Location": f"http://localhost:{elsewhere.port}/steal/"}).start()
        started += [server, elsewhere]
        url, words = f"http://127.0.0.1:{server.port}/dav/cal/", ["redirects to another server", "does not send your password"]
    else:  # TLS spoken to a server that speaks plain HTTP
        server = CannedHTTP(200, b"").start()
        started.append(server)
        url, words = f"https://127.0.0.1:{server.port}/dav/cal/", ["TLS"]
    yield fault, url, words, started
    for server in started:
        server.stop()


@pytest.mark.parametrize("faulty", [*CANNED, *OTHER], indirect=True)
def test_a_faulty_calendar_server_is_one_named_line_and_loses_nothing(
    faulty, radicale, monkeypatch, capsys, isolated_environment
):
    fault, url, words, started = faulty
    home = Path(isolated_environment)
    monkeypatch.setenv("CIERRE_STATE_DIR", str(home / "state"))
    monkeypatch.setenv("CIERRE_CALDAV_URL", url)
    monkeypatch.setenv("CIERRE_CALDAV_USERNAME", radicale.username)
    monkeypatch.setenv("CIERRE_CALDAV_PASSWORD", PASSWORD)
    monkeypatch.setenv("CIERRE_CALDAV_TIMEOUT", "1")
    code, out, _ = run_cierre(capsys, "new", "--kind", "lost", "--client", "Acme")
    assert code == 0
    queued = coach().outbox.count()
    assert queued >= 1

    for _attempt in range(2):  # a retry meets the same fault the same way
        code, out, err = run_cierre(capsys, "sync")
        assert "Traceback" not in out + err
        lines = [line for line in err.splitlines() if line.strip()]
        assert code == 1 and len(lines) == 1, err
        host = url.split("//", 1)[1].split("/", 1)[0]
        assert host in lines[0] and all(word in lines[0] for word in words), lines[0]
        assert PASSWORD not in out + err
        assert coach().outbox.count() == queued  # nothing dropped
    if fault == "redirect_other_host":
        assert started[1].requests == []  # the credentials never went to the other host
    for path in home.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path

    # The real server, once reachable, takes every queued change exactly once.
    monkeypatch.setenv("CIERRE_CALDAV_URL", radicale.url)
    monkeypatch.setenv("CIERRE_CALDAV_PASSWORD", radicale.password)
    code, _, err = run_cierre(capsys, "sync")
    assert code == 0, err
    assert coach().outbox.count() == 0
    per_uid = resources_per_uid(radicale, calendar_url(coach()))
    assert len(per_uid) == queued and set(per_uid.values()) == {1}
