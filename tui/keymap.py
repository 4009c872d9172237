"""The user's [keys] table checked before the app starts: an unknown id or a key that two actions of
one screen would share is refused with one line naming the setting, never applied silently.

Every screen and dialog is imported for the check, only when the table is not empty: a start
without remapped keys loads the dashboard alone.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from textual.binding import Binding
from textual.dom import DOMNode

from cierre.domain.text import one_line
from cierre.tui.keys import declared_bindings, key_owner, shared_keymap


def _scopes() -> dict[str, list[Binding]]:
    """Each screen or dialog by name, with every binding in force on it (the app's included)."""
    from cierre.tui.app import CierreApp
    from cierre.tui.help import HelpScreen
    from cierre.tui.screens.call import CallScreen
    from cierre.tui.screens.closure import ClosureScreen
    from cierre.tui.screens.dashboard import DashboardScreen
    from cierre.tui.screens.debrief import DebriefScreen
    from cierre.tui.screens.insights import InsightsScreen
    from cierre.tui.screens.new_closure import NewClosureScreen
    from cierre.tui.screens.restart import RestartScreen
    from cierre.tui.widgets.call_choice import ChoiceScreen
    from cierre.tui.widgets.dialogs import ChoiceModal, ConfirmModal, MessageModal, PromptModal

    app = declared_bindings(CierreApp)
    screens: Iterable[type[DOMNode]] = (
        DashboardScreen,
        ClosureScreen,
        NewClosureScreen,
        CallScreen,
        DebriefScreen,
        RestartScreen,
        InsightsScreen,
        HelpScreen,
        ChoiceScreen,
        ChoiceModal,
        ConfirmModal,
        MessageModal,
        PromptModal,
    )
    return {cls.__name__: app + declared_bindings(cls) for cls in screens}


def keymap_problem(keys: Mapping[str, str]) -> str | None:
    """One line for the first [keys] entry that cannot be applied, or None when all can."""
    if not keys:
        return None
    scopes = _scopes()
    known = {b.id for bindings in scopes.values() for b in bindings if b.id}
    for binding_id, value in keys.items():
        if binding_id not in known:
            return (
                f"[keys] {one_line(binding_id, 60)}: no key has this id; the help (?) lists each key, "
                "ids are like closure.done or call.note"
            )
        if not str(value).strip() or any(not part.strip() for part in str(value).split(",")):
            return f"[keys] {binding_id}: '{one_line(str(value), 40)}' is not a key; use names such as x, ctrl+s or f5"
        leader = key_owner(binding_id)
        if leader != binding_id and leader in keys and keys[leader] != value:
            return f"[keys] {binding_id} and {leader} are one key: give it once, as {leader}"
    given, keys = keys, shared_keymap(keys)
    for bindings in scopes.values():
        owner: dict[str, Binding] = {}
        for binding in bindings:
            remapped = binding.id in keys
            chosen = keys[binding.id] if remapped and binding.id else binding.key
            for key in (part.strip() for part in str(chosen).split(",")):
                other = owner.get(key)
                same_key = bool(other and other.id and binding.id and key_owner(other.id) == key_owner(binding.id))
                if other is None or other.action == binding.action or other.id == binding.id or same_key:
                    owner.setdefault(key, binding)
                    continue
                if remapped or other.id in keys:
                    mine, theirs = (binding, other) if remapped else (other, binding)
                    named = mine.id if mine.id in given else key_owner(mine.id or "")  # as the user wrote it
                    return (
                        f'[keys] {named} = "{keys[mine.id or ""]}": {key} is already '
                        f"{theirs.id or theirs.action} on the same screen; pick another key"
                    )
    return None
