"""One closure as Markdown, for notes apps and sharing with the team, in the user's language."""

from __future__ import annotations

from cierre.domain.model import Closure, Kind
from cierre.domain.text import clean, one_line
from cierre.domain.texts import Translator


def _md(text: str) -> str:
    """User text inside Markdown: control characters dropped, markup characters escaped."""
    escaped = clean(text)
    for ch in "\\`*_{}[]<>#|":
        escaped = escaped.replace(ch, "\\" + ch)
    return escaped


def closure_markdown(closure: Closure, coach) -> str:
    playbook, tz = coach.playbook, coach.settings.tz
    t = Translator(playbook.language)
    kind = closure.kind.value

    def when(value) -> str:
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else "-"

    lines = [f"# {_md(one_line(closure.client))}", ""]
    status = t(f"export.status_{closure.status.value}")
    lines.append(f"- **{playbook.kind_name(kind)}** · {status} · id `{closure.id}`")
    for key, value in (("contact", closure.contact), ("phone", closure.phone), ("email", closure.email)):
        if value:
            lines.append(f"- {t(f'export.{key}')}: {_md(one_line(value))}")
    lines.append(f"- {t('export.received')}: {when(closure.received_at)}")
    if closure.reopened_from:
        lines.append(f"- {t('keepintouch.reopened_from', id=closure.reopened_from)}")
    if closure.reopened_as:
        lines.append(f"- {t('keepintouch.reopened_as', id=closure.reopened_as)}")
    if closure.guess:
        lines.append(f"- {t('export.guess')}: {_md(one_line(closure.guess))}")
    if closure.confirm_outcome:
        lines.append(f"- {t('export.outcome')}: {playbook.labels('confirm_outcomes').get(closure.confirm_outcome, '')}")
    if closure.reason:
        lines.append(f"- {t('export.reason')}: {playbook.reason_label(kind, closure.reason)}")
    if closure.kind is Kind.LOST and closure.winner:
        lines += ["", f"## {t('winner.title')}", ""]
        lines += [
            f"- {t(f'winner.label_{part}')}: {_md(one_line(value))}"
            for part in closure.winner.PARTS
            if (value := getattr(closure.winner, part)).strip()
        ]
    lines += _steps(closure, playbook, t, when)
    if closure.calls:
        lines += ["", f"## {t('export.calls')}", ""]
        for call in closure.calls:
            minutes = call.elapsed(call.ended_at or call.started_at) / 60
            result = playbook.labels("call_results").get(call.result or "", t("export.in_progress"))
            lines.append(f"- #{call.number} {when(call.started_at)} · {t('export.minutes', n=f'{minutes:.0f}')} · {result}")
    if closure.notes:
        lines += ["", f"## {t('export.notes')}", ""]
        for note in closure.notes:
            label = playbook.labels("note_kinds").get(note.kind) or t(f"closure.note_kind_{note.kind}")
            body = _md(note.text).replace("\n", "\n  ")
            lines.append(f"- {when(note.at)} · {label}: {body}")
    if closure.actions:
        lines += ["", f"## {t('export.actions')}", ""]
        user = coach.settings.user_name
        for item in closure.actions:
            owner = _md(one_line(item.owner_or(user))) or t("lessons.nobody")
            due = t("export.due", when=item.due_date or when(item.due))
            lines.append(f"- [{'x' if item.done_at else ' '}] {_md(one_line(item.text))} · {owner} ({due})")
    lines += _checkins(closure, coach, t, when)
    return "\n".join(lines)


def _steps(closure: Closure, playbook, t, when) -> list[str]:
    kind = closure.kind.value
    lines = ["", f"## {t('export.steps')}", ""]
    for step in closure.step_names:
        record = closure.steps.get(step)
        if record and record.skipped:
            state = t("export.skipped")
        elif record and record.finished_at:
            state = t("export.done")
        else:
            state = t("export.current") if closure.step == step else t("export.to_do")
        finished = f" ({when(record.finished_at)})" if record and record.finished_at else ""
        lines.append(f"- {playbook.step_title(kind, step)}: {state}{finished}")
        checked = closure.checked(step)
        for item_id, label in playbook.checklist(kind, step).items():
            lines.append(f"  - [{'x' if item_id in checked else ' '}] {label}")
    return lines


def _checkins(closure: Closure, coach, t, when) -> list[str]:
    lines: list[str] = []
    if closure.checkins:
        lines += ["", f"## {t('export.checkins')}", ""]
        lines += [f"- {when(c.at)} {_md(one_line(c.note))}".rstrip() for c in closure.checkins]
    planner = coach.planner
    if planner.keeps_in_touch(closure):
        lines += ["", f"## {t('export.plan')}", ""]
        for planned in planner.checkin_plan(closure, 3):
            lines.append(f"- {when(planned.at)} · {t(f'keepintouch.labels.{planned.label}')}")
    return lines
