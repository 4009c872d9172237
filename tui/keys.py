"""Key texts in the user's language, and every key a screen offers (for help, palette and footer).

A binding's id is "<area>.<name>"; its footer text is the catalog key
"<area>.keys.<name>" and its tooltip "<area>.keys.<name>_tip". Ids are also
what the config file's [keys] table remaps, so they never change with language.

Some bindings are one key with two faces (p pauses or resumes; Esc goes back, or
cancels the open line) or one action on two screens (ticking an action item): each
face has an id of its own for its text, and `SHARED_KEYS` makes them one key for
the user, who remaps any of them and moves them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping

from textual.binding import Binding

from cierre.domain.texts import catalog

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen


# Each id that always takes the key of another, to that other id (the one help names).
SHARED_KEYS: dict[str, str] = {
    "call.resume": "call.pause",
    "closure.leave_guess": "closure.back",
    "call.cancel": "call.back",
    "debrief.cancel": "debrief.back",
    "restart.cancel": "restart.back",
    "restart.tick": "closure.complete",
}


def key_owner(binding_id: str) -> str:
    """The id that names the key `binding_id` shares (itself when it shares none)."""
    return SHARED_KEYS.get(binding_id, binding_id)


def sharing(binding_id: str) -> list[str]:
    """Every id on the key of `binding_id`, the owner first."""
    owner = key_owner(binding_id)
    return [owner, *(follower for follower, leader in SHARED_KEYS.items() if leader == owner)]


def shared_keymap(keys: Mapping[str, str]) -> dict[str, str]:
    """The user's [keys] table with each shared key given to every id on it (the owner's entry wins)."""
    result = dict(keys)
    for binding_id, value in keys.items():
        if key_owner(binding_id) != binding_id and key_owner(binding_id) in keys:
            continue  # the owner's own entry decides
        for each in sharing(binding_id):
            result[each] = value
    return result


def binding_texts(binding: Binding, lang: str) -> tuple[str, str] | None:
    """(description, tooltip) for a binding id in `lang`, or None when the catalog has none."""
    if not binding.id or "." not in binding.id:
        return None
    area, name = binding.id.split(".", 1)
    texts = catalog(lang)
    key = f"{area}.keys.{name}"
    if key not in texts:
        return None
    return texts[key], texts.get(f"{key}_tip", "")


def app_language(app: object) -> str | None:
    """The language key texts are shown in: the app's `language`, or None for an app without one."""
    lang = getattr(app, "language", None)
    return lang if isinstance(lang, str) else None


def key_texts(binding: Binding, lang: str | None) -> tuple[str, str]:
    """(description, tooltip) of a binding as shown in `lang`: the catalog's texts for its id, else its own.

    Bindings keep the placeholder texts they were declared with; footer, help and palette ask here
    for the words, so a language switch needs no change to any node's bindings. A key without an id
    (Textual's own: moving, scrolling, editing) is named by its action in the help's [generic] table.
    """
    texts = binding_texts(binding, lang) if lang else None
    if texts is None:
        generic = catalog(lang).get(f"help.generic.{binding.action}") if lang else None
        return (generic, "") if generic else (binding.description, binding.tooltip)
    return texts


_GROUP_KEYS: set[str] = set()  # catalog keys that name a footer group


def key_group(catalog_key: str, *, compact: bool = True) -> Binding.Group:
    """A footer group whose text is the catalog entry `catalog_key`, in whatever language is current."""
    _GROUP_KEYS.add(catalog_key)
    return Binding.Group(catalog_key, compact=compact)


def group_text(group: Binding.Group, lang: str | None) -> str:
    """What a footer group is called in `lang` (a group made by `key_group` names its catalog key)."""
    if lang and group.description in _GROUP_KEYS:
        return catalog(lang).get(group.description, group.description)
    return group.description


def declared_bindings(cls: type) -> list[Binding]:
    """The bindings `cls` declares with its bases', in Textual's order: the base class's first."""
    found: list[Binding] = []
    for klass in reversed(cls.__mro__):
        found.extend(Binding.make_bindings(klass.__dict__.get("BINDINGS", [])))
    return found


def key_for(node: DOMNode, action: str) -> str | None:
    """The first key in force for `action` on `node`'s screen, as the footer shows it (the keymap applied)."""
    screen = node.screen
    for active in screen.active_bindings.values():
        if active.binding.action == action:
            return screen.app.get_key_display(active.binding)
    return None


@dataclass
class KeyAction:
    keys: str  # every key bound to the action, as shown in the footer
    description: str
    tooltip: str
    action: str
    node: DOMNode
    app_level: bool
    enabled: bool
    binding_id: str | None = None


def screen_actions(screen: Screen) -> list[KeyAction]:
    """Every action active on `screen` with its keys: the screen's own, the app's, then the focused widget's."""
    grouped: dict[tuple[int, str], KeyAction] = {}
    lang = app_language(screen.app)
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.system:
            continue
        display = screen.app.get_key_display(binding)
        entry = grouped.get((id(active.node), binding.action))
        if entry is None:
            description, tooltip = key_texts(binding, lang)
            grouped[(id(active.node), binding.action)] = KeyAction(
                display,
                description,
                tooltip or "",
                binding.action,
                active.node,
                active.node is screen.app,
                active.enabled,
                binding.id,
            )
        elif display not in entry.keys.split(" "):
            entry.keys += f" {display}"

    def rank(entry: KeyAction) -> int:
        # Keys with an id are Cierre's own (and remappable); Textual's generic ones (focus, copy, scroll) go last.
        return 0 if entry.binding_id and not entry.app_level else 1 if entry.app_level else 2

    entries = list(grouped.values())
    # A screen may repeat an app key to show it in its footer: list it once.
    own = {(entry.keys, entry.description) for entry in entries if not entry.app_level}
    entries = [entry for entry in entries if not (entry.app_level and (entry.keys, entry.description) in own)]
    return sorted(entries, key=rank)  # stable: each group keeps its order
