"""One insights panel: a titled box of horizontal bars with the numbers beside them, and a few facts.

Bars are block characters drawn to the widget's width (in eighths of a cell), not
a plot: at 80 columns a plot's axes and ticks eat the room the labels need,
while a bar per row reads like a table, with the count and share right beside
it, in any terminal font. Labels are shown literally (a competitor's name is
user text); nothing here is parsed as markup.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget

from cierre.insights.report import Panel, block_bar, fractions
from cierre.tui.safe import literal

MAX_LABEL = 22
MIN_BAR = 6
MAX_BAR = 36  # longer bars push the numbers away from their labels


class BarsVisual(Visual):
    """The panel drawn for whatever width layout gives it: bars stretch, labels and numbers stay put.

    A Visual is told its width when measured and when rendered, so the widget never has
    to look up its own region (a compositor query) while layout is still running.
    """

    def __init__(self, panel: Panel) -> None:
        self.panel = panel
        self._built: tuple[int, Content] | None = None

    def content(self, width: int) -> Content:
        if self._built is None or self._built[0] != width:
            self._built = (width, _draw(self.panel, width))
        return self._built[1]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.content(width).get_height(rules, width)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.content(width).render_strips(width, height, style, options)


def _draw(panel: Panel, width: int) -> Content:
    width = max(20, width)
    lines: list[Content] = []
    if panel.bars:
        labels = [literal(b.label, single_line=True) for b in panel.bars]
        label_width = min(MAX_LABEL, max(label.cell_length for label in labels))
        note_width = max(cell_len(b.note) for b in panel.bars)
        bar_width = max(MIN_BAR, min(MAX_BAR, width - label_width - note_width - 2))
        for bar, label, fraction in zip(panel.bars, labels, fractions(panel.bars)):
            lines.append(
                Content.assemble(
                    label.truncate(label_width, ellipsis=True, pad=True),
                    " ",
                    (block_bar(fraction, bar_width), "$accent"),
                    " ",
                    (bar.note.rjust(note_width), "$text-muted" if bar.value == 0 else ""),
                )
            )
    lines += [Content.styled(fact, "$text-muted") for fact in panel.facts]
    return Content("\n").join(lines)


# Every insights box looks the same: a rounded border with its title.
PANEL_CSS = """
{name} {{
    height: auto;
    border: round $primary 60%;
    border-title-color: $accent;
    border-title-style: bold;
    padding: 0 1;
    margin: 0 1 0 0;
}}
"""


class InsightsPanel(Widget):
    DEFAULT_CSS = PANEL_CSS.format(name="InsightsPanel")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.panel: Panel | None = None
        self._visual: BarsVisual | None = None

    def show(self, panel: Panel) -> None:
        self.panel = panel
        self._visual = BarsVisual(panel)
        self.border_title = Content(panel.title)
        self.clear_cached_dimensions()  # a plain Widget keeps its old height otherwise
        self.refresh(layout=True)

    def render(self) -> Visual:
        return self._visual or Content("")
