"""What the closures teach, taken together: reasons, competitors, guesses, timing, outcomes.

Every figure comes from the index summaries (one small dict per closure, see
summary.py), never from the closure files, so 10,000 closures take a few tens of
milliseconds. Only the texts of suggestions need the files: `suggestion_texts`
loads them for the few closures on screen.

Filters apply to the day the "no" arrived (`received_at`). Archived closures
count: archiving hides a closure from the dashboard, not from its history.
Rates are None when there is nothing to divide by, so "0 of 0" never reads as 0 %.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, Callable, Iterable, Mapping

from .model import DEPARTURE_REASONS, LOST_REASONS
from .schedule import RECOVERY
from .store import DamagedFileError, StoreError
from .text import one_line

Summary = Mapping[str, Any]
HOUR = 3600.0
# Buckets of the time from the "no" to the first call attempt: upper bounds in hours.
CALL_BUCKETS: tuple[tuple[str, float], ...] = (("under_1d", 24), ("1_2d", 48), ("2_3d", 72), ("3_7d", 168), ("over_7d", float("inf")))
REASONS = {"lost": LOST_REASONS, "departure": DEPARTURE_REASONS}


@dataclass(frozen=True)
class Filter:
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
        raise ValueError("the period ends before it starts")
    return Filter(start, end, kind)


@dataclass
class Rate:
    part: int = 0
    whole: int = 0

    @property
    def value(self) -> float | None:
        return self.part / self.whole if self.whole else None

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part, "whole": self.whole, "rate": None if self.value is None else round(self.value, 4)}


@dataclass
class SuggestionGroup:
    id: str
    client: str
    kind: str
    received_at: str
    count: int


@dataclass
class Insights:
    total: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_month: list[tuple[str, int]] = field(default_factory=list)
    # Reasons the clients gave, per kind, most frequent first; closures with no reason recorded apart.
    reasons: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    reasons_missing: dict[str, int] = field(default_factory=dict)
    # Competitors who won lost proposals (doors reopened left out), and how often one was named at all.
    competitors: list[tuple[str, int]] = field(default_factory=list)
    competitor_named: Rate = field(default_factory=Rate)
    suggestions: list[SuggestionGroup] = field(default_factory=list)
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

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name, value in vars(self).items():
            if isinstance(value, Rate):
                data[name] = value.to_dict()
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


def _months(stamps: list[datetime], tz: tzinfo) -> list[tuple[str, int]]:
    """Closures per calendar month in the user's zone, months without any included."""
    if not stamps:
        return []
    counts = Counter(s.astimezone(tz).strftime("%Y-%m") for s in stamps)
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:])
    result = []
    while True:
        key = f"{year:04d}-{month:02d}"
        result.append((key, counts.get(key, 0)))
        if key >= last:
            return result
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def compute(summaries: Iterable[Summary], *, now: datetime, where: Filter = Filter(), tz: tzinfo = timezone.utc) -> Insights:
    result = Insights()
    kinds: Counter = Counter()
    received: list[datetime] = []
    reasons = {"lost": Counter(), "departure": Counter()}
    missing: Counter = Counter()
    competitors: Counter = Counter()
    spellings: dict[str, Counter] = {}
    misses: Counter = Counter()
    delays: list[float] = []
    outcomes: Counter = Counter()
    confirms: Counter = Counter()
    lost_count = 0

    for s in summaries:
        if not where.matches(s):
            continue
        kind = s.get("kind")
        kinds[kind] += 1
        got = _t(s.get("received_at"))
        if got:
            received.append(got)
        status = s.get("status")
        reason = s.get("reason")
        if kind in reasons:
            if reason:
                reasons[kind][reason] += 1
            else:
                missing[kind] += 1

        calls = s.get("calls") or []
        if calls and got:
            delays.append((_t(calls[0]["started_at"]) - got).total_seconds() / HOUR)
        ended = [c for c in calls if c.get("result")]
        if ended:
            outcomes[ended[-1]["result"]] += 1
        result.call_attempts += len(ended)
        result.not_reached_attempts += sum(1 for c in ended if c["result"] == "not_reached")

        if kind == "lost":
            lost_count += 1
            _lost(result, s, got, now, status, reason, competitors, spellings, misses, confirms)
        elif kind == "departure":
            _departure(result, s, now, status)

        count = s.get("suggestions") or 0
        if count:
            result.suggestions_total += count
            result.suggestions.append(SuggestionGroup(s["id"], s.get("client", ""), kind, s.get("received_at") or "", count))
        lessons = s.get("lessons") or 0
        result.lessons += lessons
        result.lessons_closures += 1 if lessons else 0
        for action in s.get("actions") or ():
            result.actions_done.whole += 1
            if action.get("done_at"):
                result.actions_done.part += 1
            elif (due := _t(action.get("due"))) and due < now:
                result.actions_overdue += 1

    result.total = sum(kinds.values())
    result.by_kind = {k: kinds.get(k, 0) for k in ("lost", "departure")}
    result.by_month = _months(received, tz)
    result.reasons = {kind: _ranked(counter, REASONS[kind]) for kind, counter in reasons.items()}
    result.reasons_missing = {k: missing.get(k, 0) for k in ("lost", "departure")}
    # Shown as the spelling used most; a tie goes to the first in sort order, so the answer never
    # depends on the order the index was read in.
    result.competitors = [(min(spellings[key].items(), key=lambda kv: (-kv[1], kv[0]))[0], n) for key, n in _ranked(competitors)]
    result.competitor_named.whole = lost_count
    result.guess_misses = [(g, r, n) for (g, r), n in sorted(misses.items(), key=lambda kv: (-kv[1], kv[0]))][:5]
    result.suggestions.sort(key=lambda g: (g.received_at, g.id), reverse=True)
    result.outcomes = {k: outcomes.get(k, 0) for k in ("confirmed", "reopened", "not_reached")}
    result.confirm_outcomes = _ranked(confirms, ("chose_other", "no_decision", "in_house", "still_open", "unknown"))
    result.won_back.whole = result.departed
    result.doors_reopened.whole = lost_count
    if delays:
        ordered = sorted(delays)
        result.call_delay_count = len(ordered)
        result.call_delay_median_h = _quantile(ordered, 0.5)
        result.call_delay_p90_h = _quantile(ordered, 0.9)
        result.call_delay_mean_h = sum(ordered) / len(ordered)
    buckets: Counter = Counter()
    for hours in delays:
        buckets[next(name for name, bound in CALL_BUCKETS if hours < bound)] += 1
    result.call_delay_buckets = [(name, buckets.get(name, 0)) for name, _ in CALL_BUCKETS]
    return result


