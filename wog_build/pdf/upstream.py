"""Faults of WeasyPrint and pydyf, mended while a PDF is laid out and written.

Each mend is on only for the ``with`` block (:func:`mended_layout`,
:func:`mended_writer`), so the libraries are untouched elsewhere, and each changes what
is written only where the library is wrong or needlessly slow:

- a leader (``leader('.')``, the dots of a table of contents) is one text box per copy
  of its string: a hundred boxes a line, each drawn, marked and tagged alone.  Writing a
  contents page took a hundred times as long as a page of prose (25 ms a line), and
  every dot was a ``Span`` in the tagged structure.  The copies, side by side by
  construction, are laid out as one box of the repeated string where the first copy
  was: the same dots, each within half a point of where WeasyPrint put it;
- a glyph WeasyPrint recorded with no text reads back as its text (:mod:`.glyphtext`);
- pydyf's ``PDF.page_references`` builds a tuple of every page's reference each time it
  is read, and WeasyPrint's tagging (PDF/UA) reads it once per structure element: time
  that grows with pages × elements, hours for a book of 3,000 pages.  It is kept while
  the page list does not change.  The references themselves are the same.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from .glyphtext import glyph_text

_MEMO = "_wog_page_references"


@contextlib.contextmanager
def page_references_once() -> Iterator[None]:
    import pydyf

    original = pydyf.PDF.page_references

    def kept(pdf: Any) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        memo = pdf.__dict__.get(_MEMO)
        if memo is None or memo[0] != count:
            memo = (count, original.fget(pdf))
            pdf.__dict__[_MEMO] = memo
        references: tuple[bytes, ...] = memo[1]
        return references

    pydyf.PDF.page_references = property(kept)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original


@contextlib.contextmanager
def one_box_leaders() -> Iterator[None]:
    from weasyprint.layout import inline, leader
    from weasyprint.text.line_break import split_first_line

    original = inline.handle_leader

    def merged(context: Any, line: Any, containing_block: Any) -> None:
        original(context, line, containing_block)
        _, box = leader.leader_index(line)
        copies = box.children if box is not None else ()
        if len(copies) < 2:
            return
        left = min(copies, key=lambda b: b.position_x)
        layout, _, resume, width, *_ = split_first_line(
            left.text * len(copies), left.style, context, None, left.justification_spacing,
            is_line_start=False)
        if resume is not None or abs(width - left.width * len(copies)) > left.width / 100:
            layout.deactivate()  # (kerned, or broken: the copies stay as laid out)
            return
        one = left.copy_with_text(layout.text)  # where the first copy was
        one.pango_layout, one.width = layout, width
        box.children = (one,)

    inline.handle_leader = merged
    try:
        yield
    finally:
        inline.handle_leader = original


@contextlib.contextmanager
def mended_layout() -> Iterator[None]:
    """Every layout mend above, for one ``render``."""
    with one_box_leaders():
        yield


@contextlib.contextmanager
def mended_writer() -> Iterator[None]:
    """Every mend above, for one ``write_pdf``."""
    with glyph_text(), page_references_once():
        yield
