"""The trainer's deck: python-pptx, themed from ``layouts/slides/``.

The course is read into slide specs (``builders``), flowed onto slides by measurement
(``flow``, ``tables``, ``measure``), drawn with explicit text rules (``canvas``,
``frames``) and packaged reproducibly (``package``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..atomic import atomic_output
from ..context import BuildContext
from ..model import Course
from .builders import Builder
from .canvas import Canvas
from .frames import FrameWriter
from .measure import Metrics
from .package import save, set_core_properties
from .render import DeckRenderer
from .template import open_presentation
from .theme import load_theme


def render_deck(course: Course, ctx: BuildContext, pages: Mapping[str, str] | None = None,
                out: Path | None = None) -> None:
    """Write ``ctx.pptx_path`` (or ``out``); with ``pages``, every content slide names its
    module page."""
    theme = load_theme(ctx.layouts)
    lang = theme.languages[course.meta.language]
    metrics = Metrics(theme.font)
    prs = open_presentation(theme)
    canvas = Canvas(prs, theme, metrics, FrameWriter(theme, metrics, lang))
    specs = Builder(course, ctx.labels, theme).deck()
    uids = {u.uid for u in course.units()}
    DeckRenderer(canvas, ctx.labels, course.short_title, pages, uids).render(specs)
    meta = course.meta
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
    with atomic_output(out or ctx.pptx_path) as tmp:
        save(prs, tmp, ctx.date)
