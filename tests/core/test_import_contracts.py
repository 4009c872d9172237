"""The layers stay apart: the core knows nothing of the UI, the integrations or the network,
and a quick capture from a second terminal does not pay for Textual or the calendar libraries."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("coach", "tui", "integrations")


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root), "COLUMNS": "200"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root, env=env, capture_output=True, text=True, timeout=60,
    )


def test_contracts_in_pyproject_are_kept():
    result = lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
    assert "coach is the core" in result.stdout and "integrations know nothing" in result.stdout


def test_contracts_catch_each_forbidden_import(tmp_path):
    """The same contracts on a copy of the code with forbidden imports planted in it must fail,
    naming each one: proof that the configuration really covers them (stdlib network modules included)."""
    for package in PACKAGES:
        shutil.copytree(REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    planted = {
        "coach/text.py": ["import http.client", "import socket"],
        "coach/files.py": ["import textual.app", "from rich.text import Text"],
        "coach/export.py": ["import caldav", "import smtplib"],
        "coach/demo.py": ["from tui import safe", "import integrations"],
        "integrations/__init__.py": ["import tui.safe"],
    }
    for relative, lines in planted.items():
        with open(tmp_path / relative, "a", encoding="utf-8") as handle:
            handle.write("\n" + "\n".join(lines) + "\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    out = result.stdout
    for source, target in [
        ("cierre.domain.text", "http"), ("cierre.domain.text", "socket"), ("cierre.storage.files", "textual"), ("cierre.storage.files", "rich"),
        ("cierre.export.markdown", "caldav"), ("cierre.export.markdown", "smtplib"), ("cierre.demo.samples", "tui"),
        ("cierre.demo.samples", "integrations"), ("integrations", "tui"),
    ]:
        assert f"{source} -> {target}" in out, f"{source} -> {target} not reported:\n{out}"


HEAVY = ("textual", "icalendar", "caldav")


@pytest.fixture
def closure_id(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "cierre", "--data-dir", str(tmp_path / "data"), "new", "--kind", "lost", "--client", "Acme"],
        capture_output=True, text=True, timeout=60, check=True,
    )
    return result.stdout.strip()


def test_cierre_note_imports_no_ui_or_calendar_library(tmp_path, closure_id):
    """The real console script under -X importtime: every module it imported is listed on stderr."""
    script = shutil.which("cierre", path=str(Path(sys.executable).parent))
    assert script, "the cierre console script is not installed in this environment"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", script, "--data-dir", str(tmp_path / "data"), "note", closure_id, "from the CLI"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }
    assert "coach" in imported and "tinydb" in imported  # the listing really covers the run
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))


def test_cierre_note_sys_modules(tmp_path, closure_id):
    """The same through main(): what sys.modules holds once the note is saved."""
    code = (
        "import json, sys\n"
        "from tui.cli import main\n"
        f"code = main(['--data-dir', {str(tmp_path / 'data')!r}, 'note', {closure_id!r}, 'second'])\n"
        "print(json.dumps({'code': code, 'modules': sorted({m.split('.')[0] for m in sys.modules})}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["code"] == 0
    assert not set(report["modules"]) & set(HEAVY)
