"""Bounded work (issue 20): a small source can never cost unbounded time or memory.

Includes that multiply (a file included many times, includes of includes), tables of
too many cells or columns, and an organisation template that unpacks to far more than
its size are each refused with a located error that names the limit, before the work
is done, and the outputs of the previous build stay exactly as they were.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from wog_build.checks import MAX_TABLE_CELLS, MAX_TABLE_COLUMNS
from wog_build.cli import EXIT_BUILD_FAILED, EXIT_INVALID_SOURCE, main
from wog_build.slides.template import MAX_TEMPLATE_BYTES
from wog_build.yamlsource import MAX_VALUES

from .support.courses import readme_example, write_course
from .support.outputs import snapshot

PARAGRAPH = "          - Paragraf biasa cukup ditulis sebagai teks.\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The README's course built once; each test tries a bad one into the same folder."""
    folder = tmp_path_factory.mktemp("good")
    out = folder / "dist"
    assert main(["build", "--quiet", "--out", str(out),
                 str(write_course(folder / "src", readme_example()))]) == 0
    assert any(out.glob("*.pdf")) and any(out.glob("*.pptx"))
    return out


def with_blocks(folder: Path, blocks: str) -> Path:
    """The README's course with ``blocks`` (YAML at the blocks' indent) after its first
    paragraph."""
    return write_course(folder, readme_example().replace(PARAGRAPH, PARAGRAPH + blocks))


def refused(args: list[str], out: Path, capsys: pytest.CaptureFixture[str],
            code: int = EXIT_INVALID_SOURCE) -> str:
    """Run ``build`` with ``args``: it must exit ``code`` and leave ``out`` as it was;
    returns what it printed on stderr."""
    before = snapshot(out)
    capsys.readouterr()
    assert main(["build", "--force", "--out", str(out), *args]) == code
    assert snapshot(out) == before, "a refused build changed the previous outputs"
    return capsys.readouterr().err


@pytest.mark.slow
def test_includes_that_multiply_stop_at_the_expansion_limit(built, tmp_path, capsys):
    """Seven files of ten includes each would expand to ten million paragraphs: the read
    stops as it passes the limit, at the include where it did, naming the chain."""
    path = with_blocks(tmp_path / "bomb", "          - include: b1.yaml\n")
    for level in range(1, 7):
        (path.parent / f"b{level}.yaml").write_text(f"- include: b{level + 1}.yaml\n" * 10,
                                                    encoding="utf-8")
    (path.parent / "b7.yaml").write_text("Paragraf.\n", encoding="utf-8")
    assert sum(f.stat().st_size for f in path.parent.iterdir()) < 4096
    err = refused([str(path)], built, capsys)
    lines = [line for line in err.splitlines() if ": error: " in line]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{path.parent / 'b7.yaml'}:1:1: error: "), lines[0]
    assert f"more than {MAX_VALUES:,} values" in lines[0]
    assert "b1.yaml -> " in lines[0] and "-> " + str(path.parent / "b7.yaml") in lines[0]
    assert "split the course" in lines[0]


def test_a_file_included_many_times_is_within_the_limit_when_small(tmp_path, capsys):
    """Including one file many times is allowed (each inclusion is counted): the course
    validates, and every copy is in it."""
    path = with_blocks(tmp_path / "many", "          - include: p.yaml\n" * 300)
    (path.parent / "p.yaml").write_text("Paragraf yang diulang.\n", encoding="utf-8")
    from wog_build.loader import load_course

    doc = load_course(path)
    blocks = doc.course.chapters[0].sections[0].blocks
    assert len(blocks) == 302, len(blocks)


def table(columns: int, rows: int) -> str:
    header = "[" + ", ".join(f"K{i}" for i in range(columns)) + "]"
    row = "[" + ", ".join(f"isi{i}" for i in range(columns)) + "]"
    return ("          - table: Tabel besar\n"
            f"            header: {header}\n"
            "            rows:\n" + f"              - {row}\n" * rows)


@pytest.mark.slow
def test_a_table_of_too_many_columns_is_a_located_error(built, tmp_path, capsys):
    path = with_blocks(tmp_path / "wide", table(MAX_TABLE_COLUMNS + 1, 2))
    err = refused([str(path)], built, capsys)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
                if "header: [K0" in text)
    assert f"{path}:{line}:21: error: this table has {MAX_TABLE_COLUMNS + 1} columns; a " \
           f"table may have at most {MAX_TABLE_COLUMNS}" in err, err


