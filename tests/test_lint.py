"""`ruff check` passes on the whole tree (the rules are in pyproject.toml): no undefined name, no
unused import, imports sorted; and `ruff format --check` finds nothing to change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run([str(ruff), "check", "--no-cache", str(REPO)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_tree_is_formatted():
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run(
        [str(ruff), "format", "--check", "--no-cache", str(REPO)], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, "run `ruff format` (would change):\n" + result.stdout[-4000:] + result.stderr[-2000:]
