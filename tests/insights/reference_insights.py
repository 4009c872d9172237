"""The counting the insights facts replaced: summary by summary, kept as the oracle the columnar
counting (coach/insights.py) is checked against. Not used by the app."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone, tzinfo
from operator import itemgetter
from typing import Iterable

from cierre.domain.schedule import RECOVERY
from cierre.domain.text import one_line

# Ranking, quantiles and the month list are presentation shared with the counting under test;
# what this oracle checks is the counting itself, summary by summary.
from cierre.insights.counting import CALL_BUCKETS, CONFIRM_ORDER, HOUR, REASONS, _quantile, _ranked
from cierre.insights.figures import Filter, Insights, Rate, SuggestionGroups, Summary, _t


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


def _month(iso: str, moment: datetime, tz: tzinfo) -> str:
    """The month in the user's zone. No zone is a day or more off UTC, so only a stamp near the turn
    of a month needs converting: the rest read it off the stored UTC text (most of the cost otherwise)."""
    if iso.endswith("+00:00") and "02" <= iso[8:10] <= "27":
        return iso[:7]
    local = moment.astimezone(tz)
    return f"{local.year:04d}-{local.month:02d}"


def _before(iso: str, moment: datetime, moment_iso: str) -> bool:
    """iso < moment; stored UTC text compares as text, anything else is parsed."""
    if len(iso) == 32 and iso.endswith("+00:00"):
        return iso < moment_iso
    return _t(iso) < moment


class _NextChange:
    """The earliest moment still ahead after which a figure that depends on the time changes.

    Every such figure counts what is strictly past (`due < now`, `now - got > RECOVERY`), so it
    still holds at the moment itself and changes right after it.

    Stored UTC text is kept as text (it sorts as the time does) and parsed once at the end.
    """

    __slots__ = ("text", "moment")

    def __init__(self) -> None:
        self.text: str | None = None
        self.moment: datetime | None = None

    def due(self, iso: str) -> None:
        if len(iso) == 32 and iso.endswith("+00:00"):
            if self.text is None or iso < self.text:
                self.text = iso
        else:
            self.at(_t(iso))

    def at(self, moment: datetime | None) -> None:
        if moment is not None and (self.moment is None or moment < self.moment):
            self.moment = moment

    def first(self) -> datetime | None:
        self.at(_t(self.text))
        return self.moment


_FIELDS = (
    "kind",
    "received_at",
    "status",
    "reason",
    "calls",
    "competitor",
    "guess_reason",
    "confirm_outcome",
    "steps",
    "step",
    "archived_at",
    "checkins",
    "due",
    "suggestions",
    "lessons",
    "actions",
)
_fetch = itemgetter(*_FIELDS)


def compute(summaries: Iterable[Summary], *, now: datetime, where: Filter = Filter(), tz: tzinfo = timezone.utc) -> Insights:
    """Every figure in one pass over the summaries.

    Written for speed (10,000 summaries in well under 100 ms): counters are locals,
    stored UTC text is compared as text, and a time is parsed only when a duration needs it.
    """
    now_iso = now.astimezone(timezone.utc).isoformat(timespec="microseconds")
    filtering = where.since is not None or where.until is not None or where.kind is not None
    kinds: Counter = Counter()
    months: Counter = Counter()
    reasons = {"lost": Counter(), "departure": Counter()}
    missing: Counter = Counter()
    competitors: Counter = Counter()
    spellings: dict[str, dict[str, int]] = {}
    misses: Counter = Counter()
    outcomes: Counter = Counter()
    confirms: Counter = Counter()
    delays: list[float] = []
    groups: list[tuple[str, str, str, str, int]] = []
    attempts = not_reached = lost_count = reopened = named = guessed = matched = 0
    recovered = overrun = overrun_now = departed = checkins = in_touch = won_back = overdue_checkins = 0
    suggestions_total = lessons = lessons_closures = actions = actions_done = actions_overdue = 0
    parse = datetime.fromisoformat
    ahead = _NextChange()

    for s in summaries:
        if filtering and not where.matches(s):
            continue
        if s.get("status") == "opportunity" or (s.get("kind") == "lost" and s.get("status") == "won_back"):
            continue  # a reopened door's new round is no loss (yet)
        try:  # one C call for every field; a summary from an older version lacks some, and is read key by key
            (
                kind,
                got_iso,
                status,
                reason,
                calls,
                name,
                guess,
                confirm,
                steps,
                step,
                archived,
                logged,
                due,
                count,
                lesson_count,
                action_list,
            ) = _fetch(s)
        except KeyError:
            (
                kind,
                got_iso,
                status,
                reason,
                calls,
                name,
                guess,
                confirm,
                steps,
                step,
                archived,
                logged,
                due,
                count,
                lesson_count,
                action_list,
            ) = (s.get(f) for f in _FIELDS)
        kinds[kind] += 1
        got = parse(got_iso) if got_iso else None
        if got is not None:
            if got.tzinfo is None:
                got = got.replace(tzinfo=timezone.utc)
            fast = "02" <= got_iso[8:10] <= "27" and got_iso.endswith("+00:00")  # see _month
            months[got_iso[:7] if fast else _month(got_iso, got, tz)] += 1
        if kind in reasons:
            if reason:
                reasons[kind][reason] += 1
            else:
                missing[kind] += 1

        if calls:
            if got is not None:
                delays.append((parse(calls[0]["started_at"]) - got).total_seconds() / HOUR)
            last = None
            for call in calls:
                result = call.get("result")
                if result:
                    attempts += 1
                    last = result
                    if result == "not_reached":
                        not_reached += 1
            if last:
                outcomes[last] += 1

        if kind == "lost":
            lost_count += 1
            if status == "reopened":
                reopened += 1
            if name:
                name = (name if name.isprintable() else one_line(name)).strip()
            if name:
                named += 1
                if status != "reopened":  # a reopened door means nobody has won it yet
                    key = name.casefold()
                    competitors[key] += 1
                    seen = spellings.get(key)
                    if seen is None:
                        seen = spellings[key] = {}
                    seen[name] = seen.get(name, 0) + 1
            if guess and reason:
                guessed += 1
                if guess == reason:
                    matched += 1
                else:
                    misses[(guess, reason)] += 1
            if confirm:
                confirms[confirm] += 1
            recover = (steps or {}).get("recover")
            finished = recover.get("finished_at") if recover else None
            if got is not None and finished:
                recovered += 1
                if parse(finished) - got > RECOVERY:
                    overrun += 1
            elif got is not None and step == "recover" and status == "open" and not archived:
                if now - got > RECOVERY:
                    overrun_now += 1
                else:
                    ahead.at(got + RECOVERY)
        elif kind == "departure":
            departed += 1
            logged = len(logged or ())
            checkins += logged
            in_touch += 1 if logged else 0
            if status == "won_back":
                won_back += 1
            # The summary's due time is the next check-in once the client is in the relationship step.
            if due and step in ("relationship", "done") and status in ("open", "done") and not archived:
                if _before(due, now, now_iso):
                    overdue_checkins += 1
                else:
                    ahead.due(due)

        if count:
            suggestions_total += count
            groups.append((got_iso or "", s["id"], s.get("client", ""), kind, count))
        if lesson_count:
            lessons += lesson_count
            lessons_closures += 1
        for action in action_list or ():
            actions += 1
            if action.get("done_at"):
                actions_done += 1
            elif due := action.get("due"):
                if due < now_iso if len(due) == 32 and due.endswith("+00:00") else _t(due) < now:
                    actions_overdue += 1
                else:
                    ahead.due(due)

    result = Insights()
    result.counted_at, result.valid_through = now, ahead.first()
    result.total = sum(kinds.values())
    result.by_kind = {k: kinds.get(k, 0) for k in ("lost", "departure")}
    result.by_month = _months(months)
    result.reasons = {kind: _ranked(counter, REASONS[kind]) for kind, counter in reasons.items()}
    result.reasons_missing = {k: missing.get(k, 0) for k in ("lost", "departure")}
    # Shown as the spelling used most; a tie goes to the first in sort order, so the answer never
    # depends on the order the index was read in.
    result.competitors = [(min(spellings[key].items(), key=lambda kv: (-kv[1], kv[0]))[0], n) for key, n in _ranked(competitors)]
    result.competitor_named = Rate(named, lost_count)
    result.guess_matched = Rate(matched, guessed)
    result.guess_misses = [(g, r, n) for (g, r), n in sorted(misses.items(), key=lambda kv: (-kv[1], kv[0]))][:5]
    groups.sort(reverse=True)  # newest "no" first
    result.suggestions = SuggestionGroups.of_rows(groups)
    result.suggestions_total = suggestions_total
    result.outcomes = {k: outcomes.get(k, 0) for k in ("confirmed", "reopened", "not_reached")}
    result.call_attempts, result.not_reached_attempts = attempts, not_reached
    result.confirm_outcomes = _ranked(confirms, CONFIRM_ORDER)
    result.recovery_overrun, result.recovery_overrun_now = Rate(overrun, recovered), overrun_now
    result.departed, result.checkins_logged, result.checkins_overdue = departed, checkins, overdue_checkins
    result.checkins_clients, result.won_back = Rate(in_touch, departed), Rate(won_back, departed)
    result.doors_reopened = Rate(reopened, lost_count)
    result.lessons, result.lessons_closures = lessons, lessons_closures
    result.actions_done, result.actions_overdue = Rate(actions_done, actions), actions_overdue
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
