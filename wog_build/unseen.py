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


def _bounds(raw: Any, obj: Any) -> tuple[float, float, float, float]:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    return left.value, bottom.value, right.value, top.value


def _size(raw: Any, obj: Any) -> float:
    """The text's font size as drawn: its font size scaled by the object's matrix (the
    text matrix and the page's transformation, as PDFium keeps them)."""
    size = ctypes.c_float()
    raw.FPDFTextObj_GetFontSize(obj, size)
    matrix = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, matrix):
        return float(size.value)
    return float(size.value) * float((matrix.c ** 2 + matrix.d ** 2) ** 0.5)


def _fill(raw: Any, obj: Any) -> tuple[int, int, int, int]:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not raw.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        return 0, 0, 0, 255
    return r.value, g.value, b.value, a.value


Box = tuple[float, float, float, float]


def _why(raw: Any, obj: Any, page_box: Box | None,
         under: Callable[[], list[Box]]) -> str | None:
    """Why a reader cannot see this text object, or None when it can."""
    mode = raw.FPDFTextObj_GetTextRenderMode(obj)
    if mode == 3:
        return "render mode 3, invisible"
    if mode == 7:
        return "render mode 7, clipping only"
    red, green, blue, alpha = _fill(raw, obj)
    if alpha == 0 and mode in (0, 2, 4, 6):
        return "fully transparent"
    if _size(raw, obj) < MIN_SIZE:
        return f"set smaller than {MIN_SIZE:g} pt"
    left, bottom, right, top = _bounds(raw, obj)
    if page_box is None:
        return None  # inside a form: its coordinates are the form's own
    x0, y0, x1, y1 = page_box
    if right <= x0 or left >= x1 or top <= y0 or bottom >= y1:
        return "off the page"
    if min(red, green, blue) >= WHITE and mode in (0, 2, 4, 6):
        cx, cy = (left + right) / 2, (bottom + top) / 2
        if not any(a <= cx <= c and b <= cy <= d for a, b, c, d in under()):
            return "white on white"
    return None


def _backgrounds(raw: Any, objects: list[Any]) -> list[Box]:
    """The boxes of what may lie under white text: filled non-white paths, images,
    forms and shadings."""
    boxes = []
    for obj in objects:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            fillmode, stroke = ctypes.c_int(), ctypes.c_int()
            raw.FPDFPath_GetDrawMode(obj, fillmode, stroke)
            red, green, blue, alpha = _fill(raw, obj)
            if fillmode.value == 0 or alpha == 0 or min(red, green, blue) >= WHITE:
                continue
        elif kind not in (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM,
                          raw.FPDF_PAGEOBJ_SHADING):
            continue
        boxes.append(_bounds(raw, obj))
    return boxes


def hide_unseen(page: Any) -> list[tuple[Any, str]]:
    """Switch off every text object of a pypdfium2 ``page`` a reader cannot see; the
    objects and why, so the caller can read their text (before making its text page)."""
    import pypdfium2.raw as raw

    box = page.get_mediabox()
    found: list[tuple[Any, str]] = []

    def walk(objects: list[Any], page_box: Box | None, depth: int) -> None:
        found_under: list[list[Box]] = []

        def under() -> list[Box]:  # only for white text, which few pages have
            if not found_under:
                found_under.append(_backgrounds(raw, objects))
            return found_under[0]

        for obj in objects:
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                why = _why(raw, obj, page_box, under)
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
