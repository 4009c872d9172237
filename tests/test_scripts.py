"""scripts/start installs only when something it depends on changed; the demo's hint is a command that works."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CIERRE = Path(sys.executable).parent / "cierre"


def bash(folder: Path, script: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", f"set -euo pipefail; . {shlex.quote(str(REPO / 'scripts' / 'venv.sh'))}; {script}"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )


def a_checkout(folder: Path) -> Path:
    for package in ("core", "cli", "tui", "integrations"):
        (folder / package).mkdir()
        (folder / package / "__init__.py").write_text("")
    (folder / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (folder / "app.txt").write_text("textual==8.2.8 --hash=sha256:00\n")
    return folder


def fingerprint(folder: Path) -> str:
    done = bash(folder, "cierre_fingerprint app.txt")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_stamp_follows_the_lock_pyproject_and_the_list_of_files(tmp_path):
    checkout = a_checkout(tmp_path)
    first = fingerprint(checkout)
    (checkout / "core" / "__init__.py").write_text("x = 1\n")  # an edit: the strict editable install links it already
    assert fingerprint(checkout) == first
    (checkout / "tui" / "new_screen.py").write_text("")  # a new module: needs a link of its own
    second = fingerprint(checkout)
    assert second != first
    (checkout / "tui" / "style.tcss").write_text("")
    third = fingerprint(checkout)
    assert third != second
    (checkout / "app.txt").write_text("textual==8.2.9 --hash=sha256:01\n")
    fourth = fingerprint(checkout)
    assert fourth != third
    (checkout / "pyproject.toml").write_text("[project]\nname = 'y'\n")
    assert fingerprint(checkout) != fourth


def a_venv_that_records_installs(checkout: Path) -> Path:
    """A .venv whose python only writes down that it was asked to install something."""
    bin_dir = checkout / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.write_text(f'#!/bin/sh\necho "$@" >> {shlex.quote(str(checkout / "installs.log"))}\n')
    python.chmod(0o755)
    return checkout / "installs.log"


def test_nothing_is_installed_when_the_stamp_matches(tmp_path):
    checkout = a_checkout(tmp_path)
    installs = a_venv_that_records_installs(checkout)
    (checkout / "test.txt").write_text("textual==8.2.8 --hash=sha256:00\npytest==8 --hash=sha256:02\n")

    done = bash(checkout, "cierre_venv app.txt test.txt")
    assert done.returncode == 0, done.stderr
    assert "updating .venv from app.txt" in done.stderr
    assert "--require-hashes -r app.txt" in installs.read_text()
    assert "editable_mode=strict" in installs.read_text()
    installs.unlink()

    done = bash(checkout, "cierre_venv app.txt test.txt")  # the second launch
    assert done.returncode == 0 and done.stderr == "" and not installs.exists()

    (checkout / "cli" / "new_command.py").write_text("")  # a pull that adds a module
    done = bash(checkout, "cierre_venv app.txt test.txt")
    assert "updating .venv" in done.stderr and installs.exists()


def test_a_venv_the_tests_set_up_serves_the_app_too(tmp_path):
    checkout = a_checkout(tmp_path)
    installs = a_venv_that_records_installs(checkout)
    (checkout / "test.txt").write_text("textual==8.2.8 --hash=sha256:00\npytest==8 --hash=sha256:02\n")
    assert bash(checkout, "cierre_venv test.txt").returncode == 0
    installs.unlink()
    done = bash(checkout, "cierre_venv app.txt test.txt")
    assert done.returncode == 0 and done.stderr == "" and not installs.exists()


def demo_hint(*, path: str, launcher: str | None, folder: Path) -> str:
    env = {name: value for name, value in os.environ.items() if name != "CIERRE_LAUNCHER"}
    env["PATH"] = path
    if launcher is not None:
        env["CIERRE_LAUNCHER"] = launcher
    done = subprocess.run(
        [str(CIERRE), "demo", "--closures", "2", "--data-dir", str(folder)], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    hint = done.stdout.strip().splitlines()[-1]
    assert hint.startswith("open them with: "), done.stdout
    return hint.removeprefix("open them with: ")


def test_the_demo_hint_runs_as_printed_when_cierre_is_not_on_the_path(tmp_path):
    folder = tmp_path / "demo folder"
    command = shlex.split(demo_hint(path="/usr/bin:/bin", launcher=None, folder=folder))
    assert command[-2:] == ["--data-dir", str(folder)]
    listed = subprocess.run([*command, "list"], capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.strip().splitlines()) >= 2  # the header and the sample closures still open


def test_the_demo_hint_names_cierre_when_it_is_on_the_path(tmp_path):
    hint = demo_hint(path=f"{CIERRE.parent}:/usr/bin:/bin", launcher=None, folder=tmp_path / "demo")
    assert shlex.split(hint)[0] == "cierre"


def test_after_the_start_script_the_demo_hint_names_the_script(tmp_path):
    hint = demo_hint(path="/usr/bin:/bin", launcher="./scripts/start", folder=tmp_path / "demo")
    assert shlex.split(hint)[0] == "./scripts/start"
