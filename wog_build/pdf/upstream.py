"""Faults of WeasyPrint and pydyf, mended while a PDF is written.

Each mend is on only for the ``with`` block (:func:`mended_writer`), so the libraries
are untouched elsewhere, and each changes what is written only where the library is
wrong:

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
def mended_writer() -> Iterator[None]:
    """Every mend above, for one ``write_pdf``."""
    with glyph_text(), page_references_once():
        yield
