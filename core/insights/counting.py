"""What the closures teach, taken together: reasons, competitors, guesses, timing, outcomes.

Every figure is a query over the index (storage/index.py: a row of facts a closure, see
storage/facts.py), never over the closure files, so 10,000 closures are counted in a few
milliseconds. Only the texts of suggestions need the files: `suggestion_texts` loads them
for the few closures on screen.

Filters apply to the day the "no" arrived (`received`). Archived closures count: archiving
hides a closure from the dashboard, not from its history. The new round of a reopened door
does not, until its answer is no: it is an open opportunity (or a proposal won), not a loss. Rates are None when there is
nothing to divide by, so "0 of 0" never reads as 0 %.

A few figures depend on the time as well as the data (a recovery running over now, overdue
check-ins and action items): `count` also says through when its answer holds
(`valid_through`, the last moment before one of those figures changes). Such a figure counts
what is strictly past (`due < now`), so it still holds at that first moment.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from datetime import datetime, timezone, tzinfo
from typing import Any, Callable, Iterable

from cierre.domain.model import DEPARTURE_REASONS, LOST_REASONS
from cierre.domain.timeutil import to_iso
from cierre.insights.figures import Filter, Insights, Rate, SuggestionGroup, SuggestionGroups, Summary, _t, day_filter
from cierre.storage.index import Entry, Index, IndexDamaged
from cierre.storage.store import DamagedFileError, StoreError

HOUR = 3600.0
# Buckets of the time from the "no" to the first call attempt: upper bounds in hours.
CALL_BUCKETS: tuple[tuple[str, float], ...] = (
    ("under_1d", 24),
    ("1_2d", 48),
    ("2_3d", 72),
    ("3_7d", 168),
    ("over_7d", float("inf")),
)
REASONS = {"lost": LOST_REASONS, "departure": DEPARTURE_REASONS}
CONFIRM_ORDER = ("chose_other", "no_decision", "in_house", "still_open", "unknown")

# The figures that are plain sums over the closures a filter takes, in one pass. A count is
# `COUNT(*) FILTER`: the aggregate then steps only for the rows it takes, not for all 10,000.
_TOTALS = """
SELECT COUNT(*),
       COUNT(*) FILTER (WHERE kind = 'lost'), COUNT(*) FILTER (WHERE kind = 'departure'), COUNT(competitor),
       COUNT(*) FILTER (WHERE kind = 'lost' AND status = 'reopened'),
       COUNT(*) FILTER (WHERE kind = 'departure' AND status = 'won_back'),
       TOTAL(attempts), TOTAL(not_reached), COUNT(*) FILTER (WHERE overrun = 1), COUNT(*) FILTER (WHERE overrun = 0),
       COUNT(*) FILTER (WHERE recover_by < :now), MIN(recover_by) FILTER (WHERE recover_by >= :now),
       TOTAL(checkins), COUNT(*) FILTER (WHERE checkins != 0),
       COUNT(*) FILTER (WHERE checkin_due < :now), MIN(checkin_due) FILTER (WHERE checkin_due >= :now),
       TOTAL(lessons), COUNT(*) FILTER (WHERE lessons != 0), TOTAL(actions), TOTAL(done),
       TOTAL(suggestions), COUNT(*) FILTER (WHERE suggestions > 0)
