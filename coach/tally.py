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

from collections import Counter
from itertools import chain, compress
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from .facts import COLUMNS, SUGGESTED, Columns, shard
from .timeutil import to_iso

if TYPE_CHECKING:  # the store reads tallies at every start; the figures' module is only needed to count them
    from .insight_figures import Filter

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
LISTS = ("turns", "delays", "recover_by", "checkin_due", "pending") + HEARD
KEYS = frozenset(PAIRS + TRIPLES + SUMS + LISTS)


def _flat(counter: Counter) -> list[Any]:
    """A counter as [key, count, ...]; keys that are pairs as [first, second, count, ...]."""
    return [value for key, n in counter.items() for value in (*(key if isinstance(key, tuple) else (key,)), n)]


def newest_first(lists: dict[str, list[Any]]) -> None:
    """The heard lists put in the order the suggestions are listed: the latest "no" first, then by id."""
    received, ids = lists["heard_at"], lists["heard_ids"]
    order = sorted(range(len(ids)), key=lambda i: (received[i], ids[i]), reverse=True)
    if order != list(range(len(ids))):
        for name in HEARD:
            column = lists[name]
            lists[name] = [column[i] for i in order]


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
        if len(tallies) == 1:  # as they stand (never changed): every closure's tally is one of 10,000 closures
            self.lists = {name: tallies[0][name] for name in LISTS}
        else:
            self.lists = {name: list(chain.from_iterable(t[name] for t in tallies)) for name in LISTS}
            newest_first(self.lists)


def merged(tallies: Iterable[Tally]) -> Tally:
    """Tallies added up into one, of the same form: what every closure adds up to, kept between runs."""
    totals = Totals(tallies)
    for name in ("delays", "recover_by", "checkin_due", "pending"):
        totals.lists[name].sort()  # counting sorts them: a sorted list is sorted again in one pass
    return {**{name: _flat(totals.counters[name]) for name in PAIRS + TRIPLES}, **totals.sums, **totals.lists}


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


__all__ = ["Facts", "HEARD", "Tally", "Totals", "merged", "newest_first", "readable", "tally"]
