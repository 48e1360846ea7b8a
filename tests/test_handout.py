"""The slide handouts, read back with pypdf: ⌈slides/3⌉ sheets (one per slide for the
notes pages) with every slide's title on its sheet in the deck's order; and a machine
without LibreOffice: ``build`` leaves them out and says so, ``handout`` stops with the
install command."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from wog_build.build import build_course
from wog_build.options import Options
from wog_build.readback import normalise

from .conftest import FIXTURES, cli_env

SOFFICE = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None,
                                       reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("handout") / "dist"
    build_course(FIXTURES / "full" / "course.yaml", ["handout", "handout-notes"],
                 Options(out=out, force=True, tools=(("soffice", SOFFICE),)), lambda _: None)
    return out


def _titles(out: Path) -> list[str]:
    deck = Presentation(str(next(out.glob("*-bahan-tayang.pptx"))))
    return [s.shapes.title.text_frame.text if s.shapes.title is not None else ""
            for s in deck.slides]


@pytest.mark.slow
@needs_libreoffice
def test_three_slides_a_page_with_every_title_in_order(handouts):
    titles = _titles(handouts)
    pdf = PdfReader(next(handouts.glob("*-handout.pdf")))
    assert len(pdf.pages) == math.ceil(len(titles) / 3)
    whole = normalise("".join(p.extract_text() for p in pdf.pages))
    at = 0
    for number, title in enumerate(titles, 1):
        page = normalise(pdf.pages[(number - 1) // 3].extract_text())
        assert normalise(title) in page, (number, title)
        found = whole.find(normalise(title), at)
        assert found >= 0, f"slide {number} '{title}' is out of order"
        at = found
    assert "Catatan" in pdf.pages[0].extract_text()


@pytest.mark.slow
@needs_libreoffice
def test_notes_pages_one_slide_and_its_notes_a_page(handouts):
    titles = _titles(handouts)
    deck = Presentation(str(next(handouts.glob("*-bahan-tayang.pptx"))))
    pdf = PdfReader(next(handouts.glob("*-handout-catatan.pdf")))
    assert len(pdf.pages) == len(titles)
    for page, slide in zip(pdf.pages, deck.slides, strict=True):
        text = normalise(page.extract_text())
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        assert normalise(notes)[:60] in text


def test_without_libreoffice_build_skips_the_handouts_and_says_so(tmp_path):
    out = tmp_path / "dist"
    said: list[str] = []
    build_course(FIXTURES / "full" / "course.yaml", None, Options(out=out, tools=()),
                 said.append)
    assert not list(out.glob("*handout*"))
    skipped = [line for line in said if "skipped" in line]
    assert len(skipped) == 2 and all("libreoffice-impress" in s for s in skipped), said
    assert any(line.endswith("are in sync") for line in said)  # the rest is proven


def test_the_handout_command_without_libreoffice_prints_the_install_command(tmp_path):
    env = cli_env(PATH=str(tmp_path))  # no soffice on this PATH
    done = subprocess.run([sys.executable, "-m", "wog_build", "handout",
                           str(FIXTURES / "full" / "course.yaml"), "--out", str(tmp_path)],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 1
    assert "sudo apt-get install --no-install-recommends libreoffice-impress" in done.stderr
    assert not list(tmp_path.glob("*.pdf"))
