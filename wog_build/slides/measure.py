"""Text measurement with the real font metrics, so no slide text overflows its box.

PowerPoint and LibreOffice lay text out themselves; the deck can only promise that the
text fits if it predicts their layout.  It does so conservatively: advance widths of the
metric twin (Carlito for Calibri, identical advances), no kerning (which only narrows),
line breaks at spaces only (renderers have more break opportunities, never fewer), a
word longer than the line broken at the last character that fits (what both renderers
do), and an exact line pitch written into every paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from PIL import ImageFont

from ..fonts import FontFamily
from ..glyphs import drawing_file

_WORD = re.compile(r"[^ ]+")


@dataclass(frozen=True)
class Span:
    """A piece of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Para:
    """One paragraph of a text box, in the terms the renderer writes and measures."""

    spans: tuple[Span, ...]
    size: float
    bullet: str | None = None        # a bullet character, or None
    number: int | None = None        # auto-numbered list: the number of this item
    level: int = 0                   # indentation level (bullets and continuations)
    align: str = "l"                 # l, ctr, r
    color: str = "text"              # theme colour name
    space_after: float | None = None  # pt; None: the theme's paragraph spacing
    bold: bool = False               # every span bold (headings)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    def styled(self) -> list[tuple[str, bool, bool]]:
        return [(s.text, s.bold or self.bold, s.italic) for s in self.spans]


def _style_name(bold: bool, italic: bool) -> str:
    if bold and italic:
        return "bold_italic"
    return "bold" if bold else "italic" if italic else "regular"


class Metrics:
    """Advance widths and line pitch of one font family, in points.

    A character the family lacks is measured in the first of the theme's ``fallback``
    fonts that has it, the font the module draws it with and the deck's runs name (not
    the main font's box, which is narrower than a CJK ideograph)."""

    def __init__(self, family: FontFamily, fallback: Sequence[FontFamily] = ()) -> None:
        self.family = family
        self.fallback = tuple(fallback)
        regular = _font(str(family.file("regular")))
        ascent, descent = regular.getmetrics()
        self.units = float(regular.size)
        self.line_factor = (ascent + descent) / self.units
        self._advances: dict[tuple[str, bool, bool], float] = {}

    def advance(self, char: str, bold: bool, italic: bool) -> float:
        """Advance of one character at 1 pt (kept: a deck measures each character of
        each line many times over while it looks for the break that fits)."""
        key = (char, bold, italic)
        found = self._advances.get(key)
        if found is None:
            found = self._advances[key] = self._measure(char, bold, italic)
        return found

    def _measure(self, char: str, bold: bool, italic: bool) -> float:
        style = _style_name(bold, italic)
        path = str(self.family.file(style))
        if self.fallback:
            path = drawing_file(path, tuple(str(f.file(style)) for f in self.fallback), char)
        return _advance(path, char) / _units(path)

    def prefix(self, styled: Sequence[tuple[str, bool, bool]]) -> tuple[str, list[float]]:
        """The paragraph's text and the cumulative advance before each character (1 pt)."""
        advance = self.advance
        widths = [advance(ch, bold, italic) for text, bold, italic in styled for ch in text]
        return "".join(text for text, _, _ in styled), list(accumulate(widths, initial=0.0))

    def width(self, text: str, size: float, bold: bool = False, italic: bool = False) -> float:
        return sum(self.advance(ch, bold, italic) for ch in text) * size


@lru_cache(maxsize=8)
def _font(path: str) -> ImageFont.FreeTypeFont:
    # size = the font's units per em (2048 for Carlito): one pixel is one font unit
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:  # the raw table: decoding it logs its dates
        units = int.from_bytes(font.reader["head"][18:20], "big")
    return ImageFont.truetype(path, units, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=65536)
def _advance(path: str, char: str) -> float:
    return float(_font(path).getlength(char))


