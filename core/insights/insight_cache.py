"""Insights counted once and shown many times, keyed by what they were counted from.

The key is the facts stamp (inode, size and mtime of every insights facts file, see
index_facts.py), the filter and the time zone: a change to the facts by this process or
another, or another filter, is another key, so figures are never shown for data or a
filter they were not counted from. Within a key, figures hold through their own
`valid_through` (the last moment before a figure that depends on the time changes, see
insights.py).

Counting is single-flight: asking for figures that another thread is counting already
waits for that count instead of reading the facts a second time. The stamp is read
before the facts and again when the figures are kept: a write landing during the count
leaves them to whoever asked but out of the cache, and the next look-up (under the newer
stamp) counts again. Only figures of the current facts are kept.
"""

from __future__ import annotations

import threading
from typing import Any, Hashable

from cierre.insights.figures import Filter, Insights
from cierre.insights.counting import count

Key = tuple[Hashable, ...]
KEEP = 12  # every period and kind of the screen over one state of the facts (4 x 3); about 1 MB each at 10,000


class InsightsCache:
    def __init__(self, coach: Any, *, keep: int = KEEP) -> None:
        self.coach = coach
        self.keep = keep
        self._lock = threading.Lock()
        self._entries: dict[Key, Insights] = {}  # oldest first
        self._counting: dict[Key, threading.Event] = {}

    def key(self, where: Filter, stamp: Any = None) -> Key:
        if stamp is None:
            stamp = self.coach.store.facts_stamp()
        return (stamp, where, str(self.coach.settings.tz))

    def fresh(self, key: Key) -> Insights | None:
        """The figures for this key if they still hold now; never counts, so cheap on the UI thread."""
        with self._lock:
            found = self._entries.get(key)
        return found if found is not None and found.holds_at(self.coach.clock()) else None

    def counting(self, key: Key) -> bool:
        with self._lock:
            return key in self._counting

    def count(self, where: Filter) -> Insights:
        """Current figures for the filter: cached, awaited from a count under way, or counted here.

        Blocks for as long as a count takes (a few hundredths of a second at 10,000 closures, the
        facts read cold): call it from a thread.
        """
        while True:
            key = self.key(where)
            found, running, mine = self._claim(key)
            if found is not None:
                return found
            if mine:
                return self._count(key, where, running)
            running.wait()  # then look again: that count may have failed, or the facts moved on

    def start(self, where: Filter, key: Key | None = None) -> Key:
        """Count the figures for the filter in a thread of its own, unless they are cached or being
        counted already; returns their key (as given, or read now), for `wait`. Never blocks."""
        key = key or self.key(where)
        _, running, mine = self._claim(key)
        if mine:
            threading.Thread(target=self._count_quietly, args=(key, where, running), daemon=True).start()
        return key

    def wait(self, key: Key, timeout: float) -> Insights | None:
        """The figures for the key, waiting up to `timeout` seconds for a count of them under way."""
        with self._lock:
            running = self._counting.get(key)
        if running is not None:
            running.wait(timeout)
        return self.fresh(key)

    def _claim(self, key: Key) -> tuple[Insights | None, threading.Event | None, bool]:
        """Figures that hold now; else the count of them under way, and whether the caller must run it."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found.holds_at(self.coach.clock()):
                return found, None, False
            running = self._counting.get(key)
            if running is not None:
                return None, running, False
            running = self._counting[key] = threading.Event()
            return None, running, True

    def _count(self, key: Key, where: Filter, running: threading.Event) -> Insights:
        try:
            coach = self.coach
            insights = count(coach.insight_facts(key[0]), now=coach.clock(), where=where, tz=coach.settings.tz)
            self._store(key, insights)
            return insights
        finally:
            with self._lock:
                del self._counting[key]
            running.set()

    def _count_quietly(self, key: Key, where: Filter, running: threading.Event) -> None:
        try:
            self._count(key, where, running)
        except Exception:  # noqa: BLE001 - whoever shows the figures counts again, and says what went wrong
            pass

    def _store(self, key: Key, insights: Insights) -> None:
        # Figures of any other state of the facts are dead weight: a replaced file never comes back
        # with the same inode. Which state is current is read here, as a slow count may finish after
        # a newer one; figures already outdated are not kept.
        current = self.coach.store.facts_stamp()
        now = self.coach.clock()
        with self._lock:
            for old in [k for k, kept in self._entries.items() if k[0] != current or not kept.holds_at(now)]:
                del self._entries[old]
            if key[0] != current:
                return
            self._entries.pop(key, None)
            self._entries[key] = insights  # the least recently counted go first
            while len(self._entries) > self.keep:
                del self._entries[next(iter(self._entries))]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


__all__ = ["InsightsCache", "KEEP"]
