"""Insights over 10,000 closures, opened as the user does it, against the dashboard painting the same data.

Every round is a fresh app (a new Coach: nothing parsed or counted in the process yet; the
files sit in the OS cache, as after any earlier run) on one demo folder of 10,000 closures,
headless at 80x24, timed to the moment a screen is painted (the app's display call, made
after the compositor has rendered the update):

  dashboard paint  from the app's start until the dashboard has painted its closures;
  first open       the user looks at the dashboard for LOOK seconds, then presses `i`:
                   from the key until the insights screen has painted its figures;
  re-open          Escape, a moment on the dashboard, `i` again;
  typed ahead      another fresh app where `i` arrives the moment the dashboard has painted,
                   so there was no idle time to count anything ahead: the worst case.

Each open is compared with the dashboard paint of the same round (the ratio's median is
reported; the target is 1.5). Keys go to the driver as a terminal would send them. The
counting itself is reported too: the full summaries read cold, and the figures over them;
and a dashboard key (cursor down) pressed while the insights are being counted ahead,
against the same key when the app is idle.

    python -m benchmarks insights
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

CLOSURES = 10_000
ROUNDS = 7
LOOK = 0.5  # seconds on the dashboard before `i`: a glance, well under the time a person takes
TARGET_RATIO = 1.5
TARGET_COUNT_MS = 250.0
TARGET_KEY_RATIO = 1.5
SIZE = (80, 24)
NOW = datetime(2026, 1, 15, 10, 0, tzinfo=timezone.utc)


def _settings(folder: Path):
    from coach.settings import load_settings

    env = {"CIERRE_LANG": "en", "CIERRE_TIMEZONE": "Europe/Madrid"}
    return load_settings(env=env, data_dir=str(folder), config_file=Path("/nonexistent"), dotenv_path=Path("/nonexistent"))


async def _until(done: Callable[[], Any], limit: float = 30.0) -> Any:
    start = time.perf_counter()
    while not (result := done()):
        if time.perf_counter() - start > limit:
            raise TimeoutError("the screen never showed its data")
        await asyncio.sleep(0.002)
    return result


class Paints:
    """Records when the app puts a screen on the terminal, and whether that screen showed its data then."""

    def __init__(self, app, shows: Callable[[Any], bool]) -> None:
        self.app, self.shows = app, shows
        self.marks: list[tuple[float, Any, bool]] = []
        display = app._display

        def recorded(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None and not app._batch_count and screen is app.screen:
                self.marks.append((time.perf_counter(), screen, shows(screen)))

        app._display = recorded

    def first(self, after: float, kind: type) -> float | None:
        return next((at for at, screen, ready in self.marks if at >= after and ready and isinstance(screen, kind)), None)


def _shows(screen) -> bool:
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.insights import InsightsScreen
    from tui.widgets.closure_list import ClosureList

    if isinstance(screen, InsightsScreen):
        return screen.insights is not None and not screen.updating
    if isinstance(screen, DashboardScreen):
        lists = screen.query(ClosureList)
        return bool(lists and lists.first().rows)
    return False


def _key(app, key: str) -> float:
    from textual import events

    gc.collect()  # every key starts from the same collector state: a full pass lands in no one's time
    started = time.perf_counter()
    app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
    return started


async def _round(settings, *, look: float | None) -> dict[str, float]:
    """One fresh app: the dashboard's first paint, then `i` (after `look` seconds, or at the paint)."""
    from coach.service import Coach
    from tui.app import CierreApp
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.insights import InsightsScreen

    times: dict[str, float] = {}
    app = CierreApp(settings, coach=Coach(settings, clock=lambda: NOW), calendar=False)
    paints = Paints(app, _shows)
    started = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        painted = await _until(lambda: paints.first(started, DashboardScreen))
        times["dashboard"] = painted - started
        if look:
            await asyncio.sleep(look - (time.perf_counter() - painted))
        pressed = _key(app, "i")
        times["first"] = await _until(lambda: paints.first(pressed, InsightsScreen)) - pressed
        if look is None:
            return times
        await pilot.press("escape")
        await _until(lambda: isinstance(app.screen, DashboardScreen))
        await asyncio.sleep(look)
        pressed = _key(app, "i")
        times["again"] = await _until(lambda: paints.first(pressed, InsightsScreen)) - pressed
        await pilot.press("escape")
    return times


