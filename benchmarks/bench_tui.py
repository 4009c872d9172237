"""The terminal UI with 10,000 closures on record.

Launch: `cierre` until its dashboard has painted its closures, against a minimal Textual app
(Header, Static, Footer) until its first paint. Each is its own process (see tui_launch.py),
started by a small launcher so that the memory figure is the child's own (a process forked
from this one would inherit this one's peak); wall time from spawn to exit and peak resident
memory (ru_maxrss). Runs alternate A B B A so that other load on the machine hits both alike.

Keystroke: in call mode, one capture as the user makes it (capture key, a few letters, Enter)
until the note is on disk and its row is in the call log, with 10,000 closures under the
dashboard against 10. A mix of kinds: a suggestion or a competitor also changes the index,
which the dashboard underneath reloads.

    python -m benchmarks tui
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

MANY, FEW = 10_000, 10
LAUNCHES = 4  # of each app
CAPTURES = 30  # per block; blocks run A B B A
KEYS = ("n", "s", "n", "q", "n", "c")  # note, suggestion, note, quote, note, competitor
SIZE = (120, 36)
TARGET_TIME, TARGET_MEMORY, TARGET_KEY = 1.3, 1.5, 1.5

# Spawns one launch and reports its wall time and the child's own peak memory (KiB), as JSON.
LAUNCHER = """
import json, os, sys, time
argv = sys.argv[1:]
started = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
print(json.dumps({"seconds": time.perf_counter() - started, "maxrss_kib": usage.ru_maxrss,
                  "status": os.waitstatus_to_exitcode(status)}))
