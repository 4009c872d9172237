"""What the insights facts of a set of closures add up to, in a form that adds up with other sets'.

A tally assumes neither the moment of counting nor the user's zone: the times that turn a
figure (a recovery running over, a check-in or action item falling due) are kept as they
are, and so are the times of closures received on the first or last day of a month, whose
month depends on the zone (no zone is a day or more off UTC, so any other day is in the same
month everywhere). The store keeps each shard's tally at the head of its facts file, so the
insights most often asked for (every closure) add up 256 small tallies instead of reading
every closure's facts; a filter tallies the closures it takes from their columns.

`Facts` is the facts of many closures: the tallies, and the columns behind them, read only
when a filter needs them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from itertools import chain, compress
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from cierre.storage.facts import COLUMNS, SUGGESTED, Columns, shard
from cierre.domain.timeutil import to_iso

if TYPE_CHECKING:  # the store reads tallies at every start; the figures' module is only needed to count them
    from cierre.insights.figures import Filter

Tally = dict[str, Any]
LAST_DAYS = ("01-31", "02-28", "02-29", "03-31", "04-30", "05-31", "06-30", "07-31", "08-31", "09-30", "10-31", "11-30",
             "12-31")
TURN_DAYS = frozenset(LAST_DAYS + tuple(f"{month:02d}-01" for month in range(1, 13)))  # "MM-DD" of received
# Counters, flat: [key, count, key, count...] or [key, key, count...] (keys of any JSON value). A list
# per entry made reading a tally take twice as long.
PAIRS = ("kinds", "won_by", "confirms", "months", "last")
TRIPLES = ("reasons", "guesses")
SUMS = ("named", "reopened", "won_back", "attempts", "not_reached", "overran", "in_time", "checkins", "in_touch",
        "lessons", "lessons_closures", "actions", "done")
# Suggestions heard: one entry a closure, in the order they are listed (newest "no" first, then by id),
# so the figures of a single tally (every closure's, kept merged) list them without sorting.
HEARD = ("heard_at", "heard_ids", "heard_clients", "heard_kinds", "heard_counts")
SORTED = ("delays", "recover_by", "checkin_due", "pending")  # kept sorted in merged tallies
LISTS = ("turns",) + SORTED + HEARD
KEYS = frozenset(PAIRS + TRIPLES + SUMS + LISTS)


def _flat(counter: Counter) -> list[Any]:
    """A counter as [key, count, ...]; keys that are pairs as [first, second, count, ...]."""
    return [value for key, n in counter.items() for value in (*(key if isinstance(key, tuple) else (key,)), n)]


def newest_first(lists: dict[str, list[Any]]) -> None:
    """The heard lists put in the order the suggestions are listed: the latest "no" first, then by id."""
    # Two sorts keyed by a list's own item getter: no tuple per closure for the collector to pass over.
    order = sorted(range(len(lists["heard_ids"])), key=lists["heard_ids"].__getitem__, reverse=True)
    order.sort(key=lists["heard_at"].__getitem__, reverse=True)
    if order != list(range(len(order))):
        for name in HEARD:
            lists[name] = list(map(lists[name].__getitem__, order))


def tally(columns: Columns) -> Tally:
    """The tally of one set of closures, from their facts' columns."""
    kind, status, reason, received = columns["kind"], columns["status"], columns["reason"], columns["received"]
    competitor, heard = columns["competitor"], columns["suggestions"]
    by_status = Counter(zip(kind, status))
    finished = Counter(columns["overrun"])
    checkins, lessons = columns["checkins"], columns["lessons"]
    result = {
        "kinds": _flat(Counter(kind)),
        "reasons": _flat(Counter([pair for pair in zip(kind, reason) if pair[0] in ("lost", "departure")])),
        "named": len(competitor) - competitor.count(None),
        # A reopened door means nobody has won it yet.
        "won_by": _flat(Counter([name for name, state in zip(competitor, status) if name and state != "reopened"])),
        "reopened": by_status[("lost", "reopened")],
        "won_back": by_status[("departure", "won_back")],
        "guesses": _flat(Counter([pair for pair in zip(columns["guess"], reason) if pair[0]])),
        "confirms": _flat(Counter(filter(None, columns["confirm"]))),
        "months": _flat(Counter([at[:7] for at in received if at and at[5:10] not in TURN_DAYS])),
        "turns": [at for at in received if at and at[5:10] in TURN_DAYS],
        "delays": [us for us in columns["delay"] if us is not None],
        "last": _flat(Counter(filter(None, columns["last"]))),
        "attempts": sum(columns["attempts"]),
        "not_reached": sum(columns["not_reached"]),
        "overran": finished[True],
        "in_time": finished[False],
        "recover_by": [at for at in columns["recover_by"] if at],
        "checkins": sum(checkins),
        "in_touch": len(checkins) - checkins.count(0),
        "checkin_due": [at for at in columns["checkin_due"] if at],
        "lessons": sum(lessons),
        "lessons_closures": len(lessons) - lessons.count(0),
        "actions": sum(columns["actions"]),
        "done": sum(columns["done"]),
        "pending": list(chain.from_iterable(filter(None, columns["pending"]))),
        "heard_at": list(compress(received, heard)),
        "heard_ids": columns["suggested_ids"],
        "heard_clients": columns["suggested_clients"],
        "heard_kinds": list(compress(kind, heard)),
        "heard_counts": [n for n in heard if n],
    }
    newest_first(result)
    return result


