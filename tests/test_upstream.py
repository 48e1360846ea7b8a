"""The mends to WeasyPrint and pydyf (``wog_build/pdf/upstream.py``) change only what is
wrong: a tagged book's structure tree costs one list of page references, not one per
structure element (time that grew with pages × elements), and reads back the same."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pydyf
import pytest
from pypdf import PdfReader

from wog_build.pdf.upstream import mended_writer

pytestmark = pytest.mark.slow

PAGES = 12


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
