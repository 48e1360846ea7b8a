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
  the page list does not change.  The references themselves are the same;
- each part of a book laid out in parts is a document of its own, and each parsed the
  same stylesheet again (selectors compiled, declarations validated): 60 ms a part, two
  seconds of the 10x module's 34 parts.  :func:`stylesheets_parsed_once` keeps a parsed
  stylesheet for the parts a process lays out after the first;
- subsetting a font, WeasyPrint allocates its glyph arrays as ``hb_codepoint_t[N]``, a C
  type of its own for every length N, which cffi parses with pycparser (3.5 ms) and
  keeps: two new types for nearly every font of every part.  They are allocated as
  ``hb_codepoint_t[]`` of the same items (:func:`arrays_typed_once`), one type for all;
- without HarfBuzz-Subset WeasyPrint subsets fonts with fontTools and drops their
  ``GSUB`` and ``GPOS`` tables, but fontTools (4.68) decompiles both before it drops them
  (``beyond64k._compact_layout_tables``): Carlito's kerning alone is 280,000 value
  records, four fifths of a subset's time, paid for each font of each part.  They are
  dropped before (:func:`layout_tables_dropped_first`): the same font bytes.
"""

from __future__ import annotations

import contextlib
import re
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
def stylesheets_parsed_once() -> Iterator[None]:
    """Within the block, a stylesheet (a ``<style>`` text or a linked file) parsed for
    one document is reused for the next that names it, with the same base URL and
    media.  Parsing a sheet fills its own selector matcher and appends its ``@page``
    rules to the document's list; a reused sheet shares the matcher (matching only
    reads it) and appends the same rules to the new document's list, so the cascade is
    the same.  A sheet whose parsing does anything else (fonts, layers, counter styles,
    colour profiles, an import, a warning) is parsed for every document, as WeasyPrint
    does.  The block is one build's layout: a sheet edited between builds is read anew."""
    import logging

    from weasyprint import CSS
    from weasyprint import css as cascade

    kept: dict[tuple[Any, ...], tuple[Any, list[Any]] | None] = {}

    def parsed(**kwargs: Any) -> Any:
        key = (kwargs.get("string"), kwargs.get("url"), kwargs.get("base_url"),
               kwargs.get("media_type"), kwargs.get("_check_mime_type"))
        page_rules: list[Any] | None = kwargs.get("page_rules")
        memo = kept.get(key)
        if memo is not None and page_rules is not None:
            sheet, rules = memo
            page_rules.extend(rules)
            again = object.__new__(CSS)
            layers = kwargs.get("layers")
            again.__dict__.update(sheet.__dict__, page_rules=page_rules,
                                  layers=[] if layers is None else layers)
            return again
        if key in kept or page_rules is None:
            return CSS(**kwargs)
        count = len(page_rules)
        before = (list(kwargs.get("layers") or ()), dict(kwargs.get("counter_style") or {}),
                  dict(kwargs.get("color_profiles") or {}))
        font_config, faces = kwargs.get("font_config"), []
        if font_config is not None:
            adding = font_config.add_font_face

            def counted(*args: Any, **named: Any) -> Any:
                faces.append(args)
                return adding(*args, **named)

            font_config.add_font_face = counted
        said: list[logging.LogRecord] = []
        listener = logging.Handler(logging.WARNING)
        setattr(listener, "emit", said.append)  # noqa: B010 - a handler that only keeps
        logger = logging.getLogger("weasyprint")
        logger.addHandler(listener)
        try:
            sheet = CSS(**kwargs)
        finally:
            logger.removeHandler(listener)
            if font_config is not None:
                del font_config.add_font_face
        after = (list(kwargs.get("layers") or ()), dict(kwargs.get("counter_style") or {}),
                 dict(kwargs.get("color_profiles") or {}))
        alone = not faces and not said and after == before and \
            set(sheet.__dict__) == {"base_url", "matcher", "page_rules", "layers"}
        kept[key] = (sheet, page_rules[count:]) if alone else None
        return sheet

    cascade.CSS = parsed
    try:
        yield
    finally:
        cascade.CSS = CSS  # WeasyPrint's own, even if another thread's block overlapped


_SIZED_ARRAY = re.compile(r"(\w+)\[(\d+)\]")


class _StandIn:
    """An object standing for another in a library module: what it does not define
    itself, the other does."""

    def __init__(self, wrapped: Any) -> None:
        self._wrapped = wrapped

    def __getattr__(self, name: str) -> Any:
        return getattr(self._wrapped, name)


@contextlib.contextmanager
def _standing_in(owner: Any, name: str, stand_in: Any, own: Any) -> Iterator[None]:
    """``owner.name`` is ``stand_in`` within the block, then ``own`` again (the
    library's own, even if another thread's block overlapped)."""
    setattr(owner, name, stand_in)
    try:
        yield
    finally:
        setattr(owner, name, own)


class _UnsizedArrays(_StandIn):
    """WeasyPrint's cffi object for its font module, allocating ``T[N]`` with N items
    as ``T[]`` with those items (the same array: N elements, the same values)."""

    def new(self, cdecl: str, init: Any = None) -> Any:
        sized = _SIZED_ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if sized is not None and init is not None and len(init) == int(sized.group(2)):
            return self._wrapped.new(f"{sized.group(1)}[]", init)
        return self._wrapped.new(cdecl, init)


@contextlib.contextmanager
def arrays_typed_once() -> Iterator[None]:
    from weasyprint.pdf import fonts
    from weasyprint.text.ffi import ffi

    with _standing_in(fonts, "ffi", _UnsizedArrays(ffi), ffi):
        yield


class _EarlyDrops(_StandIn):
    """fontTools' ``subset`` module as WeasyPrint's font module sees it, whose
    ``Subsetter`` drops the layout tables the options drop before fontTools reads them."""

    def __init__(self, module: Any) -> None:
        super().__init__(module)

        class Subsetter(module.Subsetter):
            def subset(self, font: Any) -> None:
                dropped = [tag for tag in ("GSUB", "GPOS")
                           if tag in font and tag in self.options.drop_tables]
                # fontTools drops a ``kern`` table when the font has a GPOS (it looks
                # before the GPOS is dropped): so does this, the GPOS dropped first
                if "GPOS" in dropped and "kern" in font and not self.options.legacy_kern:
                    del font["kern"]
                for tag in dropped:
                    del font[tag]
                super().subset(font)

        self.Subsetter = Subsetter


@contextlib.contextmanager
def layout_tables_dropped_first() -> Iterator[None]:
    from fontTools import subset
    from weasyprint.pdf import fonts

    with _standing_in(fonts, "subset", _EarlyDrops(subset), subset):
        yield


@contextlib.contextmanager
def mended_layout() -> Iterator[None]:
    """Every layout mend above, for one ``render``."""
    with one_box_leaders():
        yield


@contextlib.contextmanager
def mended_writer() -> Iterator[None]:
    """Every mend above, for one ``write_pdf``."""
    with glyph_text(), page_references_once(), arrays_typed_once(), \
            layout_tables_dropped_first():
        yield
