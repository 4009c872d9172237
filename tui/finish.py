"""Finishing a step says what will happen and asks first, on every screen that offers it.

Unticked checklist items and calendar events still ahead that finishing would cancel (a debrief
meeting just scheduled) are named; with neither, the step is finished at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from cierre.domain.timeutil import from_iso
from cierre.tui.widgets.call_keys import local_text
from cierre.tui.widgets.dialogs import ConfirmModal

if TYPE_CHECKING:
    from cierre.domain.model import Closure
    from cierre.tui.screen_base import CierreScreen


def finish_consequences(screen: CierreScreen, closure: Closure, *, skip: bool = False) -> list[str]:
    """One line per thing the user may not expect from finishing (or skipping) the current step."""
    t, tz = screen.t, screen.coach.settings.tz
    lines: list[str] = []
    items = screen.playbook.checklist(closure.kind.value, closure.step)
    missing = sum(1 for item in items if item not in closure.checked(closure.step))
    if missing and not skip:
        lines.append(t("closure.finish_unticked", missing=missing, total=len(items)))
    try:
        ahead = screen.coach.cancelled_by_finishing(closure.id)
    except Exception:  # a closure that cannot be read now: the change itself will say why
        ahead = []
    for event in ahead:
        start = from_iso(event["start"])
        when = local_text(start, tz) if start else "?"
        lines.append(t("closure.finish_cancels", title=event.get("summary", ""), when=when))
    return lines


def ask_to_finish(screen: CierreScreen, closure: Closure, go: Callable[[], None], *, skip: bool = False) -> None:
    """Run `go` once the user agreed to what finishing the step does; at once when it holds no surprise."""
    lines = finish_consequences(screen, closure, skip=skip)
    title = screen.playbook.step_title(closure.kind.value, closure.step)
    if not lines and not skip:
        go()
        return
    t = screen.t
    question = t("closure.skip_q", step=title) if skip else t("closure.finish_q", step=title)
    yes = t("closure.finish_yes_skip") if skip else t("closure.finish_yes")
    dialog = ConfirmModal(question, "\n".join(lines), yes=yes, no=t("closure.finish_no"))
    screen.app.push_screen(dialog, lambda agreed: go() if agreed else None)
