"""Does a deck's text fit its box? Measured here from the saved XML with fontTools,
independently of the renderer's own (Pillow) measurement: greedy line breaking at
spaces, each paragraph's line pitch and space after, the box's insets."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont
from pptx.oxml.ns import qn

EMU_PER_PT = 12700
WORD = re.compile(r"[^ ]+")


class FontWidths:
    """Advance widths (in ems) of one family's four styles, read from its font files."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.files = files

    @lru_cache(maxsize=8)  # noqa: B019 - a handful of fonts, for the test session
    def _font(self, style: str) -> tuple[dict[int, str], dict[str, tuple[int, int]], int]:
        font = TTFont(str(self.files[style]))
        return font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm

    def advance(self, ch: str, bold: bool, italic: bool) -> float:
        style = ("bold_italic" if bold and italic else "bold" if bold
                 else "italic" if italic else "regular")
        cmap, hmtx, upm = self._font(style)
        glyph = cmap.get(ord(ch), ".notdef")
        return hmtx[glyph][0] / upm


def count_lines(widths: FontWidths, runs: list[tuple[str, float, bool, bool]],
                width: float) -> int:
    """Greedy breaking at spaces; a word longer than the line breaks where it must."""
    chars: list[float] = []
    text = ""
    for t, size, bold, italic in runs:
        text += t
        chars += [widths.advance(c, bold, italic) * size for c in t]
    sums = [0.0]
    for w in chars:
        sums.append(sums[-1] + w)
    lines = 0
    start = -1
    for m in WORD.finditer(text):
        a, b = m.span()
        if start >= 0 and sums[b] - sums[start] <= width:
            continue
        if start >= 0:
            lines += 1
        while sums[b] - sums[a] > width:
            k = a + 1
            while k < b and sums[k + 1] - sums[a] <= width:
                k += 1
            lines += 1
            a = k
        start = a
    return lines + (1 if start >= 0 else 0) or 1


def pts(value: str | None, default: float = 0.0) -> float:
    """An EMU attribute in points (``default`` when absent)."""
    return int(value) / EMU_PER_PT if value is not None else default


def paragraph_height(widths: FontWidths, p: Any, width: float) -> float:
    """The height in points of one ``a:p`` laid out ``width`` points wide."""
    ppr = p.find(qn("a:pPr"))
    mar_l = pts(ppr.get("marL")) if ppr is not None else 0.0
    runs = []
    for r in p.findall(qn("a:r")):
        rpr = r.find(qn("a:rPr"))
        runs.append((r.findtext(qn("a:t")) or "", int(rpr.get("sz")) / 100,
                     rpr.get("b") == "1", rpr.get("i") == "1"))
    pitch = int(ppr.find(qn("a:lnSpc")).find(qn("a:spcPts")).get("val")) / 100
    after = int(ppr.find(qn("a:spcAft")).find(qn("a:spcPts")).get("val")) / 100
    lines = count_lines(widths, runs, width - mar_l)
    return lines * pitch + after


def frame_overflow(widths: FontWidths, tx_body: Any, width: float, height: float,
                   insets: tuple[float, float, float, float]) -> float:
    """How many points the text is taller than its box (<= 0: it fits)."""
    left, top, right, bottom = insets
    paras = tx_body.findall(qn("a:p"))
    if not any(p.findall(qn("a:r")) for p in paras):
        return -1.0
    used = sum(paragraph_height(widths, p, width - left - right) for p in paras)
    return used - (height - top - bottom)


def body_insets(tx_body: Any) -> tuple[float, float, float, float]:
    """A text body's left, top, right and bottom insets in points (PowerPoint's
    defaults where it sets none)."""
    bp = tx_body.find(qn("a:bodyPr"))
    return tuple(pts(bp.get(k), 7.2 if k in ("lIns", "rIns") else 3.6)  # type: ignore[return-value]
                 for k in ("lIns", "tIns", "rIns", "bIns"))


def shape_overflow(widths: FontWidths, shape: Any) -> float:
    """:func:`frame_overflow` of a shape's own text frame, in the shape's own box."""
    body = shape.text_frame._txBody
    return frame_overflow(widths, body, shape.width / EMU_PER_PT, shape.height / EMU_PER_PT,
                          body_insets(body))


def deck_overflows(widths: FontWidths, deck: Any) -> list[tuple[str, float]]:
    """Every text frame of every slide of ``deck`` (a python-pptx presentation), as
    ``("slide N shape-name", overflow)``: > 0 is that many points too tall."""
    return [(f"slide {number} {shape.name}", shape_overflow(widths, shape))
            for number, slide in enumerate(deck.slides, 1)
            for shape in slide.shapes if shape.has_text_frame]
