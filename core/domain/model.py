"""The closure: everything recorded about one lost proposal or one departed client.

Plain classes that turn into JSON-ready dicts and back (equality, repr and `replace()` as a
dataclass has them, from `record.Record`). Times are aware datetimes in memory and UTC
ISO-8601 text on disk.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from cierre.domain.record import Record
from cierre.domain.timeutil import from_iso, to_iso

SCHEMA_VERSION = 1


class Kind(StrEnum):
    LOST = "lost"
    DEPARTURE = "departure"


class Status(StrEnum):
    OPEN = "open"  # the user is still walking the steps
    DONE = "done"  # every step finished; departed clients stay in touch through check-ins
    REOPENED = "reopened"  # the call reopened the door: an open opportunity again
    WON_BACK = "won_back"  # a departed client came back


STEPS: dict[Kind, tuple[str, ...]] = {
    Kind.LOST: ("recover", "call", "debrief", "restart"),
    Kind.DEPARTURE: ("perspective", "conversation", "handover", "relationship"),
}
FINISHED = "done"  # the step value once the last step is finished

CAPTURE_KINDS = ("note", "competitor", "suggestion", "reason", "quote")
# Kinds written outside a call: debrief findings, team feedback, prospect review, check-in notes.
OTHER_NOTE_KINDS = ("better", "feedback", "prospect", "checkin", "email")
NOTE_KINDS = CAPTURE_KINDS + OTHER_NOTE_KINDS

CALL_RESULTS = ("confirmed", "reopened", "not_reached")
CONFIRM_OUTCOMES = ("chose_other", "no_decision", "in_house", "still_open", "unknown")
LOST_REASONS = ("price", "scope", "timing", "fit", "trust", "competitor", "in_house", "no_decision", "other")
DEPARTURE_REASONS = ("no_results", "price", "reorganisation", "closing", "personal", "in_house", "other")


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
    """Something to do after a loss, by a moment (`due`) or by a day (`due_date`).

    When the user gave a day, `due_date` keeps it as a date (never a time in some zone);
    `due` is then the opening of working hours on that day, the moment used to sort and
    to remind, so every reader can still compare moments.
    """

    _fields = _compare = ("text", "due", "id", "created_at", "done_at", "due_date")

    def __init__(
        self,
        text: str,
        due: datetime,
        id: str | None = None,
        created_at: datetime | None = None,
        done_at: datetime | None = None,
        due_date: date | None = None,
    ) -> None:
        self.text = text
        self.due = due
        self.id = new_id() if id is None else id
        self.created_at = created_at
        self.done_at = done_at
        self.due_date = due_date

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


class Closure(Record):
    _fields = _compare = (
        "kind",
        "client",
        "received_at",
        "created_at",
        "id",
        "contact",
        "phone",
        "email",
        "value",
        "subject",
        "step",
        "steps",
        "checklist",
        "guess",
        "guess_reason",
        "reason",
        "confirm_outcome",
        "call_at",
        "debrief_at",
        "renewal_at",
        "calls",
        "notes",
        "actions",
        "checkins",
        "debrief_sent_at",
        "debrief_send_error",
        "debrief_sent_to",
        "status",
        "status_at",
        "archived_at",
        "updated_at",
    )

    def __init__(
        self,
        kind: Kind,
        client: str,
        received_at: datetime,
        created_at: datetime,
        id: str | None = None,
        contact: str = "",
        phone: str = "",
        email: str = "",
        value: float | None = None,
        subject: str = "",  # the rejection e-mail's subject, when started from one
        step: str = "",
        steps: dict[str, StepRecord] | None = None,
        checklist: dict[str, list[str]] | None = None,  # step -> checked item ids
        guess: str = "",  # the user's own guess, written before the call
        guess_reason: str | None = None,  # its category (LOST_REASONS)
        reason: str | None = None,  # the reason the client gave (LOST_REASONS or DEPARTURE_REASONS)
        confirm_outcome: str | None = None,  # CONFIRM_OUTCOMES
        call_at: datetime | None = None,  # the scheduled call; None means "the schedule's first slot"
        debrief_at: datetime | None = None,  # the scheduled team debrief; None means "the schedule's slot"
        renewal_at: datetime | None = None,  # when a price departure's new arrangement comes up for renewal
        calls: list[CallAttempt] | None = None,
        notes: list[Note] | None = None,
        actions: list[ActionItem] | None = None,
        checkins: list[CheckIn] | None = None,
        debrief_sent_at: datetime | None = None,  # when the summary went to the team
        debrief_send_error: str = "",  # the last failed send, offered again until it goes
        debrief_sent_to: list[str] | None = None,  # who the server took it for (a partial send names fewer)
        status: Status = Status.OPEN,
        status_at: datetime | None = None,
        archived_at: datetime | None = None,
        updated_at: datetime | None = None,
    ) -> None:
        self.kind = kind
        self.client = client
        self.received_at = received_at
        self.created_at = created_at
        self.id = new_id() if id is None else id
        self.contact = contact
        self.phone = phone
        self.email = email
        self.value = value
        self.subject = subject
        self.step = step
        self.steps = {} if steps is None else steps
        self.checklist = {} if checklist is None else checklist
        self.guess = guess
        self.guess_reason = guess_reason
        self.reason = reason
        self.confirm_outcome = confirm_outcome
        self.call_at = call_at
        self.debrief_at = debrief_at
        self.renewal_at = renewal_at
        self.calls = [] if calls is None else calls
        self.notes = [] if notes is None else notes
        self.actions = [] if actions is None else actions
        self.checkins = [] if checkins is None else checkins
        self.debrief_sent_at = debrief_sent_at
        self.debrief_send_error = debrief_send_error
        self.debrief_sent_to = [] if debrief_sent_to is None else debrief_sent_to
        self.status = status
        self.status_at = status_at
        self.archived_at = archived_at
        self.updated_at = updated_at
        if not self.step:
            self.step = STEPS[self.kind][0]
            self.steps.setdefault(self.step, StepRecord(started_at=self.created_at))

    # --- derived views -------------------------------------------------
    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    @property
    def step_names(self) -> tuple[str, ...]:
        return STEPS[self.kind]

    @property
    def finished(self) -> bool:
        return self.step == FINISHED

    @property
    def active(self) -> bool:
        """Shown on the dashboard: open, or finished but still keeping in touch."""
        if self.archived or self.status in (Status.REOPENED, Status.WON_BACK):
            return False
        return not self.finished or self.kind is Kind.DEPARTURE

    @property
    def current_call(self) -> CallAttempt | None:
        if self.calls and self.calls[-1].ended_at is None:
            return self.calls[-1]
        return None

    @property
    def competitor(self) -> str:
        named = [n.text for n in self.notes if n.kind == "competitor"]
        return named[-1] if named else ""

    def notes_of(self, kind: str) -> list[Note]:
        return [n for n in self.notes if n.kind == kind]

    def checked(self, step: str) -> list[str]:
        return self.checklist.get(step, [])

    # --- serialisation -------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "id": self.id,
            "kind": self.kind.value,
            "client": self.client,
            "contact": self.contact,
            "phone": self.phone,
            "email": self.email,
            "value": self.value,
            "subject": self.subject,
            "received_at": _dt(self.received_at),
            "created_at": _dt(self.created_at),
            "step": self.step,
            "steps": {name: rec.to_dict() for name, rec in self.steps.items()},
            "checklist": {name: list(items) for name, items in self.checklist.items()},
            "guess": self.guess,
            "guess_reason": self.guess_reason,
            "reason": self.reason,
            "confirm_outcome": self.confirm_outcome,
            "call_at": _dt(self.call_at),
            "debrief_at": _dt(self.debrief_at),
            "renewal_at": _dt(self.renewal_at),
            "calls": [c.to_dict() for c in self.calls],
            "notes": [n.to_dict() for n in self.notes],
            "actions": [a.to_dict() for a in self.actions],
            "checkins": [c.to_dict() for c in self.checkins],
            "debrief_sent_at": _dt(self.debrief_sent_at),
            "debrief_send_error": self.debrief_send_error,
            "debrief_sent_to": list(self.debrief_sent_to),
            "status": self.status.value,
            "status_at": _dt(self.status_at),
            "archived_at": _dt(self.archived_at),
            "updated_at": _dt(self.updated_at),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Closure:
        return cls(
            id=data["id"],
            kind=Kind(data["kind"]),
            client=data["client"],
            contact=data.get("contact", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            value=data.get("value"),
            subject=data.get("subject", ""),
            received_at=from_iso(data["received_at"]),
            created_at=from_iso(data["created_at"]),
            step=data["step"],
            steps={name: StepRecord.from_dict(rec) for name, rec in data.get("steps", {}).items()},
            checklist={name: list(items) for name, items in data.get("checklist", {}).items()},
            guess=data.get("guess", ""),
            guess_reason=data.get("guess_reason"),
            reason=data.get("reason"),
            confirm_outcome=data.get("confirm_outcome"),
            call_at=from_iso(data.get("call_at")),
            debrief_at=from_iso(data.get("debrief_at")),
            renewal_at=from_iso(data.get("renewal_at")),
            calls=[CallAttempt.from_dict(c) for c in data.get("calls", [])],
            notes=[Note.from_dict(n) for n in data.get("notes", [])],
            actions=[ActionItem.from_dict(a) for a in data.get("actions", [])],
            checkins=[CheckIn.from_dict(c) for c in data.get("checkins", [])],
            debrief_sent_at=from_iso(data.get("debrief_sent_at")),
            debrief_send_error=data.get("debrief_send_error", ""),
            debrief_sent_to=[str(address) for address in data.get("debrief_sent_to", [])],
            status=Status(data.get("status", "open")),
            status_at=from_iso(data.get("status_at")),
            archived_at=from_iso(data.get("archived_at")),
            updated_at=from_iso(data.get("updated_at")),
        )
