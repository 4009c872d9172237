"""Start a closure: who it is with, which kind, when the "no" arrived, what the account was worth.

The form can be filled from the rejection e-mail (.eml or one message of an
mbox); reading the file happens in a thread. Each field shows its own
validation message; Escape leaves without saving.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from cierre.tui.keys import key_for
from cierre.tui.safe import literal
from cierre.tui.screen_base import PROBLEMS, CierreScreen
from cierre.tui.widgets.countdown import local, parse_local
from cierre.tui.widgets.dialogs import ChoiceModal, PromptModal
from cierre.tui.widgets.footer import KeysFooter
from cierre.tui.widgets.form_field import FormField

TEXT_FIELDS = ("client", "contact", "phone", "email", "received", "value")


@dataclass
class FromEmail:
    """What the rejection e-mail adds beyond the fields: its subject and text, kept as the first note."""

    subject: str = ""
    body: str = ""


class KindChoice(RadioSet):
    """The kind, picked with the arrows; Enter or space takes the highlighted one and moves on, like the inputs."""

    # Priority, as the form's Enter is: an arrow left to this widget's queue was overtaken by the
    # Enter typed after it, which took the kind the arrow was leaving (Down Enter kept "lost").
    BINDINGS = [
        Binding("down,right", "next_button", "Next option", show=False, priority=True),
        Binding("up,left", "previous_button", "Previous option", show=False, priority=True),
    ]

    def action_toggle_button(self) -> None:
        super().action_toggle_button()
        self.screen.focus_next()


class NewClosureScreen(CierreScreen):
    AUTO_FOCUS = "#input-client"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Create", id="form.save", priority=True),
        Binding("ctrl+o", "from_email", "From e-mail…", id="form.from_email", priority=True),
        # Enter is taken before the focused field sees it, so focus moves at once and keys typed in a
        # burst (a fast typist, a paste) land in the next field, not the one just left.
        Binding("enter", "enter", "Next", id="form.next", priority=True, show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.email_source = FromEmail()
        self._defaults: dict[str, str] = {}
        self._saving = False  # a save waits for typed keys to land; a second Enter meanwhile is ignored

    def compose(self) -> ComposeResult:
        yield Static("", id="form-title")
        with VerticalScroll(id="form-body"):
            yield FormField("client", Input(id="input-client", compact=True, max_length=200), required=True)
            yield FormField("contact", Input(id="input-contact", compact=True, max_length=200))
            yield FormField("phone", Input(id="input-phone", compact=True, max_length=60))
            yield FormField("email", Input(id="input-email", compact=True, max_length=200))
            kinds = KindChoice(
                RadioButton("", value=True, id="kind-lost"), RadioButton("", id="kind-departure"), id="input-kind", compact=True
            )
            yield FormField("kind", kinds, required=True)
            yield FormField("received", Input(id="input-received", compact=True, max_length=40), required=True)
            yield FormField("value", Input(id="input-value", compact=True, max_length=20))
            with Horizontal(id="form-buttons"):
                yield Button("", id="button-save", variant="primary", compact=True)
                yield Button("", id="button-email", compact=True)
                yield Button("", id="button-cancel", compact=True)
            yield Static("", id="form-note")
        yield KeysFooter()

    def on_mount(self) -> None:
        now = local(self.app.clock(), self.app.settings.tz, self.t, weekday=False)
        self.query_one("#input-received", Input).value = now
        self._defaults = self.values()  # what the form opens with is no draft
        self.refresh_texts()
        self._restore_draft()

    def refresh_texts(self) -> None:
        t = self.t
        self.query_one("#form-title", Static).update(literal(t("form.title")))
        for field in self.query(FormField):
            field.set_label(t(f"form.{field.field_name}"))
        for name in ("client", "contact", "phone", "email", "received", "value"):
            self.query_one(f"#input-{name}", Input).placeholder = t(f"form.{name}_placeholder")
        self.query_one("#kind-lost", RadioButton).label = literal(t("form.kind_lost"))
        self.query_one("#kind-departure", RadioButton).label = literal(t("form.kind_departure"))
        self.query_one("#button-save", Button).label = literal(t("form.save"))
        self.query_one("#button-email", Button).label = literal(t("form.from_email"))
        self.query_one("#button-cancel", Button).label = literal(t("form.cancel"))
        self.query_one("#form-note", Static).update(literal(t("form.note")))

    # --- moving through the form -----------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With no field focused yet, Enter waits its turn behind the keys typed before it (on_key).
        if action == "enter" and self.focused is None:
            return False
        return super().check_action(action, parameters)

    def on_key(self, event: events.Key) -> None:
        """Keys typed while the form was still opening arrive here, with no field focused yet: they go
        to the field in their order (Enter moving on at once), so typing ahead right after `n` loses nothing."""
        bound = self.active_bindings.get(event.key)
        if event.key == "enter":
            event.stop()
            self.action_enter()
        elif bound is not None and not event.is_printable and not isinstance(bound.node, Input):
            return  # a key of the screen or the app (f1 help, f2 language): its binding runs
        elif event.key not in ("escape", "tab", "shift+tab"):  # text and editing keys (ctrl+u, backspace...)
            target = self.focused or self.query_one(self.AUTO_FOCUS, Input)
            if target is self.focused and not isinstance(target, Input):
                return
            event.stop()
            self.set_focus(target)
            target.post_message(events.Key(event.key, event.character))

    def action_enter(self) -> None:
        focused = self.focused
        if isinstance(focused, Button):
            focused.press()
        elif isinstance(focused, KindChoice):
            focused.action_toggle_button()
        elif isinstance(focused, Input) and focused.id == "input-value":
            self.action_save()
        else:
            self.focus_next()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; on the last one it creates the closure."""
        event.stop()
        if event.input.id == "input-value":
            self.action_save()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"button-save": self.action_save, "button-email": self.action_from_email, "button-cancel": self.action_cancel}
        actions[event.button.id or ""]()

    # --- leaving: what was typed is kept as a draft, back the next time the form opens ------------
    def action_cancel(self) -> None:
        self._after_typed(self._leave)

    def _leave(self) -> None:
        if not self.is_attached:
            return
        draft = {name: value for name, value in self.values().items() if value and value != self._defaults.get(name)}
        if self.query_one("#kind-departure", RadioButton).value:
            draft["kind"] = "departure"
        self.app.form_draft = draft or None  # type: ignore[attr-defined]  (tui/navigation.py)
        if draft:
            self.app.say(self.t("form.draft_kept", keys=self._open_key()))
        self.dismiss(None)

    def _open_key(self) -> str:
        try:
            dashboard = self.app.screen_stack[0]
        except IndexError:
            return "n"
        return key_for(dashboard, "new") or "n"

    def _restore_draft(self) -> None:
        draft = getattr(self.app, "form_draft", None)
        if not draft:
            return
        for name, value in draft.items():
            if name == "kind":
                self.query_one("#kind-departure", RadioButton).value = value == "departure"
            else:
                self.query_one(f"#input-{name}", Input).value = value
        self.app.say(self.t("form.draft_back"))

    def _after_typed(self, then) -> None:
        """Run `then` once every key typed before this one has reached its field (a burst, a paste)."""
        fields = list(self.query(Input))
        waiting = len(fields)

        def landed() -> None:
            nonlocal waiting
            waiting -= 1
            if waiting == 0:
                then()

        for field in fields:
            field.call_later(landed)

    # --- validation and saving ---------------------------------------------------------
    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#input-{name}", Input).value.strip() for name in TEXT_FIELDS}

    def validate(self) -> dict[str, Any] | None:
        """The new closure's arguments, or None after showing a message next to each wrong field."""
        t, raw = self.t, self.values()
        errors: dict[str, str] = {}
        args: dict[str, Any] = {"client": raw["client"], "contact": raw["contact"], "phone": raw["phone"], "email": raw["email"]}
        if not raw["client"]:
            errors["client"] = t("form.error_client")
        if raw["email"] and ("@" not in raw["email"] or " " in raw["email"]):
            errors["email"] = t("form.error_email")
        if raw["phone"] and not any(ch.isdigit() for ch in raw["phone"]):
            errors["phone"] = t("form.error_phone")
        try:
            received = parse_local(raw["received"], self.app.settings.tz) if raw["received"] else self.app.clock()
            if received > self.app.clock():
                errors["received"] = t("form.error_future")
            args["received_at"] = received
        except ValueError:
            errors["received"] = t("form.error_received")
        if raw["value"]:
            try:
                args["value"] = float(raw["value"].replace(",", "."))
                if args["value"] < 0:
                    raise ValueError
            except ValueError:
                errors["value"] = t("form.error_value")
        for field in self.query(FormField):
            field.set_error(errors.get(field.field_name))
        if errors:
            first = next(f for f in self.query(FormField) if f.field_name in errors)
            first.control.focus()
            return None
        args["kind"] = "departure" if self.query_one("#kind-departure", RadioButton).value else "lost"
        return args

    def action_save(self) -> None:
        """Validate and create, once every key typed before this one has reached its field.

        Enter and ctrl+s act at once (priority bindings), while text typed just before them may still
        wait in a field's queue (a burst, a paste, a slow first start): reading the fields now would
        miss it. A callback queued behind each field's keys runs the save when the last one is done.
        """
        if self._saving:
            return
        self._saving = True
        self._after_typed(self._save_now)

    def _save_now(self) -> None:
        self._saving = False
        if not self.is_attached:
            return
        args = self.validate()
        if args is None:
            return
        try:
            closure = self.coach.new_closure(
                args.pop("kind"), args.pop("client"), subject=self.email_source.subject, first_note=self.email_source.body, **args
            )
        except PROBLEMS as error:
            self.app.say(str(error), error=True)
            return
        self.app.changed()
        self.app.form_draft = None  # type: ignore[attr-defined]
        self.dismiss(closure.id)

    # --- from the rejection e-mail -------------------------------------------------------
    def action_from_email(self) -> None:
        def check(text: str) -> str | None:
            path = Path(text.strip()).expanduser()
            return None if path.is_file() or _is_maildir(path) else self.t("form.email_no_file")

        def chosen(path: str | None) -> None:
            if path and path.strip():
                self.read_email(str(Path(path.strip()).expanduser()), None)

        self.app.push_screen(PromptModal(self.t("form.email_path_q"), hint=self.t("form.email_path_hint"), check=check), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="form-email")
    def read_email(self, path: str, index: int | None) -> None:
        try:
            from cierre.integrations.mail import importer
        except ImportError:
            self.app.call_from_thread(self.app.say, self.t("form.email_unavailable"), error=True)
            return
        try:
            if index is None and (_looks_like_mbox(path) or _is_maildir(Path(path))):
                entries = importer.list_mbox(path)
                if len(entries) > 1:
                    self.app.call_from_thread(self.pick_message, path, entries)
                    return
                index = 0
            from cierre.integrations.mail.account import own_addresses

            mine = own_addresses(self.app.settings)  # tells a client's reply from the user's forward
            message = importer.import_mbox(path, index, mine=mine) if index is not None else importer.import_eml(path, mine=mine)
        except importer.MailImportError as error:
            self.app.call_from_thread(self.app.say, str(error), error=True)
            return
        self.app.call_from_thread(self.prefill, message)

    def pick_message(self, path: str, entries: list[Any]) -> None:
        options = [(str(entry.index), f"{entry.sender} — {entry.subject}") for entry in entries]

        def picked(choice: str | None) -> None:
            if choice is not None:
                self.read_email(path, int(choice))

        self.app.push_screen(ChoiceModal(self.t("form.email_pick_q"), options), picked)

    def prefill(self, message: Any) -> None:
        fields = {"client": message.client, "contact": message.contact, "email": message.email}
        for name, value in fields.items():
            if value:
                self.query_one(f"#input-{name}", Input).value = value
        received = local(message.received_at, self.app.settings.tz, self.t, weekday=False)
        self.query_one("#input-received", Input).value = received
        self.query_one("#kind-lost", RadioButton).value = True
        self.email_source = FromEmail(message.subject or "", message.body or "")
        self.app.say(self.t("form.email_read", subject=message.subject or "—"))


def _is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def _looks_like_mbox(path: str) -> bool:
    if path.lower().endswith((".mbox", ".mbx")):
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False
