"""A module fit to print, read back from the built PDF: only the fonts the layouts
declare, facilitator notes only for trainers, an imprint a publisher can sign, chapters
on right-hand pages when printed duplex, and a sync proof that checks every TOC entry
and every slide reference."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from wog_build import build
from wog_build.errors import CourseInvalid
from wog_build.loader import load_course
from wog_build.model import Activity, iter_units

from .support.builds import build_quietly
from .support.courses import readme_example, write_course
from .support.deck import notes_text, open_deck
from .support.paths import FULL_COURSE, LAYOUTS, WOG
from .support.pdf import page_texts
from .support.text import letters


class Built:
    def __init__(self, course_file: Path, out: Path, layouts: Path | None = None) -> None:
        build_quietly(course_file, out, *(["--layouts", str(layouts)] if layouts else []))
        self.course_file = course_file
        self.out = out
        self.pdf = next(out.glob("*-modul.pdf"))
        self.deck = next(out.glob("*.pptx"))
        self.reader = PdfReader(self.pdf)
        self.texts = page_texts(self.reader)


@pytest.fixture(scope="module")
def wog(tmp_path_factory) -> Built:
    return Built(WOG, tmp_path_factory.mktemp("wog") / "dist")


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Built:
    return Built(FULL_COURSE, tmp_path_factory.mktemp("full") / "dist")


# --- fonts -----------------------------------------------------------------------------


def declared_fonts() -> set[str]:
    """The PostScript names of the font files layouts/fonts.yaml names, squashed."""
    from fontTools.ttLib import TTFont

    data = yaml.safe_load((LAYOUTS / "fonts.yaml").read_text("utf-8"))
    names = set()
    for family in data["families"].values():
        for path in family["files"].values():
            names.add(squash(str(TTFont(LAYOUTS / path)["name"].getDebugName(6))))
    return names


def squash(name: str) -> str:
    """A font name without its subset tag and punctuation: Carlito-Bold-Italic and
    Carlito-BoldItalic are one font."""
    return re.sub(r"[^a-z0-9]", "", name.split("+", 1)[-1].lower())


def pdf_fonts(reader: PdfReader) -> set[str]:
    """Every font a page's resources (or a form XObject's) use, from the font
    dictionaries."""
    found = set()

    def visit(resources) -> None:  # type: ignore[no-untyped-def]
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            found.add(squash(str(font.get_object()["/BaseFont"])))
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                visit(xobject["/Resources"])

    for page in reader.pages:
        visit(page.get("/Resources"))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("which", ["wog", "full"])
def test_every_font_in_the_pdf_is_declared_in_the_layouts(which, request):
    built: Built = request.getfixturevalue(which)
    declared = declared_fonts()
    used = pdf_fonts(built.reader)
    assert used and used <= declared, used - declared
    if shutil.which("pdffonts"):  # a second, independent reader
        out = subprocess.run(["pdffonts", str(built.pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
        assert {squash(line.split()[0]) for line in out} <= declared, out


@pytest.mark.slow
@pytest.mark.parametrize("which", ["wog", "full"])
def test_hyphenated_line_ends_and_table_cells(which, request):
    """The PDF checks of tests/test_hyphenation.py, on the builds made here."""
    from .test_hyphenation import check_line_ends, check_table_cells

    built: Built = request.getfixturevalue(which)
    doc = load_course(built.course_file)
    checked = check_line_ends(doc, built.texts)
    if which == "wog":
        assert checked > 30  # the module is hyphenated, so the checks bite
    check_table_cells(doc, built.texts)


# --- trainers only ----------------------------------------------------------------------


@pytest.mark.slow
def test_facilitator_notes_are_in_the_deck_notes_and_never_in_the_module(wog):
    course = load_course(WOG)
    notes = [n.plain() for u in iter_units(course.course) if isinstance(u, Activity)
             for n in u.facilitator_notes]
    assert notes, "the WoG course lost its facilitator notes"
    module = letters("".join(wog.texts))
    deck = letters("".join(notes_text(s) for s in open_deck(wog.deck).slides))
    for note in notes:
        probe = letters(note)[:40]
        assert probe not in module, note
        assert probe in deck, note
    assert letters(course.labels["facilitator_notes"]) not in module


def test_audience_trainer_keeps_a_unit_out_of_the_module(tmp_path):
    text = readme_example().replace(
        "          - Paragraf biasa cukup ditulis sebagai teks.\n",
        "          - Paragraf biasa cukup ditulis sebagai teks.\n"
        "          - paragraph: Tanyakan pengalaman peserta lebih dulu.\n"
        "            id: saran-pelatih\n"
        "            audience: trainer\n")
    doc = load_course(write_course(tmp_path, text))
    unit = doc.unit("saran-pelatih")
    assert not doc.shows(unit, "module") and doc.shows(unit, "slides")
    assert unit not in doc.units_for("module") and unit in doc.units_for("slides")


# --- front matter -------------------------------------------------------------------------


@pytest.mark.slow
def test_imprint_and_cover(wog):
    course = load_course(WOG)
    labels = course.labels
    imprint = next(t for t in wog.texts if labels["author_role"] in t)
    for key in ("author_role", "editor_role", "reviewer_role", "designer_role"):
        assert labels[key] in imprint, key
    assert "©" in imprint and labels["copyright_notice"] in imprint
    assert f"{course.meta.year} {course.meta.publisher}" in imprint
    assert imprint.count(course.meta.edition or "") == 1
    assert f"{labels['edition']}: {course.meta.edition}" not in imprint
    digest = wog.reader.metadata["/WogSourceDigest"]
    assert len(digest) == 64 and digest not in "".join(wog.texts)
    assert digest[:12] in imprint
    assert f"{labels['version']} {course.meta.version}" in wog.texts[0]


ISBN_COURSE = "  version: \"1.0.0\"        # quote versions: 1.0 would be a number\n"


@pytest.mark.parametrize(("isbn", "ok"), [
    ("978-0-306-40615-7", True), ("978-0-306-40615-8", False), ("0-306-40615-2", True),
    ("0-306-40615-3", False), ("97860285711", False), ("979-8-9857-8060-X", False),
])
def test_isbn_check_digit_is_verified_where_it_is_written(tmp_path, isbn, ok):
    text = readme_example()
    assert ISBN_COURSE in text
    text = text.replace(ISBN_COURSE, ISBN_COURSE + f"  isbn: \"{isbn}\"\n")
    path = write_course(tmp_path, text)
    line = text.splitlines().index(f"  isbn: \"{isbn}\"") + 1
    if ok:
        assert load_course(path).meta.isbn == isbn
        return
    with pytest.raises(CourseInvalid) as caught:
        load_course(path)
    (error,) = caught.value.errors
    assert (error.line, error.column) == (line, 9) and "isbn" in error.message


# --- duplex -------------------------------------------------------------------------------


def top_level_pages(reader: PdfReader) -> dict[str, int]:
    return {item.title: reader.get_destination_page_number(item) for item in reader.outline
            if not isinstance(item, list)}


@pytest.mark.slow
def test_duplex_puts_every_part_on_a_right_hand_page_after_an_empty_verso(wog):
    openings = top_level_pages(wog.reader)
    assert len(openings) >= 10
    for title, index in openings.items():
        assert index % 2 == 0, f"{title} opens on physical page {index + 1}, a left page"
    blanks = [i for i, t in enumerate(wog.texts) if not t.strip()]
    assert blanks, "no verso was left empty: the check above proves nothing"
    for index in blanks:  # an empty verso: nothing printed at all, before a part
        assert index % 2 == 1 and index + 1 in openings.values(), index
        assert not wog.reader.pages[index].extract_text().strip()


@pytest.mark.slow
def test_single_sided_switch_leaves_no_empty_page(tmp_path, full):
    layouts = tmp_path / "layouts"
    shutil.copytree(LAYOUTS, layouts)
    (layouts / "module" / "print.yaml").write_text("duplex: false\n", encoding="utf-8")
    single = Built(FULL_COURSE, tmp_path / "dist", layouts)
    assert all(t.strip() for t in single.texts)
    assert any(not t.strip() for t in full.texts), "the duplex build had no empty verso"
    assert len(single.texts) < len(full.texts)


# --- the proof checks every page reference ----------------------------------------------

TOC_LINE = re.compile(r"^(?P<title>.+?)\s*\.{3,}\s*(?P<label>[ivxlcdm]+|\d+)\s*$")


@pytest.mark.slow
def test_check_proves_every_toc_entry_and_every_slide_reference(wog):
    doc, ctx = build.prepare(WOG, wog.out)
    report = build.prove(doc, ctx)
    assert report.ok, report.problems
    toc_lines = [line for t in wog.texts for line in t.splitlines()
                 if TOC_LINE.match(line.strip())]
    assert report.outputs["module"].references_checked == len(toc_lines) > 30
    deck = open_deck(wog.deck)
    cited = sum(1 for s in deck.slides for shape in s.shapes
                if shape.has_text_frame and re.search(r"Modul hlm\. \w+$", shape.text_frame.text))
    assert report.outputs["slides"].references_checked >= cited > 40
