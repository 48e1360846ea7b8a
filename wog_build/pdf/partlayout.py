"""One part of the module laid out by WeasyPrint, numbered, and written as a PDF.

A part's body does not depend on the page number it starts at: only its running
footers do.  So a part is laid out once, before the parts in front of it are counted;
when its first page number is known the margin boxes (footers, running heads) are laid
out again with the page counter moved on (WeasyPrint's own ``make_margin_boxes``, with
the page state WeasyPrint kept for each page), and the part is written.  A part that
begins on a left page in the book while its first element asks for a right-hand page
gets the blank verso a single pass would insert at assembly (:mod:`.assemble`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SIDE_BREAKS = ("left", "right", "recto", "verso")


@dataclass(frozen=True)
class PartLayout:
    """What the parent needs to number the parts and map the pages."""

    pages: int
    anchors: tuple[tuple[str, int], ...]  # (anchor name, page index in the part), in order
    first_break: str   # "right", "left", ... or "any": the side the part asks to begin on
    first_number: int  # the page counter's value on the part's first page, as laid out


def _first_break(document: Any) -> str:
    """The side the part's first in-flow element asks to begin on (``break-before``)."""
    if not document.pages:
        return "any"
    box = document.pages[0]._page_box.children[0]  # the root (html) box
    found = "any"
    while box is not None:
        value = box.style["break_before"]
        if value in SIDE_BREAKS:
            found = value
        children = [c for c in getattr(box, "children", ()) if hasattr(c, "style") and
                    c.style["position"] not in ("absolute", "fixed") and
                    c.style["float"] == "none" and hasattr(c, "children")]
        box = children[0] if children else None
    return found


def render(source: str, base_url: str, fetcher: Any, options: dict[str, Any]) -> Any:
    """Lay the part out, keeping WeasyPrint's layout context on the document."""
    import weasyprint
    from weasyprint.document import Document

    from .fontconfig import declared_fonts_only
    from .upstream import mended_layout

    class Kept(Document):
        context: Any = None

        @classmethod
        def _build_layout_context(cls, *args: Any) -> Any:
            context = super()._build_layout_context(*args)
            Kept.context = context
            return context

    html = weasyprint.HTML(string=source, base_url=base_url, url_fetcher=fetcher)
    merged = dict(weasyprint.DEFAULT_OPTIONS)
    merged.update(options)
    # only the theme's declared fonts, as in a single pass (:mod:`.fontconfig`)
    with mended_layout():
        document = Kept._render(html, declared_fonts_only(), None, None, merged)
    document.layout_context = Kept.context
    Kept.context = None
    return document


def describe(document: Any) -> PartLayout:
    anchors = tuple((name, index) for index, page in enumerate(document.pages)
                    for name in page.anchors)
    state = document.layout_context.page_maker[1][3] if document.pages else None
    counter = state[1].get("page", [1])[-1] if state else 1
    return PartLayout(len(document.pages), anchors, _first_break(document), counter)


def renumber(document: Any, shift: int) -> None:
    """Lay the margin boxes out again with the page counter ``shift`` pages on."""
    if not shift:
        return
    from weasyprint.formatting_structure.boxes import MarginBox
    from weasyprint.layout.background import layout_backgrounds
    from weasyprint.layout.page import make_margin_boxes

    from .upstream import mended_layout

    context = document.layout_context
    for index, page in enumerate(document.pages):
        box = page._page_box
        state = copy.deepcopy(context.page_maker[index + 1][3])
        counters = state[1]
        counters["page"] = [value + shift for value in counters.get("page", [0])]
        context.current_page = index + 1
        kept = [child for child in box.children if not isinstance(child, MarginBox)]
        with mended_layout():
            box.children = tuple(kept + list(make_margin_boxes(context, box, state)))
        layout_backgrounds(box, context.get_image_from_uri)


def keep_links(document: Any, targets: set[str]) -> None:
    """WeasyPrint drops a link whose anchor is not in the document: give the part a
    placeholder for every anchor it links to in another part.  The assembled book
    points each name at the part that holds it (:mod:`.assemble`)."""
    if not document.pages:
        return
    held = {name for page in document.pages for name in page.anchors}
    first = document.pages[0].anchors
    for name in sorted(targets - held):
        first[name] = (0, 0, 0, 0)


def write(document: Any, out: Path, options: dict[str, Any]) -> None:
    from .upstream import mended_writer

    with mended_writer():  # WeasyPrint's faults mended (:mod:`.upstream`)
        document.write_pdf(out, **options)
