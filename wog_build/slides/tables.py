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

    def word_width(self, cell: Cell, header: bool = False) -> float:
        """The widest word of a cell, as a column must hold it (insets and the width
        safety margin included)."""
        widest = max((self.metrics.width(w, self.size, s.bold or header, s.italic)
                      for s in cell for w in s.text.split()), default=0.0)
        return widest / (1 - self.theme.text["width_safety"]) + 2 * self.inset + 0.5

    def set_widths(self, rows: Sequence[Sequence[Cell]]) -> None:
        """Every column at least as wide as its longest word, so no word is broken
        inside a cell; the width left over goes to the columns whose text wants more
        than one line, in proportion to what they want (their one-line width, within
        the theme's bounds).  When the longest words cannot all fit, the columns share
        the width by those words, and :meth:`hyphenate` breaks what still does not fit."""
        natural = [0.0] * self.columns
        least = [0.0] * self.columns
        for r, row in enumerate(rows):
            for i, cell in enumerate(row[: self.columns]):
                text_w = sum(self.metrics.width(s.text, self.size, s.bold or r == 0,
                                                s.italic) for s in cell)
                natural[i] = max(natural[i], text_w + 2 * self.inset)
                least[i] = max(least[i], self.word_width(cell, header=(r == 0)))
        low = self.width * self.theme.limits["table_column_min_share"] / self.columns
        high = self.width * self.theme.limits["table_column_max_share"]
        least = [max(w, min(low, n)) for w, n in zip(least, natural, strict=True)]
        if sum(least) >= self.width:
            total = sum(least)
            self.widths = [self.width * w / total for w in least]
            return
        wants = [max(min(max(n, low), high) - w, 0.0) for n, w in zip(natural, least,
                                                                        strict=True)]
        spare = self.width - sum(least)
        total = sum(wants) or float(self.columns)
        self.widths = [w + spare * (want / total if sum(wants) else 1 / self.columns)
                       for w, want in zip(least, wants, strict=True)]

    def hyphenate(self, cell: Cell, col: int, header: bool = False) -> Cell:
        """A cell whose words all fit its column: a word too long for any layout of the
        table is broken with a visible hyphen, never cut silently by the renderer."""
        room = self.box(self.widths[col]).text_width(self.para(cell, header))
        out: list[Span] = []
        for s in cell:
            bold = s.bold or header
            words = []
            for word in s.text.split(" "):
                while len(word) > 1 and self.metrics.width(word, self.size, bold,
                                                           s.italic) > room:
                    k = len(word) - 1
                    while k > 1 and self.metrics.width(word[:k] + "-", self.size, bold,
                                                       s.italic) > room:
                        k -= 1
                    words.append(word[:k] + "-")
                    word = word[k:]
                words.append(word)
            out.append(Span(" ".join(words), s.bold, s.italic))
        return tuple(out)

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
        """Deal rows onto pages; ``room_for[0]`` is the first page's height, ``[1]`` the rest.

        Balanced: when the rows take more than one slide, each slide gets about the same
        number of rows (9 rows on two slides are 5 + 4, never 8 + 1), as long as that
        takes no more slides than filling each one would."""
        greedy = self.deal(header, rows, room_for)
        if len(greedy) < 2 or any(p.cut for p in greedy):
            return greedy
        balanced = self.deal(header, rows, room_for, plan=len(greedy))
        return balanced if len(balanced) == len(greedy) else greedy

    def deal(self, header: list[Cell], rows: Sequence[list[Cell]], room_for: list[float],
             plan: int = 0) -> list[TablePage]:
        """Greedy dealing; with ``plan`` pages, each takes at most an even share of the
        rows still to place."""
        pages: list[TablePage] = []
        cap = len(rows)
        head_h = self.row_height(header, header=True)
        queue = [list(r) + [()] * (self.columns - len(r)) for r in rows]
        page = TablePage([header], [head_h])
        while queue:
            room = room_for[0] if not pages else room_for[1]
            row = queue.pop(0)
            if plan and len(page.rows) == 1:
                cap = -(-(len(queue) + 1) // max(plan - len(pages), 1))
            h = self.row_height(row)
            if sum(page.heights) + h <= room and len(page.rows) <= cap:
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
