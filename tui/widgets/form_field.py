"""One row of a form: a label, its input, and the validation message right under it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from cierre.tui.safe import literal


class FormField(Vertical):
    DEFAULT_CSS = """
    FormField { height: auto; }
    FormField > Horizontal { height: auto; }
    FormField .field-label { width: 24; padding: 0 1; color: $text-muted; }
    FormField .field-label.-required { color: $text; }
    FormField .field-error { color: $error; padding: 0 1 0 25; height: auto; display: none; }
    FormField.-invalid .field-error { display: block; }
    FormField.-invalid .field-label { color: $error; }
    FormField .field-body { width: 1fr; height: auto; }
    """

    def __init__(self, name: str, control: Widget, *, required: bool = False) -> None:
        super().__init__(id=f"field-{name}")
        self.field_name = name
        self.control = control
        self.required = required

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label("", classes="field-label" + (" -required" if self.required else ""))
            with Vertical(classes="field-body"):
                yield self.control
        yield Static("", classes="field-error")

    def set_label(self, text: str) -> None:
        self.query_one(".field-label", Label).update(literal(text + (" *" if self.required else "")))

    def set_error(self, message: str | None) -> None:
        self.query_one(".field-error", Static).update(literal(message or ""))
        self.set_class(bool(message), "-invalid")
