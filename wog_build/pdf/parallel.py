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
import hashlib
import json
import multiprocessing
import os
import signal
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from ..context import BuildContext
from ..document.protocol import anchor_key, page_label
from ..errors import BuildFailed
from .assemble import PartFile, assemble
from .partlayout import PartLayout
from .parts import link_targets, split

CACHE_FOLDER = Path(".cache") / "module"
RIGHT = ("right", "recto")
LEFT = ("left", "verso")


def _digest(*pieces: str) -> str:
    h = hashlib.sha256()
    for piece in pieces:
        h.update(piece.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


class PartCache:
    """What parts' layouts found, and their PDFs, by key; files never read are removed
    after a build (:meth:`prune`), so the cache holds one build's parts."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.existed = folder.is_dir()
        self.created: list[Path] = []

    def _path(self, name: str) -> Path:
        self.used.add(name)
        return self.folder / name

    def layout(self, key: str) -> PartLayout | None:
        path = self._path(f"{key}.json")
        try:
            data = json.loads(path.read_text("utf-8"))
            return PartLayout(int(data["pages"]),
                              tuple((str(n), int(i)) for n, i in data["anchors"]),
                              str(data["first_break"]), int(data["first_number"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def keep_layout(self, key: str, layout: PartLayout) -> None:
        path = self._path(f"{key}.json")
        tmp = self.staging(path)
        tmp.write_text(json.dumps(asdict(layout)), "utf-8")
        self.land(tmp, path)

    def pdf(self, key: str, start: int) -> Path:
        return self._path(f"{key}-{start}.pdf")

    def staging(self, path: Path) -> Path:
        """Where ``path`` is written before it lands (:meth:`land`)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        self.created.append(tmp)
        return tmp

    def land(self, tmp: Path, path: Path) -> None:
        tmp.replace(path)
        self.created.append(path)

    def discard(self) -> None:
        """A failed build leaves the folder as it found it: what it wrote is removed."""
        for path in self.created:
            with contextlib.suppress(OSError):
                path.unlink()
        if not self.existed:
            for folder in (self.folder, self.folder.parent):
                with contextlib.suppress(OSError):
                    folder.rmdir()

    def prune(self) -> None:
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self.used:
                with contextlib.suppress(OSError):
                    path.unlink()


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
    from . import partlayout
    from .gcpace import fewer_collections
    from .reproducible import pinned_clock

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):  # ends with its parent (Linux)
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        name, html, targets, options = job
        try:
            with fewer_collections():
                document = partlayout.render(html, base_url, fetcher, options)
                conn.send(("laid", name, partlayout.describe(document)))
                order = conn.recv()
                if order is None:
                    return
                shift, out, finisher, when = order
                partlayout.renumber(document, shift)
                partlayout.keep_links(document, targets)
                with pinned_clock(when):
                    partlayout.write(document, out, options, finisher)
                del document
            gc.collect()
            conn.send(("written", name, None))
        except BaseException as exc:  # reported to the parent, which fails the build
            with contextlib.suppress(OSError):
                conn.send(("error", name, f"{type(exc).__name__}: {exc}"))
            return


def _needs_blank(first_break: str, right_page: bool) -> bool:
    return (first_break in RIGHT and not right_page) or (first_break in LEFT and right_page)


