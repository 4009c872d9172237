"""The closure: everything recorded about one lost proposal or one departed client.

Plain classes that turn into JSON-ready dicts and back (equality, repr and `replace()` as a
dataclass has them, from `record.Record`). Times are aware datetimes in memory and UTC
ISO-8601 text on disk.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from cierre.domain.closure_parts import ActionItem, CallAttempt, CheckIn, Note, StepRecord, Winner, new_id
from cierre.domain.record import Record
from cierre.domain.schema import SCHEMA_VERSION
from cierre.domain.timeutil import from_iso, to_iso


class Kind(StrEnum):
    LOST = "lost"
    DEPARTURE = "departure"


class Status(StrEnum):
    OPEN = "open"  # the user is still walking the steps
    DONE = "done"  # every step finished; departed clients stay in touch through check-ins
    REOPENED = "reopened"  # the call reopened the door: an open opportunity again
    WON_BACK = "won_back"  # a departed client came back, or a reopened proposal was won
    OPPORTUNITY = "opportunity"  # a reopened proposal, waiting for their new answer


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
# Who won (the outcome, with the winner's offer on its own) and why we lost (the reason) are apart.
CONFIRM_OUTCOMES = ("chose_other", "no_decision", "in_house", "still_open", "unknown")
LOST_REASONS = ("price", "scope", "timing", "fit", "trust", "other")
# Reasons of schema 1 that said who won rather than why: read as the outcome they name.
OUTCOME_OF_EARLIER_REASON = {"competitor": "chose_other", "in_house": "in_house", "no_decision": "no_decision"}
OWNER_LENGTH = 40  # a lesson's owner: a short name
DEPARTURE_REASONS = ("no_results", "price", "reorganisation", "closing", "personal", "in_house", "other")


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
        "touch_at",
        "winner",
        "reopened_from",
        "reopened_as",
        "earlier",
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
        touch_at: datetime | None = None,  # lost: the moment the client named to talk again (their next budget...)
        winner: Winner | None = None,  # lost: who won and with what offer
        reopened_from: str = "",  # the closure whose reopened door this one is
        reopened_as: str = "",  # the closure this one's reopened door became
        earlier: dict[str, Any] | None = None,  # values of an earlier schema that no field holds now
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
        self.touch_at = touch_at
        self.winner = Winner() if winner is None else winner
        self.reopened_from = reopened_from
        self.reopened_as = reopened_as
        self.earlier = {} if earlier is None else earlier
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
        """Shown on the dashboard: open, an opportunity again, or finished but still keeping in touch
        (a departed client, and a lost proposal: neither is forgotten)."""
        return not self.archived and self.status in (Status.OPEN, Status.DONE, Status.OPPORTUNITY)

    @property
    def current_call(self) -> CallAttempt | None:
        if self.calls and self.calls[-1].ended_at is None:
            return self.calls[-1]
        return None

    @property
    def competitor(self) -> str:
        """The winner's name (the competitor they chose): as recorded, else the last one captured as a
        note (a note written by another program, or by hand)."""
        return self.winner.name or self.last_competitor_note()

    def last_competitor_note(self) -> str:
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
            "received_at": to_iso(self.received_at),
            "created_at": to_iso(self.created_at),
            "step": self.step,
            "steps": {name: rec.to_dict() for name, rec in self.steps.items()},
            "checklist": {name: list(items) for name, items in self.checklist.items()},
            "guess": self.guess,
            "guess_reason": self.guess_reason,
            "reason": self.reason,
            "confirm_outcome": self.confirm_outcome,
            "call_at": to_iso(self.call_at),
            "debrief_at": to_iso(self.debrief_at),
            "renewal_at": to_iso(self.renewal_at),
            "touch_at": to_iso(self.touch_at),
            "winner": self.winner.to_dict(),
            "reopened_from": self.reopened_from,
            "reopened_as": self.reopened_as,
            **({"earlier": dict(self.earlier)} if self.earlier else {}),
            "calls": [c.to_dict() for c in self.calls],
            "notes": [n.to_dict() for n in self.notes],
            "actions": [a.to_dict() for a in self.actions],
            "checkins": [c.to_dict() for c in self.checkins],
            "debrief_sent_at": to_iso(self.debrief_sent_at),
            "debrief_send_error": self.debrief_send_error,
            "debrief_sent_to": list(self.debrief_sent_to),
            "status": self.status.value,
            "status_at": to_iso(self.status_at),
            "archived_at": to_iso(self.archived_at),
            "updated_at": to_iso(self.updated_at),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Closure:
        if data.get("kind") == Kind.LOST.value and ("winner" not in data or data.get("reason") in OUTCOME_OF_EARLIER_REASON):
            data = _read_earlier(data)
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
            touch_at=from_iso(data.get("touch_at")),
            winner=Winner.from_dict(data.get("winner")),
            reopened_from=str(data.get("reopened_from") or ""),
            reopened_as=str(data.get("reopened_as") or ""),
            earlier=dict(data.get("earlier") or {}),
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


def _read_earlier(data: dict[str, Any]) -> dict[str, Any]:
    """A lost proposal as schema 1 wrote it, in today's fields; nothing it held is dropped.

    - a reason that named who won (competitor, in_house, no_decision) becomes the outcome it names
      (chose_other, in_house, no_decision) unless an outcome was recorded; the reason is then
      unknown (the why was never said), and the old value is kept in `earlier`;
    - a guess of one of those is kept in `earlier`, its text where it was;
    - the winner's name is the last competitor named in the notes (the notes stay as they are).
    """
    data = dict(data)
    earlier = dict(data.get("earlier") or {})
    reason = data.get("reason")
    if reason in OUTCOME_OF_EARLIER_REASON:
        earlier.setdefault("reason", reason)
        data["reason"] = None
        data["confirm_outcome"] = data.get("confirm_outcome") or OUTCOME_OF_EARLIER_REASON[reason]
    if data.get("guess_reason") in OUTCOME_OF_EARLIER_REASON:
        earlier.setdefault("guess_reason", data["guess_reason"])
        data["guess_reason"] = None
    if "winner" not in data:
        named = [str(n.get("text", "")) for n in data.get("notes", []) if n.get("kind") == "competitor"]
        data["winner"] = {"name": named[-1] if named else ""}
    if earlier:
        data["earlier"] = earlier
    return data