FROM closures AS c WHERE {where}"""
_HEARD = (
    "SELECT received, id, COALESCE(client, ''), kind, suggestions FROM closures AS c "
    "WHERE {where} AND suggestions > 0 ORDER BY received DESC, id DESC"
)


class SuggestionsInIndex(SuggestionGroups):
    """The closures with suggestions heard, as the index holds them: each page read when it is shown
    (a few rows), not thousands of rows each time the figures are counted."""

    def __init__(self, index: Index, where: str, parameters: dict[str, Any], count: int) -> None:
        super().__init__()
        self._index, self._where, self._parameters, self._count = index, where, parameters, count

    def __len__(self) -> int:
        return self._count

    def _read(self, offset: int, limit: int) -> list[SuggestionGroup]:
        if limit <= 0:
            return []
        try:
            rows = self._index.query(
                _HEARD.format(where=self._where) + " LIMIT :limit OFFSET :offset",
                {**self._parameters, "limit": limit, "offset": offset},
            )
        except IndexDamaged:
            return []  # made anew meanwhile: the next count, once it is refilled, lists them again
        return [SuggestionGroup(*row) for row in rows]

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            if step != 1:
                return self._read(0, self._count)[index]
            return self._read(start, stop - start)
        position = index + self._count if index < 0 else index
        if not 0 <= position < self._count:
            raise IndexError("no such group of suggestions")
        return self._read(position, 1)[0]

    def __iter__(self):
        return iter(self._read(0, self._count))


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


def _month_of(utc: str, tz: tzinfo) -> tuple[int, int]:
    local = datetime.fromisoformat(utc).astimezone(tz)
    return local.year, local.month


def _months(rows: Callable[..., list[tuple[Any, ...]]], tz: tzinfo) -> list[tuple[str, int]]:
    """Closures per calendar month in the user's zone, months without any included: the first and
    last "no", then one range count a month over the index of `received` (UTC text, which sorts as
    the time does), from the instant the month starts in the zone to the instant the next one does."""
    ends = [
        rows(f"SELECT received FROM closures AS c WHERE {{where}} AND received > '' ORDER BY received {order} LIMIT 1")
        for order in ("ASC", "DESC")
    ]  # each one step down the index (MIN and MAX with a filter scan it all)
    if not ends[0]:
        return []
    (first,), (last,) = ends[0][0], ends[1][0]
    month, end = _month_of(first, tz), _month_of(last, tz)
    months = [month]
    while month != end:
        month = (month[0] + 1, 1) if month[1] == 12 else (month[0], month[1] + 1)
        months.append(month)
    starts = [to_iso(datetime(year, number, 1, tzinfo=tz)) for year, number in months[1:]]
    bounds = list(zip([""] + starts, starts + ["\uffff"]))  # the first and last months open-ended
    values = ", ".join(f"(:start{n}, :stop{n})" for n in range(len(bounds)))
    counted = rows(
        f"WITH bounds(start, stop) AS (VALUES {values}) SELECT (SELECT COUNT(*) FROM closures AS c "
        f"WHERE {{where}} AND received != '' AND received >= bounds.start AND received < bounds.stop) FROM bounds",
        **{f"{edge}{n}": at for n, pair in enumerate(bounds) for edge, at in zip(("start", "stop"), pair)},
    )
    return [(f"{year:04d}-{number:02d}", n) for (year, number), (n,) in zip(months, counted)]


# A reopened door's new round is not a loss (yet): an open opportunity, or one won, is left out.
NOT_A_LOSS = "NOT ({table}.status IS 'opportunity' OR ({table}.kind IS 'lost' AND {table}.status IS 'won_back'))"


def _where(where: Filter, table: str = "c") -> tuple[str, dict[str, Any]]:
    clauses, parameters = [NOT_A_LOSS.format(table=table)], {}
    if where.kind:
        clauses.append(f"{table}.kind = :kind")
        parameters["kind"] = where.kind
    if where.since is not None or where.until is not None:
        clauses.append(f"{table}.received != ''")
    if where.since is not None:
        clauses.append(f"{table}.received >= :since")
        parameters["since"] = to_iso(where.since)
    if where.until is not None:
        clauses.append(f"{table}.received < :until")
        parameters["until"] = to_iso(where.until)
    return " AND ".join(clauses), parameters


def compute(summaries: Iterable[Summary], *, now: datetime, where: Filter = Filter(), tz: tzinfo = timezone.utc) -> Insights:
    """Every figure over summaries (tests, a reference): put in an index in memory and counted as the store's is."""
    index = Index(":memory:")
    index.write([Entry(dict(summary)) for summary in summaries])
    try:
        result = count(index, now=now, where=where, tz=tz)
        result.suggestions = SuggestionGroups(list(result.suggestions))  # read before the index goes
        return result
    finally:
        index.close()


