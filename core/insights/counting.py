"""What the closures teach, taken together: reasons, competitors, guesses, timing, outcomes.

Every figure comes from the index's insights facts (a few values of each closure's
summary, see facts.py) as the tallies they add up to (tally.py), never from the
closure files, so 10,000 closures are read and counted in a few tens of
milliseconds. Only the texts of suggestions need the files: `suggestion_texts`
loads them for the few closures on screen.

Filters apply to the day the "no" arrived (`received_at`). Archived closures
count: archiving hides a closure from the dashboard, not from its history.
Rates are None when there is nothing to divide by, so "0 of 0" never reads as 0 %.

A few figures depend on the time as well as the data (a recovery running over now,
overdue check-ins and action items): `count` also says through when its answer
holds (`valid_through`, the last moment before one of those figures changes), so
figures counted ahead can be shown later without counting again, and never once
that moment has passed.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from datetime import datetime, timezone, tzinfo
from typing import Any, Callable, Iterable

from cierre.insights.figures import Filter, Insights, Rate, Summary, SuggestionGroup, SuggestionGroups, _t, day_filter
from cierre.domain.model import DEPARTURE_REASONS, LOST_REASONS
from cierre.storage.store import DamagedFileError, StoreError
from cierre.insights.tally import HEARD, Facts, Totals
from cierre.domain.timeutil import to_iso

HOUR = 3600.0
# Buckets of the time from the "no" to the first call attempt: upper bounds in hours.
CALL_BUCKETS: tuple[tuple[str, float], ...] = (("under_1d", 24), ("1_2d", 48), ("2_3d", 72), ("3_7d", 168), ("over_7d", float("inf")))
REASONS = {"lost": LOST_REASONS, "departure": DEPARTURE_REASONS}
CONFIRM_ORDER = ("chose_other", "no_decision", "in_house", "still_open", "unknown")


def _ranked(counter: Counter, order: Iterable[str] = ()) -> list[tuple[str, int]]:
    """Most frequent first; ties in the given canonical order, then by name."""
    position = {key: n for n, key in enumerate(order)}
    return sorted(((k, v) for k, v in counter.items() if v), key=lambda kv: (-kv[1], position.get(kv[0], len(position)), kv[0]))


def _quantile(ordered: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (as numpy's default and statistics' 'inclusive')."""
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _month(utc: str, tz: tzinfo) -> str:
    """The month of a UTC time (fixed-width text) in the user's zone."""
    local = datetime.fromisoformat(utc).astimezone(tz)
    return f"{local.year:04d}-{local.month:02d}"


def _months(counts: Counter) -> list[tuple[str, int]]:
    """Closures per calendar month, months without any included."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:])
    result = []
    while True:
        key = f"{year:04d}-{month:02d}"
        result.append((key, counts.get(key, 0)))
        if key >= last:
            return result
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _past(times: Iterable[str | None], now: str) -> tuple[int, str | None]:
    """How many of the times (UTC text, None skipped) are strictly before now, and the first that is not.

    Figures that depend on the time count what is strictly past (`due < now`), so they still hold
    at that first moment and change right after it.
    """
    ordered = sorted(filter(None, times))
    passed = bisect_left(ordered, now)
    return passed, ordered[passed] if passed < len(ordered) else None


def compute(summaries: Iterable[Summary], *, now: datetime, where: Filter = Filter(), tz: tzinfo = timezone.utc) -> Insights:
    """Every figure over summaries (the command line, tests): their facts, counted as the store's are."""
    return count(Facts.of(summaries), now=now, where=where, tz=tz)


