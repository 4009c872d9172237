"""The dashboard's list of closures: a virtual list that renders only the rows in view.

Ten thousand closures are ten thousand small records, not widgets. Each repaint
(once a second, for the countdowns) formats only the visible lines, computing
each countdown from the row's due time and the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from rich.cells import cell_len, set_cell_size
from rich.control import strip_control_codes
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cierre.domain.text import one_line
from cierre.tui.widgets.closure_rows import Row, Rows

WIDE = 110  # columns from which the due date is shown beside the countdown
MIN_CLIENT = 16  # the step's label is cut before the client's name gets less than this
MIN_STEP = 12
MAX_STEP = 30


def fitted(text: str, width: int, *, right: bool = False) -> str:
    """`text` in exactly `width` cells: cut with an ellipsis when longer, padded when shorter (on the
    left for a right-aligned column). Plain strings: a row repaints every second."""
    text = strip_control_codes(text)
    length = cell_len(text)
    if width <= 0:
        return ""
    if length > width:
        return set_cell_size(text, width - 1) + "…"
    padding = " " * (width - length)
    return padding + text if right else text + padding


@dataclass
class Labels:
    """What a row shows besides its countdown; built lazily for visible rows only."""

    client: str
    kind: str
    step: str


@dataclass
class Column:
    title: str
    width: int
    right: bool = False


class ClosureList(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    ClosureList { height: 1fr; background: $surface; overflow-x: hidden; }  /* columns fit the width */
    ClosureList > .closure-list--header { text-style: bold; color: $text-muted; background: $panel; }
    ClosureList > .closure-list--cursor { background: $primary 40%; }
    ClosureList:focus > .closure-list--cursor { background: $primary 70%; text-style: bold; }
    ClosureList > .closure-list--overdue { color: $error; text-style: bold; }
    ClosureList > .closure-list--soon { color: $warning; }
    ClosureList > .closure-list--inactive { color: $text-muted; }
    """
    COMPONENT_CLASSES = {
        "closure-list--header",
        "closure-list--cursor",
        "closure-list--overdue",
        "closure-list--soon",
        "closure-list--inactive",
    }
    # Priority, like the screen's own keys: a move left to the list's queue would be overtaken by a
    # priority Enter typed right after it (Down Down Enter must open the row the cursor reached).
    # The ids name their texts in the user's language (`lists.keys.*`, see tui/keys.py).
    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", id="lists.up", show=False, priority=True),
        Binding("down,j", "move(1)", "Down", id="lists.down", show=False, priority=True),
        Binding("pageup", "page(-1)", "Page up", id="lists.page_up", show=False, priority=True),
        Binding("pagedown", "page(1)", "Page down", id="lists.page_down", show=False, priority=True),
        Binding("home", "jump(0)", "First", id="lists.first", show=False, priority=True),
        Binding("end", "jump(-1)", "Last", id="lists.last", show=False, priority=True),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Chosen(Message):
        """A row was clicked while already selected: open it."""

        def __init__(self, closure_id: str) -> None:
            super().__init__()
            self.closure_id = closure_id

    def __init__(
        self,
        *,
        describe: Callable[[dict[str, Any]], Labels],
        countdown: Callable[[datetime | None, datetime], tuple[str, bool]],
        when: Callable[[datetime | None], str],
        clock: Callable[[], datetime],
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.rows: Rows = Rows()
        self.describe = describe
        self.countdown = countdown
        self.when = when
        self.clock = clock
        self.headers = ("", "", "", "", "")
        # The longest kind and step labels in the current language, set with the headers.
        self.label_widths = (9, 24)
        self._labels: dict[str, Labels] = {}

    # --- data ------------------------------------------------------------------
    def set_rows(self, rows: Rows, *, otherwise_first: bool = False) -> None:
        """Replace the rows, keeping the cursor on the same closure when it is still listed; else on
        the row that took its place (one archived), or on the first (`otherwise_first`: a new filter)."""
        current = self.current_id
        self.rows = rows
        self._labels.clear()
        self.virtual_size = Size(0, len(rows) + 1)  # no width of its own: never a sideways scrollbar
        kept = rows.position(current) if current else None
        if kept is None:
            kept = 0 if otherwise_first else min(self.cursor, max(0, len(rows) - 1))
        self.cursor = kept
        self.refresh()

    def forget_labels(self) -> None:
        """Texts changed language: describe the visible rows again."""
        self._labels.clear()
        self.refresh()

    @property
    def current_id(self) -> str | None:
        return self.rows[self.cursor].id if 0 <= self.cursor < len(self.rows) else None

    @property
    def current(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def select_id(self, closure_id: str) -> None:
        number = self.rows.position(closure_id)
        if number is not None:
            self.cursor = number

    # --- movement -------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.scrollable_content_region.height - 2))

    def action_jump(self, where: int) -> None:
        if self.rows:
            self.cursor = where % len(self.rows)

    def watch_cursor(self, cursor: int) -> None:
        self.keep_in_view(cursor)
        self.refresh()

    def keep_in_view(self, cursor: int) -> None:
        """Scroll so that the cursor's row shows (a scroll repaints by itself)."""
        visible = max(1, self.scrollable_content_region.height - 1)  # one line is the header; scrollbars excluded
        top = int(self.scroll_offset.y)
        if cursor < top:
            self.scroll_to(y=cursor, animate=False)
        elif cursor >= top + visible:
            self.scroll_to(y=cursor - visible + 1, animate=False)

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        number = int(self.scroll_offset.y) + offset.y - 1
        if 0 <= number < len(self.rows):
            if number == self.cursor:
                self.post_message(self.Chosen(self.rows[number].id))
            self.cursor = number

    def on_resize(self) -> None:
        # A new size repaints by itself: only the cursor is kept in view (a shorter window).
        self.virtual_size = Size(0, len(self.rows) + 1)
        self.keep_in_view(self.cursor)

    # --- drawing --------------------------------------------------------------
    def columns(self, width: int) -> list[Column]:
        """Kind and step as wide as their longest label; the client's name takes all the rest.

        When the name would get less than `MIN_CLIENT` cells, the step gives way first (down to
        `MIN_STEP`, its end cut with an ellipsis); wide terminals also get the due date itself."""
        kind_title, client_title, step_title, due_title, when_title = self.headers
        wide = width >= WIDE
        kind = max(cell_len(kind_title), self.label_widths[0])
        step = min(MAX_STEP, max(cell_len(step_title), self.label_widths[1]))
        due = 20 if wide else 19  # "17h 54m 41s overdue"
        when = 20 if wide else 0  # "Wed 2026-12-02 03:30"
        fixed = 2 + kind + due + when + (4 if wide else 3)  # the marker, the columns and a space between each
        step = max(min(step, MIN_STEP), min(step, width - fixed - MIN_CLIENT))
        client = max(8, width - fixed - step)
        columns = [
            Column("", 2),
            Column(client_title, client),
            Column(kind_title, kind),
            Column(step_title, step),
            Column(due_title, due, right=True),
        ]
        if wide:
            columns.append(Column(when_title, when, right=True))
        return columns

    def _labels_for(self, row: Row) -> Labels:
        labels = self._labels.get(row.id)
        if labels is None:
            labels = self.describe(row.summary)
            labels.client = one_line(labels.client)
            self._labels[row.id] = labels
        return labels

    def _line(self, cells: list[str], columns: list[Column], style: Style) -> Strip:
        segments: list[Segment] = []
        for number, (text, column) in enumerate(zip(cells, columns)):
            segments.append(Segment(fitted(text, column.width, right=column.right), style))
            if 0 < number < len(columns) - 1:
                segments.append(Segment(" ", style))
        width = self.visible_width
        return Strip(segments).extend_cell_length(width, style).crop(0, width)

    @property
    def visible_width(self) -> int:
        """The width left for the columns once a vertical scrollbar takes its share."""
        return self.scrollable_content_region.width

    def render_line(self, y: int) -> Strip:
        width = self.visible_width
        columns = self.columns(width)
        base = self.rich_style
        if y == 0:
            header = base + self.get_component_rich_style("closure-list--header")
            return self._line([c.title for c in columns], columns, header)
        number = int(self.scroll_offset.y) + y - 1
        if number >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[number]
        labels = self._labels_for(row)
        due_text, overdue = self.countdown(row.due, self.clock()) if row.active else ("", False)
        style = base
        if not row.active:
            style += self.get_component_rich_style("closure-list--inactive")
        elif overdue:
            style += self.get_component_rich_style("closure-list--overdue")
        if number == self.cursor:
            style += self.get_component_rich_style("closure-list--cursor")
        marker = "! " if overdue else "  "
        cells = [marker, labels.client, labels.kind, labels.step, due_text]
        if len(columns) > len(cells):
            cells.append(self.when(row.due) if row.active else "")
        return self._line(cells, columns, style)
