"""Everything a user can do to a closure, for the command line and the terminal UI alike.

Each operation is one locked read-modify-write of the store. Calendar events
follow automatically: the store's hook compares the event plan before and after
and queues the difference in the outbox.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Callable

from cierre.action_error import refuse
from cierre.domain.events import EventPlanner, cancelled, leaves_cancelled
from cierre.domain.model import (
    CALL_RESULTS,
    CAPTURE_KINDS,
    CONFIRM_OUTCOMES,
    DEPARTURE_REASONS,
    LOST_REASONS,
    NOTE_KINDS,
    OWNER_LENGTH,
    STEPS,
    ActionItem,
    CallAttempt,
    Closure,
    Kind,
    Note,
    Status,
    StepRecord,
)
from cierre.domain.playbook import load as load_playbook
from cierre.domain.texts import say
from cierre.domain.timeutil import utcnow
from cierre.follow_up import FollowUp
from cierre.note_edits import NoteEdits
from cierre.settings import Settings
from cierre.storage.store import Hook, Store
from cierre.storage.summary import summarize

if TYPE_CHECKING:
    from cierre.domain.timeutil import Clock
    from cierre.insights.figures import Filter, Insights
    from cierre.storage.outbox import Outbox


class Coach(NoteEdits, FollowUp):
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
        self._outbox: Outbox | None = None
        self.store.hooks.append(
            Hook(self.events.plan, self._queue_events, lambda closure, planned: self.outbox.withdraw(planned))
        )

    @property
    def outbox(self) -> Outbox:
        """Opened when a change reaches the calendar: a note from the shell changes no event."""
        if self._outbox is None:
            from cierre.storage.outbox import Outbox

            self._outbox = Outbox(self.store)
        return self._outbox

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
            raise refuse("errors.client_needed")
        received = received_at or now
        if received.tzinfo is None:
            raise refuse("errors.received_zone")
        if received > now:
            raise refuse("errors.answer_future")
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
            raise refuse("errors.note_kind", kind=kind, kinds=", ".join(CAPTURE_KINDS))
        now = self.clock()

        def mutate(closure: Closure) -> Note:
            if kind == "competitor" and closure.kind is Kind.LOST:
                closure.winner.name = text  # the competitor they chose is the winner
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
        from cierre.domain.advance import cancelled_by_finishing

        return cancelled_by_finishing(self.events, self.get(closure_id), self.clock())

    def advance(self, closure_id: str, *, skip: bool = False) -> Closure:
        """Finish (or skip) the current step and start the next one."""
        from cierre.domain.advance import finish_step

        now = self.clock()

        def mutate(closure: Closure) -> None:
            if closure.status is Status.OPPORTUNITY:
                raise refuse("errors.opportunity_steps")
            if closure.finished:
                raise refuse("errors.all_finished")
            if closure.current_call:
                raise refuse("errors.call_running")
            finish_step(closure, now, skip=skip)

        return self._change(closure_id, mutate)

    def toggle_check(self, closure_id: str, item: str, *, step: str | None = None, on: bool | None = None) -> Closure:
        def mutate(closure: Closure) -> None:
            target = step or closure.step
            known = self.playbook.checklist(closure.kind.value, target)
            if item not in known:
                choices = ", ".join(known) or say("errors.no_items")
                raise refuse("errors.not_on_checklist", item=item, step=target, items=choices)
            checked = closure.checklist.setdefault(target, [])
            want = (item not in checked) if on is None else on
            if want and item not in checked:
                checked.append(item)
            elif not want and item in checked:
                checked.remove(item)

        return self._change(closure_id, mutate)

    def set_guess(self, closure_id: str, text: str, reason: str | None = None) -> Closure:
        if reason is not None and reason not in LOST_REASONS:
            raise refuse("errors.reason", reason=reason, reasons=", ".join(LOST_REASONS))

        def mutate(closure: Closure) -> None:
            closure.guess = text
            if reason is not None:
                closure.guess_reason = reason

        return self._change(closure_id, mutate)

    def set_reason(self, closure_id: str, reason: str) -> Closure:
        def mutate(closure: Closure) -> None:
            allowed = DEPARTURE_REASONS if closure.kind is Kind.DEPARTURE else LOST_REASONS
            if reason not in allowed:
                raise refuse("errors.reason", reason=reason, reasons=", ".join(allowed))
            closure.reason = reason

        return self._change(closure_id, mutate)

    def set_confirm_outcome(self, closure_id: str, outcome: str) -> Closure:
        if outcome not in CONFIRM_OUTCOMES:
            raise refuse("errors.outcome", outcome=outcome, outcomes=", ".join(CONFIRM_OUTCOMES))
        return self._change(closure_id, lambda c: setattr(c, "confirm_outcome", outcome))

    def update_details(self, closure_id: str, **fields: Any) -> Closure:
        allowed = {"client", "contact", "phone", "email", "value"}
        unknown = set(fields) - allowed
        if unknown:
            raise refuse("errors.cannot_change", fields=", ".join(sorted(unknown)))

        def mutate(closure: Closure) -> None:
            for name, value in fields.items():
                setattr(closure, name, value)

        return self._change(closure_id, mutate)

    # --- the call ----------------------------------------------------------
    def _call_step(self, closure: Closure) -> None:
        if closure.status is Status.OPPORTUNITY:
            raise refuse("errors.opportunity_steps")
        if closure.step not in ("recover", "call", "perspective", "conversation"):
            raise refuse("errors.call_earlier_step")

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
                raise refuse("errors.no_call")
            if call.paused:
                call.pauses[-1][1] = now
            else:
                call.pauses.append([now, None])

        return self._change(closure_id, mutate)

    def end_call(self, closure_id: str, result: str, *, retry_at: datetime | None = None) -> Closure:
        """confirmed finishes the call step; not_reached reschedules; reopened (a lost proposal) keeps
        this closure on record, reopened, and starts a new one linked to it: the open opportunity."""
        if result not in CALL_RESULTS:
            raise refuse("errors.call_result", result=result, results=", ".join(CALL_RESULTS))
        now = self.clock()
        resolved = self.store.resolve(closure_id)
        if result == "reopened" and self.store.get(resolved).kind is Kind.LOST:
            self.reopened(resolved, self._call_step, lambda closure, at: self._end_attempt(closure, at, result))
            return self.get(resolved)

        def mutate(closure: Closure) -> None:
            self._call_step(closure)
            self._end_attempt(closure, now, result)
            if result == "not_reached":
                closure.call_at = retry_at or self.planner.retry_slot(now)
                return
            record = closure.steps.setdefault(closure.step, StepRecord(started_at=now))
            record.finished_at = now
            order = STEPS[closure.kind]
            closure.step = order[order.index(closure.step) + 1]
            closure.steps[closure.step] = StepRecord(started_at=now)

        return self._change(resolved, mutate)

    def _end_attempt(self, closure: Closure, now: datetime, result: str) -> CallAttempt:
        """The attempt in progress ended with `result` (one of zero length when logged without call mode)."""
        self._enter_call_step(closure, now)  # an outcome logged straight from the recovery
        call = closure.current_call
        if call is None:
            call = CallAttempt(number=len(closure.calls) + 1, started_at=now)
            closure.calls.append(call)
        if call.paused:
            call.pauses[-1][1] = now
        call.ended_at = now
        call.result = result
        return call

    def reschedule_call(self, closure_id: str, at: datetime) -> Closure:
        return self._change(closure_id, lambda c: setattr(c, "call_at", at))

    # --- start again: action items ------------------------------------------
    def add_action(self, closure_id: str, text: str, due: datetime | date, owner: str | None = None) -> ActionItem:
        """`due` a moment, or a day (a `date`): a day stays a day, reminded at the start of working hours.
        `owner`: who makes it happen, a short name (default: the user)."""
        if not text.strip():
            raise refuse("errors.action_text")
        owner = " ".join((self.settings.user_name if owner is None else owner).split())
        if len(owner) > OWNER_LENGTH:
            raise refuse("errors.owner_long", limit=OWNER_LENGTH)
        now = self.clock()
        if isinstance(due, datetime):
            item = ActionItem(text=text.strip(), due=due, created_at=now, owner=owner)
        else:
            item = ActionItem(text=text.strip(), due=self.planner.day_opening(due), created_at=now, due_date=due, owner=owner)
        self._change(closure_id, lambda c: c.actions.append(item))
        return item

    def complete_action(self, closure_id: str, action_id: str, *, done: bool = True) -> Closure:
        now = self.clock()

        def mutate(closure: Closure) -> None:
            for item in closure.actions:
                if item.id == action_id:
                    item.done_at = now if done else None
                    return
            raise refuse("errors.no_action", id=action_id)

        return self._change(closure_id, mutate)

    def archive(self, closure_id: str, *, archived: bool = True) -> Closure:
        now = self.clock()
        return self._change(closure_id, lambda c: setattr(c, "archived_at", now if archived else None))
