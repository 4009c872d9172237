"""Key texts in the user's language, and every key a screen offers (for help, palette and footer).

A binding's id is "<area>.<name>"; its footer text is the catalog key
"<area>.keys.<name>" and its tooltip "<area>.keys.<name>_tip". Ids are also
what the config file's [keys] table remaps, so they never change with language.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual.binding import Binding

from cierre.domain.texts import catalog

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen


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


def localize_bindings(node: DOMNode, lang: str) -> None:
    """Rewrite the node's bindings so footer, help and palette speak `lang`."""
    mapping = node._bindings.key_to_bindings
    for key, bindings in list(mapping.items()):
        fresh = []
        for binding in bindings:
            texts = binding_texts(binding, lang)
            if texts is not None:
                binding = replace(binding, description=texts[0], tooltip=texts[1])
            if binding.group is not None and binding.group.description in _GROUP_KEYS:
                # A group's description names its catalog key, kept apart so it can be translated again.
                binding = replace(binding, group=_group(binding.group.description, lang, binding.group.compact))
            fresh.append(binding)
        mapping[key] = fresh


_GROUP_KEYS: dict[str, str] = {}  # shown group text -> catalog key


def key_group(catalog_key: str, *, compact: bool = True) -> Binding.Group:
    """A footer group whose text is the catalog entry `catalog_key`, in whatever language is current."""
    _GROUP_KEYS[catalog_key] = catalog_key
    return Binding.Group(catalog_key, compact=compact)


def _group(shown: str, lang: str, compact: bool) -> Binding.Group:
    catalog_key = _GROUP_KEYS[shown]
    text = catalog(lang).get(catalog_key, catalog_key)
    _GROUP_KEYS[text] = catalog_key
    return Binding.Group(text, compact=compact)


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
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.system:
            continue
        display = screen.app.get_key_display(binding)
        entry = grouped.get((id(active.node), binding.action))
        if entry is None:
            grouped[(id(active.node), binding.action)] = KeyAction(
                display, binding.description, binding.tooltip or "", binding.action,
                active.node, active.node is screen.app, active.enabled, binding.id,
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
