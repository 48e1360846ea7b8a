"""`wog-build slides` alone keeps the module's page references: from the page map the
last module build left beside the outputs when it is current, else from laying the
module out without writing it; and `check` fails a deck that cites no pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from wog_build.cli import main
from wog_build.context import make_context
from wog_build.loader import load_course
from wog_build.pipeline.handovers import PREFIX
from wog_build.slides import render_deck

from .support.builds import build_quietly
from .support.courses import copy_course
from .support.deck import face_text, notes_text, open_deck

pytestmark = pytest.mark.slow
REF = re.compile(r"Modul hlm\. (\d+|[ivxlcdm]+)")


def refs(deck: Path) -> list[tuple[str, list[str]]]:
    """Every slide's name and the module pages its face and notes cite."""
    out = []
    for slide in open_deck(deck).slides:
        text = face_text(slide) + " " + notes_text(slide)
        out.append((slide.name, REF.findall(text)))
    return out


@pytest.fixture(scope="module")
def full_build(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("full")
    course = copy_course(tmp / "course")
    return course, build_quietly(course, tmp / "dist")


def test_slides_alone_on_a_fresh_checkout_cite_the_same_pages_as_a_full_build(
        full_build, tmp_path, capsys):
    course = copy_course(tmp_path / "course")
    out = tmp_path / "dist"
    assert main(["slides", "-q", "--out", str(out), str(course)]) == 0
    assert not list(out.glob("*-modul.pdf"))  # the module was laid out, not written
    alone = refs(next(out.glob("*.pptx")))
    full = refs(next(full_build[1].glob("*.pptx")))
    assert alone == full
    assert sum(len(r) for _, r in alone) > 15


def test_slides_alone_after_a_build_take_the_kept_page_map(full_build, tmp_path, capsys):
    course, dist = full_build
    out = tmp_path / "dist"
    shutil.copytree(dist, out)
    kept = next(out.glob(f"{PREFIX}module.json"))
    assert '"bab2.2.b1"' in kept.read_text(encoding="utf-8")
    before = refs(next(out.glob("*.pptx")))
    assert main(["slides", "-q", "--force", "--out", str(out), str(course)]) == 0
    assert refs(next(out.glob("*.pptx"))) == before
    # the deck built alone is proven against the module beside it, pages and all: check
    # (which always reads the outputs back) counts them
    capsys.readouterr()
    assert main(["check", "--out", str(out), str(course)]) == 0
    said = capsys.readouterr().out
    assert int(re.search(r"page references checked: (\d+)", said).group(1)) > 15


def test_check_fails_a_deck_that_cites_no_pages(full_build, tmp_path, capsys):
    course, dist = full_build
    out = tmp_path / "dist"
    shutil.copytree(dist, out)
    doc = load_course(course)
    ctx = make_context(doc, out)
    deck = next(out.glob("*.pptx"))
    deck.write_bytes(render_deck(doc, ctx, None))  # same source, no page map
    capsys.readouterr()
    assert main(["check", "--force", "--out", str(out), str(course)]) == 3
    err = capsys.readouterr()
    assert "cites no module page" in err.out + err.err


def test_check_prints_the_report_even_when_nothing_changed(full_build, capsys):
    course, dist = full_build
    capsys.readouterr()
    assert main(["check", "--out", str(dist), str(course)]) == 0
    said = capsys.readouterr().out
    assert "page references checked:" in said
    checked = int(re.search(r"page references checked: (\d+)", said).group(1))
    assert checked > 15
