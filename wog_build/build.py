"""The build step: load once, then run the renderers, handing the module's page numbers
to the deck.  Renderers never import each other; this is where they meet."""

from __future__ import annotations

import multiprocessing
import os
import signal
from multiprocessing.connection import Connection
from pathlib import Path

from . import stamp
from .context import BuildContext, make_context
from .errors import BuildFailed
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


class _DeckJob:
    """Draws the deck in a forked process while the module is laid out and written.

    The child imports python-pptx and waits; as soon as WeasyPrint has laid the module
    out, it is handed the page map and draws the deck while the parent writes the PDF.
    It writes to a pending file only: the parent renames it into place after the PDF
    is in place, so an interrupted or failed build never leaves a new deck beside an
    old module.
    """

    def __init__(self, course: Course, ctx: BuildContext) -> None:
        self.ctx = ctx
        self.pending = ctx.out_dir / f".{ctx.pptx_path.name}.{os.getpid()}.part"
        ctx.out_dir.mkdir(parents=True, exist_ok=True)
        mp = multiprocessing.get_context("fork")
        self.conn, child = mp.Pipe()
        self.proc = mp.Process(target=_draw_deck, args=(course, ctx, child, self.pending),
                               daemon=True)
        self.proc.start()
        child.close()

    def send_pages(self, pages: dict[str, str]) -> None:
        self.conn.send(pages)

    def finish(self) -> None:
        try:
            status, message = self.conn.recv()
        except EOFError:
            status, message = "error", "the deck process ended without a word"
        self.proc.join()
        if status != "ok":
            raise BuildFailed(f"could not write {self.ctx.pptx_path}: {message}")
        os.replace(self.pending, self.ctx.pptx_path)

    def abort(self) -> None:
        if self.proc.is_alive():
            self.proc.terminate()
        self.proc.join()
        self.pending.unlink(missing_ok=True)


def _die_with_parent() -> None:
    """A killed build must not leave a deck process drawing on (Linux; elsewhere the
    closed pipe ends it at its next step)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _draw_deck(course: Course, ctx: BuildContext, conn: Connection, pending: Path) -> None:
    _die_with_parent()
    try:
        from .slides import render_deck  # imported while the parent lays out the module

        pages = conn.recv()
        render_deck(course, ctx, pages, out=pending)
        conn.send(("ok", ""))
    except EOFError:  # the parent is gone: nothing to hand over
        os._exit(1)
    except BaseException as exc:
        pending.unlink(missing_ok=True)
        conn.send(("error", f"{type(exc).__name__}: {exc}"))


def build_all(course: Course, ctx: BuildContext, parallel: bool = True) -> list[Path]:
    """Module first, so every slide can cite the module page it covers; with
    ``parallel`` the deck is drawn in a second process as soon as the module's layout
    is known, while the module is still being written."""
    if not parallel or "fork" not in multiprocessing.get_all_start_methods():
        pages = build_pdf(course, ctx)
        build_slides(course, ctx, pages)
        return [ctx.pdf_path, ctx.pptx_path]
    from .pdf import render_pdf

    job = _DeckJob(course, ctx)
    try:
        render_pdf(course, ctx, on_layout=job.send_pages)
        _record(course, ctx, "pdf", ctx.pdf_path)
        job.finish()
    except BaseException:
        job.abort()
        raise
    _record(course, ctx, "pptx", ctx.pptx_path)
    return [ctx.pdf_path, ctx.pptx_path]
