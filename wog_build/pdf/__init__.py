"""The participant module: Jinja2 templates in ``layouts/module/`` rendered by WeasyPrint.

``render_html`` gives the complete intermediate HTML; ``write_pdf`` lays it out, writes
the PDF to the path it is given and hands on where each unit landed, so the deck can
print "Modul hlm. N".  The output is byte-for-byte reproducible: dates come from the
build context, the PDF identifier from the source digest.  The module writer
(:mod:`wog_build.writers.module`) is the only caller of those; ``html_to_pdf``, the
WeasyPrint set-up under them, also writes the facilitator guide.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..context import BuildContext
from ..document import Document
from ..errors import BuildFailed
from ..fonts import load_fonts
from ..gcpace import fewer_collections, let_go
from . import html as _html
from .finish import Finisher
from .fontconfig import declared_fonts_only
from .pagemap import page_map
from .parts import pieces
from .reproducible import pinned_clock
from .upstream import mended_layout, mended_writer

if TYPE_CHECKING:
    from .fetcher import ConfinedFetcher

PageMap = dict[str, str]
"""Unit id (or ``part:<name>``) → printed page label of the page where its anchor lands."""

QUIET_LOGGERS = ("weasyprint", "fontTools")


def render_html(doc: Document, ctx: BuildContext, output: str = "module") -> str:
    return _html.render_html(doc, ctx, output)


def make_fetcher(root: Path, ctx: BuildContext) -> ConfinedFetcher:
    from .fetcher import ConfinedFetcher

    assets = ctx.options.assets
    folders = [root, ctx.layouts] + ([assets] if assets is not None else [])
    return ConfinedFetcher(folders, _html.font_files(ctx), course_root=root,
                           assets_root=assets)


def cached_pdf(source: str, ctx: BuildContext, *, base_url: str, fetcher: ConfinedFetcher,
               out: Path, output: str, resources: str) -> None:
    """Write ``source`` as :func:`html_to_pdf` would, laid out only when the cache beside
    the outputs (``.cache/<output>/``) does not hold the PDF of the same HTML, made from
    the same ``resources`` (a digest of the files it names), options and code.  The
    build's identity (its Info keys and ``/ID``), which changes with any edit of the
    source, is stamped on afterwards (:func:`.identity.stamp`) both when the PDF is laid
    out and when it comes from the cache: the bytes are the same either way.  An edit that
    leaves a whole output's HTML as it was (most of the guide's) no longer lays it out."""
    import weasyprint

    from .cache import PartCache, digest, layout_code
    from .identity import stamp

    options = {k: str(v) for k, v in pdf_options(ctx, output).items() if k != "pdf_identifier"}
    key = digest(output, source, resources, ctx.tool_version, layout_code(),
                 weasyprint.__version__, json.dumps(options, sort_keys=True))
    cache = PartCache(ctx.out_dir / ".cache" / output)
    kept = cache.pdf(key, 1)
    if not kept.is_file():
        tmp = cache.staging(kept)
        cut = None if ctx.options.single_pass else pieces(source)
        try:
            if cut is None:
                html_to_pdf(source, ctx, base_url=base_url, fetcher=fetcher, out=tmp,
                            output=output, identifier=bytes.fromhex(key[:32]))
            else:  # laid out in parts, a process each (the template marks them)
                _in_pieces(cut, ctx, tmp, output=output, resources=resources,
                           base_url=base_url, fetcher=fetcher,
                           identifier=bytes.fromhex(key[:32]))
        except BaseException:
            cache.discard()
            raise
        cache.land(tmp, kept)
    cache.prune()
    stamp(kept, out, Finisher(ctx.digest, ctx.version, ctx.tool_version).info,
          pdf_identifier(ctx, output))


def _in_pieces(cut: tuple[str, ...], ctx: BuildContext, out: Path, *, output: str,
               resources: str, base_url: str, fetcher: ConfinedFetcher,
               identifier: bytes) -> None:
    """:func:`.parallel.write_pieces` with the single pass's set-up and errors."""
    from .parallel import write_pieces

    with _set_up(ctx, output):
        write_pieces(cut, ctx, out, output=output, resources=resources, base_url=base_url,
                     fetcher=fetcher, identifier=identifier, jobs=ctx.options.jobs,
                     fork="fork" in multiprocessing.get_all_start_methods())


def pdf_identifier(ctx: BuildContext, output: str) -> bytes:
    """The PDF's permanent identifier: derived from the source digest, never random, and
    one per output (the module keeps the one it always had: the digest's first half)."""
    if output == "module":
        return bytes.fromhex(ctx.digest[:32])
    return hashlib.sha256(f"{ctx.digest}:{output}".encode()).digest()[:16]


def pdf_options(ctx: BuildContext, output: str = "module") -> dict[str, object]:
    """WeasyPrint options; the identifier is derived from the digest, never random."""
    options: dict[str, object] = {
        "pdf_identifier": pdf_identifier(ctx, output),
        "optimize_images": False,
        "full_fonts": False,
        "hinting": False,
    }
    if ctx.options.tagged_pdf:
        options["pdf_variant"] = "pdf/ua-1"
    return options


