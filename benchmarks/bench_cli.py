"""`cierre note ID text` from a shell, against `python -c pass` with the same interpreter.

A note from a second terminal during a call must feel instant: the whole command (start-up,
imports, the locked write, exit) should take at most 1.5 times a bare Python start. Measured on a
normal (not editable) install in a throwaway virtual environment, built once and kept in the cache
folder under a hash of pyproject.toml and every source file; the data folders (one closure, and
10,000 sample closures from `cierre demo`, about 4 s to make) are kept beside it and copied fresh for each run.
Runs of the two commands alternate, so other work on the machine weighs on both alike.

    python -m benchmarks cli
"""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("core", "cli", "tui", "integrations")
RUNS = 41
MANY = 10_000
TARGET_RATIO = 1.5


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    return Path(base if base.startswith("/") else Path.home() / ".cache") / "cierre-bench"


def _source_hash() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for path in [ROOT / "pyproject.toml"] + sorted(p for folder in SOURCES for p in (ROOT / folder).rglob("*") if p.is_file()):
        if "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _env(home: Path) -> dict[str, str]:
    """Nothing of the user's own set-up: a fresh home, no config file, fixed language and zone."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CIERRE_", "XDG_", "PYTHON"))}
    env.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(home / "cache"),
        CIERRE_CONFIG=str(home / "no-config.toml"),
        CIERRE_LANG="en",
        CIERRE_TIMEZONE="Europe/Madrid",
    )
    return env


def _build(folder: Path) -> None:
    """The virtual environment with `pip install` of the repository, and the two data folders."""
    print(f"  building {folder} (once per source change)...", flush=True)
    partial = folder  # built in place (a venv cannot move); READY is written last
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    subprocess.run([sys.executable, "-m", "venv", str(partial / "venv")], check=True)
    python = partial / "venv" / "bin" / "python"
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "src"  # built from a copy: the repository gets no build/ or egg-info
        shutil.copytree(
            ROOT,
            copy,
            ignore=shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "__pycache__", "tests", "benchmarks"),
        )
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(copy)], check=True)
    cierre = str(partial / "venv" / "bin" / "cierre")
    env = _env(partial / "home")
    (partial / "home").mkdir()
    one = partial / "one"
    subprocess.run(
        [cierre, "--data-dir", str(one), "new", "--kind", "lost", "--client", "Acme"],
        check=True,
        env=env,
        cwd=partial,
        stdout=subprocess.DEVNULL,
    )
    started = time.perf_counter()
    subprocess.run(
        [cierre, "--data-dir", str(partial / "many"), "demo", "--closures", str(MANY)],
        check=True,
        env=env,
        cwd=partial,
        stdout=subprocess.DEVNULL,
    )
    print(f"  {MANY:,} sample closures made in {time.perf_counter() - started:.1f} s", flush=True)
    (folder / "READY").write_text("")


def _prepared() -> Path:
    folder = _cache_root() / f"cli-{_source_hash()}"
    if not (folder / "READY").exists():
        for old in _cache_root().glob("cli-*"):  # earlier sources: no longer wanted
            shutil.rmtree(old, ignore_errors=True)
        _build(folder)
    return folder


def _closure_id(cierre: str, data_dir: Path, env: dict[str, str], cwd: Path) -> str:
    listed = subprocess.run(
        [cierre, "--data-dir", str(data_dir), "list", "--json"], check=True, env=env, cwd=cwd, capture_output=True, text=True
    )
    import json

    return json.loads(listed.stdout)[0]["id"]


def _medians(commands: list[list[str]], env: dict[str, str], cwd: Path) -> list[float]:
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(RUNS):
        for command, kept in zip(commands, times):
            started = time.perf_counter()
            subprocess.run(command, check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL)
            kept.append(time.perf_counter() - started)
    return [statistics.median(kept) * 1000 for kept in times]


def run():
    folder = _prepared()
    python = str(folder / "venv" / "bin" / "python")
    cierre = str(folder / "venv" / "bin" / "cierre")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = _env(work / "home")
        (work / "home").mkdir()
        for label, name in (("1 closure", "one"), (f"{MANY:,} closures", "many")):
            data_dir = work / name
            shutil.copytree(folder / name, data_dir, symlinks=True)
            closure = _closure_id(cierre, data_dir, env, work)
            note = [cierre, "--data-dir", str(data_dir), "note", closure, "called back: wants a lower price"]
            subprocess.run(note, check=True, env=env, cwd=work)  # the first run warms the disk cache
            # The copy just made is still being written back: a note's fsync would wait for it, and a
            # user's note never follows the copying of 10,000 files.
            os.sync()
            bare, noted = _medians([[python, "-c", "pass"], note], env, work)
            rows.append((f"python -c pass, ms ({label} run)", bare, "-", True))
            rows.append((f"cierre note, ms, {label}", noted, "-", True))
            rows.append((f"cierre note / python -c pass, {label}", noted / bare, TARGET_RATIO, noted / bare <= TARGET_RATIO))
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
