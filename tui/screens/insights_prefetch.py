"""Counting the insights ahead, in idle time, so that opening them shows figures at once.

Reading the insights facts of 10,000 closures and counting them takes a few hundredths of
a second (the dashboard does not read them: it has its own slim rows), so without this
the first `i` would wait for it. The app calls `prefetch(app)` shortly after its first
paint and then every few seconds; a count starts only when

- the dashboard (where `i` opens insights) is on screen and not loading its rows,
  so the first paint and the keys pressed there are not slowed down;
- no count is under way, and the default view's figures (all time, both kinds) are
  not cached for the current facts and time already: with nothing changed, a check
  costs 256 file stats and nothing else.

The count runs in a thread worker through the app's `InsightsCache`, the same one the
insights screen reads (and waits on, if it opens while the count is under way). The
parsed facts (a few megabytes at 10,000 closures) stay in the store's cache, so the
next count after a change parses only the files that changed.
"""

from __future__ import annotations

from typing import Any

from cierre.insights.insight_cache import InsightsCache
from cierre.insights.counting import Filter

GROUP = "insights-prefetch"
DEFAULT = Filter()  # what the insights screen opens with
BUSY_GROUPS = frozenset({"dashboard-load", GROUP, "insights-load"})
RETRY = 0.1  # seconds: the dashboard was still loading its rows; try again soon after


def shared_cache(app: Any, coach: Any) -> InsightsCache:
    """The app's one cache for its coach, made on first use (kept on the app, so screens share it)."""
    cache = getattr(app, "insights_cache", None)
    if not isinstance(cache, InsightsCache) or cache.coach is not coach:
        cache = InsightsCache(coach)
        app.insights_cache = cache
    return cache


def prefetch(app: Any) -> bool:
    """Start a count ahead if it is likely to be used and nothing else needs the time; says whether it did."""
    from cierre.tui.screens.dashboard import DashboardScreen

    if not app.is_running or not isinstance(app.screen, DashboardScreen):
        return False
    busy = {worker.group for worker in app.workers if worker.is_running} & BUSY_GROUPS
    if busy:
        if busy == {"dashboard-load"}:
            app.set_timer(RETRY, lambda: prefetch(app))
        return False
    cache = shared_cache(app, app.coach)
    key = cache.key(DEFAULT)
    if cache.fresh(key) is not None or cache.counting(key):
        return False
    app.run_worker(lambda: _count(cache), thread=True, group=GROUP, exclusive=True, exit_on_error=False)
    return True


def _count(cache: InsightsCache) -> None:
    cache.count(DEFAULT)  # a damaged file is reported by the screen that shows them
