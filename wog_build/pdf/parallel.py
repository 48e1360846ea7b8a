"""The module laid out in parts by a pool of worker processes, then assembled.

The parts (:mod:`.parts`): the front matter, BAB I, each chapter, the back matter.  A
main-matter part's body does not depend on where it begins, only its footers do; so
every part is laid out at once, its page count reported, and each is numbered and
written as soon as the parts before it are counted (:mod:`.partlayout`).  The front
matter prints the other parts' page numbers (the table of contents): it is laid out last,
when every main-matter part is counted, with those labels in its links.  No part holds
the page numbers of a part after it except the front matter, so one round settles every
number: the fixed point is reached without laying anything out twice.

Each part's PDF, and what its layout found (pages, anchors), is kept in a cache beside
the outputs (``<out>/.cache/module/``), keyed by a digest of everything it is made from:
its HTML, the layouts, fonts and images (the resources digest), the options that change
its bytes, and the page number it begins at.  A rebuild lays out again only the parts
whose key changed; the assembled book is the same bytes as a build without the cache.
The cache is never part of the outputs: the build does not commit, stamp or prove it.
"""

from __future__ import annotations

import contextlib
import gc
import json
import multiprocessing
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from ..context import BuildContext
from ..document.protocol import anchor_key, roman
from ..errors import BuildFailed
from ..gcpace import freeze_inherited, let_go
from .assemble import PartFile, assemble
from .cache import PartCache, layout_code
from .cache import digest as _digest
from .partlayout import PartLayout
from .parts import link_targets, split
from .upstream import stylesheets_parsed_once

CACHE_FOLDER = Path(".cache") / "module"
RIGHT = ("right", "recto")
LEFT = ("left", "verso")


@dataclass
class Part:
    """A part's state in one build."""

    key: str
    html: str
    targets: set[str]
    layout: PartLayout | None = None
    start: int | None = None  # the printed number of its first page (main matter)
    blank: bool = False       # a blank verso goes before it
    state: str = "new"        # new → queued → laying → laid → writing → done (or cached)
    options: dict[str, Any] = field(default_factory=dict)