def readable(data: Any) -> bool:
    """Whether parsed JSON has the shape of a tally (values are not checked)."""
    return isinstance(data, dict) and KEYS <= data.keys() and all(isinstance(data[name], list) for name in LISTS)


class Totals:
    """Tallies added up: counters, sums and the lists joined."""

    def __init__(self, tallies: Iterable[Tally]) -> None:
        tallies = list(tallies)
        self.counters: dict[str, Counter] = {name: Counter() for name in PAIRS + TRIPLES}
        for t in tallies:
            for name in PAIRS:
                counter, flat = self.counters[name], iter(t[name])
                for key, n in zip(flat, flat):
                    counter[key] += n
            for name in TRIPLES:
                counter, flat = self.counters[name], iter(t[name])
                for first, second, n in zip(flat, flat, flat):
                    counter[(first, second)] += n
        self.sums = {name: sum(t[name] for t in tallies) for name in SUMS}
        if len(tallies) == 1:  # every closure's, kept merged: its lists as they stand (never changed here)
            self.lists = {name: tallies[0][name] for name in LISTS}
        else:
            self.lists = {name: list(chain.from_iterable(t[name] for t in tallies)) for name in LISTS}
            newest_first(self.lists)


def merged(tallies: Iterable[Tally]) -> Tally:
    """Tallies added up into one, of the same form: what every closure adds up to, kept between runs."""
    totals = Totals(tallies)
    for name in SORTED:
        totals.lists[name] = sorted(totals.lists[name])  # counting sorts them: sorted again, it takes one pass
    return {**{name: _flat(totals.counters[name]) for name in PAIRS + TRIPLES}, **totals.sums, **totals.lists}


