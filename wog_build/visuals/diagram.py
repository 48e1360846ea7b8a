"""The geometry of a diagram: boxes with their text, and the lines between them.

One function per kind lays the items out in a given width at a given text size; the
caller's :class:`Measure` says how tall a box of some width must be for its text (the
deck measures as PowerPoint will lay it out, the module as its SVG will be written).
:func:`layout` tries the sizes from large to small and keeps the first at which the
drawing fits its height and no word has to be broken inside a box.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from .style import VisualStyle

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Diagram, DiagramItem


@dataclass(frozen=True)
class Text:
    """One paragraph of a box."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Item:
    """A diagram item as a reader sees it (citations and references spelled out)."""

    text: str
    label: str = ""
    children: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    paras: tuple[Text, ...]
    fill: str | None      # hex colour, or None for no fill
    line: str | None      # hex colour of the outline, or None
    color: str            # hex colour of the text
    form: str = "round"   # round, rect, ellipse
    align: str = "ctr"    # l or ctr


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str
    arrow: bool = True


@dataclass
class Drawing:
    kind: str
    width: float
    height: float
    size: float
    boxes: list[Box] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    broken_words: bool = False
    """True when some word is wider than its box (it would be broken mid-word)."""

    @property
    def texts(self) -> list[str]:
        return [p.text for b in self.boxes for p in b.paras if p.text]


class Measure(Protocol):
    def height(self, paras: Sequence[Text], size: float, width: float) -> float:
        """The height a box ``width`` wide needs for ``paras`` at ``size`` (insets too)."""

    def words_fit(self, paras: Sequence[Text], size: float, width: float) -> bool:
        """Whether every word of ``paras`` fits on one line of a box ``width`` wide."""

    def pitch(self, size: float) -> float:
        """The height of one line of text at ``size``."""


def items_of(doc: Document, diagram: Diagram) -> list[Item]:
    def one(item: DiagramItem) -> Item:
        return Item(doc.plain(item.text), doc.plain(item.label),
                    tuple(one(c) for c in item.items))

    return [one(i) for i in diagram.items]


def alt_text(kind_word: str, items: Sequence[Item]) -> str:
    """A description derived from the items: "Alur: A → B → C" style, but in words a
    screen reader reads well: the kind, then each item (and its children) in order."""

    def one(item: Item) -> str:
        head = f"{item.label}: {item.text}" if item.label else item.text
        if item.children:
            head += " (" + "; ".join(one(c) for c in item.children) + ")"
        return head

    return f"{kind_word}: " + "; ".join(one(i) for i in items) + "."


