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
from textual.widget import Widget

from tui.safe import literal
from tui.widgets.insights_sections import Panel, block_bar, fractions

MAX_LABEL = 22
MIN_BAR = 6
MAX_BAR = 36  # longer bars push the numbers away from their labels


class InsightsPanel(Widget):
    DEFAULT_CSS = """
    InsightsPanel {
        height: auto;
        border: round $primary 60%;
        border-title-color: $accent;
        border-title-style: bold;
        padding: 0 1;
        margin: 0 1 0 0;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.panel: Panel | None = None

    def show(self, panel: Panel) -> None:
        self.panel = panel
        self.border_title = Content(panel.title)
        self.refresh(layout=True)

    def render(self) -> Content:
        panel = self.panel
        if panel is None:
            return Content("")
        width = max(20, self.content_size.width or 60)
        lines: list[Content] = []
        if panel.bars:
            label_width = min(MAX_LABEL, max(cell_len(literal(b.label, single_line=True).plain) for b in panel.bars))
            note_width = max(cell_len(b.note) for b in panel.bars)
            bar_width = max(MIN_BAR, min(MAX_BAR, width - label_width - note_width - 2))
            for bar, fraction in zip(panel.bars, fractions(panel.bars)):
                label = literal(bar.label, single_line=True).truncate(label_width, ellipsis=True, pad=True)
                lines.append(Content.assemble(
                    label, " ",
                    (block_bar(fraction, bar_width), "$accent"), " ",
                    (bar.note.rjust(note_width), "$text-muted" if bar.value == 0 else ""),
                ))
        lines += [Content.styled(fact, "$text-muted") for fact in panel.facts]
        return Content("\n").join(lines)
