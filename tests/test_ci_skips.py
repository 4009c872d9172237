"""Under CI=true a skip fails the run, unless the test is listed in ALLOWED_SKIPS_IN_CI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SKIPPING = """
import pytest

def test_needs_a_missing_tool():
    pytest.skip("frobnicator is not installed")

def test_passes():
    assert True
"""


def run_pytest(folder: Path, ci: str | None) -> subprocess.CompletedProcess:
    import os

    (folder / "conftest.py").write_text((REPO / "tests" / "conftest.py").read_text())
    (folder / "test_skipping.py").write_text(SKIPPING)
    env = {name: value for name, value in os.environ.items() if name not in ("CI", "HYPOTHESIS_PROFILE")}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", str(folder)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_skip_fails_under_ci(tmp_path):
    done = run_pytest(tmp_path, "true")
    assert done.returncode == 1, done.stdout
    assert "1 failed, 1 passed" in done.stdout
    assert "skipped under CI=true (frobnicator is not installed)" in done.stdout


def test_a_skip_is_a_skip_elsewhere(tmp_path):
    done = run_pytest(tmp_path, None)
    assert done.returncode == 0, done.stdout
    assert "1 passed, 1 skipped" in done.stdout


def test_every_allowed_skip_names_a_test_and_says_why():
    import importlib.util

    spec = importlib.util.spec_from_file_location("root_conftest_for_reading", REPO / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for test_id, reason in module.ALLOWED_SKIPS_IN_CI.items():
        path, _, name = test_id.partition("::")
        assert (REPO / path).is_file(), test_id
        assert f"def {name}(" in (REPO / path).read_text(), test_id
        assert len(reason.split()) >= 3, test_id