class Pool:
    """Forked workers, each laying out and writing one part at a time.  Plain
    ``os.fork``: the module writer itself runs in a daemon process, which
    ``multiprocessing`` does not let have children."""

    def __init__(self, jobs: int, base_url: str, fetcher: Any) -> None:
        self.conns: list[Connection] = []
        self.pids: list[int] = []
        for _ in range(jobs):
            parent, child = multiprocessing.Pipe()
            pid = os.fork()
            if pid == 0:  # the worker
                code = 0
                try:
                    parent.close()
                    _worker_main(child, base_url, fetcher)
                except BaseException:
                    code = 1
                finally:
                    os._exit(code)
            child.close()
            self.conns.append(parent)
            self.pids.append(pid)

    def close(self) -> None:
        for conn in self.conns:
            with contextlib.suppress(OSError):
                conn.send(None)
            conn.close()
        for pid in self.pids:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _worker_main(conn: Connection, base_url: str, fetcher: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    freeze_inherited()
    with contextlib.suppress(OSError, AttributeError):  # ends with its parent (Linux)
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    with stylesheets_parsed_once():  # parsed for its first part, kept for the others
        _serve(conn, base_url, fetcher)


def _serve(conn: Connection, base_url: str, fetcher: Any) -> None:
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        name, html, targets, options = job
        try:
            def numbered(layout: PartLayout, name: str = name) -> Order | None:
                conn.send(("laid", name, layout))
                order: Order | None = conn.recv()
                return order

            if not _lay_out_and_write(html, targets, options, base_url, fetcher, numbered):
                return
            conn.send(("written", name, None))
        except BaseException as exc:  # reported to the parent, which fails the build
            with contextlib.suppress(OSError):
                conn.send(("error", name, f"{type(exc).__name__}: {exc}"))
            return


Order = tuple[int, Path, Any]
"""What a laid-out part needs to be written: the shift of its page counter, where to
write it and the date fonts are subset under."""


def _lay_out_and_write(html: str, targets: set[str], options: dict[str, Any],
                       base_url: str, fetcher: Any,
                       numbered: Callable[[PartLayout], Order | None]) -> bool:
    """One part from HTML to PDF: laid out, described to ``numbered``, which answers
    with its place in the book once the parts before it are counted (None: stop), then
    renumbered and written.  The same steps in a worker and in the build's own process;
    False when told to stop instead."""
    from ..gcpace import fewer_collections
    from . import partlayout
    from .reproducible import pinned_clock

    with fewer_collections():
        document = partlayout.render(html, base_url, fetcher, options)
        order = numbered(partlayout.describe(document))
        if order is None:
            return False
        shift, out, when = order
        partlayout.renumber(document, shift)
        partlayout.keep_links(document, targets)
        with pinned_clock(when):
            partlayout.write(document, out, options)
        del document
    gc.collect()
    return True


def _setting(ctx: BuildContext, resources: str) -> str:
    """What every part's layout depends on besides its HTML and first page."""
    import weasyprint

    return json.dumps({"tagged": bool(ctx.options.tagged_pdf), "resources": resources,
                       "tool": ctx.tool_version, "code": layout_code(),
                       "weasyprint": weasyprint.__version__}, sort_keys=True)


def _needs_blank(first_break: str, right_page: bool) -> bool:
    return (first_break in RIGHT and not right_page) or (first_break in LEFT and right_page)


class _Laying:
    """What a document laid out in parts keeps while its parts are laid out and written
    (:class:`Book`, :class:`Pieces`): the drivers ask both the same questions."""

    ctx: BuildContext
    cache: PartCache
    output: str

    def parts(self) -> list[Part]:
        raise NotImplementedError

    def new_part(self, kind: str, setting: str, html: str, options: dict[str, Any]) -> Part:
        """A part keyed by the digest of ``kind``, ``setting`` and its HTML, with the
        layout the cache kept under that key, written with an identifier of its own
        (from the key: no part holds the build's)."""
        key = _digest(kind, setting, html)
        return Part(key, html, link_targets(html), self.cache.layout(key),
                    options={**options, "pdf_identifier": bytes.fromhex(key[:32])})

    def mark(self, parts: list[Part]) -> None:
        """A new part is to be laid out unless its layout is kept and, once its first
        page is known, its PDF from that page too."""
        for part in parts:
            if part.state == "new" and part.layout is not None and part.start is not None:
                part.state = "cached" if self.cache.pdf(part.key, part.start).is_file() \
                    else "queued"
            elif part.state == "new" and part.layout is None:
                part.state = "queued"

    def waiting(self) -> list[Part]:
        return [p for p in self.parts() if p.state == "queued"]

    def order(self, part: Part) -> Order:
        """Where a laid-out part whose start is known is written, and how."""
        assert part.layout is not None and part.start is not None
        shift = part.start - part.layout.first_number
        return (shift, self.cache.staging(self.cache.pdf(part.key, part.start)), self.ctx.date)

    def laid(self, part: Part, layout: PartLayout) -> None:
        part.layout = layout
        self.cache.keep_layout(part.key, layout)
        part.state = "laid"

    def written(self, part: Part) -> None:
        assert part.start is not None
        target = self.cache.pdf(part.key, part.start)
        self.cache.land(target.with_name(target.name + ".tmp"), target)
        part.state = "done"



class Book(_Laying):
    """The parts of one module and what is known of them: their layouts, the page each
    main-matter part begins at, and (once every main part is counted) the front matter,
    whose table of contents prints their page labels.  Both drivers (a pool of workers,
    :func:`_drive_pool`, or the build's own process, :func:`_drive_here`) ask it the
    same questions, so the book is the same bytes however many processes laid it out."""

    def __init__(self, source: str, ctx: BuildContext, resources: str,
                 options: dict[str, Any]) -> None:
        from .finish import Finisher

        cut = split(source)
        assert cut is not None
        self.cut = cut
        self.ctx = ctx
        self.options = options
        self.output = "module"
        self.setting = _setting(ctx, resources)
        self.cache = PartCache(ctx.out_dir / CACHE_FOLDER)
        self.main = [self.new_part("main", self.setting, html, options) for html in cut.main]
        self.info = Finisher(ctx.digest, ctx.version, ctx.tool_version).info
        self.lead: Part | None = None  # cover, imprint, foreword: laid out at once
        if cut.lead:
            self.lead = self.new_part("lead", self.setting, cut.lead_html(), options)
            self.lead.start = 1
        self.front: Part | None = None
        self.labels: dict[str, str] = {}  # the other parts' anchors' labels, for the front
        self.main_right: bool | None = None  # whether BAB I begins on a right-hand page
        self.handed: dict[str, str] | None = None

    def settle(self) -> None:
        """Number every main part whose predecessors are all counted, and mark what is
        to be laid out (or comes from the cache)."""
        number = 1
        for index, part in enumerate(self.main):
            if part.layout is None:
                break
            if index == 0:
                first = part.layout.first_break
                self.main_right = True if first in RIGHT else False if first in LEFT \
                    else None
            elif part.layout.first_break != "any" and part.start is None:
                if self.main_right is None:
                    raise BuildFailed("the module's chapters ask for a right- or left-hand "
                                      "page but BAB I does not: lay it out in one pass "
                                      "(--single-pass)")
                right = ((number - 1) % 2 == 0) == self.main_right
                part.blank = _needs_blank(part.layout.first_break, right)
            if part.blank and index > 0:  # BAB I's verso is the front matter's last page
                number += 1
            part.start = number
            number += part.layout.pages
        self.mark(self.main)
        lead = self.lead
        if lead is not None and lead.state == "new":
            lead.state = "cached" if lead.layout is not None and \
                self.cache.pdf(lead.key, 1).is_file() else "queued"
        if self.front is None and all(p.start is not None for p in self.main) and \
                (lead is None or lead.layout is not None):
            labels: dict[str, str] = {}
            if lead is not None and lead.layout is not None:
                for name, page in lead.layout.anchors:
                    labels.setdefault(name, roman(page + 1).lower())
            for part in self.main:
                assert part.layout is not None and part.start is not None
                for name, page in part.layout.anchors:
                    labels.setdefault(name, str(part.start + page))
            self.labels = labels
            # a guess of its first page: after the lead, on a right-hand page
            lead_pages = lead.layout.pages if lead is not None and lead.layout else 0
            self.front = self._front(lead_pages + lead_pages % 2 + 1 if lead else 1)
        front = self.front
        if front is not None and front.layout is not None and front.start is None:
            # its first page number (roman) follows the lead, after a blank verso when it
            # asks for a right-hand page (duplex) and the lead ends on one
            lead_pages = lead.layout.pages if lead is not None and lead.layout else 0
            blank = lead is not None and _needs_blank(front.layout.first_break,
                                                      lead_pages % 2 == 0)
            start = lead_pages + int(blank) + 1
            if start != front.layout.first_number:  # guessed wrong: laid out again there
                self.front = front = self._front(start)
                if front.layout is not None and front.layout.first_number != start:
                    raise BuildFailed("the module's front matter could not be numbered")
            front.blank, front.start = blank, start
        if front is not None and front.state == "new":
            front.state = "cached" if front.start is not None and \
                self.cache.pdf(front.key, front.start).is_file() else "queued"

    def _front(self, first_page: int) -> Part:
        """The front matter's part, its pages numbered from ``first_page``.  No part
        holds the build's identity (the digest, the version): assembly adds it, so an
        edit elsewhere leaves the front matter's layout reusable."""
        return self.new_part("front", self.setting, self.cut.front_html(self.labels, first_page),
                             self.options)

    def parts(self) -> list[Part]:
        """Every part known so far, the last to be laid out (the front matter) first."""
        return ([self.front] if self.front else []) + ([self.lead] if self.lead else []) + \
            self.main

    def counted(self, on_layout: Callable[[dict[str, str]], None] | None) -> None:
        """The page map, handed to ``on_layout`` as soon as it is known, so the deck is
        drawn while parts are still laid out and written.  With a lead, that is once the
        lead and every main part are laid out: the pages the deck may cite are all
        counted, and the front matter's lists, laid out last, are never handed over
        (:func:`.parts.unhanded_keys`, in one pass too).  Without one, once the whole
        front matter is laid out."""
        if self.handed is not None:
            return
        lead, front = self.lead, self.front
        if lead is not None:
            if lead.layout is None or any(p.start is None for p in self.main):
                return
            self.handed = _page_map([lead], self.main)
        else:
            if front is None or front.layout is None or front.start is None:
                return
            self.handed = _page_map([front], self.main)
        if on_layout is not None:
            on_layout(self.handed)

    def main_start(self) -> int:
        """The index of BAB I's first page, once the front matter is laid out (with the
        blank verso BAB I may need before it)."""
        front, first = self.front, self.main[0]
        assert front is not None and front.layout is not None and front.start is not None
        assert first.layout is not None
        front_pages = front.start - 1 + front.layout.pages  # the lead's, a blank, its own
        first.blank = _needs_blank(first.layout.first_break, front_pages % 2 == 0)
        return front_pages + int(first.blank)

    def complete(self) -> bool:
        return self.front is not None and \
            all(p.state in ("cached", "done") for p in self.parts())

    def assemble(self, out: Path) -> dict[str, str]:
        from . import pdf_identifier

        front = self.front
        assert front is not None and front.layout is not None
        self.counted(None)
        assert self.handed is not None
        main_start = self.main_start()
        files = []
        for part in ([self.lead] if self.lead else []) + [front]:
            assert part.layout is not None and part.start is not None
            files.append(PartFile(self.cache.pdf(part.key, part.start),
                                  frozenset(n for n, _ in part.layout.anchors), part.blank))
        for part in self.main:
            assert part.layout is not None and part.start is not None
            files.append(PartFile(self.cache.pdf(part.key, part.start),
                                  frozenset(n for n, _ in part.layout.anchors), part.blank))
        assemble(files, out, main_start, bool(self.ctx.options.tagged_pdf),
                 info=self.info, identifier=pdf_identifier(self.ctx, "module"))
        return _page_map([p for p in (self.lead, front) if p is not None], self.main)


class Pieces(_Laying):
    """A document whose parts print no page number of another (the guide: a part per
    chapter), laid out as the module's main matter is: every part at once, each
    numbered on from the parts before it as soon as they are counted (with the blank
    page a single pass puts before a part that asks for the other side), kept in a
    cache beside the outputs (``.cache/<output>-parts/``) by the digest of its HTML,
    and assembled with no page labels but the single pass's (arabic from the first)."""

    def __init__(self, htmls: tuple[str, ...], ctx: BuildContext, resources: str,
                 options: dict[str, Any], output: str) -> None:
        self.ctx = ctx
        self.output = output
        self.cache = PartCache(ctx.out_dir / ".cache" / f"{output}-parts")
        setting = _setting(ctx, resources)
        self.main = [self.new_part(output, setting, html, options) for html in htmls]

    def parts(self) -> list[Part]:
        return self.main

    def settle(self) -> None:
        number = 1
        for part in self.main:
            if part.layout is None:
                break
            if part.start is None:
                part.blank = number > 1 and _needs_blank(part.layout.first_break,
                                                         number % 2 == 1)
            number += int(part.blank)
            part.start = number
            number += part.layout.pages
        self.mark(self.main)

    def counted(self, on_layout: Callable[[dict[str, str]], None] | None) -> None:
        """Nothing to hand over: no other output cites this one's pages."""

    def complete(self) -> bool:
        return all(p.state in ("cached", "done") for p in self.main)

    def assemble(self, out: Path, identifier: bytes | None) -> None:
        files = []
        for part in self.main:
            assert part.layout is not None and part.start is not None
            files.append(PartFile(self.cache.pdf(part.key, part.start),
                                  frozenset(n for n, _ in part.layout.anchors), part.blank))
        assemble(files, out, 0, bool(self.ctx.options.tagged_pdf), identifier=identifier)


def write_pieces(htmls: tuple[str, ...], ctx: BuildContext, out: Path, *, output: str,
                 resources: str, base_url: str, fetcher: Any, identifier: bytes | None,
                 jobs: int, fork: bool = True) -> None:
    """Lay out a document cut into :func:`.parts.pieces` with ``jobs`` workers (or in
    this process) and assemble it at ``out``; the bytes do not depend on ``jobs``."""
    from . import pdf_options

    book = Pieces(htmls, ctx, resources, pdf_options(ctx, output), output)
    try:
        if jobs > 1 and fork:
            _drive_pool(book, jobs, fetcher, None, base_url)
        else:
            _drive_here(book, fetcher, None, base_url)
        book.assemble(out, identifier)
        let_go()
    except BaseException:
        book.cache.discard()
        raise
    book.cache.prune()


def _drive_pool(book: Book | Pieces, jobs: int, fetcher: Any,
                on_layout: Callable[[dict[str, str]], None] | None,
                base_url: str | None = None) -> None:
    """The parts laid out by ``jobs`` forked workers, each as soon as one is free; a
    part is numbered and written as soon as the parts before it are counted."""
    from .fetcher import COURSE_BASE_URL, RefusedURL

    pool = Pool(jobs, base_url or COURSE_BASE_URL, fetcher)
    idle = list(pool.conns)
    holding: dict[Connection, Part] = {}
    try:
        while True:
            book.settle()
            waiting = book.waiting()
            while idle and waiting:
                part = waiting.pop(0)
                conn = idle.pop()
                conn.send((part.key, part.html, part.targets, part.options))
                part.state = "laying"
                holding[conn] = part
            for conn, part in holding.items():
                if part.state == "laid" and part.start is not None:
                    conn.send(book.order(part))
                    part.state = "writing"
            book.counted(on_layout)
            if book.complete():
                break
            if not holding:
                raise BuildFailed(f"the {book.output}'s parts could not be scheduled")
            for ready in wait(list(holding)):
                assert isinstance(ready, Connection)
                conn = ready
                try:
                    kind, _name, value = conn.recv()
                except EOFError:
                    raise BuildFailed(f"a process laying out the {book.output} ended "
                                      "without a word") from None
                part = holding[conn]
                if kind == "error":
                    if "RefusedURL" in str(value):
                        raise RefusedURL(str(value))
                    raise BuildFailed(f"laying out a part of the {book.output}: {value}")
                if kind == "laid":
                    book.laid(part, value)
                else:
                    book.written(part)
                    del holding[conn]
                    idle.append(conn)
    finally:
        pool.close()


def _drive_here(book: Book | Pieces, fetcher: Any,
                on_layout: Callable[[dict[str, str]], None] | None,
                base_url: str | None = None) -> None:
    """The parts laid out one after another in this process, in book order (so each
    part's start is known as soon as it is laid out): for one job, or a build that must
    not fork (``WOG_BUILD_SERIAL=1``).  Only one part's layout is held at a time."""
    from .fetcher import COURSE_BASE_URL

    with stylesheets_parsed_once():
        _lay_out_here(book, fetcher, on_layout, base_url or COURSE_BASE_URL)


def _lay_out_here(book: Book | Pieces, fetcher: Any,
                  on_layout: Callable[[dict[str, str]], None] | None, base_url: str) -> None:
    while True:
        book.settle()
        book.counted(on_layout)
        if book.complete():
            return
        waiting = book.waiting()
        if not waiting:
            raise BuildFailed("the module's parts could not be scheduled")
        part = waiting[0]

        def numbered(layout: PartLayout, part: Part = part) -> Order | None:
            book.laid(part, layout)
            book.settle()
            if part not in book.parts():  # the front matter, to be laid out elsewhere
                return None
            if part.start is None:  # cannot be: every part before it is counted
                raise BuildFailed("the module's parts could not be numbered in order")
            book.counted(on_layout)  # the front matter: the deck may cite pages now
            part.state = "writing"
            return book.order(part)

        _lay_out_and_write(part.html, part.targets, part.options, base_url, fetcher,
                           numbered)
        if part.state == "writing":
            book.written(part)


def write_in_parts(source: str, root: Path, ctx: BuildContext, out: Path, jobs: int,
                   resources: str, on_layout: Callable[[dict[str, str]], None] | None = None,
                   fetcher: Any = None, fork: bool = True) -> dict[str, str] | None:
    """Lay the module out in parts with ``jobs`` workers (or, with one job or
    ``fork`` False, in this process) and write the book to ``out``; returns the page
    map, or None when the template marks no parts (then the caller lays it out in one
    pass).  The bytes do not depend on ``jobs``: the parts, their keys and their
    order are the same."""
    from . import make_fetcher, pdf_options

    cut = split(source)
    if cut is None or not cut.main:
        return None
    book = Book(source, ctx, resources, pdf_options(ctx))
    fetcher = fetcher or make_fetcher(root, ctx)
    try:
        if jobs > 1 and fork:
            _drive_pool(book, jobs, fetcher, on_layout)
        else:
            _drive_here(book, fetcher, on_layout)
        pages = book.assemble(out)
        let_go()  # the parts' and the book's objects, before the book is read back
    except BaseException:
        book.cache.discard()
        raise
    book.cache.prune()
    return pages


def _page_map(front: list[Part], main: list[Part]) -> dict[str, str]:
    """Unit uid (or ``part:<name>``) → label of the page its anchor lands on, first
    occurrence in book order winning, as :func:`.pagemap.page_map` does for one pass;
    ``front``: the front matter's parts handed over (roman numbers from the cover)."""
    found: dict[str, str] = {}
    for part in front:
        assert part.layout is not None and part.start is not None
        for name, page in part.layout.anchors:
            key = anchor_key(name)
            if key is not None:
                found.setdefault(key, roman(part.start + page).lower())
    for part in main:
        assert part.layout is not None and part.start is not None
        for name, page in part.layout.anchors:
            key = anchor_key(name)
            if key is not None:
                found.setdefault(key, str(part.start + page))
    return found
