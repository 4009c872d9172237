"""The end-to-end tests' tmux sessions: each on a tmux server of its own, killed after the test."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from terminal import Tmux  # noqa: E402


@pytest.fixture
def tmux_session():
    if shutil.which("tmux") is None:
        pytest.skip(
            "tmux is not installed (./scripts/test installs it from .ci/apt-packages.txt): "
            "the end-to-end run needs a real terminal"
        )
    sessions: list[Tmux] = []
    # A short folder for the socket: a Unix socket path has a length limit that pytest's tmp_path can pass.
    folder = Path(tempfile.mkdtemp(prefix="cierre-tmux-"))

    def start(command: str, **size: int) -> Tmux:
        session = Tmux(command, folder / f"s{len(sessions)}", **size)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.kill()
    shutil.rmtree(folder, ignore_errors=True)
