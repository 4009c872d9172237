"""Calendar unit tests: a Coach on a tmp data folder with a fixed clock, and an in-memory keyring."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

NOW = datetime(2026, 3, 2, 15, 30, tzinfo=timezone.utc)  # a Monday, 16:30 in Madrid


class Clock:
    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_coach(tmp_path, clock):
    from cierre.service import Coach
    from cierre.settings import load_settings

    def make(data: str = "data", **env: str):
        values = {"CIERRE_TIMEZONE": "Europe/Madrid", "CIERRE_LANG": "en", **env}
        settings = load_settings(
            env=values, data_dir=str(tmp_path / data), config_file=Path("/nonexistent"), dotenv_path=Path("/nonexistent")
        )
        return Coach(settings, clock=clock)

    return make


class MemoryKeyring:
    """A keyring backend that keeps passwords in memory (a test double for the system keyring)."""

    def __init__(self) -> None:
        import keyring.backend

        class Backend(keyring.backend.KeyringBackend):
            priority = 1
            store: dict[tuple[str, str], str] = {}

            def get_password(self, service, username):
                return self.store.get((service, username))

            def set_password(self, service, username, password):
                self.store[(service, username)] = password

            def delete_password(self, service, username):
                self.store.pop((service, username), None)

        Backend.store = {}
        self.backend = Backend()

    @property
    def store(self) -> dict[tuple[str, str], str]:
        return self.backend.store


@pytest.fixture
def memory_keyring():
    import keyring

    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring.backend)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)
