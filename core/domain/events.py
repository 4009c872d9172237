"""The calendar events a closure wants to exist, as plain data.

`plan()` is pure: the same closure and settings give the same events. The store
compares the plan before and after every change and queues what differs in the
outbox; an event that leaves the plan is queued once more as cancelled (never
deleted: some servers refuse a deleted UID forever).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from cierre.domain.model import ActionItem, Closure, Kind, Status
from cierre.domain.playbook import Playbook
from cierre.domain.record import FrozenRecord
from cierre.domain.schedule import CALL_LENGTH, DEBRIEF_LENGTH, Planner
from cierre.domain.timeutil import to_iso

REMINDER_LENGTH = timedelta(minutes=15)
UID_DOMAIN = "cierre.local"
TASK = "VTODO"  # the `component` of an action item's entry; events have none (VEVENT)


def _minutes_after_midnight(moment: datetime, tz: Any) -> int:
    here = moment.astimezone(tz)
    return here.hour * 60 + here.minute


def is_task(event: dict[str, Any]) -> bool:
    return event.get("component") == TASK


def uid_for(closure_id: str, what: str) -> str:
    """One stable UID per closure event: retries and re-sends can never duplicate it."""
    return f"{closure_id}-{what}@{UID_DOMAIN}"


class EventPlanner(FrozenRecord):
    _fields = _compare = ("planner", "playbook", "alarm_minutes")

    def __init__(self, planner: Planner, playbook: Playbook, alarm_minutes: int = 15) -> None:
        self._set(planner=planner, playbook=playbook, alarm_minutes=alarm_minutes)

    def plan(self, closure: Closure) -> dict[str, dict[str, Any]]:
        if closure.archived or closure.status in (Status.REOPENED, Status.WON_BACK, Status.OPPORTUNITY):
            return {}
        events: dict[str, dict[str, Any]] = {}
        step = closure.step
        if closure.kind is Kind.LOST:
            if step in ("recover", "call"):
                self._add(
                    events, closure, "call", self._call(closure, "call_title"), self.planner.call_slot(closure), CALL_LENGTH
                )
            elif step == "debrief":
                self._add(events, closure, "debrief", self._debrief(closure), self.planner.debrief_slot(closure), DEBRIEF_LENGTH)
            elif step == "restart":
                title = self._fmt("restart_title", closure)
                due = self.planner.restart_reminder(closure)
                self._add(events, closure, "restart", (title, self._checklist(closure, "restart")), due, REMINDER_LENGTH)
            if self.planner.keeps_in_touch(closure):  # a lost proposal is not forgotten
                self._add_checkin(events, closure)
        else:
            if step in ("perspective", "conversation"):
                self._add(
                    events,
                    closure,
                    "call",
                    self._call(closure, "conversation_title"),
                    self.planner.conversation_slot(closure),
                    CALL_LENGTH,
                )
            elif step == "handover":
                title = self._fmt("referral_title", closure)
                due = self.planner.due(closure, "handover")
                self._add(events, closure, "referral", (title, self._checklist(closure, "handover")), due, REMINDER_LENGTH)
            else:
                self._add_checkin(events, closure)
        for item in closure.actions:
            self._add_task(events, closure, item)
        return events

    def _add_checkin(self, events: dict[str, dict[str, Any]], closure: Closure) -> None:
        """The next check-in only: logging it plans the one after (a new UID, the old one cancelled)."""
        planned = self.planner.checkin_plan(closure, 1)[0]
        title, description = self._checkin(closure)
        label = self._t(f"keepintouch.labels.{planned.label}")
        title = self._t("keepintouch.labelled", title=title, label=label)
        self._add(events, closure, f"checkin-{len(closure.checkins) + 1}", (title, description), planned.at, CALL_LENGTH)

    def _t(self, key: str, **values: Any) -> str:
        from cierre.domain.texts import Translator

        return Translator(self.playbook.language)(key, **values)

    def _add_task(self, events: dict[str, dict[str, Any]], closure: Closure, item: ActionItem) -> None:
        """An action item as a to-do (VTODO) for the user's task app; done ones stay, ticked."""
        title = self.playbook.text("calendar.action_title").format(text=item.text)
        description = self.playbook.text("calendar.task_description").format(
            client=closure.client, kind=self.playbook.kind_name(closure.kind.value), id=closure.id
        )
        if item.owner:
            description = self._t("lessons.task_owner", owner=item.owner) + "\n" + description
        self._add(events, closure, f"task-{item.id}", (title, description), item.due, REMINDER_LENGTH)
        task = events[uid_for(closure.id, f"task-{item.id}")]
        task.update(
            component=TASK,
            action_id=item.id,
            due_date=item.due_date.isoformat() if item.due_date else None,
            # The alarm of a day-only task: when working hours open that day, as minutes after midnight.
            alarm_after_midnight=_minutes_after_midnight(item.due, self.planner.tz) if item.due_date else None,
            status="COMPLETED" if item.done_at else "NEEDS-ACTION",
            completed=to_iso(item.done_at) if item.done_at else None,
        )

    # --- pieces ----------------------------------------------------------
    def _fmt(self, key: str, closure: Closure) -> str:
        return self.playbook.text(f"calendar.{key}").format(client=closure.client, contact=closure.contact)

    def _contact_lines(self, closure: Closure) -> list[str]:
        text = self.playbook.text
        lines = []
        if closure.contact:
            lines.append(f"{text('calendar.contact_label')}: {closure.contact}")
        if closure.phone:
            lines.append(f"{text('calendar.phone_label')}: {closure.phone}")
        return lines

    def _checklist(self, closure: Closure, step: str) -> str:
        items = self.playbook.checklist(closure.kind.value, step)
        if not items:
            return ""
        lines = [f"{self.playbook.text('calendar.checklist_label')}:"]
        lines += [f"{n}. {label}" for n, label in enumerate(items.values(), start=1)]
        return "\n".join(lines)

    def _call(self, closure: Closure, title_key: str) -> tuple[str, str]:
        step = "call" if closure.kind is Kind.LOST else "conversation"
        parts = ["\n".join(self._contact_lines(closure)), self._checklist(closure, step)]
        if closure.guess:
            parts.append(f"{self.playbook.text('calendar.guess_label')}: {closure.guess}")
        return self._fmt(title_key, closure), "\n\n".join(p for p in parts if p)

    def _debrief(self, closure: Closure) -> tuple[str, str]:
        agenda = [n.text for n in closure.notes if n.kind in ("reason", "competitor", "suggestion", "quote")]
        parts = [self._checklist(closure, "debrief")]
        if agenda:
            parts.append(f"{self.playbook.text('calendar.agenda_label')}:\n" + "\n".join(f"- {line}" for line in agenda))
        return self._fmt("debrief_title", closure), "\n\n".join(p for p in parts if p)

    def _checkin(self, closure: Closure) -> tuple[str, str]:
        parts = ["\n".join(self._contact_lines(closure))]
        if self.planner.relationship_only(closure):
            parts.append(self.playbook.text("calendar.relationship_only"))
        if closure.kind is Kind.LOST:
            answered = closure.received_at.astimezone(self.planner.tz).date().isoformat()
            parts.append(self._t("keepintouch.event_description", date=answered))
            if closure.winner.name:
                parts.append(self._t("winner.event_line", name=closure.winner.name))
            return self._t("keepintouch.event_title", client=closure.client), "\n\n".join(p for p in parts if p)
        return self._fmt("checkin_title", closure), "\n\n".join(p for p in parts if p)

    def _add(
        self,
        events: dict[str, dict[str, Any]],
        closure: Closure,
        what: str,
        text: tuple[str, str],
        start: datetime | None,
        length: timedelta,
    ) -> None:
        if start is None:
            return
        title, description = text
        uid = uid_for(closure.id, what)
        events[uid] = {
            "uid": uid,
            "closure_id": closure.id,
            "what": what,
            "summary": title,
            "description": description,
            "start": to_iso(start),
            "end": to_iso(start + length),
            "timezone": self.planner.tz.key,
            "phone": closure.phone,
            "alarm_minutes": self.alarm_minutes,
            "reminder": self.playbook.text("calendar.reminder").format(title=title),
            "status": "CONFIRMED",
        }


def cancelled(event: dict[str, Any]) -> dict[str, Any]:
    return {**event, "status": "CANCELLED"}


def leaves_cancelled(event: dict[str, Any]) -> bool:
    """An entry that leaves the plan is cancelled, except a completed task: it stays done."""
    return event.get("status") != "COMPLETED"
