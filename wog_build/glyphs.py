"""Glyph coverage: which declared font draws each character an author wrote.

The outputs draw text only with the fonts the layouts and the theme declare (the
module's renderer is given no other font, the deck measures with them), so a character
none of them has prints as a box.  :func:`coverage_warnings` finds such characters
before anything is built and says where they were written, one warning per text;
:meth:`Coverage.font_for` is the one rule both outputs follow to pick the font of a
character (the first declared font that has it).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import SourceError, warning
from .fonts import FontFamily, Fonts
from .inline import InlineText
from .model import walk_with_paths
from .yamlsource import Path_, SourceMap

NOT_PRINTED = frozenset({"id", "audience", "key", "indicator", "indicators", "figure", "logo",
                         "theme", "language", "kind", "diagram", "chart", "schema"})
"""Keys whose values name things (ids, files, kinds) and are never printed."""

SHOWN_CHARACTERS = 3
"""How many of a text's missing characters a warning names (then: 'and N more')."""

_IGNORABLE = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
              (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
              (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
              (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
              (0xE0000, 0xE0FFF))
"""Unicode's Default_Ignorable_Code_Point ranges: ZWJ, ZWNJ, bidi marks and controls,
the soft hyphen, variation selectors, ... - characters that shape or steer the text
around them and are drawn as nothing."""


def renders_nothing(char: str) -> bool:
    """Whether ``char`` needs no glyph: a control, a default-ignorable format character
    or a space (renderers synthesise spaces a font lacks)."""
    code = ord(char)
    if unicodedata.category(char) in ("Cc", "Zs", "Zl", "Zp"):
        return True
    return any(lo <= code <= hi for lo, hi in _IGNORABLE)


@lru_cache(maxsize=32)
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap() or {})


@lru_cache(maxsize=8)
def _union(paths: tuple[str, ...]) -> frozenset[int]:
    return frozenset().union(*(_cmap(p) for p in paths))


def font_has(path: Path, char: str) -> bool:
    return ord(char) in _cmap(str(path))


@lru_cache(maxsize=65536)
def drawing_file(main: str, fallback: tuple[str, ...], char: str) -> str:
    """The font file that draws ``char``: the main font's, else the first fallback's
    that has it, else the main font's (its box: the coverage check has warned)."""
    if renders_nothing(char) or font_has(Path(main), char):
        return main
    return next((f for f in fallback if font_has(Path(f), char)), main)


@dataclass(frozen=True)
class Coverage:
    """The declared font families in the order they are tried."""

    families: tuple[FontFamily, ...]

    @classmethod
    def of(cls, fonts: Fonts, role: str = "sans") -> Coverage:
        """The main family of ``role``, then the theme's fallback fonts."""
        return cls((fonts[role], *fonts.fallback))

    def font_for(self, char: str, style: str = "regular") -> FontFamily | None:
        """The first family whose file of ``style`` has ``char`` (None: no declared font)."""
        for family in self.families:
            path = family.file(style)
            if path.is_file() and font_has(path, char):
                return family
        return None

    def missing(self, text: str) -> list[str]:
        """The distinct characters of ``text`` no declared font has, in order."""
        covered = self.covered
        return [c for c in dict.fromkeys(text)
                if ord(c) not in covered and not renders_nothing(c)]

    @property
    def covered(self) -> frozenset[int]:
        """Every code point some declared font (its regular file) has."""
        return _union(tuple(str(f.file()) for f in self.families if f.file().is_file()))

    @property
    def names(self) -> str:
        return ", ".join(f.family for f in self.families)


def character_name(char: str) -> str:
    """'U+0915 DEVANAGARI LETTER KA'."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def _author_texts(course: Any) -> Iterator[tuple[Path_, str]]:
    for path, value in walk_with_paths(course):
        if any(isinstance(p, str) and p in NOT_PRINTED for p in path):
            continue
        if isinstance(value, InlineText):
            yield path, value.source
        elif isinstance(value, str):
            yield path, value


def course_coverage(layouts: Path, theme: Path | None) -> Coverage | None:
    """The fonts a course is drawn with, or None when their files are not there (the
    build then stops with the command that installs them)."""
    from .fonts import load_fonts

    fonts = load_fonts(layouts, theme)
    return None if fonts.missing() else Coverage.of(fonts)


def coverage_warnings(course: Any, smap: SourceMap, coverage: Coverage) -> list[SourceError]:
    """One located warning per text holding characters no declared font has: at the
    first such character, naming up to :data:`SHOWN_CHARACTERS` of them."""
    found: list[SourceError] = []
    seen: set[tuple[Path_, str]] = set()
    for path, text in _author_texts(course):
        if (path, text) in seen:
            continue
        seen.add((path, text))
        missing = coverage.missing(text)
        if not missing:
            continue
        mark = smap.find(path, missing[0])
        found.append(warning(mark.file, mark.line, mark.column,
                             _message(missing, coverage)))
    return found


DRAWN_KEYS = frozenset({"items", "categories", "series", "unit"})
"""The keys of a diagram or chart whose texts are drawn in the figure itself (its caption,
description and source are ordinary text)."""


def needs_shaping(text: str) -> bool:
    """Whether ``text`` holds right-to-left letters, bidi controls or marks that join
    with the letter before them (Arabic, Hebrew, Devanagari, Thai vowels, ...)."""
    from .directions import reorders

    return reorders(text) or any(unicodedata.category(c) in ("Mn", "Mc") for c in text)


def drawing_warnings(course: Any, smap: SourceMap) -> list[SourceError]:
    """A located warning for each diagram or chart label that needs shaping: the
    module draws a figure's labels as SVG text, which its renderer sets letter by letter
    (no joining, no right-to-left order), so such a label would print broken.  A
    documented restriction, said where the label is written."""
    from .model import Chart, Diagram

    found: list[SourceError] = []
    for path, value in walk_with_paths(course):
        if not isinstance(value, Diagram | Chart):
            continue
        for inner, text in _author_texts(value):
            if inner[:1] and inner[0] in DRAWN_KEYS and needs_shaping(text):
                mark = smap.at((*path, *inner))
                found.append(warning(mark.file, mark.line, mark.column, (
                    f"'{text[:30]}' is a label drawn inside the figure, where the module "
                    "sets text letter by letter: right-to-left or joined script comes out "
                    "reversed and unjoined; write the label in a left-to-right script, or "
                    "show this content as a table")))
    return found


def _message(missing: Sequence[str], coverage: Coverage) -> str:
    shown = ", ".join(character_name(c) for c in missing[:SHOWN_CHARACTERS])
    more = len(missing) - SHOWN_CHARACTERS
    several = len(missing) > 1
    what = shown + (f" and {more} more character{'s' if more != 1 else ''}" if more > 0
                    else "")
    return (f"{what} {'are' if several else 'is'} in no font of the theme "
            f"({coverage.names}) and would print as {'boxes' if several else 'a box'}; add "
            f"a font that has {'them' if several else 'it'} to the theme's fallback fonts "
            "(fonts: fallback: in theme.yaml), or write the text without "
            f"{'them' if several else 'it'}")
