"""The sync proof, on files read back from disk: a fresh build passes, and every kind of
drift (a lost slide, a lost paragraph, a stale or foreign deck, an extra slide) fails,
naming the unit or the stale file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from wog_build import build, sync
from wog_build.document.texts import unit_texts
from wog_build.readback import normalise

from .support.cli import run_main
from .support.courses import copy_course
from .support.deck import frame_texts, open_deck
from .support.pdf import page_labels, page_texts
from .support.text import letters


def fresh_build(tmp: Path) -> tuple[Path, Path]:
    """A private copy of the fixture course, built into its own dist folder."""
    course_file = copy_course(tmp / "course")
    course, ctx = build.prepare(course_file, tmp / "dist")
    build.build(course, ctx)
    return course_file, tmp / "dist"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return fresh_build(tmp_path_factory.mktemp("sync"))


def check(course_file: Path, out: Path, capsys) -> tuple[int, str, str]:
    return run_main(capsys, "check", "--force", "--out", str(out), str(course_file))


def copy_build(built, tmp_path) -> tuple[Path, Path]:
    course_file, out = built
    shutil.copytree(course_file.parent, tmp_path / "course")
    shutil.copytree(out, tmp_path / "dist")
    # the digest covers paths relative to the course folder, so a copy is the same source
    return tmp_path / "course" / "course.yaml", tmp_path / "dist"


def test_fresh_build_is_in_sync_and_reports_every_chapter(built, capsys):
    course_file, out = built
    code, stdout, stderr = check(course_file, out, capsys)
    assert code == 0, stderr
    for chapter in ("BAB I Pendahuluan", "BAB II Konsep Uji", "BAB III Penerapan Uji"):
        assert chapter in stdout
    assert "module, slides" in stdout and "are in sync" in stdout
    report = next(out.glob("*-sync.json")).read_text(encoding="utf-8")
    assert '"ok": true' in report


def test_removed_slide_is_named(built, tmp_path, capsys):
    course_file, out = copy_build(built, tmp_path)
    deck = next(out.glob("*.pptx"))
    prs = Presentation(str(deck))
    victim = next(i for i, s in enumerate(prs.slides) if s.name.startswith("wog:definition"))
    ids = prs.slides._sldIdLst
    ids.remove(ids[victim])
    prs.save(str(deck))
    code, _, stderr = check(course_file, out, capsys)
    assert code == 3
    assert re.search(r"bab2\.yaml:15:9: bab2\.1\.b2 is missing from the slides", stderr), stderr


def test_extra_slide_is_foreign(built, tmp_path, capsys):
    course_file, out = copy_build(built, tmp_path)
    deck = next(out.glob("*.pptx"))
    prs = Presentation(str(deck))
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    slide.shapes.add_textbox(0, 0, 100, 100).text_frame.text = "Click to add title"
    prs.save(str(deck))
    code, _, stderr = check(course_file, out, capsys)
    assert code == 3
    assert "('Click to add title') was not built from this source" in stderr


def test_blanked_paragraph_in_the_module_is_named(tmp_path, monkeypatch, capsys):
    from wog_build import pdf

    original = pdf.render_html

    def blanking(course, ctx, output):
        html = original(course, ctx, output)
        assert "Pengantar bab konsep." in html
        return html.replace("Pengantar bab konsep.", "")

    monkeypatch.setattr(pdf, "render_html", blanking)
    course_file, out = fresh_build(tmp_path)
    code, _, stderr = check(course_file, out, capsys)
    assert code == 3
    assert re.search(r"bab2\.yaml:5:5: bab2\.b1 is missing from the module "
                     r"\('Pengantar bab konsep\.'\)", stderr), stderr


def test_source_edited_without_rebuilding(built, tmp_path, capsys):
    course_file, out = copy_build(built, tmp_path)
    chapter = course_file.parent / "bab2.yaml"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "Pengantar bab konsep.", "Pengantar bab konsep yang baru."), encoding="utf-8")
    code, _, stderr = check(course_file, out, capsys)
    assert code == 3
    assert "fixture-0.1.0-modul.pdf was built from another source or layout" in stderr
    assert "fixture-0.1.0-bahan-tayang.pptx was built from another source or layout" in stderr
    assert "bab2.b1 is missing from the module ('Pengantar bab konsep yang baru.')" in stderr


def test_deck_from_an_older_source_is_stale(built, tmp_path, capsys):
    course_file, out = copy_build(built, tmp_path)
    older = tmp_path / "older"
    shutil.copytree(course_file.parent, older)
    chapter = older / "bab2.yaml"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "Alasan internal", "Alasan lama"), encoding="utf-8")
    course, ctx = build.prepare(older / "course.yaml", tmp_path / "older-dist")
    (deck,) = build.build(course, ctx, ["slides"])
    shutil.copyfile(deck, next(out.glob("*.pptx")))
    code, _, stderr = check(course_file, out, capsys)
    assert code == 3
    assert "fixture-0.1.0-bahan-tayang.pptx was built from another source" in stderr
    assert "fixture-0.1.0-modul.pdf was built from another" not in stderr
    assert "bab2.2.kp2 is missing from the slides ('Alasan internal')" in stderr


def test_every_module_page_reference_is_right(built):
    course_file, out = built
    course, ctx = build.prepare(course_file, out)
    labels = ctx.labels
    reader = PdfReader(next(out.glob("*-modul.pdf")))
    labels_of_pages = page_labels(reader)
    texts = page_texts(reader)
    deck = open_deck(next(out.glob("*.pptx")))
    pattern = re.compile(re.escape(labels["module_page"]) + r"\s*(\w+)")
    checked = 0
    for slide in deck.slides:
        tag = re.fullmatch(r"wog:[a-z_-]+(?::(.+))?", slide.name)
        refs = {m for t in frame_texts(slide) for m in pattern.findall(t)}
        if not refs or not tag.group(1):
            continue  # the agenda cites each materi pokok's page: checked by `check` alike
        unit = course.unit(tag.group(1))
        heading = letters(unit_texts(course, unit)[0])[:40]
        for ref in refs:
            page = texts[labels_of_pages.index(ref)]
            assert heading in letters(page), (slide.name, ref)
            checked += 1
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.startswith(labels["module_page"]), slide.name
    content = [s for s in deck.slides if s.name.startswith(("wog:section", "wog:content"))]
    assert checked >= len(content) > 0


def test_found_in_tolerates_page_breaks():
    hay = normalise("awal paragraf yang panjang sekali Konsep Uji 3 BAB II lanjutan paragraf tamat")
    needle = normalise("awal paragraf yang panjang sekali lanjutan paragraf tamat")
    assert sync.found_in(needle, hay)
    assert not sync.found_in(normalise("paragraf yang tidak pernah ditulis sama sekali"), hay)
