"""The insights cache: figures counted once, never shown for another filter, another state of the facts or past their time."""

from __future__ import annotations

import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from insights_sample import NOW, make_coach, utc  # noqa: E402

from cierre.insights.insight_cache import InsightsCache  # noqa: E402
from cierre.insights.counting import Filter, compute  # noqa: E402


class Counting:
    """Wraps a coach's `insight_facts` to count the reads (a read of every closure's facts is what the cache saves)."""

    def __init__(self, coach) -> None:
        self.reads = 0
        self.real = coach.insight_facts
        coach.insight_facts = self

    def __call__(self, stamp=None):
        self.reads += 1
        return self.real(stamp)


@pytest.fixture
def folder(tmp_path):
    coach, clock = make_coach(tmp_path / "data")
    lost = coach.new_closure("lost", "Acme", received_at=NOW - timedelta(days=3))
    coach.add_note(lost.id, "Globex", "competitor")
    coach.new_closure("departure", "Soylent", received_at=NOW - timedelta(days=40))
    return tmp_path / "data", lost.id


def test_counts_once_and_answers_from_memory_after(folder):
    coach, _ = make_coach(folder[0])
    reads = Counting(coach)
    cache = InsightsCache(coach)
    first = cache.count(Filter())
    assert cache.count(Filter()) is first and reads.reads == 1
    assert cache.fresh(cache.key(Filter())) is first
    assert first == compute(coach.store.summaries(), now=NOW, tz=coach.settings.tz)


def test_a_change_from_another_process_is_counted_again(folder):
    data, lost_id = folder
    coach, _ = make_coach(data)
    cache = InsightsCache(coach)
    before = cache.count(Filter())
    key = cache.key(Filter())
    assert before.competitors == [("Globex", 1)]
    other, _ = make_coach(data)  # a second process on the folder, as `cierre note` would be
    other.add_note(lost_id, "Hooli", "competitor")
    assert cache.key(Filter()) != key
    assert cache.fresh(cache.key(Filter())) is None  # the figures counted before the change are not offered
    after = cache.count(Filter())
    assert after.competitors == [("Hooli", 1)]
    assert after == compute(coach.store.summaries(), now=NOW, tz=coach.settings.tz)


def test_figures_are_never_given_for_another_filter(folder):
    coach, _ = make_coach(folder[0])
    cache = InsightsCache(coach)
    everything = cache.count(Filter())
    assert cache.fresh(cache.key(Filter(kind="lost"))) is None
    lost = cache.count(Filter(kind="lost"))
    assert (everything.total, lost.total, lost.by_kind["departure"]) == (2, 1, 0)
    recent = Filter(since=NOW - timedelta(days=7))
    assert cache.fresh(cache.key(recent)) is None
    assert cache.count(recent).total == 1
    assert cache.fresh(cache.key(Filter())) is everything


def test_figures_expire_when_a_due_time_passes_or_the_clock_goes_back(tmp_path):
    coach, clock = make_coach(tmp_path / "data")
    closure = coach.new_closure("lost", "Acme", received_at=NOW - timedelta(days=3))
    coach.add_action(closure.id, "Send the case study", NOW + timedelta(hours=2))
    cache = InsightsCache(coach)
    assert cache.count(Filter()).actions_overdue == 0
    clock.now = NOW + timedelta(hours=1)
    assert cache.fresh(cache.key(Filter())) is not None  # nothing has fallen due yet
    clock.now = NOW + timedelta(hours=2, seconds=1)
    assert cache.fresh(cache.key(Filter())) is None
    assert cache.count(Filter()).actions_overdue == 1
    clock.now = NOW
    assert cache.fresh(cache.key(Filter())) is None  # counted later than now: not trusted
    assert cache.count(Filter()).actions_overdue == 0


