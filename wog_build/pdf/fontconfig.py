"""A WeasyPrint font configuration that holds only the declared fonts.

WeasyPrint's own configuration loads every font installed on the machine, and Pango
draws any character the declared fonts lack with whichever of them has it: the module
would then show text in a font nobody declared, that is in no digest and differs from
machine to machine (CJK on one, boxes on another).  This configuration starts from an
empty fontconfig set, so the only fonts are the ``@font-face`` files the templates
declare (``layouts/fonts.yaml`` and the theme's fallback fonts); a character none of
them has prints as the font's box, and :mod:`wog_build.glyphs` warns of it before the
build.
"""

from __future__ import annotations

from typing import Any

_DECLARED = False


def _fontconfig() -> tuple[Any, Any, Any]:
    global _DECLARED
    from weasyprint.text.ffi import ffi, fontconfig, pangoft2

    if not _DECLARED:  # not among the functions WeasyPrint declares (override: if it
        # ever does, the same declaration replaces its own)
        ffi.cdef("FcConfig * FcConfigCreate (void);", override=True)
        _DECLARED = True
    return ffi, fontconfig, pangoft2


def declared_fonts_only() -> Any:
    """A ``FontConfiguration`` without the machine's fonts (pass it as ``font_config``)."""
    from weasyprint.text.fonts import FontConfiguration

    class DeclaredFontsOnly(FontConfiguration):
        def __init__(self) -> None:
            super().__init__()
            ffi, fontconfig, pangoft2 = _fontconfig()
            empty = fontconfig.FcConfigCreate()
            pangoft2.pango_fc_font_map_set_config(
                ffi.cast("PangoFcFontMap *", self.font_map), empty)
            fontconfig.FcConfigDestroy(empty)  # the font map keeps its own reference
            self._config = empty

    return DeclaredFontsOnly()