def write_in_parts(source: str, root: Path, ctx: BuildContext, out: Path, jobs: int,
                   resources: str, on_layout: Callable[[dict[str, str]], None] | None = None,
                   fetcher: Any = None) -> dict[str, str] | None:
    """Lay the module out in parts with ``jobs`` workers and write the book to ``out``;
    returns the page map, or None when the template marks no parts (then the caller
    lays it out in one pass)."""
    from . import make_fetcher, pdf_options
    from .fetcher import COURSE_BASE_URL, RefusedURL
    from .finish import Finisher

    cut = split(source)
    if cut is None or not cut.main:
        return None
    options = pdf_options(ctx)
    tagged = bool(ctx.options.tagged_pdf)
    import weasyprint

    setting = json.dumps({"tagged": tagged, "resources": resources, "tool": ctx.tool_version,
                          "weasyprint": weasyprint.__version__}, sort_keys=True)
    cache = PartCache(ctx.out_dir / CACHE_FOLDER)
    main = []
    for html in cut.main:
        key = _digest("main", setting, html)
        main.append(Part(key, html, link_targets(html), cache.layout(key),
                         options={**options, "pdf_identifier": bytes.fromhex(key[:32])}))
    finisher = Finisher(ctx.digest, ctx.version, ctx.tool_version)
    front: Part | None = None
    labels: dict[str, str] = {}
    main_right: bool | None = None  # whether BAB I's first page is a right-hand page

    def settle() -> None:
        """Number every main part whose predecessors are all counted."""
        nonlocal main_right
        number = 1
        for index, part in enumerate(main):
            if part.layout is None:
                return
            if index == 0:
                first = part.layout.first_break
                main_right = True if first in RIGHT else False if first in LEFT else None
            elif part.layout.first_break != "any" and part.start is None:
                if main_right is None:
                    raise BuildFailed("the module's chapters ask for a right- or left-hand "
                                      "page but BAB I does not: lay it out in one pass "
                                      "(--jobs 1)")
                right = ((number - 1) % 2 == 0) == main_right
                part.blank = _needs_blank(part.layout.first_break, right)
            if part.blank and index > 0:  # BAB I's verso is the front matter's last page
                number += 1
            part.start = number
            number += part.layout.pages

    handed: tuple[int, dict[str, str]] | None = None

    def counted(front: Part) -> tuple[int, dict[str, str]]:
        """Where the main matter starts and the page map, once every part is counted."""
        assert front.layout is not None and main[0].layout is not None
        main[0].blank = _needs_blank(main[0].layout.first_break, front.layout.pages % 2 == 0)
        main_start = front.layout.pages + int(main[0].blank)
        return main_start, _page_map(front, main, main_start)

    fetcher = fetcher or make_fetcher(root, ctx)
    pool = Pool(max(1, jobs), COURSE_BASE_URL, fetcher)
    idle = list(pool.conns)
    holding: dict[Connection, Part] = {}
    try:
        while True:
            settle()
            for part in main:
                if part.state == "new" and part.layout is not None and part.start is not None:
                    part.state = "cached" if cache.pdf(part.key, part.start).is_file() \
                        else "queued"
                elif part.state == "new" and part.layout is None:
                    part.state = "queued"
            if front is None and all(p.start is not None for p in main):
                for part in main:
                    assert part.layout is not None and part.start is not None
                    for name, page in part.layout.anchors:
                        labels.setdefault(name, str(part.start + page))
                html = cut.front_html(labels)
                key = _digest("front", setting, ctx.digest, ctx.version, html)
                front = Part(key, html, link_targets(html), cache.layout(key), start=0,
                             options=options)
                front.state = "cached" if front.layout is not None and \
                    cache.pdf(key, 0).is_file() else "queued"
            waiting = [p for p in ([front] if front else []) + main if p.state == "queued"]
            while idle and waiting:
                part = waiting.pop(0)
                conn = idle.pop()
                conn.send((part.key, part.html, part.targets, part.options))
                part.state = "laying"
                holding[conn] = part
            for conn, part in holding.items():
                if part.state == "laid" and part.start is not None:
                    assert part.layout is not None
                    shift = part.start - part.layout.first_number if part is not front else 0
                    conn.send((shift, cache.staging(cache.pdf(part.key, part.start)),
                               finisher if part is front else None, ctx.date))
                    part.state = "writing"
            if handed is None and front is not None and front.layout is not None:
                handed = counted(front)  # the deck can cite pages while parts are written
                if on_layout is not None:
                    on_layout(handed[1])
            if front is not None and front.state in ("cached", "done") and \
                    all(p.state in ("cached", "done") for p in main):
                break
            if not holding:
                raise BuildFailed("the module's parts could not be scheduled")
            for ready in wait(list(holding)):
                assert isinstance(ready, Connection)
                conn = ready
                try:
                    kind, name, value = conn.recv()
                except EOFError:
                    raise BuildFailed("a process laying out the module ended without a "
                                      "word") from None
                part = holding[conn]
                if kind == "error":
                    if "RefusedURL" in str(value):
                        raise RefusedURL(str(value))
                    raise BuildFailed(f"laying out a part of the module: {value}")
                if kind == "laid":
                    part.layout = value
                    cache.keep_layout(part.key, value)
                    part.state = "laid"
                else:
                    assert part.start is not None
                    target = cache.pdf(part.key, part.start)
                    cache.land(target.with_name(target.name + ".tmp"), target)
                    part.state = "done"
                    del holding[conn]
                    idle.append(conn)
    except BaseException:
        pool.close()
        cache.discard()
        raise
    pool.close()
    assert front is not None and front.layout is not None
    main_start, pages = handed or counted(front)
    files = [PartFile(cache.pdf(front.key, 0), frozenset(n for n, _ in front.layout.anchors))]
    for part in main:
        assert part.layout is not None and part.start is not None
        files.append(PartFile(cache.pdf(part.key, part.start),
                              frozenset(n for n, _ in part.layout.anchors), part.blank))
    try:
        assemble(files, out, main_start, tagged)
    except BaseException:
        cache.discard()
        raise
    cache.prune()
    return pages


def _page_map(front: Part, main: list[Part], main_start: int) -> dict[str, str]:
    """Unit uid (or ``part:<name>``) → label of the page its anchor lands on, first
    occurrence in book order winning, as :func:`.pagemap.page_map` does for one pass."""
    found: dict[str, str] = {}
    assert front.layout is not None
    for name, page in front.layout.anchors:
        key = anchor_key(name)
        if key is not None:
            found.setdefault(key, page_label(page, main_start))
    for part in main:
        assert part.layout is not None and part.start is not None
        for name, page in part.layout.anchors:
            key = anchor_key(name)
            if key is not None:
                found.setdefault(key, str(part.start + page))
    return found
