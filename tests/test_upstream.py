"""The mends to WeasyPrint and pydyf (``wog_build/pdf/upstream.py``) change only what is
wrong: a tagged book's structure tree costs one list of page references, not one per
structure element (time that grew with pages × elements), and reads back the same."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

import pydyf
import pytest
from pypdf import PdfReader

from wog_build.pdf.upstream import mended_writer

pytestmark = pytest.mark.slow

PAGES = 12


COURSE = Path(__file__).resolve().parent / "fixtures" / "full" / "course.yaml"


def serial_module_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds whose module parts are laid out in this process (where a test watches
    WeasyPrint), without the outputs that need LibreOffice."""
    monkeypatch.setenv("WOG_BUILD_SERIAL", "1")
    monkeypatch.setenv("WOG_BUILD_TOOLS", "0")


def module_pdf(out: Path) -> bytes:
    """The test course's module built into ``out`` (one job), its bytes."""
    from wog_build import cli

    assert cli.main(["pdf", "--quiet", "--force", "--jobs", "1", "--out", str(out),
                     str(COURSE)]) == 0
    return next(out.glob("*-modul.pdf")).read_bytes()


def page_list_builds(html: str, out: Path, mended: bool) -> int:
    """Write ``html`` as a tagged PDF to ``out`` (with the mends, or WeasyPrint alone);
    returns how many times pydyf built the list of every page's reference meanwhile."""
    import weasyprint

    built = [0]
    kept = pydyf.PDF.page_references
    original = kept.fget
    assert original is not None

    def counting(pdf: pydyf.PDF) -> tuple[bytes, ...]:
        built[0] += 1
        result: tuple[bytes, ...] = original(pdf)
        return result

    pydyf.PDF.page_references = property(counting)
    try:
        with mended_writer() if mended else contextlib.nullcontext():
            weasyprint.HTML(string=f"<html lang='id'>{html}</html>").write_pdf(
                out, pdf_variant="pdf/ua-1")
    finally:
        pydyf.PDF.page_references = kept
    return built[0]


def test_the_structure_tree_reads_the_page_list_once(tmp_path: Path) -> None:
    """A tagged PDF of :data:`PAGES` pages, many elements a page."""
    html = "".join(f"<h2>Bagian {n}</h2>" + "".join(
        f"<p>Paragraf {n}.{k} tentang kerja lintas batas.</p>" for k in range(30)) +
        "<p style='break-after: page'></p>" for n in range(PAGES))
    built = page_list_builds(html, tmp_path / "book.pdf", mended=True)
    reader = PdfReader(tmp_path / "book.pdf")
    assert len(reader.pages) >= PAGES
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert built <= 2, f"the page list was built {built} times for one book"
    assert pydyf.PDF.page_references.fget is not None  # the library is as it was after


def test_without_the_mend_it_is_built_per_element(tmp_path: Path) -> None:
    """What the mend is for: pydyf alone builds it once per structure element."""
    html = "".join(f"<p>Paragraf {k}.</p>" for k in range(200))
    assert page_list_builds(html, tmp_path / "plain.pdf", mended=False) >= 200


LEADER_CSS = ("@page { size: A5; margin: 15mm } body { font-family: Carlito; font-size: 11pt }"
              " ul { list-style: none; padding: 0 }"
              " a::after { content: leader('.') attr(data-page) }")


def leader_pdf(out: Path, mended: bool, lines: int = 20) -> PdfReader:
    """A contents list of ``lines`` entries with dot leaders, laid out with the layout
    mends or by WeasyPrint alone."""
    import weasyprint

    from wog_build.pdf.upstream import mended_layout

    items = "".join(f'<li id="x{n}"><a href="#x{n}" data-page="{n + 3}">Bagian {n} tentang kerja'
                    f'{" lintas batas yang panjang sekali" * (n % 3)}</a></li>'
                    for n in range(lines))
    html = f"<html lang='id'><style>{LEADER_CSS}</style><ul>{items}</ul></html>"
    with mended_layout() if mended else contextlib.nullcontext():
        document = weasyprint.HTML(string=html).render()
    document.write_pdf(out, pdf_variant="pdf/ua-1")
    return PdfReader(out)


