"""The text each drawn glyph stands for, so the module reads back as it was written.

WeasyPrint records a glyph's text (the PDF's ToUnicode map, what copy, search, screen
readers and the sync proof read) from the first place it is drawn: the characters of
its cluster.  When a ligature forms across a soft hyphen ("daf\u00adtar": the ``ft``
ligature, then the hyphen's empty glyph in the same cluster), that first place gives
the ligature no characters at all, and every "daftar" in the book then reads "da ar".
Whether a book hits it depends on where its first ``ft`` happens to fall, so a module
laid out in parts could lose text a single pass kept.

:func:`glyph_text` repairs, just before WeasyPrint writes its fonts, every glyph that
was given no text: from the font itself (its cmap, then what its GSUB single, alternate
and ligature substitutions make of those characters).  A glyph with text is left alone.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

SINGLE, ALTERNATE, LIGATURE, EXTENSION = 1, 3, 4, 7


@lru_cache(maxsize=16)
def _texts(content: bytes, index: int) -> dict[int, str]:
    """Glyph id → the characters it draws, for a font file's glyphs that have any."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(content), fontNumber=index, lazy=True)
    ids = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    text: dict[int, str] = {}
    for code, name in sorted(font.getBestCmap().items()):
        text.setdefault(ids[name], chr(code))
    if "GSUB" not in font:
        return text
    rules: list[tuple[int, list[int]]] = []  # output glyph, the glyphs it stands for
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for sub in lookup.SubTable:
            kind = lookup.LookupType
            if kind == EXTENSION:
                kind, sub = sub.ExtensionLookupType, sub.ExtSubTable
            if kind == SINGLE:
                rules += [(ids[out], [ids[src]]) for src, out in sub.mapping.items()]
            elif kind == ALTERNATE:
                rules += [(ids[out], [ids[src]]) for src, outs in sub.alternates.items()
                          for out in outs]
            elif kind == LIGATURE:
                rules += [(ids[lig.LigGlyph], [ids[first]] + [ids[c] for c in lig.Component])
                          for first, ligatures in sub.ligatures.items() for lig in ligatures]
    changed = True
    while changed:  # a ligature of alternates: as many rounds as substitutions chain
        changed = False
        for out, sources in rules:
            if out not in text and all(s in text for s in sources):
                text[out] = "".join(text[s] for s in sources)
                changed = True
    return text


def repair(fonts: Any) -> None:
    """Give every glyph WeasyPrint mapped to no text the text its font says it draws."""
    for font in fonts.values():
        empty = [gid for gid, value in font.to_unicode.items() if not value]
        if not empty or getattr(font, "bitmap", False):
            continue
        known = _texts(bytes(font.file_content), int(font.index))
        for gid in empty:
            if gid in known:
                font.to_unicode[gid] = known[gid]


@contextlib.contextmanager
def glyph_text() -> Iterator[None]:
    """While a document is written: its fonts' glyph texts repaired (:func:`repair`)
    before WeasyPrint subsets the fonts and writes their ToUnicode maps."""
    import weasyprint.pdf as wpdf

    original = wpdf.build_fonts_dictionary

    def build(pdf: Any, fonts: Any, *args: Any, **kwargs: Any) -> Any:
        repair(fonts)
        return original(pdf, fonts, *args, **kwargs)

    wpdf.build_fonts_dictionary = build
    try:
        yield
    finally:
        wpdf.build_fonts_dictionary = original
