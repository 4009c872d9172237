"""Insights over 10,000 closures, opened as the user does it, against the dashboard painting the same data.

Every round is a fresh process (nothing imported, parsed or counted yet; the files sit in
the OS cache, as after any earlier run) running the app on one demo folder of 10,000
closures, headless at 80x24, timed to the moment a screen is painted (the app's display
call, made after the compositor has rendered the update):

  dashboard paint  from the app's start (its Coach ready) until the dashboard has painted
                   its closures;
  first open       the user looks at the dashboard for LOOK seconds (a quick glance), then
                   presses `i`: from the key until the insights screen has painted its figures;
  re-open          Escape, the same moment on the dashboard, `i` again;
  typed ahead      `i` arrives the moment the dashboard has painted, so there was no idle
                   time to count anything ahead; the kept tallies (tally_cache.py) are as the
                   last run left them;
    changed        the same, after another process changed the facts (a competitor noted on
                   a lost proposal): every closure's kept tally no longer holds, and the part
                   of 16 files with the changed one is added up again. The worst case of use;
    nothing kept   the same with no kept tallies at all (a new cache folder, once): all 256
                   files' tallies are added up. A reference.

Each open is compared with the dashboard paint of the same round (the ratio's median is
reported; the target is 1.5). Keys go to the driver as a terminal would send them. Also:
how long after the dashboard's paint the figures are counted ahead (the window in which a
first open has to wait for them); a dashboard key (cursor down) pressed while they are
being counted, against one frame of a 60 Hz screen and against the same key when the app
is idle; the insights facts read cold (every closure's tally, as the default view reads it,
after another process's change, and the 256 files' tallies added up) and the figures counted from
them; and the memory
the app holds once the figures are counted ahead, against the same app with the dashboard
painted. Lines with the target "-" are the references compared with.

    python -m benchmarks insights
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

CLOSURES = 10_000
ROUNDS = 7
LOOK = 0.3  # seconds on the dashboard before `i`: a glance, about as quick as a person reacts
TARGET_RATIO = 1.5
TARGET_COUNT_MS = 250.0
FRAME_MS = 1000 / 60  # a key answered within one frame of a 60 Hz screen shows no delay
TARGET_MEMORY_RATIO = 2.0  # the app with the insights read and counted, against the app as painted
SIZE = (80, 24)
NOW = datetime(2026, 1, 15, 10, 0, tzinfo=timezone.utc)


def _settings(folder: Path):
    from cierre.settings import load_settings

    env = {"CIERRE_LANG": "en", "CIERRE_TIMEZONE": "Europe/Madrid"}
    return load_settings(env=env, data_dir=str(folder), config_file=Path("/nonexistent"), dotenv_path=Path("/nonexistent"))


# --- in the measured process --------------------------------------------------------
async def _until(done: Callable[[], Any], limit: float = 30.0) -> Any:
    start = time.perf_counter()
    while not (result := done()):
        if time.perf_counter() - start > limit:
            raise TimeoutError("the screen never showed its data")
        await asyncio.sleep(0.002)
    return result


class Paints:
    """Records when the app puts a screen on the terminal, and whether that screen showed its data then.

    Screens are told apart by class name: importing the insights screen here would take its import
    out of the first open.
    """

    def __init__(self, app, shows: Callable[[Any], bool]) -> None:
        self.shows = shows
        self.marks: list[tuple[float, str, bool]] = []
        display = app._display

        def recorded(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None and not app._batch_count and screen is app.screen:
                self.marks.append((time.perf_counter(), type(screen).__name__, self.shows(screen)))

        app._display = recorded

    def first(self, after: float, name: str) -> float | None:
        return next((at for at, screen, ready in self.marks if at >= after and ready and screen == name), None)


def _rows_shown(screen) -> bool:
    from cierre.tui.widgets.closure_list import ClosureList

    lists = screen.query(ClosureList)
    return bool(lists and lists.first().rows)


def _shows(screen) -> bool:
    name = type(screen).__name__
    if name == "InsightsScreen":
        return screen.insights is not None and not screen.updating
    return name == "DashboardScreen" and _rows_shown(screen)


def _key(app, key: str) -> float:
    from textual import events

    started = time.perf_counter()
    app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
    return started


def _app(settings):
    from cierre.service import Coach
    from cierre.tui.app import CierreApp

    return CierreApp(settings, coach=Coach(settings, clock=lambda: NOW), calendar=False)


def _counted_ahead(app) -> bool:
    from cierre.insights.counting import Filter
    from cierre.tui.screens.insights_prefetch import shared_cache

    cache = shared_cache(app, app.coach)
    return cache.fresh(cache.key(Filter())) is not None


async def _opens(settings, look: float | None) -> dict[str, float]:
    """The dashboard's first paint, then `i` (after `look` seconds, or at the paint), Escape and `i` again."""
    app = _app(settings)
    paints = Paints(app, _shows)
    started = time.perf_counter()
    times: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        painted = await _until(lambda: paints.first(started, "DashboardScreen"))
        times["dashboard"] = painted - started
        if look:
            await asyncio.sleep(look - (time.perf_counter() - painted))
        pressed = _key(app, "i")
        times["first"] = await _until(lambda: paints.first(pressed, "InsightsScreen")) - pressed
        if look:
            await pilot.press("escape")
            await _until(lambda: type(app.screen).__name__ == "DashboardScreen")
            await asyncio.sleep(look)
            pressed = _key(app, "i")
            times["again"] = await _until(lambda: paints.first(pressed, "InsightsScreen")) - pressed
    return times


