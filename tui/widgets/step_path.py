"""The closure's steps as a guided path: done ✓, current ▶, upcoming ○, skipped ↷."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from cierre.domain.model import FINISHED, Closure, Status
from cierre.tui.widgets.shown import show
from cierre.tui.widgets.view_context import ViewContext

MARKS = {"done": "✓", "current": "▶", "upcoming": "○", "skipped": "↷"}
STYLES = {"done": "$success", "current": "bold $accent", "upcoming": "$text-muted", "skipped": "$text-muted italic"}


def step_states(closure: Closure) -> list[tuple[str, str]]:
    """(step, state) for every step of the closure's kind, in order."""
    if closure.status is Status.OPPORTUNITY:  # the new round: every step still ahead
        return [(step, "upcoming") for step in closure.step_names]
    states = []
    reached_current = closure.finished
    for step in closure.step_names:
        record = closure.steps.get(step)
        if step == closure.step:
            states.append((step, "current"))
            reached_current = True
        elif record is not None and record.finished_at is not None:
            states.append((step, "skipped" if record.skipped else "done"))
        elif reached_current or closure.step == FINISHED:
            states.append((step, "upcoming" if not closure.finished else "skipped"))
        else:
            states.append((step, "skipped"))
    return states


class StepPath(Static):
    DEFAULT_CSS = """
    StepPath { height: auto; padding: 0 1; background: $panel; }
    """

    def show(self, closure: Closure, ctx: ViewContext) -> None:
        parts: list[Content | tuple[str, str] | str] = []
        for number, (step, state) in enumerate(step_states(closure), start=1):
            if parts:
                parts.append(("  ›  ", "$text-muted"))
            title = ctx.playbook.step_title(closure.kind.value, step)
            label = f"{MARKS[state]} {number}. {title}"
            if state == "skipped":
                label += f" ({ctx.t('closure.skipped')})"
            parts.append((label, STYLES[state]))
        if closure.status is Status.OPPORTUNITY:
            parts.append(("  ·  ", "$text-muted"))
            parts.append((ctx.t("keepintouch.status_opportunity"), "bold $accent"))
        elif closure.finished:
            status = closure.status.value if closure.status is not Status.OPEN else "done"
            parts.append(("  ·  ", "$text-muted"))
            parts.append((ctx.t(f"closure.status_{status}"), "bold $success"))
        show(self, Content.assemble(*parts))
