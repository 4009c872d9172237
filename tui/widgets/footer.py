"""The footer with the screen's keys, rebuilt only when the keys on offer actually change.

Textual's Footer rebuilds all its key widgets on every bindings refresh (each
focus change, each dialog opened or closed). On the closure view that was most
of the cost of a key press; comparing what it would show first keeps it cheap.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    _shown: Any = None

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            signature = tuple(
                (key, active.binding.description, active.binding.action, active.enabled, active.tooltip,
                 active.binding.show, active.binding.group)
                for key, active in screen.active_bindings.items()
            )
            if signature == self._shown:
                return
            self._shown = signature
        super().bindings_changed(screen)

    def on_resize(self) -> None:
        # Spanish labels are longer: below 100 columns the keys sit closer so more of them fit.
        self.compact = self.size.width < 100
