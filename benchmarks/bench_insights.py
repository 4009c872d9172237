"""Insights over 10,000 closures: opening the screen against the dashboard painting the same data.

Both screens are pushed onto the same running app (80x24, headless), one after
the other, and timed from the push until their figures are on screen. "Cold"
empties the index cache first, so each screen reads the 64 index shards from
disk; "warm" is the usual path, where the app has read them already. Each
figure is the median of several rounds. The data comes from the demo generator
with a fixed clock and seed, so every run measures the same closures.

    python benchmarks/bench_insights.py
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

CLOSURES = 10_000
ROUNDS = 9
TARGET_RATIO = 1.5
TARGET_COMPUTE_MS = 250.0
SIZE = (80, 24)
NOW = datetime(2026, 1, 15, 10, 0, tzinfo=timezone.utc)


def _settings(folder: Path):
    from coach.settings import load_settings

    env = {"CIERRE_LANG": "en", "CIERRE_TIMEZONE": "Europe/Madrid"}
    return load_settings(env=env, data_dir=str(folder), config_file=Path("/nonexistent"), dotenv_path=Path("/nonexistent"))


async def _until(done: Callable[[], bool], limit: float = 30.0) -> None:
    start = time.perf_counter()
    while not done():
        if time.perf_counter() - start > limit:
            raise TimeoutError("the screen never showed its data")
        await asyncio.sleep(0.005)


async def _time_screen(app, pilot, make, ready: Callable, *, cold: bool) -> float:
    if cold:
        app.coach.store._shard_cache.clear()
    gc.collect()  # every open starts from the same collector state: a full pass over the heap lands in no one's time
    start = time.perf_counter()
    screen = make()
    await app.push_screen(screen)
    await _until(lambda: ready(screen))
    await pilot.pause()  # let the figures reach the screen
    elapsed = time.perf_counter() - start
    await app.pop_screen()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return elapsed


async def _measure(settings) -> dict[str, list[float]]:
    from coach.service import Coach
    from tui.app import CierreApp
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.insights import InsightsScreen
    from tui.widgets.closure_list import ClosureList

    coach = Coach(settings, clock=lambda: NOW)
    app = CierreApp(settings, coach=coach, calendar=False)
    times: dict[str, list[float]] = {"dashboard_cold": [], "insights_cold": [], "dashboard_warm": [], "insights_warm": []}

    def dashboard_ready(screen) -> bool:
        return bool(screen.is_mounted and screen.query(ClosureList) and screen.query_one(ClosureList).rows)

    def insights_ready(screen) -> bool:
        return screen.insights is not None

    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: dashboard_ready(app.screen))
        await app.workers.wait_for_complete()
        for round_number in range(ROUNDS):
            order = ["dashboard", "insights"] if round_number % 2 == 0 else ["insights", "dashboard"]
            for state in ("cold", "warm"):
                for name in order:
                    if name == "dashboard":
                        took = await _time_screen(app, pilot, DashboardScreen, dashboard_ready, cold=state == "cold")
                    else:
                        took = await _time_screen(app, pilot, lambda: InsightsScreen(coach), insights_ready, cold=state == "cold")
                    times[f"{name}_{state}"].append(took)
    return times


def _compute_ms(settings) -> float:
    from coach.insights import compute
    from coach.service import Coach

    coach = Coach(settings, clock=lambda: NOW)
    summaries = coach.summaries()
    runs = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        compute(summaries, now=NOW, tz=settings.tz)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def run() -> list[tuple[str, float, float, bool]]:
    from coach.demo import make_demo

    with tempfile.TemporaryDirectory(prefix="cierre-bench-insights-") as folder:
        settings = _settings(Path(folder) / "data")
        make_demo(settings, CLOSURES, clock=lambda: NOW)
        times = asyncio.run(_measure(settings))
        compute_ms = _compute_ms(settings)
    median = {name: statistics.median(values) * 1000 for name, values in times.items()}
    results: list[tuple[str, float, float, bool]] = []
    for state in ("cold", "warm"):
        dashboard, insights = median[f"dashboard_{state}"], median[f"insights_{state}"]
        limit = dashboard * TARGET_RATIO
        results.append((f"dashboard paint, {state} index, {CLOSURES} closures (ms)", round(dashboard, 1), round(dashboard, 1), True))
        results.append((f"insights open, {state} index, {CLOSURES} closures (ms)", round(insights, 1), round(limit, 1), insights <= limit))
        ratio = insights / dashboard
        results.append((f"insights / dashboard, {state} index (ratio)", round(ratio, 2), TARGET_RATIO, ratio <= TARGET_RATIO))
    results.append((f"insights figures over {CLOSURES} summaries (ms)", round(compute_ms, 1), TARGET_COMPUTE_MS, compute_ms <= TARGET_COMPUTE_MS))
    return results


if __name__ == "__main__":
    for name, value, target, ok in run():
        print(f"{'ok  ' if ok else 'MISS'} {name:<58} {value:>9}  target {target}")