def text_objects(reader: PdfReader) -> int:
    return sum(page.get_contents().get_data().count(b"\nBT\n") for page in reader.pages)


def dots(path: Path) -> list[tuple[int, float, float]]:
    """Every '.' drawn, by page and position (PDFium's reading of the file)."""
    import pypdfium2

    found = []
    pdf = pypdfium2.PdfDocument(str(path))
    for n in range(len(pdf)):
        text = pdf[n].get_textpage()
        for i in range(text.count_chars()):
            if text.get_text_range(i, 1) == ".":
                left, bottom, _, _ = text.get_charbox(i)
                found.append((n, round(left, 1), round(bottom, 1)))
    return found


def test_a_leader_is_one_text_box_with_the_same_dots_in_the_same_places(tmp_path: Path) -> None:
    """WeasyPrint draws each copy of a leader's string as a text box of its own: a
    hundred a line, each drawn, marked and tagged alone (25 ms a line to write).  Mended,
    a line's leader is one box: the same dots, where they were, and the same text."""
    alone = leader_pdf(tmp_path / "alone.pdf", mended=False)
    mended = leader_pdf(tmp_path / "mended.pdf", mended=True)
    lines = 20
    assert text_objects(alone) > 30 * lines  # the fault: tens of boxes a line
    assert text_objects(mended) <= 4 * lines  # title, leader, page number (and a wrap)
    before, after = dots(tmp_path / "alone.pdf"), dots(tmp_path / "mended.pdf")
    assert len(before) > 30 * lines
    assert len(after) == len(before)
    def by_line(found: list[tuple[int, float, float]]) -> dict[tuple[int, float], list[float]]:
        lines: dict[tuple[int, float], list[float]] = {}
        for page, x, y in found:
            lines.setdefault((page, y), []).append(x)
        return {key: sorted(xs, reverse=True) for key, xs in lines.items()}

    was, now = by_line(before), by_line(after)
    assert was.keys() == now.keys()
    for key, xs in was.items():  # the k-th dot from the right, within half a point
        assert len(now[key]) == len(xs)
        assert all(abs(a - b) <= 0.5 for a, b in zip(xs, now[key], strict=True)), key
    assert all(abs(was[key][-1] - now[key][-1]) <= 0.05 for key in was)  # the first dot
    # the same text: as PDFium reads it (Chromium's viewer, the proof) exactly; pypdf and
    # Poppler guess a space before the first dot from the gap, no longer there between
    # separate boxes, so only their words are compared
    assert pdfium_text(tmp_path / "alone.pdf") == pdfium_text(tmp_path / "mended.pdf")
    assert [re.sub(r"\s+", "", p.extract_text()) for p in alone.pages] == \
        [re.sub(r"\s+", "", p.extract_text()) for p in mended.pages]


def pdfium_text(path: Path) -> list[str]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    return [pdf[n].get_textpage().get_text_range() for n in range(len(pdf))]


def test_a_stylesheet_is_parsed_once_for_every_part_and_lays_out_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The module's parts laid out one after another in one process: its linked
    stylesheet is parsed for the first part and reused for the others, its ``<style>``
    with the font faces is parsed for each (fonts are registered per document), and the
    book is byte for byte the one laid out with every sheet parsed for every part."""
    import weasyprint

    from wog_build.pdf import parallel

    parsed: list[str] = []
    original = weasyprint.CSS.__init__

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append("link" if kwargs.get("url") else "style")
        original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.CSS, "__init__", counting)
    serial_module_builds(monkeypatch)

    def module(out: Path) -> bytes:
        parsed.clear()
        return module_pdf(out)

    kept = module(tmp_path / "kept")
    parts = parsed.count("style")
    assert parts > 3 and parsed.count("link") == 1
    monkeypatch.setattr(parallel, "stylesheets_parsed_once", contextlib.nullcontext)
    assert module(tmp_path / "each") == kept
    assert parsed.count("style") == parts and parsed.count("link") >= parts - 1 > 2


def test_glyph_arrays_add_no_c_type_per_length_and_the_bytes_stay(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Subsetting each font of each part, WeasyPrint asks cffi for a C array type of
    the glyph count's length (``hb_codepoint_t[N]``), parsed by pycparser for each new
    N.  Mended, the module's parts add no such type, and the book is the same bytes as
    WeasyPrint alone writes."""
    from weasyprint.pdf import fonts
    from weasyprint.text.ffi import ffi

    if not fonts.harfbuzz_subset:
        pytest.skip("HarfBuzz-Subset is not installed (libharfbuzz-subset0): WeasyPrint "
                    "subsets with fontTools and allocates no glyph arrays")

    from wog_build.pdf import upstream

    serial_module_builds(monkeypatch)

    def sized() -> set[str]:
        return {key for key in ffi._parsed_types
                if isinstance(key, str) and re.fullmatch(r"hb_codepoint_t\[\d+\]", key)}

    def module(out: Path) -> tuple[bytes, set[str]]:
        before = sized()
        return module_pdf(out), sized() - before

    mended, added = module(tmp_path / "mended")
    assert added == set()
    monkeypatch.setattr(upstream, "arrays_typed_once", contextlib.nullcontext)
    alone, added = module(tmp_path / "alone")
    assert len(added) >= 2  # what the mend saves: new types, 3.5 ms each
    assert alone == mended


