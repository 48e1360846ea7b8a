"""Every glyph reads back as the text it was written from, ligatures included.

WeasyPrint takes a glyph's text from the first place it is drawn; a ligature formed
across a soft hyphen ("daf\u00adtar", the ``ft`` ligature) got none there, and every
"daftar" after it in the book read back as "da ar": for copy, search, screen readers
and the sync proof.  Read back here with pypdf and poppler's ``pdftotext``, in both
layouts of the module."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from wog_build.pdf.glyphtext import glyph_text

from .support.builds import build_quietly
from .support.courses import readme_example, write_course
from .support.paths import LAYOUTS
from .support.pdf import pdf_text

PARAGRAPH = "          - Paragraf biasa cukup ditulis sebagai teks.\n"
WORDS = "Paragraf ini memuat daftar, pendaftaran dan terdaftar, lalu daftar lagi."


def test_a_ligature_across_a_soft_hyphen_keeps_its_letters(tmp_path: Path) -> None:
    import weasyprint

    font = LAYOUTS / "fonts" / "carlito" / "Carlito-Regular.ttf"
    html = ("<html lang='id'><style>@font-face { font-family: C; src: url('"
            f"{font.as_uri()}') }} html {{ font-family: C }}</style>"
            "<p>Ini daf\u00adtar pertama, lalu daftar kedua.</p></html>")
    plain, repaired = tmp_path / "plain.pdf", tmp_path / "repaired.pdf"
    weasyprint.HTML(string=html).write_pdf(plain)
    with glyph_text():
        weasyprint.HTML(string=html).write_pdf(repaired)
    assert "daftar kedua" not in pdf_text(plain)  # WeasyPrint alone loses the ft
    assert "daftar pertama" in pdf_text(repaired).replace("\u00ad", "")
    assert "daftar kedua" in pdf_text(repaired)


@pytest.mark.parametrize("layout", [[], ["--single-pass"]], ids=["parts", "single-pass"])
def test_the_module_reads_back_every_ligature(tmp_path: Path, layout: list[str]) -> None:
    course = write_course(tmp_path / "c", readme_example().replace(
        PARAGRAPH, PARAGRAPH + f"          - {WORDS}\n"))
    pdf = next(build_quietly(course, tmp_path / "out", *layout).glob("*-modul.pdf"))
    text = pdf_text(pdf)
    for word in ("daftar,", "pendaftaran", "terdaftar", "daftar lagi"):
        assert word in text.replace("\u00ad", "").replace("-\n", ""), word
    if shutil.which("pdftotext"):
        shown = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                               text=True, check=True).stdout
        assert "da ar" not in shown and "daftar" in shown
