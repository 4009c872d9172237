"""The layers stay apart: the core knows nothing of the UI, the integrations or the network,
and a quick capture from a second terminal does not pay for Textual or the calendar libraries."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import cierre

REPO = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACTS = [c["name"] for c in tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]["contracts"]]


def lint(cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    """lint-imports with the contracts of `cwd/pyproject.toml`. grimp finds `cierre` on sys.path: the
    strict editable install's link farm, or a copy put first on PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["COLUMNS"] = "200"
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(cwd / "pyproject.toml")],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_repository_root_has_no_cierre_folder():
    """Else grimp (and Python) would read that folder instead of the installed package."""
    assert not (REPO / "cierre").exists()


def test_contracts_in_pyproject_are_kept():
    assert len(CONTRACTS) >= 6
    result = lint(REPO)
    out = result.stdout
    for name in CONTRACTS:
        assert f"{name} KEPT" in out, f"contract not kept: {name}\n{out}{result.stderr}"
    assert result.returncode == 0, out + result.stderr


def installed_copy(tmp_path: Path) -> Path:
    """The installed package (the link farm resolved to real files) and pyproject.toml, in tmp_path."""
    shutil.copytree(
        Path(cierre.__path__[0]).resolve(), tmp_path / "cierre", symlinks=False, ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


PLANTED = {
    "cierre/domain/text.py": ["import socket"],
    "cierre/storage/files.py": ["import textual.app"],
    "cierre/export/markdown.py": ["import caldav"],
    "cierre/demo/samples.py": ["from cierre.tui import safe"],
    "cierre/integrations/__init__.py": ["import cierre.tui.safe"],
    "cierre/cli/commands/output.py": ["import textual"],
    # A cycle hidden in a function: the store imports the layout, the layout now the store.
    "cierre/storage/layout.py": ["def _planted():", "    from cierre.storage.store import Store", "    return Store"],
}
# (contract, importer, imported) lint-imports must report for the imports above.
EXPECTED = [
    ("the domain is pure", "cierre.domain.text", "socket"),
    ("storage knows nothing", "cierre.storage.files", "textual"),
    ("the core knows nothing", "cierre.storage.files", "textual"),
    ("the core knows nothing", "cierre.export.markdown", "caldav"),
    ("the core knows nothing", "cierre.demo.samples", "cierre.tui"),
    ("integrations know nothing", "cierre.integrations", "cierre.tui"),
    ("the command line imports no Textual", "cierre.cli.commands.output", "textual"),
]


def test_contracts_catch_each_forbidden_import(tmp_path):
    """The same contracts on a copy of the code with forbidden imports planted in it must fail,
    naming each one: proof that the configuration really covers them (stdlib network modules included)."""
    root = installed_copy(tmp_path)
    for relative, lines in PLANTED.items():
        assert (root / relative).is_file(), relative
        with open(root / relative, "a", encoding="utf-8") as handle:
            handle.write("\n" + "\n".join(lines) + "\n")
    result = lint(root, pythonpath=root)
    out = result.stdout
    assert result.returncode != 0, out + result.stderr
    assert str(root) in out or "cierre" in out
    for contract, source, target in EXPECTED:
        broken = next((name for name in CONTRACTS if name.startswith(contract)), None)
        assert broken and f"{broken} BROKEN" in out, f"'{contract}' not reported broken:\n{out}"
        assert f"{source} -> {target}" in out, f"{source} -> {target} not reported:\n{out}"
    cycles = next(name for name in CONTRACTS if name.startswith("no import cycles"))
    assert f"{cycles} BROKEN" in out and "No cycles are allowed in cierre.storage." in out, out


def test_the_unplanted_copy_reads_the_copy(tmp_path):
    """The planted test above is meaningful only if lint-imports read the copy: a copy with a
    planted import nowhere but in tmp_path must make a kept contract break."""
    root = installed_copy(tmp_path)
    with open(root / "cierre/domain/timeutil.py", "a", encoding="utf-8") as handle:
        handle.write("\nimport http.client\n")
    out = lint(root, pythonpath=root).stdout
    assert "cierre.domain.timeutil -> http" in out, out


HEAVY = ("textual", "icalendar", "caldav", "asyncio")


@pytest.fixture
def closure_id(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "cierre", "--data-dir", str(tmp_path / "data"), "new", "--kind", "lost", "--client", "Acme"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_cierre_note_imports_no_ui_or_calendar_library(tmp_path, closure_id):
    """The real console script under -X importtime: every module it imported is listed on stderr."""
    script = shutil.which("cierre", path=str(Path(sys.executable).parent))
    assert script, "the cierre console script is not installed in this environment"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", script, "--data-dir", str(tmp_path / "data"), "note", closure_id, "from the CLI"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }
    tops = {name.split(".")[0] for name in imported}
    # The listing really covers the run (modules loaded by importlib.import_module, as the command
    # modules are, are not listed: the sys.modules test below sees those).
    assert {"cierre.storage.plain_note", "sqlite3"} <= imported
    assert not tops & set(HEAVY), sorted(tops & set(HEAVY))
    assert not {name for name in imported if name.startswith(("cierre.tui", "cierre.integrations"))}


def test_cierre_note_sys_modules(tmp_path, closure_id):
    """The same through main(): what sys.modules holds once the note is saved."""
    code = (
        "import json, sys\n"
        "from cierre.__main__ import main\n"
        f"code = main(['--data-dir', {str(tmp_path / 'data')!r}, 'note', {closure_id!r}, 'second'])\n"
        "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["code"] == 0
    modules = set(report["modules"])
    assert "cierre.storage.plain_note" in modules
    assert not {m.split(".")[0] for m in modules} & set(HEAVY)
    # What the note path was trimmed of: keep it so (platformdirs only off Linux, see cierre.domain.userdirs).
    # TinyDB opens the small tables; a closure file is written whole by the store.
    trimmed = {"filelock", "dataclasses", "inspect", "dotenv", "random", "secrets", "logging", "tinydb"}
    # Loaded when they are needed, not for a note: finishing a step, the outbox (a note changes no
    # event), the command line's printing (only --json prints). They make room for the texts.
    trimmed |= {"cierre.domain.advance", "cierre.storage.outbox", "cierre.cli.commands.output"}
    if sys.platform.startswith("linux"):
        trimmed.add("platformdirs")
    assert not modules & trimmed, sorted(modules & trimmed)
    notes = json.loads(
        subprocess.run(
            [sys.executable, "-m", "cierre", "--data-dir", str(tmp_path / "data"), "--json", "show", closure_id],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    )["notes"]
    assert [n["text"] for n in notes] == ["second"]