def count(index: Index, *, now: datetime, where: Filter = Filter(), tz: tzinfo = timezone.utc) -> Insights:
    """Every figure over the closures the filter takes, as queries over the index."""
    sql, parameters = _where(where)
    now_iso = to_iso(now)

    def rows(query: str, **extra: Any) -> list[tuple[Any, ...]]:
        return index.query(query.format(where=sql), {**parameters, **extra})

    (
        total,
        lost,
        departed,
        named,
        reopened,
        won_back,
        attempts,
        not_reached,
        overran,
        in_time,
        overrun_now,
        recovery_ends,
        checkins,
        in_touch,
        overdue_checkins,
        checkin_due,
        lessons,
        lessons_closures,
        actions,
        done,
        heard_total,
        heard_closures,
    ) = rows(_TOTALS, now=now_iso)[0]
    actions_overdue, action_due = rows(
        "SELECT COUNT(*) FILTER (WHERE p.due < :now), MIN(p.due) FILTER (WHERE p.due >= :now) FROM pending_actions AS p "
        "JOIN closures AS c INDEXED BY closures_by_id ON c.id = p.closure_id WHERE {where}",  # the filter's columns, no row read
        now=now_iso,
    )[0]

    reasons: dict[str, Counter] = {"lost": Counter(), "departure": Counter()}
    missing: Counter = Counter()
    for kind, given, n in rows(
        "SELECT kind, reason, COUNT(*) FROM closures AS c WHERE {where} AND kind IN ('lost', 'departure') GROUP BY kind, reason"
    ):
        if given:
            reasons[kind][given] += n
        else:
            missing[kind] += n

    competitors: Counter = Counter()
    spellings: dict[str, Counter] = {}
    for name, n in rows(
        "SELECT competitor, COUNT(*) FROM closures AS c WHERE {where} AND competitor != '' "
        "AND status IS NOT 'reopened' GROUP BY competitor"
    ):  # a reopened door: nobody has won it yet
        key = name.casefold()
        competitors[key] += n
        spellings.setdefault(key, Counter())[name] += n

    guessed = matched = 0
    misses: Counter = Counter()
    for guess, given, n in rows(
        "SELECT guess, reason, COUNT(*) FROM closures AS c WHERE {where} AND guess != '' GROUP BY guess, reason"
    ):
        guessed += n
        if guess == given:
            matched += n
        else:
            misses[(guess, given)] += n

    def counter(column: str) -> Counter:
        return Counter(
            dict(rows(f"SELECT {column}, COUNT(*) FROM closures AS c WHERE {{where}} AND {column} != '' GROUP BY {column}"))
        )

    delays = [
        us / 1_000_000 / HOUR
        for (us,) in rows("SELECT delay FROM closures AS c WHERE {where} AND delay IS NOT NULL ORDER BY delay")
    ]

    result = Insights()
    ahead = min(filter(None, (recovery_ends, checkin_due, action_due)), default=None)
    result.counted_at, result.valid_through = now, _t(ahead)
    result.total = total
    result.by_kind = {"lost": int(lost), "departure": int(departed)}
    result.by_month = _months(rows, tz)
    result.reasons = {kind: _ranked(counter_, REASONS[kind]) for kind, counter_ in reasons.items()}
    result.reasons_missing = {k: missing.get(k, 0) for k in ("lost", "departure")}
    # Shown as the spelling used most; a tie goes to the first in sort order, so the answer never
    # depends on the order the index was read in.
    result.competitors = [(min(spellings[key].items(), key=lambda kv: (-kv[1], kv[0]))[0], n) for key, n in _ranked(competitors)]
    result.competitor_named = Rate(int(named), int(lost))
    result.guess_matched = Rate(matched, guessed)
    result.guess_misses = [(g, r, n) for (g, r), n in sorted(misses.items(), key=lambda kv: (-kv[1], kv[0]))][:5]
    result.suggestions = SuggestionsInIndex(index, sql, parameters, int(heard_closures))
    result.suggestions_total = int(heard_total)
    outcomes = counter("last")
    result.outcomes = {k: outcomes.get(k, 0) for k in ("confirmed", "reopened", "not_reached")}
    result.call_attempts, result.not_reached_attempts = int(attempts), int(not_reached)
    result.confirm_outcomes = _ranked(counter("confirm"), CONFIRM_ORDER)
    result.recovery_overrun = Rate(int(overran), int(overran + in_time))
    result.recovery_overrun_now = int(overrun_now)
    result.departed, result.checkins_logged, result.checkins_overdue = int(departed), int(checkins), int(overdue_checkins)
    result.checkins_clients = Rate(int(in_touch), int(departed))
    result.won_back = Rate(int(won_back), int(departed))
    result.doors_reopened = Rate(int(reopened), int(lost))
    result.lessons, result.lessons_closures = int(lessons), int(lessons_closures)
    result.actions_done, result.actions_overdue = Rate(int(done), int(actions)), int(actions_overdue)
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


__all__ = [
    "Filter",
    "Insights",
    "Rate",
    "SuggestionGroup",
    "SuggestionGroups",
    "CALL_BUCKETS",
    "compute",
    "count",
    "day_filter",
    "suggestion_texts",
]
