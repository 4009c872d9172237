"""Printing for the command line: JSON that round-trips any text, and plain tables with nothing a terminal would obey."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Sequence

from cierre.domain.text import clean, json_text, one_line
from cierre.domain.texts import say
from cierre.domain.timeutil import to_iso

LABEL = 10  # the width of the labels of `cierre show`


def print_json(data: Any) -> None:
    sys.stdout.write(json_text(data) + "\n")


def _width(text: str) -> int:
    import unicodedata  # tables only: `cierre note` prints none

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], limit: int = 40) -> None:
    cells = [[one_line(str(c), limit) for c in row] for row in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    for row in [list(headers)] + cells:
        print("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip())


def closure_dict(closure, coach) -> dict[str, Any]:
    """The closure as stored, plus what the schedule derives from it."""
    data = closure.to_dict()
    planner = coach.planner
    if data["call_at"] is None and closure.step in ("recover", "call", "perspective", "conversation"):
        slot = planner.call_slot(closure) if closure.kind.value == "lost" else planner.conversation_slot(closure)
        data["call_at"] = to_iso(slot)
    due = planner.due(closure)
    data["due"] = to_iso(due)
    data["overdue"] = bool(due and coach.clock() > due)
    data["active"] = closure.active
    return data


def step_label(summary: dict[str, Any], coach) -> str:
    """A summary's step as the dashboard names it (cierre.domain.labels), in the command line's language."""
    from cierre.domain.labels import step_label as named_step

    return named_step(summary, coach.playbook, say)


def status_label(summary: dict[str, Any]) -> str:
    """Where a closure stands, an archived one said so."""
    return say("export.status_archived") if summary.get("archived_at") else say(f"export.status_{summary.get('status')}")


def winner_lines(closure, coach, *, with_name: bool = True) -> list[str]:
    """Who won and with what offer, a "Label: value" line a part given."""
    parts = closure.winner.PARTS if with_name else closure.winner.PARTS[1:]
    return [
        f"{say(f'winner.label_{part}')}: {one_line(value)}"
        for part in parts
        if (value := (closure.competitor if part == "name" else getattr(closure.winner, part))).strip()
    ]


def print_closure(closure, coach) -> None:
    playbook, tz = coach.playbook, coach.settings.tz
    data = closure_dict(closure, coach)
    kind = closure.kind.value

    def when(iso: str | None) -> str:
        from cierre.domain.timeutil import from_iso

        value = from_iso(iso)
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z") if value else "-"

    def row(label: str, text: str) -> str:
        return f"  {say(f'cli.show.{label}'):<{LABEL}} {text}"

    contact = [one_line(closure.contact) or "-", one_line(closure.phone) or "-", one_line(closure.email) or "-"]
    summary = {
        "kind": kind,
        "step": closure.step,
        "status": closure.status.value,
        "active": closure.active,
        "archived_at": data["archived_at"],
    }
    due = when(data["due"]) + (f"  {say('cli.show.overdue')}" if data["overdue"] else "")
    lines = [
        say("cli.show.head", client=one_line(closure.client), kind=playbook.kind_name(kind), id=closure.id),
        row("contact", say("cli.show.contact_line", contact=contact[0], phone=contact[1], email=contact[2])),
        row("received", when(data["received_at"])),
        row(
            "step",
            say("cli.show.step_line", step=step_label(summary, coach), due=due, status=status_label(summary)),
        ),
    ]
    if data["call_at"]:
        lines.append(row("call", say("cli.show.call_line", at=when(data["call_at"]), attempts=len(closure.calls))))
    if closure.guess:
        lines.append(row("guess", one_line(closure.guess)))
    if closure.confirm_outcome:
        lines.append(row("outcome", playbook.labels("confirm_outcomes").get(closure.confirm_outcome, closure.confirm_outcome)))
    if closure.reason:
        lines.append(row("reason", playbook.reason_label(kind, closure.reason)))
    if closure.competitor or closure.winner:
        name = one_line(closure.competitor) or "-"
        lines.append(row("winner", " · ".join([name, *winner_lines(closure, coach, with_name=False)])))
    for key in ("reopened_from", "reopened_as"):
        if getattr(closure, key):
            lines.append(row("linked", say(f"keepintouch.{key}", id=getattr(closure, key))))
    user = coach.settings.user_name
    for item in closure.actions:
        mark = "x" if item.done_at else " "
        item_due = item.due_date.isoformat() if item.due_date else when(to_iso(item.due))
        owner = one_line(item.owner_or(user)) or say("lessons.nobody")
        lines.append(f"  [{mark}] {one_line(item.text)}  {say('cli.show.action_line', owner=owner, due=item_due, id=item.id)}")
    lines += _checkins(closure, coach, when, row)
    if closure.notes:
        lines.append(f"  {say('cli.show.notes')}")
        labels = playbook.labels("note_kinds")
        for number, note in enumerate(closure.notes, 1):
            offset = (
                f" +{int(note.call_seconds // 60):02d}:{int(note.call_seconds % 60):02d}" if note.call_seconds is not None else ""
            )
            label = labels.get(note.kind) or say(f"closure.note_kind_{note.kind}")
            lines.append(f"    {when(to_iso(note.at))}{offset}  {label:<12} {clean(note.text)}  ({number}, {note.id})")
    sys.stdout.write("\n".join(lines) + "\n")


def _checkins(closure, coach, when, row) -> list[str]:
    lines = [row("checkin", f"{when(to_iso(c.at))}  {one_line(c.note)}".rstrip()) for c in closure.checkins]
    planner = coach.planner
    if planner.keeps_in_touch(closure):
        if closure.touch_at is not None:
            lines.append(row("touch", when(to_iso(closure.touch_at))))
        for planned in planner.checkin_plan(closure, 3):
            lines.append(row("planned", f"{when(to_iso(planned.at))}  ({say(f'keepintouch.labels.{planned.label}')})"))
    return lines


def demo_folder(args: argparse.Namespace) -> Path:
    from cierre.domain.userdirs import user_data_dir

    chosen = getattr(args, "data_dir", None)
    return Path(chosen).expanduser() if chosen else Path(user_data_dir()).with_name("cierre-demo")
