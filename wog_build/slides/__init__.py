"""The trainer's deck: python-pptx, themed from ``layouts/slides/``.

The course is read into slide specs (``builders``), flowed onto slides by measurement
(``flow``, ``tables``, ``measure``), drawn with explicit text rules (``canvas``,
``frames``) and packaged reproducibly (``package``).  The deck writer
(:mod:`wog_build.writers.deck`) is the only caller.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import replace

from ..context import BuildContext
from ..document import Document
from ..gcpace import let_go
from ..visuals.style import load_style
from .builders import Builder
from .canvas import Canvas
from .frames import FrameWriter
from .measure import Metrics
from .package import deterministic_zip, set_core_properties
from .render import DeckRenderer
from .reuse import SlideCache, setting
from .template import open_presentation
from .theme import load_theme
from .visuals import deck_style, stamp_workbooks


def render_deck(doc: Document, ctx: BuildContext, pages: Mapping[str, str] | None = None,
                output: str = "slides") -> bytes:
    """The deck's bytes, for the units ``output`` (the deck writer's name) shows; with
    ``pages`` (the module's page map), every content slide names its module page."""
    theme = load_theme(ctx.layouts, ctx.options.template, ctx.theme)
    lang = theme.languages[doc.language]
    metrics = Metrics(theme.font, theme.fallback)
    prs = open_presentation(theme)
    if theme.template is not None:  # the template's own size: its layouts are drawn for it
        theme = replace(theme, width=int(prs.slide_width or 0) / 12700,
                        height=int(prs.slide_height or 0) / 12700)
    canvas = Canvas(prs, theme, metrics, FrameWriter(theme, metrics, lang))
    specs = Builder(doc, output, theme).deck()
    style = deck_style(load_style(ctx.layouts, ctx.theme), theme)
    cache = SlideCache(ctx.out_dir, setting(doc, ctx, lang))
    DeckRenderer(canvas, ctx.labels, doc.short_title, pages, doc.has_id, style,
                 cache).render(specs)
    cache.save()
    stamp_workbooks(prs, ctx.date)
    meta = doc.meta
    set_core_properties(
        prs,
        title=meta.title,
        author="; ".join(meta.authors) or meta.publisher,
        subject=meta.subtitle or meta.programme,
        keywords="; ".join(meta.keywords),
        language=lang,
        date=ctx.date,
        digest=ctx.digest,
        version=meta.version,
    )
    buffer = io.BytesIO()
    prs.save(buffer)
    del prs, canvas
    let_go()  # the presentation's parts are cycles: freed now, not under the guide's layout
    return deterministic_zip(buffer.getvalue(), ctx.date)