"""


def _settings(folder: Path):
    from cierre.settings import load_settings

    env = {"CIERRE_LANG": "en", "CIERRE_TIMEZONE": "Europe/Madrid"}
    return load_settings(env=env, data_dir=str(folder), config_file=Path("/nonexistent"), dotenv_path=Path("/nonexistent"))


def _make_folder(root: Path, count: int):
    from cierre.demo.samples import make_demo

    settings = _settings(root / f"data-{count}")
    make_demo(settings, count)
    return settings


# --- launch --------------------------------------------------------------------
def _launch(args: list[str], home: Path) -> dict:
    env = {
        **os.environ,
        "CIERRE_LANG": "en",
        "CIERRE_TIMEZONE": "Europe/Madrid",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "CIERRE_CONFIG": str(home / "none.toml"),
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
    }
    child = [sys.executable, "-m", "benchmarks.tui_launch", *args]
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", LAUNCHER, *child], capture_output=True, text=True, env=env, timeout=120, cwd=home
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if report["status"] != 0:
        raise RuntimeError(f"{args[0]} launch failed: {result.stderr[-2000:]}")
    return report


def measure_launch(folders: dict[int, object], home: Path) -> dict[str, list[dict]]:
    """minimal, cierre on 10,000 closures, and cierre on 10 (what the app costs before any data)."""
    args = {
        "minimal": ["minimal"],
        "cierre": ["cierre", str(folders[MANY].data_dir)],
        "cierre_few": ["cierre", str(folders[FEW].data_dir)],
    }
    runs: dict[str, list[dict]] = {name: [] for name in args}
    # An installed package has its bytecode compiled; a checkout run with PYTHONDONTWRITEBYTECODE
    # would compile the app's modules from source on every launch and measure that instead.
    import compileall

    import cierre

    compileall.compile_dir(Path(cierre.__file__).parent, quiet=1)  # where it is imported from
    for name in args:
        _launch(args[name], home)  # warm the file cache
    for round_number in range(LAUNCHES):
        order = list(args) if round_number % 2 == 0 else list(reversed(args))
        for name in order:
            runs[name].append(_launch(args[name], home))
    return runs


# --- keystroke in call mode --------------------------------------------------------
async def _captures(settings, closure_id: str, rounds: int, offset: int) -> list[float]:
    from textual import events

    from cierre.tui.app import CierreApp
    from cierre.tui.screens.call import CallScreen
    from cierre.tui.screens.dashboard import DashboardScreen
    from cierre.tui.widgets.call_log import CallLog, LogRow
    from cierre.tui.widgets.call_prompt import CapturePrompt
    from cierre.tui.widgets.closure_list import ClosureList

    app = CierreApp(settings, calendar=False)
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        while not (isinstance(app.screen, DashboardScreen) and app.screen.query_one(ClosureList).rows):
            await asyncio.sleep(0.01)
        await app.push_screen(CallScreen(app.coach, closure_id))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CallScreen) and app.screen.started, "call mode did not start"
        store = app.coach.store
        log = app.screen.query_one(CallLog)
        logged = len(log.query(LogRow))
        for n in range(rounds):
            key = KEYS[(offset + n) % len(KEYS)]
            stamp = store.stamp(closure_id)
            started = time.perf_counter()
            for typed in (key, *"ok", str(n % 10), "enter"):
                character = "\r" if typed == "enter" else typed
                app.post_message(events.Key(typed, character))
            while store.stamp(closure_id) == stamp or len(log.query(LogRow)) < logged + 1:
                await asyncio.sleep(0.0005)
            times.append(time.perf_counter() - started)
            logged += 1
            assert not app.screen.query_one(CapturePrompt).is_open
            await pilot.pause()  # animations (the log scrolling) end outside the measured time
            await asyncio.sleep(0.05)  # a person's pause between captures; timers and polls run
        await app.workers.wait_for_complete()
    return times


def measure_keystrokes(folders: dict[int, object]) -> dict[int, list[float]]:
    from cierre.service import Coach

    ids = {}
    for count, settings in folders.items():
        coach = Coach(settings)
        closure = coach.new_closure(
            "lost", "Bench Client", phone="+34 600 000 000", received_at=coach.clock() - timedelta(hours=25)
        )
        coach.set_guess(closure.id, "The price", "price")
        ids[count] = closure.id
    times: dict[int, list[float]] = {MANY: [], FEW: []}
    for block, count in enumerate((MANY, FEW, FEW, MANY)):
        times[count] += asyncio.run(_captures(folders[count], ids[count], CAPTURES, block * CAPTURES))
    return times


def run() -> list[tuple[str, str, str, bool]]:
    with tempfile.TemporaryDirectory(prefix="cierre-bench-tui-") as tmp:
        root = Path(tmp)
        (root / "home").mkdir()
        folders = {count: _make_folder(root, count) for count in (MANY, FEW)}
        launches = measure_launch(folders, root / "home")
        keys = measure_keystrokes(folders)

    seconds = {name: statistics.median(r["seconds"] for r in runs) for name, runs in launches.items()}
    memory = {name: statistics.median(r["maxrss_kib"] for r in runs) / 1024 for name, runs in launches.items()}
    key_ms = {count: statistics.median(values) * 1000 for count, values in keys.items()}
    time_ratio = seconds["cierre"] / seconds["minimal"]
    memory_ratio = memory["cierre"] / memory["minimal"]
    key_ratio = key_ms[MANY] / key_ms[FEW]
    return [
        (f"launch to first paint, minimal Textual app: s, median of {LAUNCHES}", f"{seconds['minimal']:.3f}", "-", True),
        (f"launch to painted dashboard, cierre, {MANY:,} closures: s", f"{seconds['cierre']:.3f}", "-", True),
        (f"launch to painted dashboard, cierre, {FEW} closures: s", f"{seconds['cierre_few']:.3f}", "-", True),
        ("launch: cierre / minimal app (wall time)", f"{time_ratio:.2f}x", f"<= {TARGET_TIME}x", time_ratio <= TARGET_TIME),
        ("peak memory, minimal Textual app: MiB", f"{memory['minimal']:.1f}", "-", True),
        (f"peak memory, cierre with {MANY:,} closures: MiB", f"{memory['cierre']:.1f}", "-", True),
        (f"peak memory, cierre with {FEW} closures: MiB", f"{memory['cierre_few']:.1f}", "-", True),
        ("peak memory: cierre / minimal app", f"{memory_ratio:.2f}x", f"<= {TARGET_MEMORY}x", memory_ratio <= TARGET_MEMORY),
        (f"call-mode capture, {MANY:,} closures: ms, median of {len(keys[MANY])}", f"{key_ms[MANY]:.1f}", "-", True),
        (f"call-mode capture, {FEW} closures: ms, median of {len(keys[FEW])}", f"{key_ms[FEW]:.1f}", "-", True),
        (f"call-mode capture: {MANY:,} / {FEW} closures", f"{key_ratio:.2f}x", f"<= {TARGET_KEY}x", key_ratio <= TARGET_KEY),
    ]


if __name__ == "__main__":
    from benchmarks.__main__ import main

    raise SystemExit(main(["tui"]))
