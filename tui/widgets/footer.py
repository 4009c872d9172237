"""The footer with the screen's keys, drawn as one line by one widget.

Textual's Footer makes a widget per key and styles each one, and rebuilds them all
on every bindings refresh (each focus change, each dialog opened or closed): on the
dashboard that was a tenth of the launch, and on the closure view most of the cost
of a key press. This footer lays out the same keys, groups and command-palette key
as text, redrawn only when what it shows changes. A click on a key presses it; the
mouse over a key shows its tooltip.

A line too short for every key shows whole keys only, in the order the screen declares
them (its most important first), and the palette's key at the right end; the help
lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget

from cierre.tui.keys import app_language, declared_bindings, group_text, key_texts

if TYPE_CHECKING:
    from textual.binding import ActiveBinding, Binding
    from textual.screen import Screen

SEPARATOR = "▏"  # before the command palette's key, at the right end


@dataclass(frozen=True)
class Item:
    key: str  # what a click presses
    display: str
    description: str
    tooltip: str
    enabled: bool


@dataclass(frozen=True)
class Group:
    """Several keys under one description ("1234 Checklist"), or one key with its own."""

    items: tuple[Item, ...]
    description: str = ""
    tight: bool = True  # the group's keys side by side ("1234"), else a space apart


def in_declared_order(entries: list[tuple[Binding, bool, Any]]) -> list[tuple[Binding, bool, Any]]:
    """Each node's keys in the order its class declares them: a key the user remapped keeps its place
    (Textual lists a remapped binding after the others). Entries without an id keep their slots."""
    result = list(entries)
    for node in {id(node): node for _b, _e, node in entries}.values():
        order = {b.id: n for n, b in enumerate(declared_bindings(type(node))) if b.id}
        slots = [n for n, (b, _e, owner) in enumerate(result) if owner is node and b.id in order]
        ranked = sorted((result[n] for n in slots), key=lambda entry: order[entry[0].id])
        for slot, entry in zip(slots, ranked):
            result[slot] = entry
    return result


def _width(pieces: list[tuple[str, str, Item | None]]) -> int:
    return sum(cell_len(text) for text, _component, _item in pieces)


def _item(binding: Binding, enabled: bool, display: str, described: bool, lang: str | None) -> Item:
    description, tooltip = key_texts(binding, lang)
    return Item(binding.key, display, description if described else "", tooltip or description, enabled)


class KeysFooter(Widget, can_focus=False):
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom; height: 1;
        color: $footer-foreground; background: $footer-background;
    }
    KeysFooter > .keys-footer--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
    KeysFooter > .keys-footer--description { color: $footer-description-foreground; background: $footer-description-background; }
    KeysFooter > .keys-footer--hover { background: $block-hover-background; }
    KeysFooter > .keys-footer--separator { color: $foreground 20%; }
    """
    COMPONENT_CLASSES = {"keys-footer--key", "keys-footer--description", "keys-footer--hover", "keys-footer--separator"}

    compact: reactive[bool] = reactive(False)
    _hover: reactive[Item | None] = reactive(None)

    def __init__(self, *, compact: bool | None = None, id: str | None = None) -> None:
        """`compact`: keys closer together; by default below 100 columns, where Spanish labels would not fit."""
        super().__init__(id=id)
        self._auto_compact = compact is None
        self.set_reactive(KeysFooter.compact, bool(compact))
        self._groups: tuple[Group, ...] = ()
        self._palette: Item | None = None
        self._signature: Any = None
        self._spans: list[tuple[int, int, Item]] = []  # cells each key takes on the line, for the mouse

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def bindings_changed(self, screen: Screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        active = screen.active_bindings  # computed anew on each access: asks every check_action
        lang = app_language(self.app)  # the texts are the catalog's in this language (tui/keys.py)
        signature = (
            lang,
            *(
                (key, a.binding.description, a.binding.action, a.enabled, a.tooltip, a.binding.show, a.binding.group)
                for key, a in active.items()
            ),
        )
        if signature == self._signature:
            return
        self._signature = signature
        self._groups, self._palette = self._layout(active, lang)
        self.refresh()

    def _layout(self, bindings: dict[str, ActiveBinding], lang: str | None) -> tuple[tuple[Group, ...], Item | None]:
        """What Textual's Footer shows: one entry per action (its first key), keys of a group together."""
        app = self.app
        by_action: dict[str, tuple[Binding, bool, Any]] = {}
        for active in bindings.values():
            if active.binding.show:
                by_action.setdefault(active.binding.action, (active.binding, active.enabled, active.node))
        shown = [(binding, enabled) for binding, enabled, _node in in_declared_order(list(by_action.values()))]
        groups: list[Group] = []
        for group, entries in groupby(shown, lambda entry: entry[0].group):
            entries = list(entries)
            if group is not None and len(entries) > 1:
                items = tuple(_item(b, on, app.get_key_display(b), False, lang) for b, on in entries)
                groups.append(Group(items, group_text(group, lang), group.compact))
            else:
                groups.extend(Group((_item(b, on, app.get_key_display(b), True, lang),)) for b, on in entries)
        palette = None
        if app.ENABLE_COMMAND_PALETTE:
            found = bindings.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                palette = _item(found.binding, found.enabled, app.get_key_display(found.binding), True, lang)
        return tuple(groups), palette

    @property
    def groups(self) -> tuple[Group, ...]:
        """Every key the screen offers in its footer, in its order, whether or not the line has room."""
        return self._groups

    # --- drawing ---------------------------------------------------------------
    def _pieces(self, item: Item, padded: bool) -> list[tuple[str, str]]:
        """A key and its description as (text, component) pieces: spaced as Textual's FooterKey is."""
        if not item.description:
            return [(item.display, "key")]
        if padded:
            return [(f" {item.display} ", "key"), (f"{item.description} ", "description")]
        return [(item.display, "key"), (f" {item.description}", "description")]

    def _group_pieces(self, group: Group) -> list[tuple[str, str, Item | None]]:
        """One group as (text, component, the key it belongs to) pieces."""
        if not group.description:
            item = group.items[0]
            single: list[tuple[str, str, Item | None]] = [(t, c, item) for t, c in self._pieces(item, not self.compact)]
            return single + [(" ", "", None)] if self.compact else single
        pieces: list[tuple[str, str, Item | None]] = [(" " if group.tight else "", "", None)]
        margin = "" if group.tight else " "
        for item in group.items:
            pieces += [(margin, "", None), *((t, c, item) for t, c in self._pieces(item, False)), (margin, "", None)]
        return pieces + [(f" {group.description} ", "description", None)]

    def _tail(self, room: int) -> list[tuple[str, str, Item | None]]:
        """The command palette's key at the right end: with its description while there is room."""
        palette = self._palette
        if palette is None:
            return []
        described = [(SEPARATOR, "separator", None), (palette.display, "key", palette)]
        described.append((f" {palette.description}" + ("" if self.compact else " "), "description", palette))
        return described if _width(described) <= room else described[:2]

    def fitted(self, width: int) -> tuple[list[Group], list[tuple[str, str, Item | None]]]:
        """The groups shown in `width` cells and the palette's tail: whole keys only, in the screen's
        order (its most important first), as many as fit; help lists every key."""
        tail = self._tail(width)
        room = width - _width(tail)
        shown: list[Group] = []
        for group in self._groups:
            room -= _width(self._group_pieces(group))
            if room < 0:
                break
            shown.append(group)
        return shown, tail

    def render(self) -> Text:
        styles = {
            name: self.get_component_rich_style(f"keys-footer--{name}", partial=True)
            for name in ("key", "description", "hover", "separator")
        }
        styles[""] = Style()
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, Item]] = []

        def draw(pieces: list[tuple[str, str, Item | None]]) -> None:
            for text, component, item in pieces:
                style = styles[component]
                if item is not None:
                    if item == self._hover:
                        style += styles["hover"]
                    if not item.enabled:
                        style += Style(dim=True)
                start = line.cell_len
                line.append(text, style)
                if item is not None:
                    spans.append((start, line.cell_len, item))

        width = self.size.width
        groups, tail = self.fitted(width)
        for group in groups:
            draw(self._group_pieces(group))
        # The palette's key is docked at the right end; a terminal too narrow even for it crops.
        line.pad_right(max(0, width - line.cell_len - _width(tail)))
        draw(tail)
        line.truncate(width)
        self._spans = [(start, min(end, width), item) for start, end, item in spans if start < width]
        return line

    # --- mouse -------------------------------------------------------------------
    def _item_at(self, x: int) -> Item | None:
        return next((item for start, end, item in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self._item_at(event.x)
        if item != self._hover:
            self._hover = item
            self.tooltip = item.tooltip if item else None

    def on_leave(self) -> None:
        self._hover = None
        self.tooltip = None

    def on_resize(self, event: events.Resize) -> None:
        if self._auto_compact:
            self.compact = event.size.width < 100

    def on_click(self, event: events.Click) -> None:
        item = self._item_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