def replaced(everything: Tally, old: Tally, new: Tally) -> Tally | None:
    """A merged tally with one of the tallies it was merged from, `old`, replaced by `new`: what merging
    again would give (counters in another order), in a fraction of the time. None if `old` is not in it.

    The lists of `everything` are copied, not changed: figures counted from it may still be on screen.
    """
    before, taken, added = (Totals([t]).counters for t in (everything, old, new))
    if any(not taken[name] <= before[name] for name in PAIRS + TRIPLES) or any(old[n] > everything[n] for n in SUMS):
        return None
    result: Tally = {name: _flat(before[name] - taken[name] + added[name]) for name in PAIRS + TRIPLES}
    result.update((name, everything[name] - old[name] + new[name]) for name in SUMS)
    for name in SORTED:
        items = _without(everything[name], old[name])
        if items is None:
            return None
        result[name] = sorted(items + new[name])  # two sorted runs: merged in one pass
    turns = Counter(everything["turns"])
    turns.subtract(old["turns"])
    if min(turns.values(), default=0) < 0:
        return None
    result["turns"] = list((+turns).elements()) + new["turns"]  # in no order: each is counted by its month
    gone = set(old["heard_ids"])
    kept = [closure not in gone for closure in everything["heard_ids"]]
    if len(kept) - sum(kept) != len(gone):
        return None
    heard = {name: list(compress(everything[name], kept)) for name in HEARD}
    # Where each new closure goes, in order (both lists are newest first); the lists are then joined
    # in slices, not grown an entry at a time.
    places = [_listed_at(heard["heard_at"], heard["heard_ids"], when, closure)
              for when, closure in zip(new["heard_at"], new["heard_ids"])]
    if places != sorted(places):
        return None  # `new` is not newest first: not a merged tally
    for name in HEARD:
        column, joined, last = heard[name], [], 0
        for at, value in zip(places, new[name]):
            joined += column[last:at]
            joined.append(value)
            last = at
        result[name] = joined + column[last:]
    return result


def _without(items: list[Any], values: list[Any]) -> list[Any] | None:
    """A sorted list less the values (each as often as it is given); None if one is not in it."""
    places, start = [], 0
    for value in sorted(values):
        at = bisect_left(items, value, start)
        if at == len(items) or items[at] != value:
            return None
        places.append(at)
        start = at + 1
    kept, last = [], 0
    for at in places:
        kept += items[last:at]
        last = at + 1
    return kept + items[last:]


def _listed_at(received: list[str], ids: list[str], when: str, closure: str) -> int:
    """Where a closure's suggestions go in heard lists kept newest first (then by id, also descending)."""
    low, high = 0, len(ids)
    while low < high:
        middle = (low + high) // 2
        if (received[middle], ids[middle]) > (when, closure):
            low = middle + 1
        else:
            high = middle
    return low


class Facts:
    """The facts of many closures: each set's tally, and the columns behind them (for filters)."""

    __slots__ = ("tallies", "_read", "_columns")

    def __init__(self, tallies: list[Tally], columns: Callable[[], list[Columns]]) -> None:
        self.tallies = tallies
        self._read = columns  # only when asked: most counts need the tallies alone
        self._columns: list[Columns] | None = None

    def columns(self) -> list[Columns]:
        if self._columns is None:
            self._columns = self._read()
        return self._columns

    @classmethod
    def of(cls, summaries: Iterable[Mapping[str, Any]]) -> Facts:
        columns = shard(summaries)
        return cls([tally(columns)], lambda: [columns])

    def column(self, name: str) -> Iterable[Any]:
        """One column across every set, in the same closure order for every column."""
        return chain.from_iterable([c[name] for c in self.columns()])

    def chosen(self, where: Filter) -> Facts:
        """Only the closures the filter takes (the day the "no" arrived, and the kind)."""
        if where.since is None and where.until is None and where.kind is None:
            return self
        low = to_iso(where.since) if where.since is not None else None
        high = to_iso(where.until) if where.until is not None else None

        def takes(kind: Any, received: str) -> bool:
            if where.kind and kind != where.kind:
                return False
            if low is None and high is None:
                return True
            return received != "" and (low is None or low <= received) and (high is None or received < high)

        mask = list(map(takes, self.column("kind"), self.column("received")))
        chosen: Columns = {name: list(compress(self.column(name), mask)) for name in COLUMNS}
        heard = list(compress(mask, self.column("suggestions")))  # the mask of the closures with suggestions
        chosen.update((name, list(compress(self.column(name), heard))) for name in SUGGESTED)
        return Facts([tally(chosen)], lambda: [chosen])


__all__ = ["Facts", "HEARD", "Tally", "Totals", "merged", "newest_first", "readable", "replaced", "tally"]
