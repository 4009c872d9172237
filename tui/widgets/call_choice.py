"""A short list to pick from by number (or arrows and Enter); Escape cancels.

Used for the call's outcome, the confirm outcome and the like. A choice can
carry a warning instead of a result: picking it shows the warning and keeps the
list open (an e-mail or a lunch is not the call).
"""

from __future__ import annotations

from typing import Callable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cierre.tui.safe import literal
from cierre.tui.widgets.dialogs import DIALOG_CSS, Dialog


class WarningArea(Static):
    """Where a choice's warning shows: as tall as the longest of them from the start, so the list
    keeps its height and place when one appears (or another, of another length, replaces it)."""

    def __init__(self, warnings: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self._all = [literal(text) for text in warnings]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max((text.get_height(self.styles, width) for text in self._all), default=0)


class ChoiceScreen(Dialog["str | None"]):
    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ChoiceScreen")
        + """
    ChoiceScreen > Vertical { width: 72; max-width: 95%; }
    ChoiceScreen #choice-note { color: $text-muted; margin-top: 1; }
    ChoiceScreen #choice-warning { color: $warning; text-style: bold; margin-top: 1; }
    ChoiceScreen #choice-hint { color: $text-muted; margin-top: 1; }
    """
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="call.choice_cancel", tooltip="Close without choosing"),
        *[
            # Priority: picked in the order typed, so keys after the pick already reach the screen below.
            Binding(str(n), f"pick({n})", str(n), id=f"call.choice_{n}", tooltip=f"Pick {n}", show=False, priority=True)
            for n in range(1, 10)
        ],
    ]

    def __init__(
        self,
        title: str,
        choices: list[tuple[str, Content | str]],
        *,
        t: Callable[..., str],
        note: str = "",
        warnings: dict[str, str] | None = None,
        selected: str | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._choices = choices
        self._t = t
        self._note = note
        self._warnings = warnings or {}
        self._selected = selected
        self._chosen = False

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box"):
            yield Static(literal(self._title), id="choice-title", classes="dialog-title")
            if self._note:
                yield Static(literal(self._note), id="choice-note")
            options = []
            for number, (choice_id, label) in enumerate(self._choices, 1):
                text = label if isinstance(label, Content) else literal(label)
                prefix = f"{number}  " if number <= 9 else "   "
                options.append(Option(Content.assemble((prefix, "bold"), text), id=choice_id))
            yield OptionList(*options, id="choice-list")
            if self._warnings:
                yield WarningArea(list(self._warnings.values()), id="choice-warning")
            yield Static(Content(self._t("call.choice_hint")), id="choice-hint")

    def on_mount(self) -> None:
        ids = [choice_id for choice_id, _ in self._choices]
        option_list = self.query_one(OptionList)
        if self._selected in ids:
            option_list.highlighted = ids.index(self._selected)
        option_list.focus()

    def action_cancel(self) -> None:
        self._close(None)

    def on_click(self, event: events.Click) -> None:
        if event.widget is self:  # the dimmed screen around the list: as Escape
            self._close(None)

    def _close(self, result: str | None) -> None:
        # Once only, and only from the top: a second key must never pop the screen underneath.
        if self._chosen or not self.is_current:
            return
        self._chosen = True
        self.dismiss(result)

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self._choices):
            self._choose(self._choices[number - 1][0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._choose(event.option.id)

    def _choose(self, choice_id: str) -> None:
        warning = self._warnings.get(choice_id)
        if warning:
            self.query_one(WarningArea).update(literal(warning))
            return
        self._close(choice_id)
