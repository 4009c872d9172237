"""Keep a developer's own settings, data and keyring out of every test."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    for name in list(os.environ):
        if name.startswith("CIERRE_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))  # errors.log
    monkeypatch.setenv("CIERRE_CONFIG", str(home / "no-config.toml"))
    monkeypatch.setenv("CIERRE_LANG", "en")
    monkeypatch.setenv("CIERRE_TIMEZONE", "Europe/Madrid")
    monkeypatch.setenv("CIERRE_DATA_DIR", str(home / "data"))
    # A .env in the folder the tests run from must not leak in either.
    monkeypatch.chdir(home)
    yield home
