"""Small modal dialogs: a one-line prompt, a choice list, a yes/no question, a message.

Each returns its answer through `dismiss` (None when cancelled with Escape), so
screens push them with a callback and never block.
"""

from __future__ import annotations

from typing import Sequence, TypeVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.style import Style
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from cierre.domain.texts import catalog
from cierre.tui.keys import app_language
from cierre.tui.safe import literal

T = TypeVar("T")

# Every dialog's frame and parts, so that they all look alike (the call's lists included).
DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 80%; max-width: 76; height: auto; max-height: 90%;
    border: round $primary; background: $surface; padding: 0 1;
}}
{name} .dialog-title {{ text-style: bold; color: $accent; width: 1fr; }}
{name} .dialog-text {{ margin: 1 0; width: 1fr; }}
{name} .dialog-hint {{ color: $text-muted; width: 1fr; }}
{name} .dialog-error {{ color: $error; width: 1fr; }}
{name} OptionList {{ height: auto; max-height: 16; margin-top: 1; border: none; padding: 0; }}
{name} OptionList:focus {{ border: none; }}
"""


class Dialog(ModalScreen[T]):
    """A modal dialog; its key texts follow the app's language (see tui/keys.py).

    A click on the dimmed screen around it answers as Escape does, when that loses nothing
    (`OUTSIDE_CLICK_CLOSES`): never for a line the user may have typed into."""

    OUTSIDE_CLICK_CLOSES = True

    def on_click(self, event: events.Click) -> None:
        if event.widget is self and self.OUTSIDE_CLICK_CLOSES:
            self.dismiss(self.outside_answer())

    def outside_answer(self) -> T | None:
        return None


class PromptModal(Dialog[str | None]):
    """One line of text. Enter saves, Escape cancels; `check` may refuse a value with a message."""

    OUTSIDE_CLICK_CLOSES = False  # what was typed would be lost
    DEFAULT_CSS = DIALOG_CSS.format(name="PromptModal")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="app.cancel")]

    def __init__(self, title: str, *, value: str = "", placeholder: str = "", hint: str = "", check=None) -> None:
        super().__init__()
        self.title_text, self.value, self.placeholder, self.hint = title, value, placeholder, hint
        self.check = check

    def draft_key(self) -> tuple[str, str]:
        """Which line a set-aside text belongs to: this title over this closure (or screen)."""
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        return self.title_text, str(getattr(below, "closure_id", type(below).__name__))

    def drafts(self) -> dict:
        # Kept by the app, so that Escape never throws away what was typed: the next dialog for the
        # same line offers it back.
        return getattr(self.app, "drafts", {})

    def compose(self) -> ComposeResult:
        value = self.drafts().pop(self.draft_key(), "") or self.value
        with Vertical():
            yield Label(literal(self.title_text), classes="dialog-title")
            yield Input(value=value, placeholder=self.placeholder, id="prompt-input")
            yield Label("", classes="dialog-error", id="prompt-error")
            if self.hint:
                yield Label(literal(self.hint), classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.check(event.value) if self.check else None
        if problem:
            self.query_one("#prompt-error", Label).update(literal(problem))
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        typed = self.query_one("#prompt-input", Input).value
        if typed.strip() and typed != self.value:
            self.drafts()[self.draft_key()] = typed
        self.dismiss(None)


class ChoiceModal(Dialog[str | None]):
    """Pick one of a few options with arrows and Enter, or its number; `details` shows a text per option."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ChoiceModal")
        + """
    ChoiceModal #choice-detail { color: $text-muted; margin-top: 1; height: auto; }
    """
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="app.cancel"),
        # Priority: the pick runs before the next key is read, so a key typed right after the number
        # reaches the screen below instead of this list, which is closing.
        *[Binding(str(n), f"pick({n})", show=False, priority=True) for n in range(1, 10)],
    ]

    def __init__(
        self,
        title: str,
        options: Sequence[tuple[str, str]],
        *,
        details: dict[str, str] | None = None,
        selected: str | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self.details = details or {}
        self.selected = selected

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(literal(self.title_text), classes="dialog-title")
            yield OptionList(
                *[
                    Option(literal(f"{n}  {label}" if n < 10 else label), id=key)
                    for n, (key, label) in enumerate(self.options, start=1)
                ],
                id="choice-list",
            )
            yield Static("", id="choice-detail")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [key for key, _ in self.options]
        if self.selected in ids:
            options.highlighted = ids.index(self.selected)
        elif ids:
            options.highlighted = 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        detail = self.details.get(event.option.id or "", "")
        self.query_one("#choice-detail", Static).update(literal(detail))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":  # a number past the list is no pick; once picked, the list is closing
            return self.is_current and int(parameters[0]) <= len(self.options)  # type: ignore[call-overload]
        return True

    def action_pick(self, number: int) -> None:
        self.dismiss(self.options[number - 1][0])

    def action_cancel(self) -> None:
        self.dismiss(None)


class QuitDuringCall(ChoiceModal):
    """Pause the call and quit, end it first, or stay: the app's question when quit during a call."""


class ConfirmModal(Dialog[bool]):
    """A yes/no question: y or Enter for yes, n or Escape for no."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmModal")
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="app.yes"),
        Binding("n,escape", "answer(False)", "No", id="app.no"),
    ]

    def __init__(self, title: str, text: str = "", *, yes: str = "", no: str = "") -> None:
        super().__init__()
        self.title_text, self.text, self.yes, self.no = title, text, yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(literal(self.title_text), classes="dialog-title")
            if self.text:
                yield Static(literal(self.text), classes="dialog-text")
            hint = catalog(app_language(self.app) or "en").get("lists.confirm_hint", "y / Enter: {yes}    n / Esc: {no}")
            yes_part, no_part = hint.format(yes=self.yes, no=self.no).split("    ", 1)
            yes = Content(yes_part).stylize(Style.from_meta({"answer": True}))
            no = Content(no_part).stylize(Style.from_meta({"answer": False}))
            yield Label(Content.assemble(yes, "    ", no), classes="dialog-hint", id="confirm-answers")

    def on_click(self, event: events.Click) -> None:
        answer = event.style.meta.get("answer")
        if isinstance(answer, bool):  # a click on one of the two answers
            event.stop()
            self.dismiss(answer)
            return
        super().on_click(event)

    def outside_answer(self) -> bool:
        return False

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class MessageModal(Dialog[None]):
    """A text to read, closed with Enter or Escape."""

    DEFAULT_CSS = DIALOG_CSS.format(name="MessageModal")
    BINDINGS = [Binding("escape,enter,space", "close", "Close", id="app.close")]

    def __init__(self, title: str, text: str, hint: str = "") -> None:
        super().__init__()
        self.title_text, self.text, self.hint = title, text, hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(literal(self.title_text), classes="dialog-title")
            yield Static(literal(self.text), classes="dialog-text")
            if self.hint:
                yield Label(literal(self.hint), classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
