"""The command palette's view of the current screen: every action it offers, by its name.

App-wide commands (language, theme, help, quit) come from `CierreApp.get_system_commands`.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from cierre.tui.keys import screen_actions


class ScreenActionsProvider(Provider):
    def _commands(self):
        for entry in screen_actions(self.screen):
            # Textual's generic keys stay out; app-wide ones come from CierreApp.get_system_commands.
            if entry.app_level or not entry.enabled or not entry.binding_id or entry.action.startswith("app."):
                continue
            label = f"{entry.description}  ({entry.keys})"
            run = partial(self.app.run_action, entry.action, entry.node)
            yield label, run, entry.tooltip

    async def discover(self) -> Hits:
        for label, run, tip in self._commands():
            yield DiscoveryHit(Content(label), run, text=label, help=tip or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, run, tip in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), run, text=label, help=tip or None)
