"""A proof that checks more than presence (issue 20, finding 9).

Each test builds the fixture course, forges one output the way a broken renderer or a
careless hand would, and runs ``check``: it must exit 3 and say which slide, unit or
page is wrong and how.  The forged files are read with python-pptx and pypdf, so the
forgery is what a reader would see, not what the proof says about itself.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, FloatObject, NumberObject

from wog_build import build
from wog_build.cli import main

from .conftest import FIXTURES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("proof")
    shutil.copytree(FIXTURES / "full", tmp / "course")
    course, ctx = build.prepare(tmp / "course" / "course.yaml", tmp / "dist")
    build.build(course, ctx)
    return tmp / "course" / "course.yaml", tmp / "dist"


def copy_build(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    course_file, out = built
    shutil.copytree(course_file.parent, tmp_path / "course")
    shutil.copytree(out, tmp_path / "dist")
    return tmp_path / "course" / "course.yaml", tmp_path / "dist"


def check(course_file: Path, out: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["check", *extra, "--out", str(out), str(course_file)])
    captured = capsys.readouterr()
    return code, captured.err


def deck_of(out: Path) -> Path:
    return next(out.glob("*-bahan-tayang.pptx"))


def module_of(out: Path) -> Path:
    return next(out.glob("*-modul.pdf"))


def test_the_build_passes_the_stronger_proof(built, capsys):
    code, err = check(*built, capsys)
    assert code == 0, err


# --- faces and notes --------------------------------------------------------------------


def face_shapes(slide):
    return [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]


def test_blank_faces_with_the_text_moved_into_the_notes_fail(built, tmp_path, capsys):
    course_file, out = copy_build(built, tmp_path)
    deck = deck_of(out)
    prs = Presentation(str(deck))
    moved = 0
    for slide in prs.slides:
        lines = []
        for shape in face_shapes(slide):
            lines.append(shape.text_frame.text)
            shape.text_frame.text = ""
            moved += 1
        notes = slide.notes_slide.notes_text_frame
        notes.text = "\n".join([notes.text, *lines])
    prs.save(str(deck))
    # every word is still in the deck, so a proof of presence alone would pass
    words = " ".join(s.notes_slide.notes_text_frame.text for s in Presentation(str(deck)).slides)
    assert moved > 20 and len(words) > 1000
    code, err = check(course_file, out, capsys)
    assert code == 3, err
    assert re.search(r"\.yaml:\d+:\d+: \S+ is missing from the slide faces \('", err), err
    assert re.search(r"slide \d+ \(wog:section:[^)]+\) does not show '[^']+' of \S+ in its "
                     r"face", err), err


def test_notes_moved_onto_the_faces_fail(built, tmp_path, capsys):
    """The other way round: the module's prose a trainer reads is not in the notes but
    printed on the slides."""
    course_file, out = copy_build(built, tmp_path)
    deck = deck_of(out)
    prs = Presentation(str(deck))
    for slide in prs.slides:
        notes = slide.notes_slide.notes_text_frame
        if notes.text.strip():
            slide.shapes.add_textbox(0, 0, 100, 100).text_frame.text = notes.text
            notes.text = ""
    prs.save(str(deck))
    code, err = check(course_file, out, capsys)
    assert code == 3, err
    assert re.search(r"bab2\.yaml:14:9: \S+ is missing from the speaker notes \('Paragraf "
                     r"pengertian", err), err
    assert re.search(r"slide \d+ \(wog:section:[^)]+\) does not show 'Paragraf pengertian[^']*'"
                     r" of \S+ in its notes \(it shows \S+, which holds it\)", err), err


def body(slide):
    return next(s for s in slide.shapes if s.name == "Body")


def test_two_slides_with_swapped_bodies_fail_naming_both(built, tmp_path, capsys):
    course_file, out = copy_build(built, tmp_path)
    deck = deck_of(out)
    prs = Presentation(str(deck))
    sections = [s for s in prs.slides if s.name.startswith("wog:section:")
                and any(sh.name == "Body" for sh in s.shapes)]
    first, second = sections[0], sections[-1]
    a, b = body(first).text_frame._txBody, body(second).text_frame._txBody
    a_copy, b_copy = copy.deepcopy(a), copy.deepcopy(b)
    a.getparent().replace(a, b_copy)
    b.getparent().replace(b, a_copy)
    prs.save(str(deck))
    names = {first.name, second.name}
    numbers = {i for i, s in enumerate(Presentation(str(deck)).slides, 1) if s.name in names}
    code, err = check(course_file, out, capsys)
    assert code == 3, err
    for number, name in zip(sorted(numbers), (first.name, second.name), strict=True):
        assert re.search(rf"slide {number} \({re.escape(name)}\) does not show '[^']+' of "
                         r"\S+ in its face", err), err


def test_two_slides_with_swapped_notes_fail(built, tmp_path, capsys):
    course_file, out = copy_build(built, tmp_path)
    deck = deck_of(out)
    prs = Presentation(str(deck))
    sections = [s for s in prs.slides if s.name.startswith("wog:section:")]
    first, second = sections[0], sections[-1]
    one, two = (s.notes_slide.notes_text_frame for s in (first, second))
    one_text, two_text = one.text, two.text
    one.text, two.text = two_text, one_text
    prs.save(str(deck))
    code, err = check(course_file, out, capsys)
    assert code == 3, err
    assert re.search(rf"slide \d+ \({re.escape(first.name)}\) does not show '[^']+' of \S+ "
                     r"in its notes", err), err


# --- text a reader cannot see in the module ---------------------------------------------


def forge_module(pdf: Path, page: int, how: str) -> None:
    """Make every text of one page of the module unreadable, in place."""
    writer = PdfWriter(clone_from=PdfReader(str(pdf)))
    target = writer.pages[page]
    stream = ContentStream(target.get_contents(), writer)
    ops = []
    for operands, op in stream.operations:
        if how == "white" and op == b"rg":
            operands = [FloatObject(1), FloatObject(1), FloatObject(1)]
        if how == "tiny" and op == b"Tf":
            operands = [operands[0], FloatObject(0.01)]
        ops.append((operands, op))
        if how == "invisible" and op == b"BT":
            ops.append(([NumberObject(3)], b"Tr"))
    stream.operations = ops
    target.replace_contents(stream)
    with pdf.open("wb") as f:
        writer.write(f)


def page_with(pdf: Path, words: str) -> int:
    reader = PdfReader(str(pdf))
    return next(i for i, p in enumerate(reader.pages)
                if words in " ".join((p.extract_text() or "").split()))


@pytest.mark.parametrize(("how", "why"), [("invisible", "render mode 3, invisible"),
                                          ("white", "white on white"),
                                          ("tiny", "set smaller than 1 pt")])
def test_module_text_no_reader_can_see_is_missing(built, tmp_path, capsys, how, why):
    course_file, out = copy_build(built, tmp_path)
    pdf = module_of(out)
    words = "Paragraf pengertian"
    page = page_with(pdf, words)
    forge_module(pdf, page, how)
    # pypdf still extracts the text: it is in the file, a reader just cannot see it
    assert page_with(pdf, words) == page
    code, err = check(course_file, out, capsys)
    assert code == 3, err
    assert re.search(rf"modul\.pdf: page \S+ \(sheet {page + 1}\): \d+ runs of text no "
                     rf"reader can see \({re.escape(why)}\): '", err), err
    assert re.search(r"bab2\.yaml:14:9: \S+ is missing from the module \('Paragraf "
                     r"pengertian", err), err


# --- check reads the files, never trusts size and mtime ----------------------------------


def test_check_reads_a_deck_forged_to_the_same_size_and_mtime(built, tmp_path, capsys):
    course_file, out = copy_build(built, tmp_path)
    deck = deck_of(out)
    before = deck.stat()
    prs = Presentation(str(deck))
    victim = next(i for i, s in enumerate(prs.slides) if s.name.startswith("wog:definition"))
    ids = prs.slides._sldIdLst
    prs.part.drop_rel(ids[victim].rId)  # the slide's part goes too: a smaller file
    ids.remove(ids[victim])
    prs.save(str(deck))
    data = deck.read_bytes()
    pad = before.st_size - len(data)
    assert 0 < pad < 65536 and data[-2:] == b"\0\0"  # no zip comment yet: pad with one
    deck.write_bytes(data[:-2] + pad.to_bytes(2, "little") + b" " * pad)
    os.utime(deck, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert deck.stat().st_size == before.st_size
    assert deck.stat().st_mtime_ns == before.st_mtime_ns
    assert len(Presentation(str(deck)).slides) == len(prs.slides)  # a readable deck
    code, err = check(course_file, out, capsys)  # plain check: no --force
    assert code == 3, err
    assert re.search(r"bab2\.1\.b2 is missing from the slides", err), err