async def _dashboard_key(settings, while_counting: bool) -> dict[str, float | None]:
    """Cursor down on the dashboard until painted, idle or while the insights are counted ahead;
    idle, also how long after the dashboard's paint the figures were counted."""
    from cierre.tui.screens.insights_prefetch import GROUP
    from cierre.tui.widgets.closure_list import ClosureList

    app = _app(settings)
    paints = Paints(app, _shows)
    started = time.perf_counter()
    ahead = None
    async with app.run_test(size=SIZE):
        painted = await _until(lambda: paints.first(started, "DashboardScreen"))
        if while_counting:
            await _until(lambda: any(w.group == GROUP and w.is_running for w in app.workers), limit=5)
            await asyncio.sleep(0.03)  # well into the count
        else:
            ahead = await _until(lambda: _counted_ahead(app) and time.perf_counter(), limit=5) - painted
            await asyncio.sleep(0.5)
            await app.workers.wait_for_complete()
        paints.shows = lambda screen: type(screen).__name__ == "DashboardScreen" and screen.query_one(ClosureList).cursor == 1
        pressed = _key(app, "down")
        return {"key": await _until(lambda: paints.first(pressed, "DashboardScreen")) - pressed, "ahead": ahead}


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


async def _memory(settings) -> dict[str, int]:
    """Resident memory with the dashboard painted, then once the insights are counted ahead (Linux)."""
    app = _app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: _shows(app.screen))
        painted = _rss_kib()  # at once: the count ahead starts a moment after the paint
        await _until(lambda: _counted_ahead(app), limit=10)
        await app.workers.wait_for_complete()
        await pilot.pause()
        return {"painted": painted, "counted": _rss_kib()}


MEASURES: dict[str, Callable[[Any], Any]] = {
    "looked": lambda settings: _opens(settings, LOOK),
    "typed": lambda settings: _opens(settings, None),
    "idle-key": lambda settings: _dashboard_key(settings, False),
    "busy-key": lambda settings: _dashboard_key(settings, True),
    "memory": _memory,
}


def child(measure: str, data_dir: str) -> None:
    """Entry point of a measured process: one measure, printed as JSON."""
    print(json.dumps(asyncio.run(MEASURES[measure](_settings(Path(data_dir))))), flush=True)


# --- in the benchmark's own process ----------------------------------------------------
def _in_fresh_process(measure: str, settings) -> Any:
    code = f"from benchmarks.bench_insights import child; child({measure!r}, {str(settings.data_dir)!r})"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    if done.returncode:
        raise RuntimeError(f"measure {measure} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _change_by_another_process(settings, round_: int) -> None:
    """What a capture in another terminal does to the facts: one closure's, so one file, changes."""
    from cierre.service import Coach

    coach = Coach(settings, clock=lambda: NOW)
    lost = next(row["id"] for row in coach.rows() if row["kind"] == "lost")
    coach.add_note(lost, f"Rival {round_}", "competitor")


def _forget_kept_tallies(settings) -> None:
    import shutil

    from cierre.insights.tally_cache import tallies_dir

    shutil.rmtree(tallies_dir(settings.data_dir), ignore_errors=True)


def _counting_ms(settings) -> dict[str, float]:
    """The insights facts read from disk by a fresh Coach (as kept; after another process's change; with
    nothing kept), and the figures counted from them (medians, ms)."""
    from cierre.insights.counting import count
    from cierre.service import Coach

    times: dict[str, list[float]] = {"kept": [], "changed": [], "nothing kept": [], "count": []}
    for round_ in range(ROUNDS):
        coach = facts = None  # the last round's, freed before this one starts
        gc.collect()
        for case in ("kept", "changed", "nothing kept"):
            if case == "changed":
                _change_by_another_process(settings, ROUNDS + round_)
            elif case == "nothing kept":
                _forget_kept_tallies(settings)
            coach = Coach(settings, clock=lambda: NOW)
            start = time.perf_counter()
            facts = coach.insight_facts()
            times[case].append(time.perf_counter() - start)
            coach.store.write_tallies()  # as when the process ends
        start = time.perf_counter()
        count(facts, now=NOW, tz=settings.tz)
        times["count"].append(time.perf_counter() - start)
    return {case: statistics.median(values) * 1000 for case, values in times.items()}


def _ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1)