def _lost(result: Insights, s: Summary, got: datetime | None, now: datetime, status: Any, reason: Any,
          competitors: Counter, spellings: dict[str, Counter], misses: Counter, confirms: Counter) -> None:
    if status == "reopened":
        result.doors_reopened.part += 1
    name = one_line(s.get("competitor") or "").strip()
    if name:
        result.competitor_named.part += 1
        if status != "reopened":  # a reopened door means nobody has won it yet
            key = name.casefold()
            competitors[key] += 1
            spellings.setdefault(key, Counter())[name] += 1
    guess = s.get("guess_reason")
    if guess and reason:
        result.guess_matched.whole += 1
        if guess == reason:
            result.guess_matched.part += 1
        else:
            misses[(guess, reason)] += 1
    if s.get("confirm_outcome"):
        confirms[s["confirm_outcome"]] += 1
    recover = (s.get("steps") or {}).get("recover") or {}
    finished = _t(recover.get("finished_at"))
    if got and finished:
        result.recovery_overrun.whole += 1
        if finished - got > RECOVERY:
            result.recovery_overrun.part += 1
    elif got and s.get("step") == "recover" and status == "open" and not s.get("archived_at") and now - got > RECOVERY:
        result.recovery_overrun_now += 1


def _departure(result: Insights, s: Summary, now: datetime, status: Any) -> None:
    result.departed += 1
    checkins = s.get("checkins") or []
    result.checkins_logged += len(checkins)
    result.checkins_clients.whole += 1
    result.checkins_clients.part += 1 if checkins else 0
    if status == "won_back":
        result.won_back.part += 1
    # The summary's due time is the next check-in once the client is in the relationship step.
    keeping_in_touch = s.get("step") in ("relationship", "done") and status in ("open", "done")
    if keeping_in_touch and not s.get("archived_at"):
        due = _t(s.get("due"))
        if due and due < now:
            result.checkins_overdue += 1


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
