"""One closure as Markdown, for notes apps and sharing with the team."""

from __future__ import annotations

from cierre.domain.model import Closure
from cierre.domain.text import clean, one_line


def _md(text: str) -> str:
    """User text inside Markdown: control characters dropped, markup characters escaped."""
    escaped = clean(text)
    for ch in "\\`*_{}[]<>#|":
        escaped = escaped.replace(ch, "\\" + ch)
    return escaped


def closure_markdown(closure: Closure, coach) -> str:
    playbook, tz = coach.playbook, coach.settings.tz
    kind = closure.kind.value

    def when(value) -> str:
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else "-"

    lines = [f"# {_md(one_line(closure.client))}", ""]
    lines.append(f"- **{playbook.kind_name(kind)}** · {closure.status.value} · id `{closure.id}`")
    for label, value in (("Contact", closure.contact), ("Phone", closure.phone), ("E-mail", closure.email)):
        if value:
            lines.append(f"- {label}: {_md(one_line(value))}")
    lines.append(f"- Received: {when(closure.received_at)}")
    if closure.guess:
        lines.append(f"- Guess before the call: {_md(one_line(closure.guess))}")
    if closure.reason:
        lines.append(f"- Reason given: {playbook.reason_label(kind, closure.reason)}")
    lines += ["", "## Steps", ""]
    for step in closure.step_names:
        record = closure.steps.get(step)
        state = (
            "skipped"
            if record and record.skipped
            else "done"
            if record and record.finished_at
            else ("current" if closure.step == step else "to do")
        )
        finished = f" ({when(record.finished_at)})" if record and record.finished_at else ""
        lines.append(f"- {playbook.step_title(kind, step)}: {state}{finished}")
        checked = closure.checked(step)
        for item_id, label in playbook.checklist(kind, step).items():
            lines.append(f"  - [{'x' if item_id in checked else ' '}] {label}")
    if closure.calls:
        lines += ["", "## Calls", ""]
        for call in closure.calls:
            minutes = call.elapsed(call.ended_at or call.started_at) / 60
            lines.append(f"- #{call.number} {when(call.started_at)} · {minutes:.0f} min · {call.result or 'in progress'}")
    if closure.notes:
        lines += ["", "## Notes", ""]
        for note in closure.notes:
            label = playbook.labels("note_kinds").get(note.kind, note.kind)
            body = _md(note.text).replace("\n", "\n  ")
            lines.append(f"- {when(note.at)} · {label}: {body}")
    if closure.actions:
        lines += ["", "## Action items", ""]
        for item in closure.actions:
            lines.append(f"- [{'x' if item.done_at else ' '}] {_md(one_line(item.text))} (due {item.due_date or when(item.due)})")
    if closure.checkins:
        lines += ["", "## Check-ins", ""]
        for checkin in closure.checkins:
            lines.append(f"- {when(checkin.at)} {_md(one_line(checkin.note))}")
    return "\n".join(lines)
