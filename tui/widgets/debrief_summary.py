"""The debrief's agenda and what the call brought in, drawn from `coach.debrief` (the same
sections the team e-mail is made of), so the screen and the e-mail never disagree."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from cierre.domain.debrief import DebriefSummary, Section, section_text
from cierre.tui.safe import literal

# The client's details and the meeting time are in the screen's header already.
SKIPPED = ("client", "meeting")
# What the user adds here comes right after the agenda, so it is seen when added.
ORDER = ("agenda", "better", "feedback", "reason", "call", "competitor", "suggestions", "quotes")


def section_content(section: Section) -> Content:
    parts: list[Content | str | tuple[str, str]] = [(section.title.upper(), "bold $accent")]
    for line in section.lines:
        parts += ["\n", literal(line)]
    for number, item in enumerate(section.items, 1):
        bullet = f"{number}. " if section.numbered else "• "
        parts += ["\n", (bullet, "bold"), literal(item.replace("\n", "\n" + " " * len(bullet)))]
    return Content.assemble(*parts)


class SectionView(Static):
    DEFAULT_CSS = "SectionView { margin-bottom: 1; }"


class DebriefSummaryView(VerticalScroll):
    """One Static per section, in a stable order; a change repaints only its own section.

    Also used by the start-again screen for its lessons and prospect review."""

    DEFAULT_CSS = """
    DebriefSummaryView { height: 1fr; border: round $primary 50%; padding: 0 1; }
    DebriefSummaryView:focus { border: round $primary; }
    """

    def __init__(self, title: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = title
        self._shown: dict[str, str] = {}
        self._views: dict[str, SectionView] = {}

    def show(self, summary: DebriefSummary) -> None:
        sections = [s for s in summary.sections if s.key not in SKIPPED]
        sections.sort(key=lambda s: ORDER.index(s.key) if s.key in ORDER else len(ORDER))
        self.show_sections(sections)

    def show_sections(self, sections: list[Section]) -> None:
        wanted = [s.key for s in sections]
        if wanted != list(self._views):  # a section appeared or went: lay them out again
            self.remove_children()
            self._shown = {}
            self._views = {key: SectionView(classes=f"section-{key}") for key in wanted}
            self.mount_all(self._views.values())
        for section in sections:
            text = section_text(section)
            if self._shown.get(section.key) != text:
                self._shown[section.key] = text
                self._views[section.key].update(section_content(section))

    def reveal(self, key: str) -> None:
        """Bring one section into view (after the user added to it)."""
        view = self._views.get(key)
        if view is not None:
            self.scroll_to_widget(view, animate=False, top=True)

    @property
    def text(self) -> str:
        return "\n\n".join(str(view.render()) for view in self._views.values())
