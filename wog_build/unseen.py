"""Text in a PDF that no reader can see, so the sync proof does not count it as shown.

A text extractor reads every glyph in the content stream, seen or not: text drawn in
render mode 3 (invisible, the OCR layer's mode) or 7 (clip only), with a fully
transparent fill, at a size under a point, off the page, or white on a page where
nothing but white paper lies under it.  A module whose words are there only in such
text would pass a proof that reads text alone, and a participant would see a blank
page.  :func:`hide_unseen` finds those text objects on a page (PDFium's own page
objects, already parsed for the text page, so the cost is one pass over a few thousand
objects) and switches them off before the text page is made, and says what it hid.

White text is judged only against the page's own top-level drawing: a text over any
filled, non-white path, any image or any form (a slide laid onto a handout sheet) is
taken as seen; text inside a form is checked for mode, transparency and size only.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MIN_SIZE = 1.0
"""Points: text set smaller than this (its font size through its matrix) is a
hairline, not something to read."""
WHITE = 250
"""Each of R, G and B at least this: white (on white paper, unseen)."""
MAX_DEPTH = 4
"""How deep into nested forms to look (a handout sheet holds a slide page as a form)."""


@dataclass(frozen=True)
class Unseen:
    """One text object hidden from the reader, and why."""

    why: str
    text: str


Box = tuple[float, float, float, float]


class _Probe:
    """PDFium's answers about one page object, through buffers made once per page (a
    module has thousands of text objects; ctypes allocations per call add up)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.floats = [ctypes.c_float() for _ in range(5)]
        self.uints = [ctypes.c_uint() for _ in range(4)]
        self.ints = [ctypes.c_int(), ctypes.c_int()]
        self.matrix = raw.FS_MATRIX()

    def bounds(self, obj: Any) -> Box:
        left, bottom, right, top = self.floats[:4]
        self.raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        return left.value, bottom.value, right.value, top.value

    def size(self, obj: Any) -> float:
        """The text's font size as drawn: its font size scaled by the object's matrix
        (the text matrix and the page's transformation, as PDFium keeps them)."""
        size = self.floats[4]
        self.raw.FPDFTextObj_GetFontSize(obj, size)
        m = self.matrix
        if not self.raw.FPDFPageObj_GetMatrix(obj, m):
            return float(size.value)
        return float(size.value) * float((m.c ** 2 + m.d ** 2) ** 0.5)

    def fill(self, obj: Any) -> tuple[int, int, int, int]:
        r, g, b, a = self.uints
        if not self.raw.FPDFPageObj_GetFillColor(obj, r, g, b, a):
            return 0, 0, 0, 255
        return r.value, g.value, b.value, a.value

    def fills_area(self, obj: Any) -> bool:
        """Whether a path object is filled (not only stroked)."""
        fillmode, stroke = self.ints
        self.raw.FPDFPath_GetDrawMode(obj, fillmode, stroke)
        return fillmode.value != 0

    def why(self, obj: Any, page_box: Box | None,
            under: Callable[[], list[Box]]) -> str | None:
        """Why a reader cannot see this text object, or None when it can."""
        mode = self.raw.FPDFTextObj_GetTextRenderMode(obj)
        if mode == 3:
            return "render mode 3, invisible"
        if mode == 7:
            return "render mode 7, clipping only"
        red, green, blue, alpha = self.fill(obj)
        if alpha == 0 and mode in (0, 2, 4, 6):
            return "fully transparent"
        if self.size(obj) < MIN_SIZE:
            return f"set smaller than {MIN_SIZE:g} pt"
        if page_box is None:
            return None  # inside a form: its coordinates are the form's own
        left, bottom, right, top = self.bounds(obj)
        x0, y0, x1, y1 = page_box
        if right <= x0 or left >= x1 or top <= y0 or bottom >= y1:
            return "off the page"
        if min(red, green, blue) >= WHITE and mode in (0, 2, 4, 6):
            cx, cy = (left + right) / 2, (bottom + top) / 2
            if not any(a <= cx <= c and b <= cy <= d for a, b, c, d in under()):
                return "white on white"
        return None

    def backgrounds(self, objects: list[Any]) -> list[Box]:
        """The boxes of what may lie under white text: filled non-white paths, images,
        forms and shadings."""
        raw = self.raw
        boxes = []
        for obj in objects:
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                red, green, blue, alpha = self.fill(obj)
                if not self.fills_area(obj) or alpha == 0 or min(red, green, blue) >= WHITE:
                    continue
            elif kind not in (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM,
                              raw.FPDF_PAGEOBJ_SHADING):
                continue
            boxes.append(self.bounds(obj))
        return boxes


def hide_unseen(page: Any) -> list[tuple[Any, str]]:
    """Switch off every text object of a pypdfium2 ``page`` a reader cannot see; the
    objects and why, so the caller can read their text (before making its text page)."""
    import pypdfium2.raw as raw

    box = page.get_mediabox()
    probe = _Probe(raw)
    found: list[tuple[Any, str]] = []

    def walk(objects: list[Any], page_box: Box | None, depth: int) -> None:
        found_under: list[list[Box]] = []

        def under() -> list[Box]:  # only for white text, which few pages have
            if not found_under:
                found_under.append(probe.backgrounds(objects))
            return found_under[0]

        for obj in objects:
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                why = probe.why(obj, page_box, under)
                if why is not None:
                    found.append((obj, why))
            elif kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_DEPTH:
                walk([raw.FPDFFormObj_GetObject(obj, k)
                      for k in range(raw.FPDFFormObj_CountObjects(obj))], None, depth + 1)

    walk([raw.FPDFPage_GetObject(page.raw, k)
          for k in range(raw.FPDFPage_CountObjects(page.raw))], tuple(box), 0)
    return found


def describe(page: Any, found: list[tuple[Any, str]]) -> list[Unseen]:
    """The text of each hidden object (read through a text page made before they are
    switched off), then switches them off."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    out = []
    try:
        for obj, why in found:
            size = raw.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
            buffer = ctypes.create_string_buffer(size)
            raw.FPDFTextObj_GetText(obj, textpage.raw,
                                    ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
            text = buffer.raw[:max(0, size - 2)].decode("utf-16-le", errors="replace")
            out.append(Unseen(why, text))
    finally:
        textpage.close()
    for obj, _ in found:
        raw.FPDFPageObj_SetIsActive(obj, False)
    return out