@contextlib.contextmanager
def _set_up(ctx: BuildContext, output: str) -> Iterator[None]:
    """What every layout the build does needs, however it is laid out (one pass, the
    module's parts, a document's pieces): the layouts' fonts required, font-table
    chatter quiet, and a file the fetcher refused a build error naming ``output``."""
    from .fetcher import RefusedURL

    load_fonts(ctx.layouts, ctx.theme).require()
    for name in QUIET_LOGGERS:  # font-table chatter, not the author's business
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        yield
    except RefusedURL as exc:
        raise BuildFailed(f"the {output} asked for a file it may not read: {exc}") from None


def html_to_pdf(source: str, ctx: BuildContext, *, base_url: str,
                fetcher: ConfinedFetcher, out: Path | None, output: str = "module",
                on_layout: Callable[[PageMap], None] | None = None,
                identifier: bytes | None = None) -> PageMap:
    """Lay out ``source`` with WeasyPrint and, when ``out`` is given, write the PDF there;
    the page map (where each anchor landed) is returned.  The one WeasyPrint set-up of
    every PDF the build writes itself (the module, the facilitator guide): the layouts'
    fonts required, every request confined to ``fetcher`` (a refusal is a build error
    naming the ``output``), its own identifier from the digest and tagging as the
    options say (:func:`pdf_options`), the build's date lent to font subsetting, and the page labels
    and the build's identity in the Info dict (:class:`Finisher`).

    ``on_layout`` hears the page map as soon as layout is done, before the PDF is
    written, so the deck can be drawn while the module is still being written.  Given an
    ``identifier``, the PDF is written with it and without the build's identity in its
    Info dict, for :func:`cached_pdf` to stamp on."""
    import weasyprint

    options = pdf_options(ctx, output)
    if identifier is not None:
        options["pdf_identifier"] = identifier
    with _set_up(ctx, output), fewer_collections(), mended_layout():
        document = weasyprint.HTML(string=source, base_url=base_url,
                                   url_fetcher=fetcher).render(
            font_config=declared_fonts_only(), **options)
        pages = page_map(document.pages)
        if on_layout is not None:
            on_layout(pages)
        if out is not None:
            finisher = Finisher(ctx.digest, ctx.version, ctx.tool_version,
                                identity=identifier is None)
            with pinned_clock(ctx.date), mended_writer():
                document.write_pdf(out, finisher=finisher, **options)
        del document
    let_go()  # the layout's boxes are cycles: freed now, not under the next output
    return pages


def handed(source: str, pages: PageMap) -> PageMap:
    """The page map the module hands the other outputs (:func:`.parts.unhanded_keys`)."""
    from .parts import unhanded_keys

    kept = unhanded_keys(source)
    return {key: label for key, label in pages.items() if key not in kept}


def layout_pages(source: str, root: Path, ctx: BuildContext) -> PageMap:
    """Lay the module out and return its page map, writing nothing: what the deck needs
    when it is built alone and no current page map is kept beside the outputs."""
    from .fetcher import COURSE_BASE_URL

    return handed(source, html_to_pdf(source, ctx, base_url=COURSE_BASE_URL,
                                      fetcher=make_fetcher(root, ctx), out=None))


def write_pdf(source: str, root: Path, ctx: BuildContext, out: Path,
              fetcher: ConfinedFetcher | None = None,
              on_layout: Callable[[PageMap], None] | None = None,
              resources: str | None = None) -> PageMap:
    """Lay out the module from its HTML and write it to ``out`` (:func:`html_to_pdf`);
    WeasyPrint is imported only here, so a build can import it in a worker while the
    course is still being read.  ``fetcher`` lets tests spy on requests.  Given a
    ``resources`` digest (the layouts, fonts and images the HTML names, which keys the
    parts' cache) the module is laid out in parts (:mod:`.parallel`) by
    ``ctx.options.jobs`` processes, unless the options ask for one pass.  Returns where
    every anchor landed; ``on_layout`` hears, as soon as it is known, the map the other
    outputs are handed (:func:`handed`: the same in both layouts)."""
    from .fetcher import COURSE_BASE_URL

    if not ctx.options.single_pass and resources is not None:
        from .parallel import write_in_parts

        with _set_up(ctx, "module"):
            pages = write_in_parts(source, root, ctx, out, ctx.options.jobs, resources,
                                   on_layout, fetcher,
                                   fork="fork" in multiprocessing.get_all_start_methods())
        if pages is not None:
            return pages
    def hand(pages: PageMap) -> None:
        if on_layout is not None:
            on_layout(handed(source, pages))

    return html_to_pdf(source, ctx, base_url=COURSE_BASE_URL,
                       fetcher=fetcher or make_fetcher(root, ctx), out=out, on_layout=hand)