def count(facts: Facts, *, now: datetime, where: Filter = Filter(), tz: tzinfo = timezone.utc) -> Insights:
    """Every figure, from the tallies of the closures the filter takes (tally.py).

    Adding up the tallies of 10,000 closures takes a few milliseconds; a time is parsed only for a
    month at its turn and for the answer's `valid_through`.
    """
    totals = Totals(facts.chosen(where).tallies)
    counters, sums, lists = totals.counters, totals.sums, totals.lists
    now_iso = to_iso(now)
    kinds = counters["kinds"]

    reasons: dict[str, Counter] = {"lost": Counter(), "departure": Counter()}
    missing: Counter = Counter()
    for (kind, given), n in counters["reasons"].items():
        if given:
            reasons[kind][given] += n
        else:
            missing[kind] += n

    competitors: Counter = Counter()
    spellings: dict[str, Counter] = {}
    for name, n in counters["won_by"].items():
        key = name.casefold()
        competitors[key] += n
        spellings.setdefault(key, Counter())[name] += n

    guessed = matched = 0
    misses: Counter = Counter()
    for (guess, given), n in counters["guesses"].items():
        guessed += n
        if guess == given:
            matched += n
        else:
            misses[(guess, given)] += n

    months = counters["months"] + Counter([_month(at, tz) for at in lists["turns"]])
    delays = sorted([us / 1_000_000 / HOUR for us in lists["delays"]])
    overrun_now, recovery_ends = _past(lists["recover_by"], now_iso)
    overdue_checkins, checkin_due = _past(lists["checkin_due"], now_iso)
    actions_overdue, action_due = _past(lists["pending"], now_iso)
    heard = lists["heard_counts"]

    result = Insights()
    ahead = min(filter(None, (recovery_ends, checkin_due, action_due)), default=None)
    result.counted_at, result.valid_through = now, _t(ahead)
    result.total = sum(kinds.values())
    result.by_kind = {k: kinds.get(k, 0) for k in ("lost", "departure")}
    result.by_month = _months(months)
    result.reasons = {kind: _ranked(counter, REASONS[kind]) for kind, counter in reasons.items()}
    result.reasons_missing = {k: missing.get(k, 0) for k in ("lost", "departure")}
    # Shown as the spelling used most; a tie goes to the first in sort order, so the answer never
    # depends on the order the index was read in.
    result.competitors = [(min(spellings[key].items(), key=lambda kv: (-kv[1], kv[0]))[0], n) for key, n in _ranked(competitors)]
    lost_count = kinds.get("lost", 0)
    result.competitor_named = Rate(sums["named"], lost_count)
    result.guess_matched = Rate(matched, guessed)
    result.guess_misses = [(g, r, n) for (g, r), n in sorted(misses.items(), key=lambda kv: (-kv[1], kv[0]))][:5]
    result.suggestions = SuggestionGroups(tuple(lists[name] for name in HEARD))  # listed as the tally keeps them
    result.suggestions_total = sum(heard)
    outcomes = counters["last"]
    result.outcomes = {k: outcomes.get(k, 0) for k in ("confirmed", "reopened", "not_reached")}
    result.call_attempts, result.not_reached_attempts = sums["attempts"], sums["not_reached"]
    result.confirm_outcomes = _ranked(counters["confirms"], CONFIRM_ORDER)
    result.recovery_overrun = Rate(sums["overran"], sums["overran"] + sums["in_time"])
    result.recovery_overrun_now = overrun_now
    departed = kinds.get("departure", 0)
    result.departed, result.checkins_logged, result.checkins_overdue = departed, sums["checkins"], overdue_checkins
    result.checkins_clients = Rate(sums["in_touch"], departed)
    result.won_back = Rate(sums["won_back"], departed)
    result.doors_reopened = Rate(sums["reopened"], lost_count)
    result.lessons, result.lessons_closures = sums["lessons"], sums["lessons_closures"]
    result.actions_done, result.actions_overdue = Rate(sums["done"], sums["actions"]), actions_overdue
    if delays:
        result.call_delay_count = len(delays)
        result.call_delay_median_h = _quantile(delays, 0.5)
        result.call_delay_p90_h = _quantile(delays, 0.9)
        result.call_delay_mean_h = sum(delays) / len(delays)
    result.call_delay_buckets = _buckets(delays)
    return result


def _buckets(ordered: list[float]) -> list[tuple[str, int]]:
    """How many delays (sorted) fall under each bucket's bound and not under the one before."""
    below = [bisect_left(ordered, bound) for _, bound in CALL_BUCKETS]
    return [(name, n - (below[i - 1] if i else 0)) for i, ((name, _), n) in enumerate(zip(CALL_BUCKETS, below))]


def suggestion_texts(get: Callable[[str], Any], ids: Iterable[str]) -> dict[str, list[str]]:
    """The suggestions heard, for a page of closures: opens only these closure files."""
    texts: dict[str, list[str]] = {}
    for closure_id in ids:
        try:
            closure = get(closure_id)
        except (StoreError, DamagedFileError, OSError):  # gone or damaged since the index was read
            texts[closure_id] = []
            continue
        texts[closure_id] = [n.text for n in closure.notes if n.kind == "suggestion"]
    return texts


__all__ = ["Filter", "Insights", "Rate", "SuggestionGroup", "SuggestionGroups", "CALL_BUCKETS", "compute", "count", "day_filter",
           "suggestion_texts"]