class _Layout:
    def __init__(self, kind: str, width: float, size: float, style: VisualStyle,
                 measure: Measure, columns: int) -> None:
        self.d = Drawing(kind, width, 0.0, size)
        self.w = width
        self.size = size
        self.rules = style.diagram
        self.style = style
        self.m = measure
        self.columns = columns
        self.pitch = measure.pitch(size)

    # --- helpers --------------------------------------------------------------------

    def paras(self, item: Item, nested: bool = True) -> tuple[Text, ...]:
        out = [Text(item.label, bold=True)] if item.label else []
        out.append(Text(item.text))
        if nested:
            out += [Text(f"– {c.text}") for c in _flatten(item.children)]
        return tuple(out)

    def need(self, paras: Sequence[Text], width: float, min_lines: bool = True) -> float:
        if not self.m.words_fit(paras, self.size, width):
            self.d.broken_words = True
        h = self.m.height(paras, self.size, width)
        if min_lines:
            lines = int(self.rules["min_box_lines"])
            h = max(h, self.m.height([Text("M")] * lines, self.size, width))
        return h

    def box(self, x: float, y: float, w: float, h: float, paras: Sequence[Text],
            fill: str | None, line: str | None, color: str, form: str = "round",
            align: str = "ctr") -> Box:
        b = Box(x, y, w, h, tuple(paras), fill, line, color, form, align)
        self.d.boxes.append(b)
        return b

    def line(self, x1: float, y1: float, x2: float, y2: float, arrow: bool = True) -> None:
        self.d.lines.append(Line(x1, y1, x2, y2, self.style.color("accent"), arrow))

    def strong(self, x: float, y: float, w: float, h: float, paras: Sequence[Text],
               fill: str | None = None) -> Box:
        c = self.style.colors
        return self.box(x, y, w, h, paras, fill or c["primary"], None, c["on_primary"])

    def light(self, x: float, y: float, w: float, h: float, paras: Sequence[Text],
              form: str = "round", align: str = "ctr") -> Box:
        c = self.style.colors
        return self.box(x, y, w, h, paras, c["band_light"], c["primary"], c["text"], form,
                        align)

    # --- kinds ----------------------------------------------------------------------

    def process(self, items: Sequence[Item]) -> None:
        n = len(items)
        ag = self.rules["arrow_gap"] * self.w
        paras = [self.paras(i) for i in items]
        w = (self.w - (n - 1) * ag) / n
        across = n <= self.rules["max_in_row"] and all(
            self.m.words_fit(p, self.size, w) for p in paras)
        if across:  # side by side; too many, or too narrow for a word: top to bottom
            h = max(self.need(p, w) for p in paras)
            for k, p in enumerate(paras):
                x = k * (w + ag)
                self.strong(x, 0, w, h, p)
                if k:
                    self.line(x - ag * 0.85, h / 2, x - ag * 0.15, h / 2)
            self.d.height = h
            return
        w = self.w * 0.7
        x = (self.w - w) / 2
        gap = self.rules["level_gap"] * self.pitch
        y = 0.0
        for k, p in enumerate(paras):
            h = self.need(p, w, min_lines=False)
            if k:
                self.line(self.w / 2, y - gap * 0.85, self.w / 2, y - gap * 0.15)
            self.strong(x, y, w, h, p)
            y += h + gap
        self.d.height = y - gap

    def cycle(self, items: Sequence[Item]) -> None:
        n = len(items)
        bw = self.rules["cycle_box_share"] * self.w
        paras = [self.paras(i) for i in items]
        h = max(self.need(p, bw) for p in paras)
        rx = (self.w - bw) / 2
        ry = max(h * 1.25, rx * 0.42)
        cx, cy = self.w / 2, ry + h / 2
        centres = []
        for k, p in enumerate(paras):
            a = -math.pi / 2 + 2 * math.pi * k / n
            x, y = cx + rx * math.cos(a), cy + ry * math.sin(a)
            centres.append((x, y))
            self.strong(x - bw / 2, y - h / 2, bw, h, p,
                        fill=self.style.series_color(k) if k else None)
        pad = self.pitch * 0.3
        for k in range(n if n > 1 else 0):
            (x1, y1), (x2, y2) = centres[k], centres[(k + 1) % n]
            dx, dy = x2 - x1, y2 - y1
            length = math.hypot(dx, dy)
            if length == 0:
                continue
            t = _exit(bw / 2, h / 2, dx, dy) + pad / length
            if 2 * t >= 1:
                continue
            self.line(x1 + dx * t, y1 + dy * t, x2 - dx * t, y2 - dy * t)
        self.d.height = 2 * ry + h

    def levels(self, items: Sequence[Item]) -> None:
        n = len(items)
        top = self.rules["levels_top_share"]
        gap = self.rules["row_gap"] * self.pitch * 0.4
        y = 0.0
        for k, item in enumerate(items):
            w = self.w * (top + (1 - top) * (k / (n - 1) if n > 1 else 1))
            p = self.paras(item)
            h = self.need(p, w, min_lines=False) + self.pitch * 0.4
            self.strong((self.w - w) / 2, y, w, h, p, fill=self.style.series_color(k))
            y += h + gap
        self.d.height = y - gap

    def hierarchy(self, items: Sequence[Item]) -> None:
        total = sum(_leaves(i) for i in items)
        slot = self.w / total
        gap = self.rules["gap"] * self.w
        placed: list[tuple[int, float, float, tuple[Text, ...], Item]] = []

        def place(item: Item, x0: float, depth: int) -> float:
            span = _leaves(item) * slot
            centre = x0 + span / 2
            placed.append((depth, centre, span, self.paras(item, nested=False), item))
            x = x0
            for child in item.children:
                place(child, x, depth + 1)
                x += _leaves(child) * slot
            return centre

        x = 0.0
        for item in items:
            place(item, x, 0)
            x += _leaves(item) * slot
        depths = max(d for d, *_ in placed) + 1
        widths = {id(it): min(span - gap, self.w * 0.45) if span - gap > slot - gap
                  else slot - gap for _, _, span, _, it in placed}
        heights = [0.0] * depths
        for d, _, _, p, it in placed:
            heights[d] = max(heights[d], self.need(p, widths[id(it)]))
        vgap = self.rules["level_gap"] * self.pitch
        tops = [sum(heights[:d]) + d * vgap for d in range(depths)]
        centre_of: dict[int, float] = {}
        for d, c, _, p, it in placed:
            w = widths[id(it)]
            if d == 0:
                self.strong(c - w / 2, tops[d], w, heights[d], p)
            else:
                self.light(c - w / 2, tops[d], w, heights[d], p)
            centre_of[id(it)] = c
        for d, c, _, _, it in placed:
            if not it.children:
                continue
            bottom = tops[d] + heights[d]
            mid = bottom + vgap / 2
            kids = [centre_of[id(ch)] for ch in it.children]
            if len(kids) == 1 and abs(kids[0] - c) < 0.5:
                self.line(c, bottom, c, tops[d + 1], arrow=False)
                continue
            self.line(c, bottom, c, mid, arrow=False)
            self.line(min(kids), mid, max(kids), mid, arrow=False)
            for k in kids:
                self.line(k, mid, k, tops[d + 1], arrow=False)
        self.d.height = tops[-1] + heights[-1]

    def matrix(self, items: Sequence[Item]) -> None:
        c = self.columns
        gap = self.rules["gap"] * self.w
        w = (self.w - (c - 1) * gap) / c
        y = 0.0
        for r in range(0, len(items), c):
            row = [self.paras(i) for i in items[r:r + c]]
            h = max(self.need(p, w) for p in row)
            for k, p in enumerate(row):
                self.light(k * (w + gap), y, w, h, p, form="rect")
            y += h + gap
        self.d.height = y - gap

    def comparison(self, items: Sequence[Item]) -> None:
        n = len(items)
        gap = self.rules["gap"] * self.w
        w = (self.w - (n - 1) * gap) / n
        heads = [(Text(i.text, bold=True),) for i in items]
        bodies = [tuple(([Text(i.label)] if i.label else [])
                        + [Text(f"• {c.text}") for c in _flatten(i.children)])
                  for i in items]
        hh = max(self.need(h, w, min_lines=False) for h in heads)
        bh = max((self.need(b, w) for b in bodies if b), default=0.0)
        for k, (head, body) in enumerate(zip(heads, bodies, strict=True)):
            x = k * (w + gap)
            self.strong(x, 0, w, hh, head, fill=self.style.series_color(k))
            if bh:
                self.light(x, hh, w, bh, body, form="rect", align="l")
        self.d.height = hh + bh

    def timeline(self, items: Sequence[Item]) -> None:
        n = len(items)
        colors = self.style.colors
        marker = self.rules["marker"] * self.pitch
        paras = [self.paras(Item(i.text, "", i.children)) for i in items]
        labels = [(Text(i.label, bold=True),) if i.label else () for i in items]
        if n <= self.rules["max_in_row"]:
            slot = self.w / n
            gap = self.rules["gap"] * self.w
            w = slot - gap
            lh = max((self.need(lab, w, min_lines=False) for lab in labels if lab),
                     default=0.0)
            axis = lh + marker
            top = axis + marker
            h = max(self.need(p, w) for p in paras)
            self.line(0, axis, self.w, axis)
            for k, (p, lab) in enumerate(zip(paras, labels, strict=True)):
                cx = slot * k + slot / 2
                if lab:
                    self.box(cx - w / 2, 0, w, lh, lab, None, None, colors["primary"], "rect")
                self.box(cx - marker / 2, axis - marker / 2, marker, marker, (),
                         colors["accent"], None, colors["text"], "ellipse")
                self.light(cx - w / 2, top, w, h, p)
            self.d.height = top + h
            return
        lw = self.w * 0.22
        axis_x = lw + marker
        x = axis_x + marker
        w = self.w - x
        gap = self.rules["row_gap"] * self.pitch
        y = 0.0
        for p, lab in zip(paras, labels, strict=True):
            h = self.need(p, w, min_lines=False)
            if lab:
                h = max(h, self.need(lab, lw, min_lines=False))
                self.box(0, y, lw, h, lab, None, None, colors["primary"], "rect", "l")
            self.box(axis_x - marker / 2, y + h / 2 - marker / 2, marker, marker, (),
                     colors["accent"], None, colors["text"], "ellipse")
            self.light(x, y, w, h, p, align="l")
            y += h + gap
        self.line(axis_x, 0, axis_x, y - gap, arrow=True)
        self.d.height = y - gap


