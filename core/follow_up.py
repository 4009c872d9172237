"""After the call: the debrief's meeting and summary, who won, keeping in touch, a door that
reopens, a client who comes back.

A part of `Coach` kept in its own file (a mixin: it needs `self.store`, `self.clock`,
`self._change` and `self.planner`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Callable

from cierre.action_error import refuse
from cierre.domain.model import FINISHED, CheckIn, Closure, Kind, Status, StepRecord, Winner

if TYPE_CHECKING:
    from cierre.domain.schedule import Planner
    from cierre.domain.timeutil import Clock
    from cierre.storage.store import Store

# The steps of a lost proposal from which its door can be found open again.
REOPENABLE = ("debrief", "restart", FINISHED)


class FollowUp:
    store: Store
    clock: Clock
    planner: Planner
    _change: Callable[..., Closure]

    def schedule_debrief(self, closure_id: str, at: datetime) -> Closure:
        return self._change(closure_id, lambda c: setattr(c, "debrief_at", at))

    def record_debrief_send(
        self, closure_id: str, *, sent_at: datetime | None = None, error: str = "", sent_to: list[str] | tuple[str, ...] = ()
    ) -> Closure:
        """The outcome of e-mailing the debrief summary: sent (at `sent_at`, to `sent_to`) or not, with
        the one-line reason. A partial send has both: who received it, and who the server refused.

        A failure clears `debrief_sent_at`: the summary is offered again until a send goes through.
        """
        if sent_at is None and not error:
            raise refuse("errors.debrief_send")

        def mutate(closure: Closure) -> None:
            closure.debrief_sent_at = sent_at
            closure.debrief_send_error = " ".join(error.split())
            closure.debrief_sent_to = list(sent_to) if sent_at is not None else []

        return self._change(closure_id, mutate)

    # --- who won, and with what -------------------------------------------------
    def set_winner(self, closure_id: str, **parts: str | None) -> Closure:
        """The winner's offer: `name`, `price`, `scope`, `tipped` (what tipped it); a part not given
        stays as it was, an empty one is cleared."""
        unknown = set(parts) - set(Winner.PARTS)
        if unknown:
            raise refuse("errors.winner_parts", parts=", ".join(sorted(unknown)), known=", ".join(Winner.PARTS))

        def mutate(closure: Closure) -> None:
            if closure.kind is not Kind.LOST:
                raise refuse("errors.winner_lost_only")
            for part, value in parts.items():
                if value is not None:
                    setattr(closure.winner, part, value)

        return self._change(closure_id, mutate)

    # --- keeping in touch ------------------------------------------------------
    def set_touch(self, closure_id: str, at: datetime | None) -> Closure:
        """The moment a lost proposal's client named to talk again; None goes back to six months."""
        self._ahead(at)

        def mutate(closure: Closure) -> None:
            if closure.kind is not Kind.LOST:
                raise refuse("errors.touch_lost_only")
            closure.touch_at = at

        return self._change(closure_id, mutate)

    def set_renewal(self, closure_id: str, at: datetime | None) -> Closure:
        return self._change(closure_id, lambda c: setattr(c, "renewal_at", at))

    def log_checkin(
        self, closure_id: str, note: str = "", at: datetime | None = None, *, next_at: datetime | None = None
    ) -> Closure:
        """A check-in logged stands for the one due (see checkins.py): the next is counted from it.
        `next_at`: a lost proposal's client named the next moment to talk."""
        when = at or self.clock()
        self._ahead(next_at)

        def mutate(closure: Closure) -> None:
            if closure.kind is Kind.LOST and closure.step not in ("restart", FINISHED):
                raise refuse("errors.checkin_after_debrief")
            if closure.status not in (Status.OPEN, Status.DONE):
                raise refuse("errors.checkin_closed")
            closure.checkins.append(CheckIn(at=when, note=note))
            if next_at is not None:
                if closure.kind is not Kind.LOST:
                    raise refuse("errors.touch_lost_only")
                closure.touch_at = next_at

        return self._change(closure_id, mutate)

    def _ahead(self, at: datetime | None) -> None:
        """A moment to talk again is ahead: one already past would be due at once."""
        if at is not None and at <= self.clock():
            raise refuse("errors.touch_past")

    def mark_won_back(self, closure_id: str) -> Closure:
        """A departed client came back, or a reopened proposal was won."""
        now = self.clock()

        def mutate(closure: Closure) -> None:
            if closure.kind is Kind.LOST and closure.status is not Status.OPPORTUNITY:
                raise refuse("errors.won_back_departure_only")
            closure.status = Status.WON_BACK
            closure.status_at = now

        return self._change(closure_id, mutate)

    # --- a door that reopens ------------------------------------------------------
    def reopen(self, closure_id: str) -> Closure:
        """The lost proposal's door is open again: it stays on record, reopened, and a new closure
        (an open opportunity, linked to it) takes the new round. Returns the new closure."""
        resolved = self.store.resolve(closure_id)

        def check(closure: Closure) -> None:
            if closure.kind is not Kind.LOST:
                raise refuse("errors.reopen_lost_only")
            if closure.status not in (Status.OPEN, Status.DONE) or closure.archived:
                raise refuse("errors.reopen_closed")
            if closure.step not in REOPENABLE:
                raise refuse("errors.reopen_after_call")

        return self.reopened(resolved, check, lambda closure, now: None)

    def reopened(self, closure_id: str, check: Callable[[Closure], None], change: Callable[[Closure, datetime], None]) -> Closure:
        """Under one lock: `check` the closure, make its opportunity, then `change` it and mark it
        reopened and linked. Returns the new closure."""
        now = self.clock()
        with self.store.locked():
            old = self.store.get(closure_id)
            check(old)
            new = Closure(
                kind=Kind.LOST,
                client=old.client,
                contact=old.contact,
                phone=old.phone,
                email=old.email,
                value=old.value,
                subject=old.subject,
                received_at=now,
                created_at=now,
                status=Status.OPPORTUNITY,
                status_at=now,
                reopened_from=old.id,
            )
            self.store.create(new)

            def mutate(closure: Closure) -> None:
                change(closure, now)
                closure.status = Status.REOPENED
                closure.status_at = now
                closure.reopened_as = new.id
                if closure.step != FINISHED:
                    closure.steps.setdefault(closure.step, StepRecord(started_at=now)).finished_at = now
                    closure.step = FINISHED

            self.store.update(closure_id, mutate)
        return new

    def said_no_again(self, closure_id: str, received_at: datetime | None = None) -> Closure:
        """A reopened proposal's new answer is no: its steps start, the recovery from that answer."""
        now = self.clock()
        received = received_at or now
        if received > now:
            raise refuse("errors.answer_future")

        def mutate(closure: Closure) -> None:
            if closure.status is not Status.OPPORTUNITY:
                raise refuse("errors.not_opportunity")
            closure.status, closure.status_at = Status.OPEN, now
            closure.received_at = received
            closure.step = closure.step_names[0]
            closure.steps = {closure.step: StepRecord(started_at=now)}

        return self._change(closure_id, mutate)