def test_fonttools_subsetting_reads_no_table_it_drops_and_the_bytes_stay(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without HarfBuzz-Subset, WeasyPrint subsets each font of each part with fontTools,
    which decompiled the GSUB and GPOS tables (Carlito's kerning: four fifths of the
    time) only to drop them.  Mended, no part reads them, and the book is the same bytes
    as WeasyPrint alone writes."""
    from fontTools.ttLib import TTFont
    from weasyprint.pdf import fonts

    from wog_build.pdf import upstream

    serial_module_builds(monkeypatch)
    monkeypatch.setattr(fonts, "harfbuzz_subset", None)  # fontTools subsets
    read: list[str] = []
    reading = TTFont._readTable

    def counted(font: TTFont, tag: str) -> object:
        read.append(tag)
        return reading(font, tag)

    monkeypatch.setattr(TTFont, "_readTable", counted)

    def module(out: Path) -> bytes:
        read.clear()
        return module_pdf(out)

    mended = module(tmp_path / "mended")
    assert "glyf" in read and not {"GSUB", "GPOS"} & set(read)
    monkeypatch.setattr(upstream, "layout_tables_dropped_first", contextlib.nullcontext)
    alone = module(tmp_path / "alone")
    assert {"GSUB", "GPOS"} <= set(read)  # what the mend saves
    assert alone == mended


def subset_as_weasyprint(module: Any, font: bytes, gids: list[int],
                         legacy_kern: bool) -> bytes:
    """``font`` subset to ``gids`` by ``module``'s Subsetter, with WeasyPrint's options."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options(retain_gids=True, passthrough_tables=True,
                             ignore_missing_glyphs=True, hinting=True, desubroutinize=True,
                             legacy_kern=legacy_kern)
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = module.Subsetter(options)
    subsetter.populate(gids=gids)
    opened = TTFont(io.BytesIO(font))
    subsetter.subset(opened)
    out = io.BytesIO()
    opened.save(out)
    return out.getvalue()


@pytest.mark.parametrize("legacy_kern", [False, True])
@pytest.mark.parametrize("kern", [False, True], ids=["no-kern", "kern"])
def test_the_early_drop_subsets_every_font_as_fonttools_does(
        monkeypatch: pytest.MonkeyPatch, kern: bool, legacy_kern: bool) -> None:
    """Each of the layouts' fonts, subset as WeasyPrint asks (its options), by fontTools
    alone and with the layout tables dropped first: the same bytes.  With a ``kern`` table
    beside the GPOS fontTools drops it unless told to keep legacy kerning; so does the
    mend."""
    import io
    import random

    from fontTools import subset
    from fontTools.ttLib import TTFont, newTable
    from fontTools.ttLib.tables._k_e_r_n import KernTable_format_0

    from wog_build.pdf.upstream import _EarlyDrops

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # fontTools stamps the time
    files = sorted((Path(__file__).resolve().parents[1] / "layouts").rglob("*.[ot]tf"))
    assert files
    for file in files:
        source = TTFont(file)
        assert "GPOS" in source
        order = source.getGlyphOrder()
        gids = sorted(random.Random(file.name).sample(range(1, len(order)), 120))
        if kern:  # pairs of glyphs the subset keeps
            table = newTable("kern")
            pairs = KernTable_format_0()
            pairs.version, pairs.coverage, pairs.tupleIndex = 0, 1, 0
            first, second, third = (order[gid] for gid in gids[:3])
            pairs.kernTable = {(first, second): -40, (third, first): 25}
            table.version, table.kernTables = 0, [pairs]
            source["kern"] = table
        data = io.BytesIO()
        source.save(data)

        alone = subset_as_weasyprint(subset, data.getvalue(), gids, legacy_kern)
        assert subset_as_weasyprint(_EarlyDrops(subset), data.getvalue(), gids,
                                    legacy_kern) == alone, file.name
        assert ("kern" in TTFont(io.BytesIO(alone))) == (kern and legacy_kern)


