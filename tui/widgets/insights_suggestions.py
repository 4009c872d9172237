"""Suggestions heard, grouped by closure, a page at a time.

The index only knows how many suggestions each closure holds; their texts live
in the closure files. So only the page on screen is read, in a thread, when it
is shown: 10,000 closures cost five small file reads per page, not 10,000.
"""

from __future__ import annotations

from typing import Any, Callable

from textual import work
from textual.content import Content
from textual.widget import Widget

from cierre.domain.timeutil import from_iso
from cierre.insights.counting import SuggestionGroup, SuggestionGroups, suggestion_texts
from cierre.tui.safe import literal
from cierre.tui.widgets.insights_panel import PANEL_CSS

PAGE = 5


class SuggestionsHeard(Widget):
    DEFAULT_CSS = PANEL_CSS.format(name="SuggestionsHeard")

    def __init__(self, get: Callable[[str], Any], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._get = get  # coach.get: opens one closure file
        self.groups: SuggestionGroups = SuggestionGroups()
        self._on_page: list[SuggestionGroup] = []  # read once per page: the groups may come from the index
        self.page = 0
        self.texts: dict[str, list[str]] = {}
        self.heading = ""
        self.page_text: Callable[[int, int], str] = lambda page, pages: f"{page}/{pages}"
        self.tz: Any = None

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.groups) // PAGE))

    def on_page(self) -> list[SuggestionGroup]:
        return self._on_page

    def show(self, title: str, heading: str, groups: SuggestionGroups, page_text: Callable[[int, int], str], tz: Any) -> None:
        """New figures: the page stays where it was; texts read before are kept for the closures still
        on it with as many suggestions (one that heard another meanwhile is read again)."""
        self.border_title = Content(title)
        self.heading, self.page_text, self.tz = heading, page_text, tz
        self.groups = groups
        self.page = min(self.page, self.pages - 1)
        self._on_page = self.groups[self.page * PAGE : (self.page + 1) * PAGE]
        self.texts = {g.id: self.texts[g.id] for g in self._on_page if len(self.texts.get(g.id, ())) == g.count}
        self.load_page()

    def turn(self, delta: int) -> bool:
        page = min(self.pages - 1, max(0, self.page + delta))
        if page == self.page:
            return False
        self.page = page
        self._on_page = self.groups[self.page * PAGE : (self.page + 1) * PAGE]
        self.load_page()
        return True

    def load_page(self) -> None:
        missing = [g.id for g in self.on_page() if g.id not in self.texts]
        self._redraw()
        if missing:  # once the page is on screen: read sooner, the files compete with its first paint
            self.call_after_refresh(self._read, missing)

    @work(thread=True, exclusive=True, exit_on_error=False, group="insights-suggestions")
    def _read(self, ids: list[str]) -> None:
        texts = suggestion_texts(self._get, ids)
        self.app.call_from_thread(self._loaded, texts)

    def _loaded(self, texts: dict[str, list[str]]) -> None:
        self.texts.update(texts)
        self._redraw()

    def _redraw(self) -> None:
        self.clear_cached_dimensions()  # the page's height changes with its texts
        self.refresh(layout=True)

    def render(self) -> Content:
        lines = [Content.styled(self.heading, "$text-muted")]
        for group in self.on_page():
            received = from_iso(group.received_at)
            day = received.astimezone(self.tz).strftime("%Y-%m-%d") if received and self.tz else ""
            lines.append(Content.assemble(literal(group.client, single_line=True).stylize("bold"), (f"  {day}", "$text-muted")))
            for text in self.texts.get(group.id, ["…"] * group.count):
                lines.append(Content.assemble("  – ", literal(text, single_line=True)))
        if len(self.groups) > PAGE:
            lines.append(Content.styled(self.page_text(self.page + 1, self.pages), "$text-muted"))
        return Content("\n").join(lines)
