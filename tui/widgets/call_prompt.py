"""The one-line prompt behind every capture key: Enter saves, Escape cancels.

Saving happens inside the Input's own handling of Enter, in order with the
characters before it, so a capture is on disk before anything typed after it is
handled. Focus moves at once (not on the next loop turn): in a burst of keys, the
ones after the capture key land in the line, not on the screen's single keys.
An optional list of categories sits beside the line, one under another; Up and
Down move the pick while the cursor stays in the text (Left and Right stay the text's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.style import Style
from textual.widgets import Input, Static
from textual.widgets.input import Selection

from cierre.tui.safe import literal

CHOICES_SHOWN = 5  # rows of choices at most: the call's checklist and notes stay in view

# Returns None when saved (the prompt closes) or a one-line problem to show (it stays open).
Submit = Callable[[str, "str | None"], "str | None"]


@dataclass
class PromptRequest:
    purpose: str
    label: str
    on_submit: Submit
    value: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    choice: str | None = None
    on_cancel: Callable[[], None] | None = None
    placeholder: str = ""
    select_value: bool = True  # typing replaces a proposed value; an edited note keeps its text


class PromptInput(Input):
    can_focus = False  # only while the prompt is open: a closed prompt never takes the keys
    # Enter, Escape, Up and Down are handled in `on_key` rather than bound: in order with the text.
    # `on_key` runs before Input's own key handling; `prevent_default` keeps a key from reaching it.

    async def on_key(self, event: events.Key) -> None:
        prompt = self._prompt
        if prompt.request is None:
            # Keys typed in a burst reached the line before it closed. Handle each one here, in
            # order, as the app would have: a single key that opens the next line makes the keys
            # after it land there.
            event.stop()
            event.prevent_default()
            await self._run_binding(event.key)
            return
        handlers = {
            "enter": prompt.submit,
            "escape": prompt.cancel,
            "up": lambda: prompt.choose(-1),
            "down": lambda: prompt.choose(1),
        }
        if event.key in handlers:  # here rather than as bindings: in order with the typed text
            event.stop()
            event.prevent_default()
            handlers[event.key]()
        # Any other key goes on to Input's own handling: text into the line, arrows and the rest.

    async def _run_binding(self, key: str) -> None:
        """Run what `key` is bound to now, as the app does for a key: priority bindings first, the app's
        before the screen's, then the rest. The keys in force come from `active_bindings` (keymap applied,
        `check_action` asked); nothing is focused once the line has closed."""
        app = self.app
        here = self.screen.active_bindings.get(key)  # this screen and the app
        top = here if app.screen is self.screen else app.screen.active_bindings.get(key)  # a list opened above
        candidates = []
        if here is not None and here.node is app and here.binding.priority:
            candidates.append(here)  # e.g. ctrl+q, even while a list is open above
        if top is not None and top not in candidates:
            candidates.append(top)
        for active in candidates:
            if await app.run_action(active.binding.action, active.node):
                return

    async def action_submit(self) -> None:
        self._prompt.submit()

    @property
    def _prompt(self) -> CapturePrompt:
        return self.query_ancestor(CapturePrompt)


class CapturePrompt(Vertical):
    DEFAULT_CSS = """
    CapturePrompt { height: auto; display: none; background: $boost; border-top: solid $accent; padding: 0 1; }
    CapturePrompt.-open { display: block; }
    CapturePrompt #prompt-label { text-style: bold; color: $accent; }
    CapturePrompt #prompt-body { height: auto; }
    CapturePrompt #prompt-main { height: auto; width: 1fr; }
    CapturePrompt #prompt-choices {
        height: auto; width: auto; max-width: 40%; margin-left: 2; padding-left: 1;
        border-left: solid $accent 50%; color: $text-muted;
    }
    CapturePrompt #prompt-line { height: 1; }
    CapturePrompt #prompt-mark { width: 2; color: $accent; text-style: bold; }
    CapturePrompt PromptInput { border: none; height: 1; width: 1fr; padding: 0; background: $surface; }
    CapturePrompt PromptInput:focus { border: none; }
    CapturePrompt #prompt-hint { color: $text-muted; }
    CapturePrompt #prompt-hint.-error { color: $error; text-style: bold; }
    """

    def __init__(self, hint: str, draft_hint: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._hint = hint
        self._draft_hint = draft_hint or hint
        self.request: PromptRequest | None = None
        self._picked: int | None = None
        # Text typed and then cancelled, by purpose: the next prompt for the same thing offers it
        # back, so that Escape never throws away what was typed.
        self.drafts: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        # The categories in a column beside the line: as tall as the line and its hint, so the
        # call's notes stay in view above.
        with Horizontal(id="prompt-body"):
            with Vertical(id="prompt-main"):
                yield Static(id="prompt-label")
                with Horizontal(id="prompt-line"):
                    yield Static("›", id="prompt-mark")
                    yield PromptInput(id="prompt-input", select_on_focus=False)
                yield Static(Content(self._hint), id="prompt-hint")
            yield Static(id="prompt-choices")

    @property
    def is_open(self) -> bool:
        return self.request is not None

    @property
    def input(self) -> PromptInput:
        return self.query_one(PromptInput)

    def open(self, request: PromptRequest, hint: str | None = None) -> None:
        self.request = request
        self.query_one("#prompt-label", Static).update(literal(request.label))
        ids = [choice_id for choice_id, _ in request.choices]
        self._picked = ids.index(request.choice) if request.choice in ids else None
        self.query_one("#prompt-choices").display = bool(request.choices)
        self._show_choices()
        draft = self.drafts.pop(request.purpose, "")
        self._show_hint(hint or (self._draft_hint if draft else self._hint))
        field_ = self.input
        field_.placeholder = request.placeholder
        value = draft or request.value
        field_.value = value
        # A proposed value is selected: typing replaces it, an arrow key keeps it for editing; a
        # draft given back is the user's own text: the cursor goes to its end.
        selected = request.select_value and not draft
        field_.selection = Selection(0, len(value)) if selected else Selection.cursor(len(value))
        self.add_class("-open")
        self.screen.add_class("-prompt-open")  # the screen may give the line room (app.tcss)
        field_.can_focus = True
        self.screen.set_focus(field_)

    def _show_hint(self, text: str, error: bool = False) -> None:
        hint = self.query_one("#prompt-hint", Static)
        hint.update(literal(text))
        hint.set_class(error, "-error")

    def _show_choices(self) -> None:
        """The choices one under another, as ↑/↓ move through them; a long list shows a window around the pick."""
        if self.request is None or not self.request.choices:
            return
        choices = self.request.choices
        picked = self._picked
        top = 0
        if len(choices) > CHOICES_SHOWN and picked is not None:
            top = min(max(0, picked - CHOICES_SHOWN // 2), len(choices) - CHOICES_SHOWN)
        shown = range(top, min(len(choices), top + CHOICES_SHOWN))
        lines: list[Content] = []
        for index in shown:
            label = literal(choices[index][1], single_line=True)
            clicked = Style.from_meta({"prompt_choice": index})  # a click on the line picks it
            if index == picked:
                lines.append(Content.assemble(("▸ ", "bold $accent"), label.stylize("bold reverse $accent")).stylize(clicked))
                continue
            mark = "  "
            if index == shown[0] and top > 0:
                mark = "↑ "  # more above the window
            elif index == shown[-1] and index < len(choices) - 1:
                mark = "↓ "  # more below it
            lines.append(Content.assemble((mark, "dim"), label).stylize(clicked))
        self.query_one("#prompt-choices", Static).update(Content("\n").join(lines))

    def on_click(self, event: events.Click) -> None:
        """A click on a category picks it; the cursor stays in the text."""
        index = event.style.meta.get("prompt_choice")
        if self.request is not None and isinstance(index, int) and 0 <= index < len(self.request.choices):
            event.stop()
            self._picked = index
            self._show_choices()
            self.screen.set_focus(self.input)

    def choose(self, step: int) -> None:
        if self.request is None or not self.request.choices:
            return
        count = len(self.request.choices)
        current = self._picked
        self._picked = (0 if step > 0 else count - 1) if current is None else (current + step) % count
        self._show_choices()

    @property
    def choice(self) -> str | None:
        if self.request is None or self._picked is None or not self.request.choices:
            return None
        return self.request.choices[self._picked][0]

    def submit(self) -> None:
        request = self.request
        if request is None:
            return
        problem = request.on_submit(self.input.value, self.choice)
        if problem:
            self._show_hint(problem, error=True)
            return
        if self.request is request:  # the callback may have opened the next prompt
            self.close()

    def cancel(self) -> None:
        request = self.request
        typed = self.input.value
        if request is not None and typed.strip() and typed != request.value:
            self.drafts[request.purpose] = typed
        self.close()
        if request and request.on_cancel:
            request.on_cancel()

    def close(self) -> None:
        self.request = None
        self.input.value = ""
        self.input.can_focus = False
        self.remove_class("-open")
        self.screen.remove_class("-prompt-open")
        self.screen.set_focus(None)  # back to single keys: no text box has focus
