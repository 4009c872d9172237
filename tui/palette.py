"""The command palette's view of the current screen: every action it offers, by its name.

App-wide commands (language, theme, help, quit) come from `CierreApp.get_system_commands`.
When nothing matches what was typed, `NothingFoundProvider` says so in the user's language
(Textual's own "No matches found" is English only and has no public way to change it) and
offers the help, which lists every key of the screen.
"""

from __future__ import annotations

from functools import partial
from inspect import isclass

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from cierre.domain.text import one_line
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


class NothingFoundProvider(Provider):
    """One hit when no other provider of the app or the screen has any: "nothing matches", and Enter
    opens the help. Textual then never shows its own (English) empty text."""

    def _others(self) -> list[type[Provider]]:
        sources = [*self.app.COMMANDS, *self.screen.COMMANDS]
        classes = [source if isclass(source) else source() for source in sources]
        return [cls for cls in dict.fromkeys(classes) if cls is not NothingFoundProvider]

    async def _anything_matches(self, query: str) -> bool:
        for cls in self._others():
            provider = cls(self.screen, self.match_style)
            await provider.startup()
            try:
                async for _hit in provider.search(query):
                    return True
            finally:
                await provider.shutdown()
        return False

    def _open_help(self) -> None:
        from cierre.tui.help import HelpScreen  # loaded when asked for

        self.app.push_screen(HelpScreen(self.screen))

    async def search(self, query: str) -> Hits:
        if not query.strip() or await self._anything_matches(query):
            return
        t = self.app.t  # type: ignore[attr-defined]
        text = t("app.palette_nothing", query=one_line(query, 40))
        yield Hit(1.0, Content(text), self._open_help, text=text, help=t("app.palette_nothing_help"))
