"""Printing for the command line: JSON that round-trips any text, and plain tables with nothing a terminal would obey."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Sequence

from cierre.domain.text import clean, json_text, one_line
from cierre.domain.timeutil import to_iso


def cierre_command() -> str:
    """The command that runs Cierre again, as the user can type it here: `./scripts/start` puts no
    `cierre` on the PATH, so a hint that said `cierre` would not work after it."""
    from shlex import quote  # only for this hint: not on the path of `cierre note`

    launcher = os.environ.get("CIERRE_LAUNCHER", "").strip()
    if launcher:  # set by scripts/start: the script, as it was typed
        return quote(launcher)
    program = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if program is None or program.name == "__main__.py":  # python -m cierre
        return f"{quote(sys.executable)} -m cierre"
    import shutil

    found = shutil.which(program.name)
    if found and Path(found).resolve() == program.resolve():
        return program.name
    return quote(str(program if program.parent != Path() else Path.cwd() / program))


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


def print_closure(closure, coach) -> None:
    playbook, tz = coach.playbook, coach.settings.tz
    data = closure_dict(closure, coach)

    def when(iso: str | None) -> str:
        from cierre.domain.timeutil import from_iso

        value = from_iso(iso)
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z") if value else "-"

    lines = [
        f"{one_line(closure.client)}  ({playbook.kind_name(closure.kind.value)}, id {closure.id})",
        f"  contact   {one_line(closure.contact) or '-'}   phone {one_line(closure.phone) or '-'}   e-mail {one_line(closure.email) or '-'}",
        f"  received  {when(data['received_at'])}",
        f"  step      {closure.step if closure.finished else playbook.step_title(closure.kind.value, closure.step)}"
        f"   due {when(data['due'])}{'  OVERDUE' if data['overdue'] else ''}   status {closure.status.value}",
    ]
    if data["call_at"]:
        lines.append(f"  call      {when(data['call_at'])}   attempts {len(closure.calls)}")
    if closure.guess:
        lines.append(f"  guess     {one_line(closure.guess)}")
    if closure.reason:
        lines.append(f"  reason    {playbook.reason_label(closure.kind.value, closure.reason)}")
    for item in closure.actions:
        mark = "x" if item.done_at else " "
        due = item.due_date.isoformat() if item.due_date else when(to_iso(item.due))
        lines.append(f"  [{mark}] {one_line(item.text)}  due {due}  ({item.id})")
    if closure.notes:
        lines.append("  notes")
        for number, note in enumerate(closure.notes, 1):
            offset = (
                f" +{int(note.call_seconds // 60):02d}:{int(note.call_seconds % 60):02d}" if note.call_seconds is not None else ""
            )
            lines.append(f"    {when(to_iso(note.at))}{offset}  {note.kind:<10} {clean(note.text)}  ({number}, {note.id})")
    sys.stdout.write("\n".join(lines) + "\n")


def demo_folder(args: argparse.Namespace) -> Path:
    from cierre.domain.userdirs import user_data_dir

    chosen = getattr(args, "data_dir", None)
    return Path(chosen).expanduser() if chosen else Path(user_data_dir()).with_name("cierre-demo")
