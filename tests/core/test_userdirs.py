"""The data, config and cache folders found without platformdirs agree with platformdirs."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from cierre.domain import userdirs


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG rule is for Linux and the BSDs")
@pytest.mark.parametrize(
    "env",
    [
        {"HOME": "/home/ana"},
        {"HOME": "/home/ana", "XDG_DATA_HOME": "/srv/data", "XDG_CONFIG_HOME": "/srv/config", "XDG_CACHE_HOME": "/srv/cache"},
        {"HOME": "/home/ana", "XDG_DATA_HOME": "relative/data", "XDG_CONFIG_HOME": "", "XDG_CACHE_HOME": " "},
    ],
)
def test_the_same_folders_as_platformdirs(monkeypatch, env):
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert userdirs.user_data_dir() == platformdirs.user_data_dir("cierre")
    assert userdirs.user_config_dir() == platformdirs.user_config_dir("cierre")
    assert userdirs.user_cache_dir() == platformdirs.user_cache_dir("cierre", appauthor=False)