async def _dashboard_key(settings, *, while_counting: bool) -> float:
    """Cursor down on the dashboard until painted: idle, or while the insights are counted ahead."""
    from coach.service import Coach
    from tui.app import CierreApp
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.insights_prefetch import GROUP
    from tui.widgets.closure_list import ClosureList

    app = CierreApp(settings, coach=Coach(settings, clock=lambda: NOW), calendar=False)
    paints = Paints(app, lambda screen: isinstance(screen, DashboardScreen) and screen.query_one(ClosureList).cursor == 1)
    started = time.perf_counter()
    async with app.run_test(size=SIZE):
        await _until(lambda: _shows(app.screen))
        if while_counting:
            await _until(lambda: any(w.group == GROUP and w.is_running for w in app.workers), limit=5)
            await asyncio.sleep(0.03)  # well into the count
        else:
            await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - started)))
            await app.workers.wait_for_complete()
        pressed = _key(app, "down")
        return await _until(lambda: paints.first(pressed, DashboardScreen)) - pressed


def _counting_ms(settings) -> tuple[float, float]:
    """The full summaries read from disk by a fresh Coach, and the figures counted over them (medians, ms)."""
    from coach.insights import compute
    from coach.service import Coach

    reads, counts = [], []
    for _ in range(ROUNDS):
        coach = summaries = None  # the last round's, freed before this one starts
        gc.unfreeze()
        gc.collect()
        coach = Coach(settings, clock=lambda: NOW)
        start = time.perf_counter()
        summaries = coach.summaries()
        reads.append(time.perf_counter() - start)
        start = time.perf_counter()
        compute(summaries, now=NOW, tz=settings.tz)
        counts.append(time.perf_counter() - start)
    return statistics.median(reads) * 1000, statistics.median(counts) * 1000


def _fresh(measure: Callable[[], Any]) -> Any:
    """One measure as in a fresh process: what earlier rounds froze out of the collector (the app
    after its first paint, the store after a bulk read) is handed back and collected first."""
    gc.unfreeze()
    gc.collect()
    return measure()


def _ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1)


def run() -> list[tuple[str, float, float, bool]]:
    from coach.demo import make_demo

    with tempfile.TemporaryDirectory(prefix="cierre-bench-insights-") as folder:
        settings = _settings(Path(folder) / "data")
        make_demo(settings, CLOSURES, clock=lambda: NOW)
        looked = [_fresh(lambda: asyncio.run(_round(settings, look=LOOK))) for _ in range(ROUNDS)]
        typed = [_fresh(lambda: asyncio.run(_round(settings, look=None))) for _ in range(ROUNDS)]
        idle_keys = [_fresh(lambda: asyncio.run(_dashboard_key(settings, while_counting=False))) for _ in range(ROUNDS)]
        busy_keys = [_fresh(lambda: asyncio.run(_dashboard_key(settings, while_counting=True))) for _ in range(ROUNDS)]
        read_ms, count_ms = _counting_ms(settings)

    results: list[tuple[str, float, float, bool]] = []
    dashboard = _ms([r["dashboard"] for r in looked])
    results.append((f"dashboard paint, fresh app, {CLOSURES} closures (ms)", dashboard, dashboard, True))
    for name, rounds, field in (("first open", looked, "first"), ("re-open", looked, "again"),
                                ("first open typed ahead", typed, "first")):
        took = _ms([r[field] for r in rounds])
        ratio = round(statistics.median(r[field] / r["dashboard"] for r in rounds), 2)
        limit = round(dashboard * TARGET_RATIO, 1)
        results.append((f"insights {name} (ms)", took, limit, took <= limit))
        results.append((f"insights {name} / dashboard paint (ratio)", ratio, TARGET_RATIO, ratio <= TARGET_RATIO))
    idle, busy = _ms(idle_keys), _ms(busy_keys)
    results.append(("dashboard key, idle (ms)", idle, idle, True))
    key_ratio = round(busy / idle, 2)
    results.append(("dashboard key while counting ahead / idle (ratio)", key_ratio, TARGET_KEY_RATIO, key_ratio <= TARGET_KEY_RATIO))
    results.append((f"full summaries read cold, {CLOSURES} closures (ms)", round(read_ms, 1), TARGET_COUNT_MS, read_ms <= TARGET_COUNT_MS))
    results.append((f"insights figures over {CLOSURES} summaries (ms)", round(count_ms, 1), TARGET_COUNT_MS, count_ms <= TARGET_COUNT_MS))
    return results


if __name__ == "__main__":
    for name, value, target, ok in run():
        print(f"{'ok  ' if ok else 'MISS'} {name:<58} {value:>9}  target {target}")
