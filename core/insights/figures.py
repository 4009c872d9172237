"""The shapes of the insights: filters, rates and the figures themselves, ready for JSON.

Kept apart from the counting (insights.py) so each file stays short to read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, Mapping, NamedTuple, Sequence

from cierre.domain.texts import say

Summary = Mapping[str, Any]


@dataclass(frozen=True)
class Filter:
    """Which closures are counted: by the day their "no" arrived, and by kind."""

    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    kind: str | None = None  # "lost", "departure" or None for both

    def matches(self, summary: Summary) -> bool:
        if self.kind and summary.get("kind") != self.kind:
            return False
        if self.since is None and self.until is None:
            return True
        received = _t(summary.get("received_at"))
        if received is None:
            return False
        return (self.since is None or received >= self.since) and (self.until is None or received < self.until)


def day_filter(since: date | None, until: date | None, tz: tzinfo, kind: str | None = None) -> Filter:
    """Whole days in the user's zone, both ends included: --since 2025-01-01 --until 2025-01-31 is January."""
    start = datetime.combine(since, time(0), tzinfo=tz) if since else None
    end = datetime.combine(until + timedelta(days=1), time(0), tzinfo=tz) if until else None
    if start and end and end <= start:
        raise ValueError(say("errors.period_reversed"))
    return Filter(start, end, kind)


@dataclass
class Rate:
    """A part of a whole, and the share it is (None when there is no whole)."""

    part: int = 0
    whole: int = 0

    @property
    def value(self) -> float | None:
        return self.part / self.whole if self.whole else None

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part, "whole": self.whole, "rate": None if self.value is None else round(self.value, 4)}


class SuggestionGroup(NamedTuple):
    """One closure's suggestions: a tuple, because there may be thousands and they sort as they stand."""

    received_at: str
    id: str
    client: str
    kind: str
    count: int


class SuggestionGroups(Sequence[SuggestionGroup]):
    """The closures with suggestions heard, newest "no" first (then by id, descending).

    Held as a list here; the counting's subclass reads its groups from the index a page at a time,
    as thousands of them are counted and only a page is shown.
    """

    def __init__(self, groups: Sequence[SuggestionGroup] = ()) -> None:
        self._groups = list(groups)

    @classmethod
    def of_rows(cls, rows: Sequence[tuple[str, str, str, str, int]]) -> SuggestionGroups:
        """From (received_at, id, client, kind, count) rows, in the order given."""
        return cls([SuggestionGroup(*row) for row in rows])

    def __len__(self) -> int:
        return len(self._groups)

    def __getitem__(self, index):  # type: ignore[override]
        return self._groups[index]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SuggestionGroups) and list(other) == list(self)

    def __deepcopy__(self, memo: dict) -> SuggestionGroups:
        return self  # never changed once counted


@dataclass
class Insights:
    """Every figure insights show, counted over the closures a filter took."""

    total: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_month: list[tuple[str, int]] = field(default_factory=list)
    # Reasons the clients gave, per kind, most frequent first; closures with no reason recorded apart.
    reasons: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    reasons_missing: dict[str, int] = field(default_factory=dict)
    # Competitors who won lost proposals (doors reopened left out), and how often one was named at all.
    competitors: list[tuple[str, int]] = field(default_factory=list)
    competitor_named: Rate = field(default_factory=Rate)
    suggestions: SuggestionGroups = field(default_factory=SuggestionGroups)
    suggestions_total: int = 0
    # The user's guess before the call against the reason the client gave (lost proposals).
    guess_matched: Rate = field(default_factory=Rate)
    guess_misses: list[tuple[str, str, int]] = field(default_factory=list)
    # Time from the "no" to the first call attempt, in hours.
    call_delay_count: int = 0
    call_delay_median_h: float | None = None
    call_delay_mean_h: float | None = None
    call_delay_p90_h: float | None = None
    call_delay_buckets: list[tuple[str, int]] = field(default_factory=list)
    # Recovery (lost proposals): ended past the 24-hour window, out of those ended; still running over now.
    recovery_overrun: Rate = field(default_factory=Rate)
    recovery_overrun_now: int = 0
    # Last call result per closure, attempts, and how the "no" was confirmed.
    outcomes: dict[str, int] = field(default_factory=dict)
    call_attempts: int = 0
    not_reached_attempts: int = 0
    confirm_outcomes: list[tuple[str, int]] = field(default_factory=list)
    # Departed clients: check-ins logged, clients kept in touch, overdue ones, won back.
    departed: int = 0
    checkins_logged: int = 0
    checkins_clients: Rate = field(default_factory=Rate)
    checkins_overdue: int = 0
    won_back: Rate = field(default_factory=Rate)
    doors_reopened: Rate = field(default_factory=Rate)
    # Lessons from debriefs and the action items they became.
    lessons: int = 0
    lessons_closures: int = 0
    actions_done: Rate = field(default_factory=Rate)
    actions_overdue: int = 0
    # When these were counted, and the last moment they hold: right after it a figure that depends
    # on the time changes (None: none will). Not figures themselves: left out of comparisons and JSON.
    counted_at: datetime | None = field(default=None, compare=False, repr=False)
    valid_through: datetime | None = field(default=None, compare=False, repr=False)

    def holds_at(self, now: datetime) -> bool:
        """Whether these figures are still what counting at `now` would give (the data unchanged)."""
        if self.counted_at is None or now < self.counted_at:
            return False  # a clock set back may undo an overdue
        return self.valid_through is None or now <= self.valid_through

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["counted_at"], data["valid_through"]
        for name, value in vars(self).items():
            if isinstance(value, Rate):
                data[name] = value.to_dict()
        data["suggestions"] = [group._asdict() for group in self.suggestions]
        data["reasons"] = {kind: dict(pairs) for kind, pairs in self.reasons.items()}
        data["by_month"] = dict(self.by_month)
        data["competitors"] = [{"name": name, "count": count} for name, count in self.competitors]
        data["guess_misses"] = [{"guess": g, "reason": r, "count": n} for g, r, n in self.guess_misses]
        data["call_delay_buckets"] = dict(self.call_delay_buckets)
        data["confirm_outcomes"] = dict(self.confirm_outcomes)
        return data


def _t(text: Any) -> datetime | None:
    if not text:
        return None
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
