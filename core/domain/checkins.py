"""The check-ins a closure plans after the account or the answer, each with its label.

A departed client: 3, 6 and 12 months after the end, then once a year (6 and 12 months, then
yearly, for a relationship-only departure), and for a price departure with a renewal date, a
call just before it as an entry of its own. A lost proposal: one stay-in-touch call at the moment
the client named (their next budget, the end of the winner's contract) or about six months after
their answer.

A logged check-in stands for every planned one due up to a month after it (`COVER`): a call made
a little early, or late, is the one that was due. A logged check-in that stands for none (made
well ahead of time) resets the cadence: the next one is counted from it. One that stands only for
the renewal call leaves the cadence where it was, so the 12-month check-in stays 12 months after
the end. Pure: every date comes from stored ones.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Callable

from cierre.domain.model import Closure, Kind
from cierre.domain.record import FrozenRecord

# Months between check-ins of a departed client: the three give 3, 6 and 12 months after the end.
CHECKIN_GAPS = (3, 3, 6)
CHECKIN_GAPS_RELATIONSHIP_ONLY = (6, 6)
YEARLY = 12
RENEWAL_LEAD = timedelta(days=14)  # the renewal call comes two weeks before their renewal
TOUCH_GAP = 6  # a lost proposal: about six months after the answer, or after the last check-in
COVER = timedelta(days=30)

# Labels (keys of `checkin_labels` in the texts) by months since the end of the account.
MONTH_LABELS = {3: "3_months", 6: "6_months", 12: "12_months"}
RENEWAL = "renewal"
NAMED = "named"  # a lost proposal: the moment the client named
TOUCH = "6_months"
YEARLY_LABEL = "yearly"

AddMonths = Callable[[datetime, int], datetime]


class Planned(FrozenRecord):
    """One check-in ahead: when, and which it is (a label key: 3_months, renewal, named...)."""

    _fields = _compare = ("at", "label")

    def __init__(self, at: datetime, label: str) -> None:
        self._set(at=at, label=label)


def relationship_only(closure: Closure) -> bool:
    return closure.kind is Kind.DEPARTURE and closure.reason in ("closing", "personal")


def renewal_due(closure: Closure) -> datetime | None:
    """A price departure with a known renewal date: the call two weeks before it."""
    if closure.kind is not Kind.DEPARTURE or closure.reason != "price" or closure.renewal_at is None:
        return None
    return closure.renewal_at - RENEWAL_LEAD


def _gaps(closure: Closure) -> tuple[int, ...]:
    if closure.kind is Kind.LOST:
        return (TOUCH_GAP,)
    return CHECKIN_GAPS_RELATIONSHIP_ONLY if relationship_only(closure) else CHECKIN_GAPS


def _label(closure: Closure, position: int) -> str:
    if closure.kind is Kind.LOST:
        return TOUCH
    gaps = _gaps(closure)
    if position >= len(gaps):
        return YEARLY_LABEL
    return MONTH_LABELS.get(sum(gaps[: position + 1]), YEARLY_LABEL)


def _gap(closure: Closure, position: int) -> int:
    gaps = _gaps(closure)
    if closure.kind is Kind.LOST:
        return TOUCH_GAP
    return gaps[position] if position < len(gaps) else YEARLY


class _Cadence:
    """Where the regular check-ins stand: how many were made, and the date the next is counted from."""

    def __init__(self, closure: Closure, add_months: AddMonths) -> None:
        # Months are added in UTC, as times are stored: a time read back gives the same dates.
        self.closure, self.add_months = closure, add_months
        self.position, self.base = 0, closure.received_at.astimezone(timezone.utc)
        self.extra: dict[str, datetime] = {}  # the entry of its own (renewal or named moment) still ahead
        extra = renewal_due(closure) if closure.kind is Kind.DEPARTURE else closure.touch_at
        if extra is not None:
            self.extra[RENEWAL if closure.kind is Kind.DEPARTURE else NAMED] = extra
        for checkin in sorted(closure.checkins, key=lambda c: c.at):
            self.log(checkin.at.astimezone(timezone.utc))

    def next_regular(self) -> datetime:
        return self.add_months(self.base, _gap(self.closure, self.position))

    def log(self, at: datetime) -> None:
        reach = at + COVER
        stood_for = False
        while self.next_regular() <= reach:
            self.base = self.next_regular()
            self.position += 1
            stood_for = True
        own = [label for label, due in self.extra.items() if due <= reach]
        for label in own:
            del self.extra[label]
        if stood_for or not own:
            self.base = at  # a logged check-in restarts the clock from its own date
        if own and self.closure.kind is Kind.LOST:
            self.base = max(self.base, at)  # the moment they named is past: six months from this call

    def ahead(self, count: int) -> list[Planned]:
        """The next `count` regular check-ins, if each is made on its date, and the own entries."""
        if self.closure.kind is Kind.LOST and NAMED in self.extra:
            return [Planned(self.extra[NAMED], NAMED)]  # the moment they named replaces the default
        plan, base = [], self.base
        for position in range(self.position, self.position + count):
            base = self.add_months(base, _gap(self.closure, position))
            plan.append(Planned(base, _label(self.closure, position)))
        plan += [Planned(at, label) for label, at in self.extra.items()]
        return sorted(plan, key=lambda planned: planned.at)


def plan(closure: Closure, add_months: AddMonths, count: int = 3) -> list[Planned]:
    """The check-ins ahead, soonest first: the next is the one due now."""
    return _Cadence(closure, add_months).ahead(count)
