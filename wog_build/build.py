"""The build step: load once, then run the renderers, handing the module's page numbers
to the deck.  Renderers never import each other; this is where they meet."""

from __future__ import annotations

from pathlib import Path

from . import stamp
from .context import BuildContext, make_context
from .loader import load_course
from .model import Course


def prepare(course_file: Path, out_dir: Path | None = None) -> tuple[Course, BuildContext]:
    course = load_course(course_file)
    return course, make_context(course, out_dir)


def _record(course: Course, ctx: BuildContext, kind: str, output: Path) -> None:
    stamp.record(ctx.out_dir, kind, output, ctx.digest, [Path(f) for f in course.files],
                 Path(course.root), ctx.layouts)


def build_pdf(course: Course, ctx: BuildContext) -> dict[str, str]:
    from .pdf import render_pdf

    pages = render_pdf(course, ctx)
    _record(course, ctx, "pdf", ctx.pdf_path)
    return pages


def build_html(course: Course, ctx: BuildContext) -> Path:
    from .atomic import write_bytes_atomic
    from .pdf import render_html

    write_bytes_atomic(ctx.html_path, render_html(course, ctx).encode("utf-8"))
    return ctx.html_path


def build_slides(course: Course, ctx: BuildContext, pages: dict[str, str] | None = None) -> Path:
    from .slides import render_deck

    render_deck(course, ctx, pages)
    _record(course, ctx, "pptx", ctx.pptx_path)
    return ctx.pptx_path


def build_all(course: Course, ctx: BuildContext) -> list[Path]:
    """Module first, so every slide can cite the module page it covers."""
    pages = build_pdf(course, ctx)
    build_slides(course, ctx, pages)
    return [ctx.pdf_path, ctx.pptx_path]