@pytest.mark.slow
def test_a_table_of_too_many_cells_is_a_located_error(built, tmp_path, capsys):
    rows = MAX_TABLE_CELLS // 5  # with its header row, one row too many
    path = with_blocks(tmp_path / "long", table(5, rows))
    err = refused([str(path)], built, capsys)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
                if "rows:" in text)
    assert f"{path}:{line + 1}:15: error: this table has {rows:,} rows of 5 cells " \
           f"({MAX_TABLE_CELLS + 5:,} cells with its header); a table may hold at most " \
           f"{MAX_TABLE_CELLS:,} cells" in err, err


def test_the_largest_table_allowed_validates(tmp_path, capsys):
    path = with_blocks(tmp_path / "fits", table(MAX_TABLE_COLUMNS, 2)
                       + table(5, MAX_TABLE_CELLS // 5 - 1))
    assert main(["validate", str(path)]) == 0, capsys.readouterr().err


@pytest.mark.slow
def test_a_template_that_unpacks_past_the_limit_is_refused_before_it_is_opened(
        built, tmp_path, capsys):
    """A template of some 100 KB whose one part unpacks to more than the limit (it
    would be copied into every deck)."""
    template = tmp_path / "org.pptx"
    Presentation().save(str(template))
    with zipfile.ZipFile(template, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr("ppt/media/padding.bin", b"\0" * (MAX_TEMPLATE_BYTES + 1))
    assert template.stat().st_size < 1024 * 1024
    source = write_course(tmp_path / "src", readme_example())
    err = refused(["--template", str(template), str(source)], built, capsys,
                  code=EXIT_BUILD_FAILED)
    assert re.search(re.escape(f"{template}: the template unpacks to ") + r"64\.\d MB " +
                     re.escape("(its part 'ppt/media/padding.bin' alone is 64.0 MB); a "
                               "template may hold at most 64 MB unpacked"), err), err


# --- page references right at any size ---------------------------------------------------

def long_section_course(folder: Path, points: int) -> Path:
    """The README's course with one section of ``points`` key points: more than a page
    of them, so its key-point box cannot stay on the page of its heading."""
    lines = "".join(f"          - Poin ke-{n} tentang bekerja lintas batas instansi\n"
                    for n in range(1, points + 1))
    text = readme_example().replace(
        "        key_points:                     # on the slide face, and a box in the module\n"
        "          - Bekerja lintas batas\n"
        "          - Tujuan bersama\n",
        "        key_points:\n" + lines)
    assert "Poin ke-1 " in text
    return write_course(folder, text)


def built_and_read(path: Path, out: Path, capsys: pytest.CaptureFixture[str]
                   ) -> tuple[list[str], list[str], Any]:
    """Build ``path`` into ``out`` (its proof passing: exit 0) and read it back: the
    module's page labels and normalised text per page (pypdf), and the deck."""
    from pypdf import PdfReader

    from wog_build.readback import normalise

    assert main(["build", "--quiet", "--out", str(out), str(path)]) == 0, \
        capsys.readouterr().err
    pdf = PdfReader(next(out.glob("*-modul.pdf")))
    pages = [normalise(page.extract_text()) for page in pdf.pages]
    return list(pdf.page_labels), pages, Presentation(str(next(out.glob("*.pptx"))))


@pytest.mark.slow
def test_each_slide_of_a_long_section_cites_the_page_its_first_line_is_on(tmp_path, capsys):
    """A section of 120 key points (three pages of them): every slide that shows key
    points says "Modul hlm. N" for the page its first key point is printed on, read
    back from the deck and the PDF, and the build's own proof agrees (exit 0)."""

    from wog_build.readback import normalise

    path = long_section_course(tmp_path / "long", 120)
    out = tmp_path / "dist"
    labels, pages, deck = built_and_read(path, out, capsys)
    checked, on_pages = 0, set()
    for number, slide in enumerate(deck.slides, 1):
        body = next((s.text_frame.text for s in slide.shapes if s.name == "Body"), "")
        match = re.match(r"Poin ke-(\d+) ", body)
        if not match:
            continue
        notes = slide.notes_slide.notes_text_frame.text
        cited = re.search(r"Modul hlm\. (\w+)", notes)
        assert cited, f"slide {number} cites no module page"
        first = normalise(f"Poin ke-{match.group(1)} tentang bekerja lintas batas")
        page = labels.index(cited.group(1))
        assert first in pages[page], (f"slide {number} cites page {cited.group(1)} for "
                                      f"key point {match.group(1)}, which is not there")
        checked += 1
        on_pages.add(page)
    assert checked >= 10 and len(on_pages) >= 3, (checked, on_pages)

    # the proof catches a wrong page: the last key-point slide made to cite the first
    # key-point page, in its footer and its notes
    last = max(n for n, slide in enumerate(deck.slides, 1) if re.match(
        r"Poin ke-\d+ ", next((s.text_frame.text for s in slide.shapes if s.name == "Body"),
                              "")))
    slide = deck.slides[last - 1]
    wrong = labels[min(on_pages)]
    frames = [s.text_frame for s in slide.shapes if s.has_text_frame]
    for frame in [*frames, slide.notes_slide.notes_text_frame]:
        for run in (r for p in frame.paragraphs for r in p.runs):
            run.text = re.sub(r"Modul hlm\. \w+", f"Modul hlm. {wrong}", run.text)
    deck.save(str(next(out.glob("*.pptx"))))
    capsys.readouterr()
    assert main(["check", "--out", str(out), str(path)]) == 3
    err = capsys.readouterr().err
    assert f"slide {last} says Modul hlm. {wrong}, but its first line 'Poin ke-" in err, err


@pytest.mark.slow
def test_agenda_slides_that_go_on_with_a_chapter_cite_their_first_sections_page(
        tmp_path, capsys):
    """A chapter of 60 sections fills several agenda slides: a slide that goes on with
    the chapter's sections cites the page of its first section, not the chapter's."""

    from wog_build.readback import normalise

    sections = "".join(f"      - title: Bagian agenda {n}\n        key_points:\n"
                       f"          - Poin bagian {n}\n" for n in range(1, 61))
    text = readme_example().replace("    summary:\n", sections + "    summary:\n", 1)
    path = write_course(tmp_path / "agenda", text)
    out = tmp_path / "dist"
    labels, pages, deck = built_and_read(path, out, capsys)
    going_on = 0
    for number, slide in enumerate(deck.slides, 1):
        if not slide.name.startswith("wog:agenda"):
            continue
        body = next(s.text_frame.text for s in slide.shapes if s.name == "Body")
        match = re.match(r"Bagian agenda (\d+)", body)
        if not match:
            continue  # it starts with a chapter, cited beside it
        going_on += 1
        cited = re.search(r"Modul hlm\. (\w+)", slide.notes_slide.notes_text_frame.text)
        assert cited, f"slide {number} cites no module page"
        first = normalise(f"Bagian agenda {match.group(1)}")
        assert first in pages[labels.index(cited.group(1))], (number, cited.group(1))
    assert going_on >= 2, going_on


# --- the proof reads a long book about once --------------------------------------------

def test_the_proof_follows_the_reader_past_a_long_table_of_contents(monkeypatch):
    """Titles are found first in the table of contents; when it is longer than the
    reader's window, the text under each title lies beyond it.  The reader follows the
    text there instead of searching the whole book for every later unit (at 10,000
    sections that was most of an hour), and still finds a unit placed before it."""
    from wog_build import sync

    count = 5_000
    titles = [f"Bagian {n} tentang kerja lintas batas" for n in range(count)]
    bodies = [f"Paragraf {n} menjelaskan isinya dengan kalimat biasa." for n in range(count)]
    contents = "".join(f"{t} ........ {n}\n" for n, t in enumerate(titles))
    assert len(contents) > sync.Reader.WINDOW
    text = "DAFTAR ISI\n" + contents + "".join(
        f"{t}\n{b}\n" for t, b in zip(titles, bodies, strict=True)) + "KUNCI JAWABAN\n"
    whole = [0]
    find = sync._find

    def counting(needle, hay, start, end, pieces, min_piece):
        if start == 0 and end == len(hay):
            whole[0] += 1
        return find(needle, hay, start, end, pieces, min_piece)

    monkeypatch.setattr(sync, "_find", counting)
    reader = sync.Reader(text)
    for title, body in zip(titles, bodies, strict=True):
        assert reader.finds(title) and reader.finds(body)
    assert whole[0] <= 2, f"{whole[0]} searches of the whole book for {2 * count} units"
    assert reader.finds("DAFTAR ISI")  # before the cursor: still found
    assert not reader.finds("Paragraf yang tidak pernah ditulis di mana pun juga.")
