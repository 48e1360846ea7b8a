"""Incremental layout: parts kept beside the outputs (``<out>/.cache/module/``) by the
digest of their inputs.  When one chapter changes, only its part (and the front matter,
whose table of contents and imprint follow the source) is laid out again; the book is
byte-identical to a build from nothing; a chapter that grows by pages moves every later
page number, TOC entry and slide reference."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from tests.conftest import FULL_COURSE, ROOT, cli_env
from tests.pdfview import reader_view

pytestmark = pytest.mark.build

CHANGED = "Pengantar bab konsep."
PAGE_REF = re.compile(r"Modul hlm\. ([0-9]+)")


def build(course: Path, out: Path, *args: str) -> Path:
    result = subprocess.run([sys.executable, "-m", "wog_build", "build", "--quiet", "--out",
                             str(out), *args, str(course)], cwd=ROOT, env=cli_env(),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return next(out.glob("*-modul.pdf"))


def kept(out: Path) -> dict[str, tuple[int, int]]:
    """The cached parts' PDFs with their inode and modification time."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in (out / ".cache" / "module").glob("*.pdf")}


def deck_refs(out: Path) -> list[int]:
    deck = Presentation(str(next(out.glob("*.pptx"))))
    texts = []
    for slide in deck.slides:
        texts += [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return [int(n) for text in texts for n in PAGE_REF.findall(text)]


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("incremental") / "course"
    shutil.copytree(FULL_COURSE.parent, folder)
    return folder / "course.yaml"


@pytest.fixture(scope="module")
def first(course: Path) -> Path:
    return build(course, course.parent.parent / "out", "--jobs", "2")


def guide_kept(out: Path) -> dict[str, tuple[int, int]]:
    """The guide's cached PDF (laid out without the build's identity)."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in (out / ".cache" / "guide").glob("*.pdf")}


def slide_keys(out: Path) -> set[str]:
    """The specs whose slides the deck's cache (``.cache/slides/``) holds."""
    [kept] = (out / ".cache" / "slides").glob("*.zip")
    with zipfile.ZipFile(kept) as z:
        return set(json.loads(z.read("index.json")))


def test_one_paragraph_lays_out_only_its_part_again(course: Path, first: Path) -> None:
    out = first.parent
    before = kept(out)
    guide_before = guide_kept(out)
    assert len(guide_before) == 1
    guide = next(out.glob("*-panduan-fasilitator.pdf"))
    digest_before = PdfReader(guide).metadata["/WogSourceDigest"]
    slides_before = slide_keys(out)
    chapter = course.parent / "bab2.yaml"
    text = chapter.read_text("utf-8")
    assert CHANGED in text
    chapter.write_text(text.replace(CHANGED, "Pengantar bab konsep, sedikit diubah."), "utf-8")
    incremental = build(course, out, "--jobs", "2")
    after = kept(out)
    unchanged = {name: where for name, where in after.items() if before.get(name) == where}
    laid_again = set(after) - set(unchanged)
    assert len(before) >= 4 and len(unchanged) == len(before) - 2
    assert len(laid_again) == 2  # the changed chapter and the front matter (its imprint)
    full = build(course, course.parent.parent / "full", "--jobs", "2")
    assert incremental.read_bytes() == full.read_bytes()
    # the guide shows nothing of that paragraph: not laid out again, the same bytes as
    # a full build, with this build's identity (the proof checked its digest)
    assert guide_kept(out) == guide_before
    # the deck: every slide but the edited one's taken from the last build, the same
    # bytes as a deck drawn whole
    assert next(out.glob("*.pptx")).read_bytes() == next(full.parent.glob("*.pptx")).read_bytes()
    slides_after = slide_keys(out)
    assert len(slides_before) >= 10 and len(slides_after) == len(slides_before)
    assert len(slides_after - slides_before) == 1  # the slide that shows the paragraph
    assert guide.read_bytes() == next(full.parent.glob("*-panduan-fasilitator.pdf")).read_bytes()
    assert PdfReader(guide).metadata["/WogSourceDigest"] != digest_before
    assert CHANGED.rstrip(".") + ", sedikit diubah" in " ".join(reader_view(incremental)["texts"])


def test_a_chapter_that_grows_moves_every_later_page(course: Path, first: Path) -> None:
    out = first.parent
    old = reader_view(first)
    old_refs = deck_refs(out)
    chapter = course.parent / "bab2.yaml"
    text = chapter.read_text("utf-8")
    filler = "".join(f"  - Paragraf tambahan {i} yang membuat bab ini lebih panjang dari "
                     "sebelumnya, sehingga halaman berikutnya bergeser ke belakang.\n"
                     for i in range(60))
    chapter.write_text(text.replace("intro:\n", "intro:\n" + filler, 1), "utf-8")
    grown = build(course, out, "--jobs", "2")  # proven in sync: TOC, slides' references
    new = reader_view(grown)
    assert len(new["texts"]) > len(old["texts"])
    shift = len(new["texts"]) - len(old["texts"])
    # the second chapter's bookmark moves by the pages the first one grew
    old_second = next(o for o in old["outline"] if o[1].endswith("PENERAPAN UJI") or
                      "Penerapan Uji" in o[1])
    new_second = next(o for o in new["outline"] if o[1] == old_second[1])
    assert new_second[2] - old_second[2] == shift
    assert max(deck_refs(out)) - max(old_refs) == shift
    single = build(course, course.parent.parent / "single", "--single-pass")
    want = reader_view(single)
    for aspect in ("texts", "labels", "outline", "links", "roles"):
        assert new[aspect] == want[aspect], aspect
    full = build(course, course.parent.parent / "full-grown", "--jobs", "2")
    assert grown.read_bytes() == full.read_bytes()


def test_what_the_guide_shows_lays_the_guide_out_again(course: Path, first: Path) -> None:
    """An exercise's answer is printed in the guide: its HTML changes, so the guide is
    laid out anew (a stale one would also fail the proof, which reads the answer back)."""
    out = first.parent
    build(course, out, "--jobs", "2")  # whatever the tests before left, built
    before = guide_kept(out)
    main = course.read_text("utf-8")
    assert "answer: Contohnya PTSP." in main
    course.write_text(main.replace("answer: Contohnya PTSP.", "answer: Contohnya MPP."),
                      "utf-8")
    build(course, out, "--jobs", "2")
    after = guide_kept(out)
    assert len(after) == 1 and after != before  # the old one removed, a new one kept
    guide = next(out.glob("*-panduan-fasilitator.pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(guide).pages)
    assert "Contohnya MPP" in text and "Contohnya PTSP" not in text


def test_a_slide_taken_from_the_cache_is_still_proven(course: Path, first: Path) -> None:
    """The deck's cache is trusted to hold what was drawn, not beyond the proof: a slide
    altered in it (taken, since nothing it shows changed) fails the build, which names
    the slide; with the cache gone the same source builds and proves."""
    out = first.parent
    build(course, out, "--jobs", "2")
    [kept] = (out / ".cache" / "slides").glob("*.zip")
    with zipfile.ZipFile(kept) as z:
        entries = {info.filename: z.read(info) for info in z.infolist()}
    name, xml = next((n, x) for n, x in sorted(entries.items())
                     if not n.endswith(("n", ".json")) and b"Penerapan" in x)
    entries[name] = xml.replace(b"Penerapan", b"Pemalsuan", 1)
    with zipfile.ZipFile(kept, "w") as z:
        for n, data in entries.items():
            z.writestr(n, data)
    main = course.read_text("utf-8")
    course.write_text(main + "\n# a comment: the build is not a no-op\n", "utf-8")
    result = subprocess.run([sys.executable, "-m", "wog_build", "build", "--quiet", "--out",
                             str(out), str(course)], cwd=ROOT, env=cli_env(),
                            capture_output=True, text=True)
    assert result.returncode == 3, result.stderr
    # named: the slide that shows the altered title, or the unit it no longer shows
    assert "out of sync" in result.stderr and re.search(r"slide [0-9]+", result.stderr)
    assert "Pemalsuan" in result.stderr or "Penerapan" in result.stderr, result.stderr
    shutil.rmtree(out / ".cache" / "slides")
    build(course, out)
    deck = Presentation(str(next(out.glob("*.pptx"))))
    faces = " ".join(s.text_frame.text for slide in deck.slides for s in slide.shapes
                     if s.has_text_frame)
    assert "Pemalsuan" not in faces and "Penerapan" in faces