def _flatten(items: Sequence[Item]) -> list[Item]:
    out: list[Item] = []
    for i in items:
        out.append(i)
        out += _flatten(i.children)
    return out


def _leaves(item: Item) -> int:
    return sum(_leaves(c) for c in item.children) if item.children else 1


def _exit(hw: float, hh: float, dx: float, dy: float) -> float:
    """The fraction of (dx, dy) at which a ray from a box's centre leaves the box."""
    tx = hw / abs(dx) if dx else math.inf
    ty = hh / abs(dy) if dy else math.inf
    return min(tx, ty)


KINDS: dict[str, Callable[[_Layout, Sequence[Item]], None]] = {
    "process": _Layout.process,
    "cycle": _Layout.cycle,
    "levels": _Layout.levels,
    "hierarchy": _Layout.hierarchy,
    "matrix": _Layout.matrix,
    "comparison": _Layout.comparison,
    "timeline": _Layout.timeline,
}


def draw(kind: str, items: Sequence[Item], width: float, size: float, style: VisualStyle,
         measure: Measure, columns: int = 2) -> Drawing:
    """The drawing of ``items`` as a ``kind`` diagram ``width`` wide, its text at ``size``."""
    lay = _Layout(kind, width, size, style, measure, columns)
    KINDS[kind](lay, items)
    return lay.d


def layout(kind: str, items: Sequence[Item], width: float, sizes: Sequence[float],
           style: VisualStyle, measure: Measure, max_height: float = math.inf,
           columns: int = 2) -> Drawing:
    """The drawing at the largest of ``sizes`` that fits ``max_height`` with no word broken;
    failing that, the one at the smallest size (the caller decides what a misfit means:
    the deck refuses it, the module prints it at that size)."""
    drawing = None
    for size in sizes:
        drawing = draw(kind, items, width, size, style, measure, columns)
        if drawing.height <= max_height and not drawing.broken_words:
            return drawing
    assert drawing is not None
    return drawing


def fits(drawing: Drawing, max_height: float) -> bool:
    return drawing.height <= max_height and not drawing.broken_words
