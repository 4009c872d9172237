"""Real CalDAV servers for the calendar tests: Radicale and Xandikos on free loopback ports.

Each test gets its own server process in its own tmp folder, stopped by its own
process at the end (never by name).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from calendar_proxy import FaultProxy, SilentServer  # noqa: E402
from calendar_servers import Radicale, Xandikos  # noqa: E402


@pytest.fixture
def radicale(tmp_path):
    server = Radicale(tmp_path / "radicale").start()
    yield server
    server.stop()


@pytest.fixture
def xandikos(tmp_path):
    server = Xandikos(tmp_path / "xandikos").start()
    yield server
    server.stop()


@pytest.fixture(params=["radicale", "xandikos"])
def dav_server(request, tmp_path):
    kind = Radicale if request.param == "radicale" else Xandikos
    server = kind(tmp_path / request.param).start()
    yield server
    server.stop()


@pytest.fixture
def proxy(radicale):
    front = FaultProxy(radicale.port).start()
    yield front
    front.stop()


@pytest.fixture
def silent_server():
    server = SilentServer().start()
    yield server
    server.stop()


@pytest.fixture
def use_server(monkeypatch, isolated_environment):
    """Point Cierre at a server through the environment, as a user would."""

    def use(server, *, url: str | None = None, password: str | None = None, timeout: int = 3) -> Path:
        monkeypatch.setenv("CIERRE_CALDAV_URL", url or server.url)
        monkeypatch.setenv("CIERRE_CALDAV_USERNAME", server.username)
        monkeypatch.setenv("CIERRE_CALDAV_PASSWORD", password if password is not None else server.password)
        monkeypatch.setenv("CIERRE_CALDAV_TIMEOUT", str(timeout))
        return Path(isolated_environment) / "data"

    return use