# --- WeasyPrint's libraries looked up from the loader's cache (wog_build/pdf/libraries.py)

_NAMES = ["c", "m", "gobject-2.0", "gobject-2.0-0", "libgobject-2.0-0", "pango-1.0",
          "harfbuzz", "harfbuzz-subset", "fontconfig", "fontconfig-1", "pangoft2-1.0",
          "harfbuzz-vector", "wog-build-no-such-library"]


def _needs_loader_cache() -> bytes:
    from wog_build.pdf.libraries import loader_cache

    listing = loader_cache()
    if listing is None:
        pytest.skip("no dynamic loader cache to read (ldconfig -p): lookups go as usual")
    return listing


def test_a_lookup_from_the_loader_cache_answers_as_find_library(monkeypatch):
    """Every name WeasyPrint tries (and libc's), found or not: the same soname as
    ``ctypes.util.find_library``, which runs ldconfig, gcc and ld for it."""
    import ctypes.util

    from wog_build.pdf.libraries import cached_lookup

    monkeypatch.delenv("LD_LIBRARY_PATH", raising=False)
    find = cached_lookup(_needs_loader_cache())
    answers = {name: find(name) for name in _NAMES}
    assert answers == {name: ctypes.util.find_library(name) for name in _NAMES}
    assert answers["c"] and answers["gobject-2.0"] and answers["harfbuzz"]


_LOADED = """
import os, subprocess, sys
started = []
own = subprocess.Popen.__init__
def counted(self, args, *rest, **kw):
    started.append(args[0] if isinstance(args, (list, tuple)) else args)
    own(self, args, *rest, **kw)
subprocess.Popen.__init__ = counted
from wog_build.pdf.libraries import import_weasyprint  # both ways: its own imports alike
if sys.argv[1] == "mended":
    import_weasyprint()
else:
    import weasyprint
maps = open("/proc/self/maps").read().split()
system = ("/usr/lib", "/lib")  # the system's libraries, not Python's own modules
print(sorted({os.path.realpath(p) for p in maps if ".so" in p and p.startswith(system)}))
print(started)
"""


@pytest.mark.parametrize("ld_library_path", [None, "/nonexistent"])
def test_weasyprint_imported_with_cached_lookups_loads_the_same_libraries(
        ld_library_path, tmp_path):
    """The same shared objects mapped as WeasyPrint's own import maps, with one process
    started (ldconfig) where it ran ldconfig, gcc and ld for most of its 22 names; with
    ``LD_LIBRARY_PATH`` set the lookups go as usual."""
    import os
    import subprocess
    import sys

    _needs_loader_cache()
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    if ld_library_path:
        env["LD_LIBRARY_PATH"] = ld_library_path
    script = tmp_path / "loaded.py"
    script.write_text(_LOADED, encoding="utf-8")

    def loaded(how: str) -> tuple[str, str]:
        done = subprocess.run([sys.executable, str(script), how], env=env, check=True,
                              capture_output=True, text=True)
        libraries, started = done.stdout.splitlines()[-2:]
        return libraries, started

    own_libraries, own_started = loaded("own")
    libraries, started = loaded("mended")
    assert libraries == own_libraries
    assert "libpango-1.0.so" in libraries and "libharfbuzz.so" in libraries
    assert len(eval(own_started)) > 10
    if ld_library_path:
        assert started == own_started
    else:
        assert eval(started) == ["/sbin/ldconfig"]
