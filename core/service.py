"""Everything a user can do to a closure, for the command line and the terminal UI alike.

Each operation is one locked read-modify-write of the store. Calendar events
follow automatically: the store's hook compares the event plan before and after
and queues the difference in the outbox.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Callable

from cierre.domain.advance import cancelled_by_finishing, finish_step
from cierre.domain.events import EventPlanner, cancelled, leaves_cancelled
from cierre.domain.model import (
    CALL_RESULTS,
    CAPTURE_KINDS,
    CONFIRM_OUTCOMES,
    DEPARTURE_REASONS,
    FINISHED,
    LOST_REASONS,
    NOTE_KINDS,
    STEPS,
    ActionItem,
    CallAttempt,
    CheckIn,
    Closure,
    Kind,
    Note,
    Status,
    StepRecord,
)
from cierre.domain.playbook import load as load_playbook
from cierre.domain.timeutil import Clock, utcnow
from cierre.note_edits import NoteEdits
from cierre.settings import Settings
from cierre.storage.outbox import Outbox
from cierre.storage.store import Hook, Store
from cierre.storage.summary import summarize

if TYPE_CHECKING:
    from cierre.insights.figures import Filter, Insights


class ActionError(ValueError):
    """An operation that does not fit the closure's state, said in one line."""


class Coach(NoteEdits):
    def __init__(self, settings: Settings, *, clock: Clock = utcnow, maintenance: bool = True) -> None:
        self.settings = settings
        self.clock = clock
        self.planner = settings.planner
        self.playbook = load_playbook(settings.lang)
        self.events = EventPlanner(self.planner, self.playbook, settings.alarm_minutes)
        self.store = Store(
            settings.data_dir,
            clock=clock,
            summarize=lambda closure: summarize(closure, self.planner),
            maintenance=maintenance,
            plan=f"{self.planner.hours} {self.planner.tz.key}",
        )
        self.outbox = Outbox(self.store)
        self.store.hooks.append(
            Hook(self.events.plan, self._queue_events, lambda closure, planned: self.outbox.withdraw(planned))
        )

    def _queue_events(self, closure: Closure, before: Any, after: Any) -> None:
        before = before or {}
        changed = [event for uid, event in after.items() if before.get(uid) != event]
        gone = [cancelled(event) for uid, event in before.items() if uid not in after and leaves_cancelled(event)]
        self.outbox.enqueue(changed + gone)

    def follow_calendar_target(self) -> int:
        """A new calendar target (server, account, calendar or the local file) gets every live event."""
        return self.outbox.follow_target(self.settings.calendar_target, self._live_events)

    def _live_events(self) -> list[dict[str, Any]]:
        return [event for closure in self.store.iter_closures() for event in self.events.plan(closure).values()]

    # --- reading -----------------------------------------------------------
    def get(self, closure_id: str) -> Closure:
        return self.store.get(self.store.resolve(closure_id))

    def resolve(self, closure_id: str) -> str:
        return self.store.resolve(closure_id)

    def summaries(self) -> list[dict[str, Any]]:
        return self.store.summaries()

    def running_calls(self) -> list[tuple[str, str]]:
        """(id, client) of each call in progress, paused ones included (one query over the index)."""
        return self.store.running_calls()

    def competitors_seen(self, limit: int = 8) -> list[str]:
        """The competitors named on closures so far, the most often named first."""
        from collections import Counter

        names = Counter(str(s.get("competitor") or "").strip() for s in self.summaries())
        names.pop("", None)
        return [name for name, _ in names.most_common(limit)]

    def insights(self, where: Filter | None = None) -> Insights:
        """Every figure of the insights, counted now over the index (a few milliseconds)."""
        from cierre.insights.counting import Filter, count

        return self.store.read_index(lambda index: count(index, now=self.clock(), where=where or Filter(), tz=self.settings.tz))

    def rows(self, *, active_only: bool = False) -> list[dict[str, Any]]:
        """The dashboard's slice of every summary: id, kind, client, step, status, due, active..."""
        return self.store.rows(active_only=active_only)

    def _change(self, closure_id: str, mutate: Callable[[Closure], Any]) -> Closure:
        closure, _ = self.store.update(self.store.resolve(closure_id), mutate)
        return closure

    # --- creating ----------------------------------------------------------
    def new_closure(
        self,
        kind: Kind | str,
        client: str,
        *,
        contact: str = "",
        phone: str = "",
        email: str = "",
        received_at: datetime | None = None,
        value: float | None = None,
        subject: str = "",
        first_note: str = "",
    ) -> Closure:
        now = self.clock()
        kind = Kind(kind)
        if not client.strip():
            raise ActionError("a closure needs the client's name")
        received = received_at or now
        if received.tzinfo is None:
            raise ActionError("the time the answer arrived needs a zone")
        if received > now:
            raise ActionError("the answer cannot arrive in the future")
        closure = Closure(
            kind=kind,
            client=client.strip(),
            contact=contact.strip(),
            phone=phone.strip(),
            email=email.strip(),
            value=value,
            subject=subject,
            received_at=received,
            created_at=now,
        )
        if first_note:
            closure.notes.append(Note(kind="email", text=first_note, at=now))
        return self.store.create(closure)

    def import_many(self, closures: list[Closure]) -> None:
        """Many closures at once (sample data): one batch for the store and one for the outbox."""
        self.store.import_many(closures)
        events = [event for closure in closures for event in self.events.plan(closure).values()]
        self.outbox.enqueue(events)

    # --- notes -------------------------------------------------------------
    def add_note(self, closure_id: str, text: str, kind: str = "note") -> Note:
        if kind not in NOTE_KINDS:
            raise ActionError(f"unknown note kind '{kind}'; use one of {', '.join(CAPTURE_KINDS)}")
        now = self.clock()

        def mutate(closure: Closure) -> Note:
            call = closure.current_call
            note = Note(
                kind=kind,
                text=text,
                at=now,
                call_seconds=round(call.elapsed(now), 3) if call else None,
                attempt=call.number if call else None,
            )
            closure.notes.append(note)
            return note

        _, note = self.store.update(self.store.resolve(closure_id), mutate)
        return note

    # --- steps -------------------------------------------------------------
    def cancelled_by_finishing(self, closure_id: str) -> list[dict[str, Any]]:
        """The calendar events ahead that `advance` would cancel: asked before, said to the user."""
        return cancelled_by_finishing(self.events, self.get(closure_id), self.clock())

    def advance(self, closure_id: str, *, skip: bool = False) -> Closure:
        """Finish (or skip) the current step and start the next one."""
        now = self.clock()

        def mutate(closure: Closure) -> None:
            if closure.finished:
                raise ActionError("every step of this closure is finished already")
            if closure.current_call:
                raise ActionError("a call is in progress; end it first")
            finish_step(closure, now, skip=skip)

        return self._change(closure_id, mutate)

    def toggle_check(self, closure_id: str, item: str, *, step: str | None = None, on: bool | None = None) -> Closure:
        def mutate(closure: Closure) -> None:
            target = step or closure.step
            known = self.playbook.checklist(closure.kind.value, target)
            if item not in known:
                choices = ", ".join(known) or "none at this step"
                raise ActionError(f"'{item}' is not on the {target} checklist; items: {choices}")
            checked = closure.checklist.setdefault(target, [])
            want = (item not in checked) if on is None else on
            if want and item not in checked:
                checked.append(item)
            elif not want and item in checked:
                checked.remove(item)

        return self._change(closure_id, mutate)

    def set_guess(self, closure_id: str, text: str, reason: str | None = None) -> Closure:
        if reason is not None and reason not in LOST_REASONS:
            raise ActionError(f"unknown reason '{reason}'; use one of {', '.join(LOST_REASONS)}")

        def mutate(closure: Closure) -> None:
            closure.guess = text
            if reason is not None:
                closure.guess_reason = reason

        return self._change(closure_id, mutate)

    def set_reason(self, closure_id: str, reason: str) -> Closure:
        def mutate(closure: Closure) -> None:
            allowed = DEPARTURE_REASONS if closure.kind is Kind.DEPARTURE else LOST_REASONS
            if reason not in allowed:
                raise ActionError(f"unknown reason '{reason}'; use one of {', '.join(allowed)}")
            closure.reason = reason

        return self._change(closure_id, mutate)

    def set_confirm_outcome(self, closure_id: str, outcome: str) -> Closure:
        if outcome not in CONFIRM_OUTCOMES:
            raise ActionError(f"unknown outcome '{outcome}'; use one of {', '.join(CONFIRM_OUTCOMES)}")
        return self._change(closure_id, lambda c: setattr(c, "confirm_outcome", outcome))

    def update_details(self, closure_id: str, **fields: Any) -> Closure:
        allowed = {"client", "contact", "phone", "email", "value"}
        unknown = set(fields) - allowed
        if unknown:
            raise ActionError(f"cannot change {', '.join(sorted(unknown))}")

        def mutate(closure: Closure) -> None:
            for name, value in fields.items():
                setattr(closure, name, value)

        return self._change(closure_id, mutate)

    # --- the call ----------------------------------------------------------
    def _call_step(self, closure: Closure) -> None:
        if closure.step not in ("recover", "call", "perspective", "conversation"):
            raise ActionError("the call belongs to an earlier step of this closure")

    @staticmethod
    def _enter_call_step(closure: Closure, now: datetime) -> None:
        """Calling ends the first step (recovery or pause) at this moment, however early."""
        first = STEPS[closure.kind][0]
        if closure.step == first:
            closure.steps.setdefault(first, StepRecord(started_at=closure.created_at)).finished_at = now
            closure.step = STEPS[closure.kind][1]
            closure.steps[closure.step] = StepRecord(started_at=now)

    def start_call(self, closure_id: str) -> Closure:
        """Start a call attempt; a recovery cut short is finished at this moment."""
        now = self.clock()

        def mutate(closure: Closure) -> None:
            self._call_step(closure)
            if closure.current_call:
                return  # already on the call: reopening call mode resumes it
            self._enter_call_step(closure, now)
            closure.calls.append(CallAttempt(number=len(closure.calls) + 1, started_at=now))

        return self._change(closure_id, mutate)

    def pause_call(self, closure_id: str) -> Closure:
        """Pause, or resume when paused."""
        now = self.clock()

        def mutate(closure: Closure) -> None:
            call = closure.current_call
            if call is None:
                raise ActionError("no call in progress")
            if call.paused:
                call.pauses[-1][1] = now
            else:
                call.pauses.append([now, None])

        return self._change(closure_id, mutate)

    def end_call(self, closure_id: str, result: str, *, retry_at: datetime | None = None) -> Closure:
        """confirmed finishes the call step; reopened makes it an open opportunity; not_reached reschedules."""
        if result not in CALL_RESULTS:
            raise ActionError(f"unknown call result '{result}'; use one of {', '.join(CALL_RESULTS)}")
        now = self.clock()

        def mutate(closure: Closure) -> None:
            self._call_step(closure)
            self._enter_call_step(closure, now)  # an outcome logged straight from the recovery
            call = closure.current_call
            if call is None:  # an outcome logged without call mode: record a zero-length attempt
                call = CallAttempt(number=len(closure.calls) + 1, started_at=now)
                closure.calls.append(call)
            if call.paused:
                call.pauses[-1][1] = now
            call.ended_at = now
            call.result = result
            if result == "not_reached":
                closure.call_at = retry_at or self.planner.retry_slot(now)
                return
            record = closure.steps.setdefault(closure.step, StepRecord(started_at=now))
            record.finished_at = now
            if result == "reopened" and closure.kind is Kind.LOST:
                closure.status = Status.REOPENED
                closure.status_at = now
                closure.step = FINISHED
                return
            order = STEPS[closure.kind]
            closure.step = order[order.index(closure.step) + 1]
            closure.steps[closure.step] = StepRecord(started_at=now)

        return self._change(closure_id, mutate)

    def reschedule_call(self, closure_id: str, at: datetime) -> Closure:
        return self._change(closure_id, lambda c: setattr(c, "call_at", at))

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
            raise ActionError("a debrief send is sent (a time), failed (an error) or partly both")

        def mutate(closure: Closure) -> None:
            closure.debrief_sent_at = sent_at
            closure.debrief_send_error = " ".join(error.split())
            closure.debrief_sent_to = list(sent_to) if sent_at is not None else []

        return self._change(closure_id, mutate)

    # --- start again: action items ------------------------------------------
    def add_action(self, closure_id: str, text: str, due: datetime | date) -> ActionItem:
        """`due` a moment, or a day (a `date`): a day stays a day, reminded at the start of working hours."""
        if not text.strip():
            raise ActionError("an action item needs a text")
        now = self.clock()
        if isinstance(due, datetime):
            item = ActionItem(text=text.strip(), due=due, created_at=now)
        else:
            item = ActionItem(text=text.strip(), due=self.planner.day_opening(due), created_at=now, due_date=due)
        self._change(closure_id, lambda c: c.actions.append(item))
        return item

    def complete_action(self, closure_id: str, action_id: str, *, done: bool = True) -> Closure:
        now = self.clock()

        def mutate(closure: Closure) -> None:
            for item in closure.actions:
                if item.id == action_id:
                    item.done_at = now if done else None
                    return
            raise ActionError(f"no action item '{action_id}' on this closure")

        return self._change(closure_id, mutate)

    # --- departed clients ----------------------------------------------------
    def set_renewal(self, closure_id: str, at: datetime | None) -> Closure:
        return self._change(closure_id, lambda c: setattr(c, "renewal_at", at))

    def log_checkin(self, closure_id: str, note: str = "", at: datetime | None = None) -> Closure:
        """A check-in resets the cadence: the next one is counted from this one."""
        when = at or self.clock()

        def mutate(closure: Closure) -> None:
            if closure.kind is not Kind.DEPARTURE:
                raise ActionError("check-ins belong to departed clients")
            closure.checkins.append(CheckIn(at=when, note=note))

        return self._change(closure_id, mutate)

    def mark_won_back(self, closure_id: str) -> Closure:
        now = self.clock()

        def mutate(closure: Closure) -> None:
            if closure.kind is not Kind.DEPARTURE:
                raise ActionError("only a departed client can be won back; a lost proposal is reopened by its call")
            closure.status = Status.WON_BACK
            closure.status_at = now

        return self._change(closure_id, mutate)

    def archive(self, closure_id: str, *, archived: bool = True) -> Closure:
        now = self.clock()
        return self._change(closure_id, lambda c: setattr(c, "archived_at", now if archived else None))