def run() -> list[tuple[str, Any, Any, bool]]:
    from cierre.demo.samples import make_demo

    with tempfile.TemporaryDirectory(prefix="cierre-bench-insights-") as folder:
        settings = _settings(Path(folder) / "data")
        make_demo(settings, CLOSURES, clock=lambda: NOW)
        measured = {name: [_in_fresh_process(name, settings) for _ in range(ROUNDS)]
                    for name in ("looked", "typed", "idle-key", "busy-key")}
        measured["typed-changed"], measured["typed-nothing-kept"] = [], []
        for round_ in range(ROUNDS):
            _change_by_another_process(settings, round_)
            measured["typed-changed"].append(_in_fresh_process("typed", settings))
            _forget_kept_tallies(settings)
            measured["typed-nothing-kept"].append(_in_fresh_process("typed", settings))
        memory = _in_fresh_process("memory", settings) if Path("/proc/self/status").exists() else None
        reading = _counting_ms(settings)

    looked, typed, changed = measured["looked"], measured["typed"], measured["typed-changed"]
    results: list[tuple[str, Any, Any, bool]] = []
    dashboard = _ms([r["dashboard"] for r in looked])
    results.append((f"dashboard paint, fresh app, {CLOSURES} closures (ms)", dashboard, "-", True))
    for name, rounds, field in ((f"first open, {LOOK} s after the paint", looked, "first"),
                                (f"re-open, {LOOK} s after Escape", looked, "again"),
                                ("first open typed ahead, at the paint", typed, "first"),
                                ("  the same, the facts changed by another process", changed, "first")):
        took = _ms([r[field] for r in rounds])
        ratio = round(statistics.median(r[field] / r["dashboard"] for r in rounds), 2)
        limit = round(dashboard * TARGET_RATIO, 1)
        results.append((name if name.startswith(" ") else f"insights {name} (ms)", took, limit, took <= limit))
        results.append(("  / dashboard paint (ratio)", ratio, TARGET_RATIO, ratio <= TARGET_RATIO))
    nothing_kept = measured["typed-nothing-kept"]
    results.append(("  the same, nothing kept (a new cache folder, once) (ms)", _ms([r["first"] for r in nothing_kept]), "-", True))
    results.append(("  / dashboard paint (ratio)", round(statistics.median(r["first"] / r["dashboard"] for r in nothing_kept), 2),
                    "-", True))
    ahead = _ms([r["ahead"] for r in measured["idle-key"]])
    results.append(("figures counted ahead, after the dashboard's paint (ms)", ahead, "-", True))
    idle_key, busy_key = _ms([r["key"] for r in measured["idle-key"]]), _ms([r["key"] for r in measured["busy-key"]])
    worst_key = round(max(r["key"] for r in measured["busy-key"]) * 1000, 1)
    results.append(("dashboard key, idle (ms)", idle_key, "-", True))
    results.append(("dashboard key while counting ahead (ms)", busy_key, round(FRAME_MS, 1), busy_key <= FRAME_MS))
    results.append(("  / idle (ratio)", round(busy_key / idle_key, 2), "-", True))
    results.append(("  slowest of the rounds (ms)", worst_key, round(FRAME_MS, 1), worst_key <= FRAME_MS))
    for name, case in ((f"insights facts read cold, {CLOSURES} closures (ms)", "kept"),
                       ("  after another process changed one file (ms)", "changed"),
                       ("  with nothing kept: every file's tally added up (ms)", "nothing kept"),
                       ("insights figures counted from them (ms)", "count")):
        took = round(reading[case], 1)
        results.append((name, took, TARGET_COUNT_MS, took <= TARGET_COUNT_MS))
    if memory:
        painted, counted = memory["painted"] / 1024, memory["counted"] / 1024
        results.append(("memory, dashboard painted (MiB)", round(painted, 1), "-", True))
        results.append(("memory, insights counted ahead (MiB)", round(counted, 1), round(painted * TARGET_MEMORY_RATIO, 1),
                        counted <= painted * TARGET_MEMORY_RATIO))
    return results


if __name__ == "__main__":
    for name, value, target, ok in run():
        print(f"{'ok  ' if ok else 'MISS'} {name:<58} {value:>9}  target {target}")
