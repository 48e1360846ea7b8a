"""Line breaking for drawings written as SVG, where the writer must break lines itself.

Advance widths come from the font files of ``layouts/fonts.yaml`` (the ones the module
embeds); lines break at spaces, and a word wider than the line at the last character
that fits (a drawing's layout avoids that: see :attr:`Drawing.broken_words`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from PIL import ImageFont

from ..fonts import FontFamily
from ..glyphs import drawing_file
from .diagram import Text

UNITS = 2048


@lru_cache(maxsize=8)
def _font(path: str) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, UNITS, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=65536)
def _advance(path: str, char: str) -> float:
    return float(_font(path).getlength(char)) / UNITS


class TextWidths:
    """Widths and line breaks in one font family; also a :class:`diagram.Measure`."""

    def __init__(self, family: FontFamily, inset: float, spacing: float,
                 fallback: Sequence[FontFamily] = ()) -> None:
        self.family = family
        self.inset = inset
        self.spacing = spacing
        self.fallback = tuple(fallback)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Each character in the font that draws it (the theme's fallback fonts after
        the main one, as the module's renderer picks them)."""
        style = "bold" if bold else "regular"
        path = str(self.family.file(style))
        if not self.fallback:
            return sum(_advance(path, ch) for ch in text) * size
        others = tuple(str(f.file(style)) for f in self.fallback)
        return sum(_advance(drawing_file(path, others, ch), ch) for ch in text) * size

    def wrap(self, text: str, size: float, bold: bool, width: float) -> list[str]:
        lines: list[str] = []
        line = ""
        for word in text.split():
            trial = f"{line} {word}" if line else word
            if self.width(trial, size, bold) <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            while self.width(word, size, bold) > width and len(word) > 1:
                k = len(word) - 1
                while k > 1 and self.width(word[:k], size, bold) > width:
                    k -= 1
                lines.append(word[:k])
                word = word[k:]
            line = word
        if line:
            lines.append(line)
        return lines or [""]

    # --- diagram.Measure -----------------------------------------------------------

    def pitch(self, size: float) -> float:
        return size * self.spacing

    def height(self, paras: Sequence[Text], size: float, width: float) -> float:
        inner = width - 2 * self.inset
        lines = sum(len(self.wrap(p.text, size, p.bold, inner)) for p in paras)
        return lines * self.pitch(size) + 2 * self.inset

    def words_fit(self, paras: Sequence[Text], size: float, width: float) -> bool:
        inner = width - 2 * self.inset
        return all(self.width(w, size, p.bold) <= inner for p in paras for w in p.text.split())
