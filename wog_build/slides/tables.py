"""Native tables that fit: measured column widths, measured row heights, and rows that
continue on the next slide under a repeated header row.

Renderers grow a table row to fit its text, so a table "overflows" by pushing past the
slide's bottom edge.  Each row's height is therefore measured (tallest cell, wrapped to
its column) and rows are dealt onto slides so the table always ends above the footer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .frames import FrameWriter
from .measure import (
    Box,
    Metrics,
    Para,
    Span,
    line_pitch,
    para_lines,
    split_spans,
    strip_left,
)
from .theme import Theme

Cell = tuple[Span, ...]


@dataclass
class TablePage:
    rows: list[list[Cell]]      # header first
    heights: list[float]
    cut: list[list[Cell]] = field(default_factory=list)  # whole rows cut on this page


class TableLayout:
    def __init__(self, theme: Theme, metrics: Metrics, writer: FrameWriter,
                 columns: int, width: float) -> None:
        self.theme = theme
        self.metrics = metrics
        self.writer = writer
        self.size = theme.size("table")
        self.inset = theme.geometry["table_cell_inset"]
        self.columns = columns
        self.width = width
        self.widths: list[float] = [width / columns] * columns

    def para(self, cell: Cell, header: bool = False) -> Para:
        color = "on_primary" if header else "text"
        return Para(tuple(cell), self.size, color=color, bold=header, space_after=0)

    def box(self, width: float) -> Box:
        t = self.theme.text
        return Box(width=width, height=0, inset=self.inset, bullet_indent=0,
                   spacing=t["line_spacing"], paragraph_after=0,
                   width_safety=t["width_safety"], height_safety=t["height_safety"])

    def set_widths(self, rows: Sequence[Sequence[Cell]]) -> None:
        """Share the width by each column's natural (one-line) width, within bounds."""
        natural = [0.0] * self.columns
        for row in rows:
            for i, cell in enumerate(row[: self.columns]):
                text_w = sum(self.metrics.width(s.text, self.size, s.bold, s.italic)
                             for s in cell)
                natural[i] = max(natural[i], text_w + 2 * self.inset)
        low = self.width * self.theme.limits["table_column_min_share"] / self.columns
        high = self.width * self.theme.limits["table_column_max_share"]
        weights = [min(max(n, low), high) for n in natural]
        total = sum(weights)
        self.widths = [self.width * w / total for w in weights]

    def lines(self, cell: Cell, col: int, header: bool = False) -> list[tuple[int, int]]:
        return para_lines(self.metrics, self.box(self.widths[col]), self.para(cell, header))

    def pitch(self) -> float:
        return line_pitch(self.metrics, self.size, self.theme.text["line_spacing"])

    def row_height(self, row: Sequence[Cell], header: bool = False) -> float:
        tallest = max(len(self.lines(c, i, header)) for i, c in enumerate(row))
        return tallest * self.pitch() + 2 * self.inset + self.theme.text["height_safety"]

    def split_row(self, row: Sequence[Cell], room: float) -> tuple[list[Cell], list[Cell]]:
        """Cut a row too tall for any slide between two lines of its cells."""
        k = int((room - 2 * self.inset - self.theme.text["height_safety"]) // self.pitch())
        k = max(k, 1)
        head: list[Cell] = []
        tail: list[Cell] = []
        for i, cell in enumerate(row):
            lines = self.lines(cell, i)
            if len(lines) <= k:
                head.append(cell)
                tail.append(())
                continue
            first, _ = split_spans(cell, lines[k - 1][1])
            _, rest = split_spans(cell, lines[k][0])
            head.append(first)
            tail.append(strip_left(rest))
        return head, tail

    def pages(self, header: list[Cell], rows: Sequence[list[Cell]],
              room_for: list[float]) -> list[TablePage]:
        """Deal rows onto pages; ``room_for[0]`` is the first page's height, ``[1]`` the rest."""
        pages: list[TablePage] = []
        head_h = self.row_height(header, header=True)
        queue = [list(r) + [()] * (self.columns - len(r)) for r in rows]
        page = TablePage([header], [head_h])
        while queue:
            room = room_for[0] if not pages else room_for[1]
            row = queue.pop(0)
            h = self.row_height(row)
            if sum(page.heights) + h <= room:
                page.rows.append(row)
                page.heights.append(h)
                continue
            if len(page.rows) > 1:
                pages.append(page)
                page = TablePage([header], [head_h])
                queue.insert(0, row)
                continue
            first, rest = self.split_row(row, room - head_h)
            page.cut.append(row)
            page.rows.append(first)
            page.heights.append(self.row_height(first))
            pages.append(page)
            page = TablePage([header], [head_h])
            queue.insert(0, rest)
        if len(page.rows) > 1 or not pages:
            pages.append(page)
        return pages
