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

SERIAL_ENV = "WOG_BUILD_SERIAL"


def prepare(course_file: Path, out_dir: Path | None = None,
            layouts: Path | None = None) -> tuple[Course, BuildContext]:
    course = load_course(course_file)
    return course, make_context(course, out_dir, layouts)


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


class PdfWorker:
    """Lays out and writes the module in a forked process, so the other core can do the
    rest of the build meanwhile.

    Started before the course is even read, it imports WeasyPrint while the parent
    imports the model and loads the course; it is then handed the module's HTML, sends
    the page map back as soon as layout is done, and writes the PDF while the parent
    draws the deck.  The parent renames the deck into place only after the worker has
    put the module in place, so a failed or interrupted build never leaves a new deck
    beside an old module.
    """

    def __init__(self) -> None:
        mp = multiprocessing.get_context("fork")
        self.conn, child = mp.Pipe()
        self.proc = mp.Process(target=_pdf_worker, args=(child,), daemon=True)
        # the worker starts with SIGTERM held back until it has its own handler
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        try:
            self.proc.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        child.close()

    @staticmethod
    def available() -> bool:
        """Where processes can fork, and unless ``WOG_BUILD_SERIAL=1`` asks for one
        process (to profile or debug a build, or to spy on it in a test)."""
        return ("fork" in multiprocessing.get_all_start_methods()
                and os.environ.get(SERIAL_ENV) != "1")

    def start(self, html: str, root: Path, ctx: BuildContext) -> None:
        self.conn.send((html, root, ctx))

    def _receive(self, expected: str) -> object:
        try:
            kind, value = self.conn.recv()
        except EOFError:
            kind, value = "error", "the module's process ended without a word"
        if kind == "error":
            raise BuildFailed(str(value))
        assert kind == expected, (kind, expected)
        return value

    def pages(self) -> dict[str, str]:
        return self._receive("pages")  # type: ignore[return-value]

    def finish(self) -> None:
        self._receive("done")
        self.proc.join()

    def abort(self) -> None:
        if self.proc.is_alive():
            self.proc.terminate()  # SIGTERM: the worker unwinds and removes its temp file
        self.proc.join()


def _die_with_parent() -> None:
    """A killed build must not leave its worker writing on (Linux; elsewhere the closed
    pipe ends it at its next step)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _quit_now(signum: int, frame: object) -> None:
    os._exit(128 + signum)


def _unwind(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _pdf_worker(conn: Connection) -> None:
    signal.signal(signal.SIGTERM, _quit_now)  # nothing written yet: leave without a word
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    _die_with_parent()
    try:
        import weasyprint  # noqa: F401 - imported now, while the parent reads the course

        from .pdf import write_pdf

        html, root, ctx = conn.recv()
        signal.signal(signal.SIGTERM, _unwind)  # writing: unwind so temp files go
        write_pdf(html, root, ctx, on_layout=lambda pages: conn.send(("pages", pages)))
        message = ("done", "")
    except EOFError:  # the parent is gone, or changed its mind: nothing to write
        os._exit(1)
    except KeyboardInterrupt:  # aborted (SIGTERM): the temp file is already gone
        os._exit(130)
    except BuildFailed as exc:
        message = ("error", str(exc))
    except BaseException as exc:
        message = ("error", f"could not write the module: {type(exc).__name__}: {exc}")
    try:
        conn.send(message)
    except OSError:
        os._exit(1)


def build_all(course: Course, ctx: BuildContext, worker: PdfWorker | None = None,
              parallel: bool = True) -> list[Path]:
    """Module first, so every slide can cite the module page it covers.

    With ``parallel`` (the default where processes can fork) the module is laid out and
    written by a :class:`PdfWorker` (the caller's, started early, or a new one) while
    this process draws the deck as soon as the module's layout is known."""
    if worker is None and (not parallel or not PdfWorker.available()):
        pages = build_pdf(course, ctx)
        build_slides(course, ctx, pages)
        return [ctx.pdf_path, ctx.pptx_path]
    from . import pdf

    worker = worker or PdfWorker()
    pending = ctx.out_dir / f".{ctx.pptx_path.name}.{os.getpid()}.part"
    try:
        worker.start(pdf.render_html(course, ctx), Path(course.root), ctx)
        from .slides import render_deck  # imported while the worker lays out the module

        pages = worker.pages()
        try:
            render_deck(course, ctx, pages, out=pending)
        except BuildFailed as exc:  # name the deck the author knows, not its temp file
            cause = exc.__cause__ or exc
            raise BuildFailed(f"could not write {ctx.pptx_path}: {type(cause).__name__}: "
                              f"{cause}; the previous file is kept") from cause
        worker.finish()
        _record(course, ctx, "pdf", ctx.pdf_path)
        os.replace(pending, ctx.pptx_path)
    except BaseException:
        worker.abort()
        raise
    finally:
        pending.unlink(missing_ok=True)
    _record(course, ctx, "pptx", ctx.pptx_path)
    return [ctx.pdf_path, ctx.pptx_path]
