""" "How did the call end?": one dialog with one set of choices, in call mode and the closure view alike.

The call's results (a departure's conversation has no door to reopen: it was held, or not),
then an e-mail and a lunch, which the method answers with a warning while the list stays
open: neither is the call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from cierre.domain.model import CALL_RESULTS
from cierre.tui.widgets.call_choice import ChoiceScreen

if TYPE_CHECKING:
    from cierre.domain.playbook import Playbook
    from cierre.domain.texts import Translator

NOT_THE_CALL = ("email", "lunch")  # offered so that the warning is read where the choice is made


def call_results(kind: str) -> list[str]:
    return ["confirmed", "not_reached"] if kind == "departure" else list(CALL_RESULTS)


def result_label(t: Translator, playbook: Playbook, kind: str, result: str) -> str:
    if kind == "departure" and result == "confirmed":
        return t("call.departure_held")
    return playbook.labels("call_results").get(result, result)


def _warning(playbook: Playbook, kind: str, step: str, name: str) -> str:
    return playbook.get(f"kinds.{kind}.steps.{step}.{name}") or playbook.text(f"kinds.lost.steps.call.{name}")


def call_end_dialog(t: Translator, playbook: Playbook, kind: str, step: str) -> ChoiceScreen:
    """Dismisses with one of `call_results(kind)`, or None when left with Escape."""
    helps = playbook.labels("call_results_help")
    if kind == "departure":
        helps = {**helps, "confirmed": t("call.departure_held_help")}
    choices: list[tuple[str, Content | str]] = [
        (result, Content.assemble((result_label(t, playbook, kind, result), "bold"), "\n", (helps.get(result, ""), "dim")))
        for result in call_results(kind)
    ]
    choices += [(name, t(f"call.end_{name}")) for name in NOT_THE_CALL]
    warnings = {name: _warning(playbook, kind, step, f"{name}_warning") for name in NOT_THE_CALL}
    return ChoiceScreen(t("call.end_title"), choices, t=t, warnings=warnings)
