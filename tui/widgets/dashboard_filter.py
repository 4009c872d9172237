"""The dashboard's one-line filter: `/` opens it, each key narrows the rows, Escape clears it.

The words typed become index terms (`cierre.storage.index.Term`): a row stays when every word is
in its client or contact, or in what its step column shows. The labels are this language's, so
"llamada" finds the closures at the call step in Spanish and "call" in English.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from cierre.domain.model import STEPS, Kind, Status
from cierre.domain.playbook import Playbook
from cierre.domain.text import folded
from cierre.domain.texts import Translator
from cierre.storage.index import Term
from cierre.tui.safe import literal

# Statuses the step column names for a closure that is no longer open (see DashboardScreen.describe).
SHOWN_STATUSES = tuple(status.value for status in Status if status is not Status.OPEN)


def filter_terms(text: str, playbook: Playbook, t: Translator) -> tuple[Term, ...]:
    """One term per word of `text`; no words, no terms (every row)."""
    labels: list[tuple[str, tuple[str, str] | str]] = []
    for kind, steps in STEPS.items():
        labels += [(playbook.step_title(kind.value, step), (kind.value, step)) for step in steps]
    # A departure whose last step is done still shows its relationship step while check-ins go on.
    labels.append((playbook.step_title(Kind.DEPARTURE.value, "relationship"), (Kind.DEPARTURE.value, "done")))
    labels += [(t(f"dashboard.status_{status}"), status) for status in SHOWN_STATUSES]
    archived, calling = folded(t("dashboard.status_archived")), folded(t("dashboard.on_call"))
    folded_labels = [(folded(label), what) for label, what in labels]
    terms = []
    for word in folded(text).split():
        steps = tuple(what for label, what in folded_labels if word in label and isinstance(what, tuple))
        statuses = tuple(what for label, what in folded_labels if word in label and isinstance(what, str))
        terms.append(Term(word, steps, statuses, archived=word in archived, calling=word in calling))
    return tuple(terms)


class FilterInput(Input):
    """The filter's text box; its keys are the dashboard's (Escape clears, arrows move the rows)."""


class FilterBar(Horizontal):
    """Hidden until opened; `Changed` carries the text after every key."""

    DEFAULT_CSS = """
    FilterBar { height: 1; display: none; background: $panel; }
    FilterBar.-open { display: block; }
    FilterBar > Label { width: auto; padding: 0 1; color: $text-muted; text-style: bold; }
    FilterBar > FilterInput { width: 1fr; height: 1; border: none; padding: 0; background: $panel; }
    FilterBar > FilterInput:focus { background: $boost; }
    """

    class Changed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._label = label

    def compose(self) -> ComposeResult:
        yield Label(literal(self._label, single_line=True), id="filter-label")
        # The text box comes with the first `/`: most launches never filter, and it would be
        # built and styled before the first paint for nothing.

    @property
    def input(self) -> FilterInput:
        found = self.query(FilterInput)
        if found:
            return found.first()
        box = FilterInput(compact=True, select_on_focus=False, id="filter-input")
        self.mount(box)
        return box

    @property
    def text(self) -> str:
        return self.input.value if self.is_open else ""

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def relabel(self, label: str) -> None:
        self.query_one("#filter-label", Label).update(literal(label, single_line=True))

    def open(self) -> None:
        """Shown and focused at once, so the keys typed right after `/` land in the box."""
        self.add_class("-open")
        self.screen.set_focus(self.input)

    def close(self) -> None:
        self.remove_class("-open")
        self.input.value = ""

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter is the dashboard's: it goes back to the rows, the filter kept