@lru_cache(maxsize=32)
def _units(path: str) -> float:
    """The font's units per em (the size it is opened at: one pixel is one unit)."""
    return float(_font(path).size)


def wrap(metrics: Metrics, styled: Sequence[tuple[str, bool, bool]], size: float,
         width: float) -> list[tuple[int, int]]:
    """Greedy line breaking: (start, end) character offsets of each line."""
    text, sums = metrics.prefix(styled)
    limit = width / size

    def span(a: int, b: int) -> float:
        return sums[b] - sums[a]

    lines: list[tuple[int, int]] = []
    start = end = -1
    for match in _WORD.finditer(text):
        a, b = match.span()
        if start >= 0 and span(start, b) <= limit:
            end = b
            continue
        if start >= 0:
            lines.append((start, end))
        while span(a, b) > limit:  # a word longer than the line: break it
            k = a + 1
            while k < b and span(a, k + 1) <= limit:
                k += 1
            lines.append((a, k))
            a = k
        start, end = a, b
    if start >= 0:
        lines.append((start, end))
    return lines or [(0, 0)]


def line_pitch(metrics: Metrics, size: float, spacing: float) -> float:
    """The exact line pitch the deck writes into each paragraph (``a:spcPts``)."""
    return round(size * metrics.line_factor * spacing * 100) / 100


@dataclass(frozen=True)
class Box:
    """The text area of a text box: its size and the rules it is laid out with."""

    width: float
    height: float
    inset: float
    bullet_indent: float
    spacing: float
    paragraph_after: float
    width_safety: float = 0.0
    height_safety: float = 0.0
    insets: tuple[float, float, float, float] | None = None
    """Left, top, right, bottom, when they differ (a template placeholder's own insets);
    None: ``inset`` on all four sides."""

    @property
    def sides(self) -> tuple[float, float, float, float]:
        return self.insets if self.insets is not None else (self.inset,) * 4

    def text_width(self, para: Para) -> float:
        indent = self.bullet_indent * (para.level + (1 if (para.bullet or para.number) else 0))
        left, _, right, _ = self.sides
        return (self.width - left - right - indent) * (1 - self.width_safety)

    @property
    def text_height(self) -> float:
        _, top, _, bottom = self.sides
        return self.height - top - bottom - self.height_safety

    def after(self, para: Para) -> float:
        return self.paragraph_after if para.space_after is None else para.space_after


def para_lines(metrics: Metrics, box: Box, para: Para) -> list[tuple[int, int]]:
    return wrap(metrics, para.styled(), para.size, box.text_width(para))


def para_height(metrics: Metrics, box: Box, para: Para) -> float:
    lines = para_lines(metrics, box, para)
    return len(lines) * line_pitch(metrics, para.size, box.spacing) + box.after(para)


def height_of(metrics: Metrics, box: Box, paras: Sequence[Para]) -> float:
    return sum(para_height(metrics, box, p) for p in paras)


def fits(metrics: Metrics, box: Box, paras: Sequence[Para]) -> bool:
    return height_of(metrics, box, paras) <= box.text_height


def split_spans(spans: Sequence[Span], offset: int) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """Cut styled text at a character offset."""
    head: list[Span] = []
    tail: list[Span] = []
    pos = 0
    for s in spans:
        n = len(s.text)
        if pos + n <= offset:
            head.append(s)
        elif pos >= offset:
            tail.append(s)
        else:
            cut = offset - pos
            head.append(Span(s.text[:cut], s.bold, s.italic))
            tail.append(Span(s.text[cut:], s.bold, s.italic))
        pos += n
    return tuple(x for x in head if x.text), tuple(x for x in tail if x.text)


def strip_left(spans: Sequence[Span]) -> tuple[Span, ...]:
    out = list(spans)
    while out and not out[0].text.lstrip(" "):
        out.pop(0)
    if out:
        out[0] = Span(out[0].text.lstrip(" "), out[0].bold, out[0].italic)
    return tuple(out)
