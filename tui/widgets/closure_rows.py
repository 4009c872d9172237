"""The dashboard's rows in display order, over the index's columns.

Thousands of closures are sorted as a list of positions into the columns; a `Row`
(with its summary dict and its parsed due time) is made only when the list asks for
one, which is for the lines in view. Due times are UTC ISO text of one form, so the
text sorts as the time does and the overdue count is a bisection over it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, overload

LAST = "\uffff"  # sorts after any due time: closures with nothing due go last


@dataclass
class Row:
    id: str
    summary: dict[str, Any]
    due: datetime | None
    active: bool


class Rows(Sequence[Row]):
    """Active closures by due time (so overdue ones lead) and client, then, when asked, the rest, latest first."""

    def __init__(self, columns: dict[str, list[Any]] | None = None, *, show_all: bool = False) -> None:
        columns = columns or {"id": []}
        self._columns = columns
        self._keys = tuple(columns)
        count = len(columns["id"])
        if not count:
            self._order: list[int] = []
            self._active = 0
            self.dues: list[str] = []
            return
        active = columns["active"]
        due = columns["due"]
        client = columns["client"]
        # One text key per row: the due time, then the client; "\x00" keeps "Ann" before "Anna".
        live = [n for n in range(count) if active[n]]
        keys = {n: f"{due[n] or LAST}\x00{client[n]}" for n in live}
        self._order = sorted(live, key=keys.__getitem__)
        self._active = len(self._order)
        self.dues = [due[n] for n in self._order if due[n]]  # sorted with them
        if show_all:
            archived, status_at = columns["archived_at"], columns["status_at"]
            rest = [n for n in range(count) if not active[n]]
            # Finished ones, the latest to finish or be archived first.
            rest.sort(key=lambda n: max(archived[n] or "", status_at[n] or ""), reverse=True)
            self._order += rest

    def overdue(self, now: datetime) -> int:
        """How many active closures were due before `now`."""
        return bisect_left(self.dues, now.astimezone(timezone.utc).isoformat())

    @property
    def active_count(self) -> int:
        return self._active

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self._row(n) for n in self._order[index]]
        return self._row(self._order[index])

    def _row(self, n: int) -> Row:
        summary = {key: self._columns[key][n] for key in self._keys}
        due = summary.get("due")
        # The index writes every time in UTC with its offset: fromisoformat alone gives the aware time.
        return Row(summary["id"], summary, datetime.fromisoformat(due) if due else None, bool(summary.get("active")))

    def __iter__(self) -> Iterator[Row]:
        return (self._row(n) for n in self._order)

    def ids(self) -> list[str]:
        ids = self._columns["id"]
        return [ids[n] for n in self._order]

    def position(self, closure_id: str) -> int | None:
        ids = self._columns["id"]
        return next((at for at, n in enumerate(self._order) if ids[n] == closure_id), None)
