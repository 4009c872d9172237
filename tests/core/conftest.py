"""Fixtures for the core tests: a private data folder, a clock the test moves, a Coach on both."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from core_support import Clock, make_settings  # noqa: E402

from cierre.service import Coach  # noqa: E402


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def coach(data_dir: Path, clock: Clock) -> Coach:
    return Coach(make_settings(data_dir), clock=clock)
