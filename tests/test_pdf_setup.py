"""One WeasyPrint set-up for every PDF the build writes itself (``pdf.html_to_pdf``):
the facilitator guide, read back with pypdf, is written as the module is (tagged, an
identifier derived from the source digest but its own, page labels, the build's
identity in the Info dict), and a request outside what the fetcher allows is a build
error naming the output, with nothing written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from wog_build.build import build_course
from wog_build.context import make_context
from wog_build.document.protocol import DIGEST_KEY, TOOL_KEY, VERSION_KEY
from wog_build.errors import BuildFailed
from wog_build.loader import load_course
from wog_build.options import Options
from wog_build.pdf import html_to_pdf, make_fetcher

from .support.paths import FULL_COURSE
from .support.pdf import page_labels, page_texts

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[PdfReader, PdfReader]:
    out = tmp_path_factory.mktemp("pdf_setup") / "dist"
    build_course(FULL_COURSE, ["module", "guide"], Options(out=out, force=True),
                 lambda _: None)
    return (PdfReader(next(out.glob("*-modul.pdf"))),
            PdfReader(next(out.glob("*-panduan-fasilitator.pdf"))))


def test_the_guide_is_written_as_the_module_is(pdfs: tuple[PdfReader, PdfReader]) -> None:
    module, guide = pdfs
    digest = str(module.metadata[f"/{DIGEST_KEY}"])
    assert len(digest) == 64
    for key in (DIGEST_KEY, VERSION_KEY, TOOL_KEY):  # one build, one identity
        assert guide.metadata[f"/{key}"] == module.metadata[f"/{key}"], key
    for reader in pdfs:  # tagged for screen readers, as the options say by default
        assert "/StructTreeRoot" in reader.trailer["/Root"]
        assert "/PageLabels" in reader.trailer["/Root"]
        assert len(page_labels(reader)) == len(reader.pages)
        assert any(text.strip() for text in page_texts(reader))
    first = [reader.trailer["/ID"][0].original_bytes for reader in pdfs]
    assert first[0] == bytes.fromhex(digest[:32])  # the module's, as it always was
    assert first[1] == hashlib.sha256(f"{digest}:guide".encode()).digest()[:16]
    assert first[0] != first[1]  # two documents, two identifiers


def test_a_refused_request_names_the_output_and_writes_nothing(tmp_path: Path) -> None:
    doc = load_course(FULL_COURSE)
    ctx = make_context(doc, tmp_path)
    out = tmp_path / "guide.pdf"
    html = '<html><body><p>x</p><img src="file:///etc/passwd"></body></html>'
    with pytest.raises(BuildFailed, match=r"^the guide asked for a file it may not read: "
                                          r"refused to fetch 'file:///etc/passwd'"):
        html_to_pdf(html, ctx, base_url=(ctx.layouts / "guide").as_uri() + "/",
                    fetcher=make_fetcher(ctx.layouts, ctx), out=out, output="guide")
    assert not out.exists()
