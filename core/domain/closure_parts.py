"""What a closure holds besides its own fields: its steps, notes, call attempts, actions, check-ins
and the winner's offer.

Each is a plain `Record` that turns into a JSON-ready dict and back; ids are short and typeable.
"""

from __future__ import annotations

import os
from datetime import date, datetime

from cierre.domain.record import Record
from cierre.domain.timeutil import from_iso, to_iso

TYPE_CHECKING = False  # `typing` is not imported at run time: `cierre note` does without it
if TYPE_CHECKING:
    from typing import Any

_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_FAIR = 256 - 256 % len(_ALPHABET)  # bytes at or above this would favour the first letters


def new_id() -> str:
    """Short, typeable and unique enough for one person's history (31**8 ids), from the OS's randomness
    (as `secrets` uses, without the start-up imports of `secrets` and `random`)."""
    chosen: list[str] = []
    while len(chosen) < 8:
        chosen.extend(_ALPHABET[b % len(_ALPHABET)] for b in os.urandom(16) if b < _FAIR)
    return "".join(chosen[:8])


def _dt(value: datetime | None) -> str | None:
    return to_iso(value)


class StepRecord(Record):
    _fields = _compare = ("started_at", "finished_at", "skipped")

    def __init__(self, started_at: datetime | None = None, finished_at: datetime | None = None, skipped: bool = False) -> None:
        self.started_at = started_at
        self.finished_at = finished_at
        self.skipped = skipped

    def to_dict(self) -> dict[str, Any]:
        return {"started_at": _dt(self.started_at), "finished_at": _dt(self.finished_at), "skipped": self.skipped}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StepRecord:
        return cls(from_iso(data.get("started_at")), from_iso(data.get("finished_at")), bool(data.get("skipped")))


class Note(Record):
    _fields = ("kind", "text", "at", "id", "call_seconds", "attempt", "_stored")
    _compare = _fields[:-1]

    def __init__(
        self,
        kind: str,
        text: str,
        at: datetime,
        id: str | None = None,
        call_seconds: float | None = None,  # time into the call when captured during one
        attempt: int | None = None,  # which call attempt it belongs to
        _stored: dict[str, Any] | None = None,
    ) -> None:
        self.kind = kind
        self.text = text
        self.at = at
        self.id = new_id() if id is None else id
        self.call_seconds = call_seconds
        self.attempt = attempt
        # Notes are never edited once written: the stored dict is reused, which keeps a capture on a
        # closure with hundreds of notes from re-serialising every one of them.
        self._stored = _stored

    def to_dict(self) -> dict[str, Any]:
        if self._stored is not None:
            return self._stored
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "at": _dt(self.at),
            "call_seconds": self.call_seconds,
            "attempt": self.attempt,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Note:
        note = cls(
            kind=data["kind"],
            text=data["text"],
            at=from_iso(data["at"]),
            id=data.get("id") or new_id(),
            call_seconds=data.get("call_seconds"),
            attempt=data.get("attempt"),
        )
        if "id" in data:
            note._stored = data
        return note


class CallAttempt(Record):
    _fields = _compare = ("number", "started_at", "ended_at", "pauses", "result")

    def __init__(
        self,
        number: int,
        started_at: datetime,
        ended_at: datetime | None = None,
        pauses: list[list[datetime | None]] | None = None,  # [paused_at, resumed_at or None]
        result: str | None = None,  # one of CALL_RESULTS once ended
    ) -> None:
        self.number = number
        self.started_at = started_at
        self.ended_at = ended_at
        self.pauses = [] if pauses is None else pauses
        self.result = result

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1][1] is None

    def elapsed(self, now: datetime) -> float:
        """Seconds of talk: wall time since start, less the pauses; frozen once ended."""
        end = self.ended_at or now
        total = (end - self.started_at).total_seconds()
        for paused_at, resumed_at in self.pauses:
            total -= ((resumed_at or end) - paused_at).total_seconds()
        return max(0.0, total)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "started_at": _dt(self.started_at),
            "ended_at": _dt(self.ended_at),
            "pauses": [[_dt(a), _dt(b)] for a, b in self.pauses],
            "result": self.result,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CallAttempt:
        return cls(
            number=data["number"],
            started_at=from_iso(data["started_at"]),
            ended_at=from_iso(data.get("ended_at")),
            pauses=[[from_iso(a), from_iso(b)] for a, b in data.get("pauses", [])],
            result=data.get("result"),
        )


