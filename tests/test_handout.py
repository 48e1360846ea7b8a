"""The slide handouts, read back with pypdf: ⌈slides/3⌉ sheets (one per slide for the
notes pages) with every slide's title on its sheet in the deck's order; and a machine
without LibreOffice: ``build`` leaves them out and says so, ``handout`` stops with the
install command."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from wog_build.build import build_course
from wog_build.options import Options

from .support.cli import run_cli
from .support.deck import notes_text, open_deck, slide_titles
from .support.paths import FULL_COURSE, LAYOUTS
from .support.pdf import page_texts
from .support.text import letters
from .support.tools import needs, require

SOFFICE = shutil.which("soffice")
needs_libreoffice = needs("soffice")


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require("soffice")
    out = tmp_path_factory.mktemp("handout") / "dist"
    build_course(FULL_COURSE, ["handout", "handout-notes"],
                 Options(out=out, force=True, tools=(("soffice", SOFFICE),)), lambda _: None)
    return out


def _titles(out: Path) -> list[str]:
    return slide_titles(open_deck(next(out.glob("*-bahan-tayang.pptx"))))


@pytest.mark.slow
@needs_libreoffice
def test_three_slides_a_page_with_every_title_in_order(handouts):
    titles = _titles(handouts)
    pages = page_texts(next(handouts.glob("*-handout.pdf")))
    assert len(pages) == math.ceil(len(titles) / 3)
    whole = letters("".join(pages))
    at = 0
    for number, title in enumerate(titles, 1):
        page = letters(pages[(number - 1) // 3])
        assert letters(title) in page, (number, title)
        found = whole.find(letters(title), at)
        assert found >= 0, f"slide {number} '{title}' is out of order"
        at = found
    assert "Catatan" in pages[0]


@pytest.mark.slow
@needs_libreoffice
@pytest.mark.parametrize(("suffix", "per_sheet"), [("handout", 3), ("handout-catatan", 1)])
def test_each_slide_stands_inside_its_own_frame(handouts, suffix, per_sheet):
    """Every slide's title is inside the frame the theme gives its place on the sheet
    (``layouts/handout/theme.yaml``), where the template drew it, and in no other."""
    import pypdfium2

    from wog_build.handout import MM, load_geometry

    geometry = load_geometry(LAYOUTS)
    slots = geometry["slots"] if per_sheet > 1 else [geometry["notes_page"]["slot"]]
    titles = _titles(handouts)
    pdf = pypdfium2.PdfDocument(next(handouts.glob(f"*-{suffix}.pdf")))
    for number, title in enumerate(titles, 1):
        page = pdf[(number - 1) // per_sheet]
        top, text = page.get_height(), page.get_textpage()
        frames = [letters(text.get_text_bounded(
            slot["x"] * MM, top - (slot["y"] + slot["height"]) * MM,
            (slot["x"] + slot["width"]) * MM, top - slot["y"] * MM)) for slot in slots]
        assert letters(title) in frames[(number - 1) % per_sheet], (number, title)


@pytest.mark.slow
@needs_libreoffice
def test_the_same_deck_gives_the_same_handout(handouts, tmp_path):
    """Imposing the same slides on the same sheets gives the same bytes (the slides'
    names on each sheet are their numbers, not random ones)."""
    out = tmp_path / "again"
    build_course(FULL_COURSE, ["handout", "handout-notes"],
                 Options(out=out, force=True, tools=(("soffice", SOFFICE),)), lambda _: None)
    for name in ("*-handout.pdf", "*-handout-catatan.pdf"):
        assert next(out.glob(name)).read_bytes() == next(handouts.glob(name)).read_bytes()


@pytest.mark.slow
@needs_libreoffice
def test_notes_pages_one_slide_and_its_notes_a_page(handouts):
    titles = _titles(handouts)
    deck = open_deck(next(handouts.glob("*-bahan-tayang.pptx")))
    pages = page_texts(next(handouts.glob("*-handout-catatan.pdf")))
    assert len(pages) == len(titles)
    for page, slide in zip(pages, deck.slides, strict=True):
        assert letters(notes_text(slide))[:60] in letters(page)


def test_without_libreoffice_build_skips_the_handouts_and_says_so(tmp_path):
    out = tmp_path / "dist"
    said: list[str] = []
    build_course(FULL_COURSE, None, Options(out=out, tools=()),
                 said.append)
    assert not list(out.glob("*handout*"))
    skipped = [line for line in said if "skipped" in line]
    assert len(skipped) == 2 and all("libreoffice-impress" in s for s in skipped), said
    assert any(line.endswith("are in sync") for line in said)  # the rest is proven


def test_tools_turned_off_says_so_not_missing(tmp_path):
    """WOG_BUILD_TOOLS=0 leaves the LibreOffice outputs out on a machine that has it:
    the message says they were turned off, not that a program is missing."""
    from wog_build.options import tools_turned_off

    out = tmp_path / "dist"
    said: list[str] = []
    build_course(FULL_COURSE, None, Options(out=out, tools=tools_turned_off()), said.append)
    assert not list(out.glob("*handout*"))
    skipped = [line for line in said if "skipped" in line]
    assert len(skipped) == 2, said
    assert all("WOG_BUILD_TOOLS=0 turns off" in s and "not installed" not in s
               for s in skipped), said


def test_the_handout_command_without_libreoffice_prints_the_install_command(tmp_path):
    done = run_cli("handout", str(FULL_COURSE), "--out", str(tmp_path),
                   env={"PATH": str(tmp_path), "WOG_BUILD_TOOLS": "1"})  # no soffice here
    assert done.returncode == 1
    assert "sudo apt-get install --no-install-recommends libreoffice-impress" in done.stderr
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.slow
@needs_libreoffice
def test_a_build_stopped_while_libreoffice_prints_leaves_nothing_behind(handouts, monkeypatch,
                                                                         tmp_path):
    """LibreOffice prints the deck while the sheets are drawn; when drawing them fails,
    LibreOffice is ended and its folder removed, and the build fails in its words."""
    import tempfile

    from wog_build import handout
    from wog_build.errors import BuildFailed

    started: list[handout.Rendering] = []
    real = handout.Rendering

    def rendering(pptx: bytes, soffice: str) -> handout.Rendering:
        started.append(real(pptx, soffice))
        return started[-1]

    def failing(*args: object, **kwargs: object) -> bytes:
        raise BuildFailed("the sheets could not be drawn")

    monkeypatch.setattr(handout, "Rendering", rendering)
    monkeypatch.setattr(handout, "background_pdf", failing)
    monkeypatch.setattr(handout, "_RENDERED", {})
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(BuildFailed, match="sheets could not be drawn"):
        build_course(FULL_COURSE, ["handout"],
                     Options(out=tmp_path / "out", force=True, tools=(("soffice", SOFFICE),)),
                     lambda _: None)
    assert len(started) == 1
    assert started[0]._process.poll() is not None  # ended, not left printing
    assert not list(tmp_path.glob("wog-handout-*"))
