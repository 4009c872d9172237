"""The command palette's providers: the current screen's actions by name, every closure by client,
and (on their own palette, F3) the themes.

App-wide commands (language, theme, help, quit) come from `CierreApp.get_system_commands`.
When nothing matches what was typed, `NothingFoundProvider` says so in the user's language
(Textual's own "No matches found" is English only and has no public way to change it) and
offers the help, which lists every key of the screen.
"""

from __future__ import annotations

from functools import partial
from inspect import isclass
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch

from cierre.domain.labels import step_label
from cierre.domain.playbook import load as load_playbook
from cierre.domain.text import folded, one_line
from cierre.tui.keys import screen_actions
from cierre.tui.theme import THEMES

FOUND = 40  # closures the index hands the palette per search: the best of them are shown
URGENT = 5  # closures listed as soon as the palette opens, the most urgent first


def fuzzy_match(query: str, candidate: str, style: Any) -> tuple[float, Content]:
    """How well `candidate` holds the letters of `query` in order, case and accents aside, and the
    candidate with those letters styled. The text is never read as markup (Textual's own
    `Matcher.highlight` does read it: a client named "[b]x" would be drawn bold)."""
    letters = [folded(ch) for ch in candidate]
    # Accents fold letter by letter ("í" to "i"); a letter that folds to two ("ß") keeps the text as it is.
    target = "".join(letters) if all(len(letter) == 1 for letter in letters) else candidate
    score, offsets = FuzzySearch().match(folded(query), target)
    shown = Content(candidate)
    for offset in offsets if score else ():
        if not candidate[offset].isspace():
            shown = shown.stylize(style, offset, offset + 1)
    return score, shown


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
        for label, run, tip in self._commands():
            score, shown = fuzzy_match(query, label, self.match_style or "reverse")
            if score > 0:
                yield Hit(score, shown, run, text=label, help=tip or None)


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


class ClosuresProvider(Provider):
    """Jump to any closure by its client's name: a query of the index (its letters in order), never
    the closure files, so thousands of closures answer as fast as ten. Offered on the screens that
    are views (`CierreScreen.JUMPS`): the dashboard, a closure, the insights."""

    def _offered(self) -> bool:
        return bool(getattr(self.screen, "JUMPS", False))

    def _found(self, text: str, limit: int) -> list[dict[str, Any]]:
        try:
            return self.app.coach.store.find_clients(text, limit)  # type: ignore[attr-defined]
        except Exception:  # the palette is a help: a busy or damaged index leaves the other commands
            return []

    def _where(self, row: dict[str, Any]) -> str:
        """ "Lost · Recover": the kind and where the closure stands, as the dashboard says them."""
        t = self.app.t  # type: ignore[attr-defined]
        kind = t(f"dashboard.kind_{row['kind']}")
        return f"{kind} · {step_label(row, load_playbook(t.lang), t)}"

    def _hit_parts(self, row: dict[str, Any]):
        client = one_line(str(row["client"] or ""), 60)
        jump = partial(self.app.jump_to_closure, row["id"])  # type: ignore[attr-defined]
        return client, Content.styled(f"  ·  {self._where(row)}", "dim"), jump

    async def discover(self) -> Hits:
        if not self._offered():
            return
        for row in self._found("", URGENT):
            client, where, jump = self._hit_parts(row)
            yield DiscoveryHit(Content.assemble(client, where), jump, text=client)

    async def search(self, query: str) -> Hits:
        if not self._offered() or not query.strip():
            return
        for row in self._found(query, FOUND):
            client, where, jump = self._hit_parts(row)
            score, shown = fuzzy_match(query, client, self.match_style or "reverse")
            # Found by its contact's name rather than the client's: kept, after the others.
            yield Hit(score or 0.01, Content.assemble(shown, where), jump, text=client)


class ThemesProvider(Provider):
    """Every theme there is: Cierre's two first, then the user's own, then Textual's; the one in use
    marked. Picking one applies it and remembers it (`CierreApp.pick_theme`)."""

    def _themes(self) -> list[tuple[str, Content]]:
        app: Any = self.app
        t, current = app.t, app.theme
        own = [theme.name for theme in THEMES.values()]
        rest = sorted(set(app.available_themes) - set(own), key=lambda name: (name not in app.user_theme_names, name))
        entries = []
        for name in own + rest:
            theme = app.available_themes[name]
            look = t("app.theme_dark" if theme.dark else "app.theme_light")
            mark = "● " if name == current else "  "
            entries.append((name, Content.assemble(mark, name, (f"  ·  {look}", "dim"))))
        return entries

    async def discover(self) -> Hits:
        for name, shown in self._themes():
            yield DiscoveryHit(shown, partial(self.app.pick_theme, name), text=name)  # type: ignore[attr-defined]

    async def search(self, query: str) -> Hits:
        for name, _shown in self._themes():
            score, shown = fuzzy_match(query, name, self.match_style or "reverse")
            if score > 0:
                yield Hit(score, shown, partial(self.app.pick_theme, name), text=name)  # type: ignore[attr-defined]