def test_one_count_for_many_askers_at_once(folder):
    coach, _ = make_coach(folder[0])
    reads = Counting(coach)
    release = threading.Event()
    real = reads.real

    def slow(stamp=None):
        release.wait(5)
        return real(stamp)

    reads.real = slow
    cache = InsightsCache(coach)
    results: list = []
    threads = [threading.Thread(target=lambda: results.append(cache.count(Filter()))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for _ in range(200):  # until the first has started counting
        if cache.counting(cache.key(Filter())):
            break
        threading.Event().wait(0.005)
    release.set()
    for thread in threads:
        thread.join(5)
    assert len(results) == 4 and all(r is results[0] for r in results)
    assert reads.reads == 1


def test_a_failed_count_leaves_nothing_behind(folder):
    coach, _ = make_coach(folder[0])
    cache = InsightsCache(coach)
    real = coach.insight_facts
    coach.insight_facts = lambda stamp=None: (_ for _ in ()).throw(OSError("disk gone"))
    with pytest.raises(OSError):
        cache.count(Filter())
    assert not cache.counting(cache.key(Filter())) and cache.fresh(cache.key(Filter())) is None
    coach.insight_facts = real
    assert cache.count(Filter()).total == 2


def test_keeps_a_bounded_number_of_entries(folder):
    coach, _ = make_coach(folder[0])
    cache = InsightsCache(coach, keep=3)
    filters = [Filter(since=utc(2025, 1, day)) for day in range(1, 6)]
    for where in filters:
        cache.count(where)
    kept = [where for where in filters if cache.fresh(cache.key(where)) is not None]
    assert kept == filters[-3:]


def test_figures_of_an_older_state_of_the_facts_are_let_go(folder):
    data, lost_id = folder
    coach, _ = make_coach(data)
    cache = InsightsCache(coach)
    cache.count(Filter(kind="lost"))
    old_key = cache.key(Filter(kind="lost"))
    other, _ = make_coach(data)
    other.add_note(lost_id, "Hooli", "competitor")
    cache.count(Filter())
    assert old_key not in cache._entries and len(cache._entries) == 1


def test_a_count_overtaken_by_a_change_is_returned_but_not_kept(folder):
    data, lost_id = folder
    coach, _ = make_coach(data)
    other, _ = make_coach(data)
    real = coach.insight_facts

    def read_then_change(stamp=None):
        facts = real(stamp)
        other.add_note(lost_id, "Hooli", "competitor")  # lands while the figures are being counted
        return facts

    coach.insight_facts = read_then_change
    cache = InsightsCache(coach)
    assert cache.count(Filter()).competitors == [("Globex", 1)]  # what was read
    coach.insight_facts = real
    assert cache.fresh(cache.key(Filter())) is None and not cache._entries
    assert cache.count(Filter()).competitors == [("Hooli", 1)]


def test_a_count_started_in_the_background_can_be_waited_for(folder):
    coach, _ = make_coach(folder[0])
    reads = Counting(coach)
    release = threading.Event()
    real = reads.real
    reads.real = lambda stamp=None: (release.wait(5), real(stamp))[1]
    cache = InsightsCache(coach)
    key = cache.start(Filter())
    assert cache.counting(key) and cache.start(Filter()) == key  # one count, however often started
    assert cache.wait(key, 0.05) is None  # not counted within the time given: the caller moves on
    release.set()
    figures = cache.wait(key, 5)
    assert figures is not None and figures.total == 2 and reads.reads == 1
    assert cache.count(Filter()) is figures and cache.start(Filter(), key) == key and reads.reads == 1


def test_a_failed_background_count_leaves_the_next_to_say_why(folder):
    coach, _ = make_coach(folder[0])
    real = coach.insight_facts
    coach.insight_facts = lambda stamp=None: (_ for _ in ()).throw(OSError("disk gone"))
    cache = InsightsCache(coach)
    key = cache.start(Filter())
    assert cache.wait(key, 5) is None and not cache.counting(key)
    with pytest.raises(OSError):
        cache.count(Filter())
    coach.insight_facts = real
    assert cache.count(Filter()).total == 2