class ActionItem(Record):
    """A lesson turned into something to do, by a moment (`due`) or by a day (`due_date`), and who
    owns it (`owner`, a short name; empty on items written before lessons had owners: the user's).

    When the user gave a day, `due_date` keeps it as a date (never a time in some zone);
    `due` is then the opening of working hours on that day, the moment used to sort and
    to remind, so every reader can still compare moments.
    """

    _fields = _compare = ("text", "due", "id", "created_at", "done_at", "due_date", "owner")

    def __init__(
        self,
        text: str,
        due: datetime,
        id: str | None = None,
        created_at: datetime | None = None,
        done_at: datetime | None = None,
        due_date: date | None = None,
        owner: str = "",
    ) -> None:
        self.text = text
        self.due = due
        self.id = new_id() if id is None else id
        self.created_at = created_at
        self.done_at = done_at
        self.due_date = due_date
        self.owner = owner

    def owner_or(self, user: str) -> str:
        """Who owns it, as shown: an item of before owners is the user's own."""
        return self.owner or user

    def due_text(self, tz: Any, time_format: str = "%Y-%m-%d %H:%M") -> str:
        """The due date as the user gave it: a day alone, or a time in their zone."""
        if self.due_date is not None:
            return self.due_date.isoformat()
        return self.due.astimezone(tz).strftime(time_format)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "id": self.id,
            "text": self.text,
            "due": _dt(self.due),
            "created_at": _dt(self.created_at),
            "done_at": _dt(self.done_at),
        }
        if self.due_date is not None:
            data["due_date"] = self.due_date.isoformat()
        if self.owner:
            data["owner"] = self.owner
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ActionItem:
        day = data.get("due_date")
        return cls(
            text=data["text"],
            due=from_iso(data["due"]),
            id=data.get("id") or new_id(),
            created_at=from_iso(data.get("created_at")),
            done_at=from_iso(data.get("done_at")),
            due_date=date.fromisoformat(day) if day else None,
            owner=str(data.get("owner") or ""),
        )


class CheckIn(Record):
    _fields = _compare = ("at", "note", "id")

    def __init__(self, at: datetime, note: str = "", id: str | None = None) -> None:
        self.at = at
        self.note = note
        self.id = new_id() if id is None else id

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": _dt(self.at), "note": self.note}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckIn:
        return cls(at=from_iso(data["at"]), note=data.get("note", ""), id=data.get("id") or new_id())


class Winner(Record):
    """Who won the proposal and with what: recorded apart from why we lost (the closure's reason).

    Every field is what the client said, as typed (a price is often "a bit under ours"); all empty
    when nobody was named."""

    _fields = _compare = ("name", "price", "scope", "tipped")
    PARTS = _fields

    def __init__(self, name: str = "", price: str = "", scope: str = "", tipped: str = "") -> None:
        self.name = name
        self.price = price  # their price, in the client's words or a figure
        self.scope = scope  # what their offer covered
        self.tipped = tipped  # what tipped the decision their way

    def __bool__(self) -> bool:
        return any(getattr(self, part).strip() for part in self.PARTS)

    def to_dict(self) -> dict[str, Any]:
        return {part: getattr(self, part) for part in self.PARTS}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Winner:
        data = data if isinstance(data, dict) else {}
        return cls(**{part: str(data.get(part) or "") for part in cls.PARTS})
