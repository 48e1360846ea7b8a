"""The trainer's deck, read back from disk with python-pptx.

Every promise is checked on the saved file: slide order, shapes inside the slide, text
that fits its box (re-measured here from the XML with fontTools, independently of the
renderer's Pillow measurement), notes, alt text, language tags, module pages, every
slides-unit of the source present, reproducible bytes, and LibreOffice opening it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pypdf import PdfReader

from wog_build.context import make_context
from wog_build.document import Document as Course
from wog_build.inline import InlineText
from wog_build.loader import load_course
from wog_build.model import Node, Unit
from wog_build.slides.theme import load_theme

from .support.builds import deck_alone as build
from .support.builds import stand_in_pages as page_map
from .support.builds import write_deck
from .support.deck import deck_text as all_deck_text
from .support.deck import frame_texts
from .support.fit import EMU_PER_PT, deck_overflows, frame_overflow, pts
from .support.paths import FIXTURES, FULL_COURSE, LAYOUTS
from .support.text import squash
from .support.tools import needs, soffice_convert

ADVERSARIAL = FIXTURES / "slides_adversarial" / "course.yaml"
FOOTER_SHAPES = {"Footer", "Module page", "Slide number"}


def deck_text(path: Path) -> str:
    """Every text of the deck, alt texts included, white space squashed."""
    return squash(all_deck_text(path, alt=True))


# --- building ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> tuple[Course, Path]:
    return build(FULL_COURSE, tmp_path_factory.mktemp("deck_full"))


@pytest.fixture(scope="module")
def adversarial(tmp_path_factory) -> tuple[Course, Path]:
    return build(ADVERSARIAL, tmp_path_factory.mktemp("deck_adversarial"))


@pytest.fixture(scope="module", params=["full", "adversarial"])
def deck(request, full, adversarial) -> tuple[Course, Path]:
    return full if request.param == "full" else adversarial


def kinds(path: Path) -> list[str]:
    return [slide.name.split(":")[1] for slide in Presentation(str(path)).slides]


# --- tests --------------------------------------------------------------------------------


def test_full_fixture_slides_in_deck_order(full):
    assert kinds(full[1]) == [
        "title", "agenda", "objectives", "introduction",
        "chapter", "section", "definition", "quote", "section", "activity",
        "summary", "exercises",
        "chapter", "section", "table",  # the figure beside the section's key points
        "section", *["diagram"] * 6, *["chart"] * 4, "summary", "exercises",
        "evaluation", "evaluation", "evaluation", "regulations", "references", "closing",
    ]


def test_slides_name_the_unit_they_show(full):
    course, path = full
    uids = {course.uid(u) for u in course.units()}
    names = [s.name for s in Presentation(str(path)).slides]
    assert all(re.fullmatch(r"wog:[a-z_-]+(:.+)?", n) for n in names), names
    shown = {n.split(":", 2)[2] for n in names if n.count(":") == 2}
    assert shown <= uids
    assert {"sec-pengertian", "bab2.2.b1", "bab3.1.b1"} <= shown


def test_every_shape_inside_the_slide(deck):
    prs = Presentation(str(deck[1]))
    width, height = prs.slide_width, prs.slide_height
    assert (width, height) == (12192000, 6858000)  # 13.333 × 7.5 in
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            bottom = shape.top + shape.height
            if getattr(shape, "has_table", False):
                bottom = shape.top + sum(r.height for r in shape.table.rows)
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= width, (number, shape.name)
            assert bottom <= height, (number, shape.name)


def test_every_text_fits_its_box_by_measurement(deck, widths):
    prs = Presentation(str(deck[1]))
    measured = deck_overflows(widths, prs)
    assert [m for m in measured if m[1] > 0] == [], "text taller than its box (pt)"
    assert sum(over < 0 for _, over in measured) > len(prs.slides)


def test_table_rows_hold_their_text_and_the_table_ends_above_the_footer(deck, widths):
    theme = load_theme(LAYOUTS)
    prs = Presentation(str(deck[1]))
    tables = 0
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if not getattr(shape, "has_table", False):
                continue
            tables += 1
            table = shape.table
            rows_h = sum(r.height for r in table.rows) / EMU_PER_PT
            assert shape.top / EMU_PER_PT + rows_h <= theme.footer_top, number
            for row in table.rows:
                for c, cell in enumerate(row.cells):
                    tc = cell._tc
                    insets = tuple(pts(tc.tcPr.get(k)) for k in ("marL", "marT", "marR", "marB"))
                    over = frame_overflow(widths, tc.txBody, table.columns[c].width / EMU_PER_PT,
                                          row.height / EMU_PER_PT, insets)
                    assert over <= 0, f"slide {number}: cell '{cell.text[:30]}' {over:.1f} pt"
    assert tables >= 1


def test_slide_text_never_below_the_minimum_size(deck):
    theme = load_theme(LAYOUTS)
    for slide in Presentation(str(deck[1])).slides:
        for shape in slide.shapes:
            if shape.name in FOOTER_SHAPES:
                continue
            for sz in shape._element.xpath(".//a:rPr/@sz"):
                assert int(sz) / 100 >= theme.size("body_min"), (slide.name, shape.name)


def test_every_run_declares_calibri_and_indonesian(deck):
    prs = Presentation(str(deck[1]))
    runs = 0
    for slide in prs.slides:
        parts = [slide._element, slide.notes_slide._element]
        for part in parts:
            for rpr in part.xpath(".//a:rPr | .//a:endParaRPr"):
                runs += 1
                assert rpr.get("lang") == "id-ID"
                if rpr.tag == qn("a:rPr"):
                    assert rpr.find(qn("a:latin")).get("typeface") == "Calibri"
    assert runs > 100


def test_notes_on_every_slide_and_the_module_page_first(full):
    course, path = full
    pages = page_map(course)
    prs = Presentation(str(path))
    for slide in prs.slides:
        kind = slide.name.split(":")[1]
        assert slide.has_notes_slide, slide.name
        notes = slide.notes_slide.notes_text_frame.text.strip()
        assert notes, slide.name
        if kind in ("title", "closing"):
            assert "Modul hlm." not in notes
            continue
        first = notes.splitlines()[0]
        assert re.fullmatch(r"Modul hlm\. \d+", first), (slide.name, first)
        assert first in frame_texts(slide)
        uid = slide.name.split(":", 2)[2] if slide.name.count(":") == 2 else None
        if uid:
            assert first == f"Modul hlm. {pages[first_item(course, kind, uid)]}", slide.name


def test_each_slide_and_its_notes_are_one_part_each_pointing_at_the_other(deck):
    """Read from the zip with lxml, not python-pptx: every part name appears once (the
    drawn slides are kept as their saved XML while the next is drawn, see
    slides/linear.py), every slide's notes slide points back at that slide, and every
    name a relationship targets is in the package."""
    import posixpath
    import zipfile

    from lxml import etree

    _, path = deck
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert len(names) == len(set(names))
        slides = sorted(n for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
        assert slides

        def targets(part: str) -> dict[str, str]:
            folder, base = posixpath.split(part)
            rels = etree.fromstring(z.read(f"{folder}/_rels/{base}.rels"))
            found = {}
            for rel in rels:
                if rel.get("TargetMode") == "External":
                    continue
                target = posixpath.normpath(posixpath.join(folder, rel.get("Target")))
                assert target in names, (part, target)
                found[rel.get("Type").rsplit("/", 1)[1]] = target
            return found

        for slide in slides:
            notes = targets(slide)["notesSlide"]
            assert targets(notes)["slide"] == slide
            etree.fromstring(z.read(slide))  # well-formed
            etree.fromstring(z.read(notes))


def first_item(course: Course, kind: str, uid: str) -> str:
    """The unit a slide's first line shows: a section slide's first key point (its
    heading's box is on the page the slide cites); any other slide's own unit."""
    unit = course.unit(uid)
    if kind == "section" and unit.key_points:
        return course.uid(unit.key_points[0])
    return uid


def test_section_slide_cites_its_first_key_point_and_a_table_its_own(full):
    course, path = full
    pages = page_map(course)
    by_name = {s.name: s for s in Presentation(str(path)).slides}
    section = by_name["wog:section:sec-pengertian"]
    table = by_name["wog:table:bab3.1.b1"]
    point = course.uid(course.unit("sec-pengertian").key_points[0])
    assert pages[point] != pages["sec-pengertian"]  # the stand-in map tells them apart
    assert section.notes_slide.notes_text_frame.text.startswith(f"Modul hlm. {pages[point]}")
    assert table.notes_slide.notes_text_frame.text.startswith(f"Modul hlm. {pages['bab3.1.b1']}")


def test_without_pages_no_module_page_is_printed(tmp_path):
    _, path = build(FULL_COURSE, tmp_path, with_pages=False)
    text = deck_text(path)
    assert "Modul hlm" not in text and len(Presentation(str(path)).slides) == 34


def test_pictures_keep_their_aspect_and_carry_alt_text(full):
    prs = Presentation(str(full[1]))
    pictures = [s for slide in prs.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 1
    pic = pictures[0]
    assert pic._element.nvPicPr.cNvPr.get("descr") == \
        "Tiga lingkaran berwarna yang saling berdampingan"
    assert abs(pic.width / pic.height - 640 / 360) < 0.01
    assert (pic.crop_left, pic.crop_right, pic.crop_top, pic.crop_bottom) == (0, 0, 0, 0)


def unit_texts(course: Course, node: object) -> list[str]:
    """The reader-visible author text of one unit (not of the units inside it)."""
    out: list[str] = []
    for name in type(node).model_fields:
        value = getattr(node, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, InlineText):
                out.append(course.plain(item))
            elif isinstance(item, Node) and not isinstance(item, Unit):
                out += unit_texts(course, item)
    return [" ".join(t.split()) for t in out if t.strip()]


def test_every_slides_unit_is_in_the_deck(deck):
    course, path = deck
    hay = deck_text(path)
    checked = 0
    for unit in course.units():
        if not course.shows(unit, "slides"):
            assert course.shows(unit, "module")
            continue
        for text in unit_texts(course, unit):
            if text == getattr(getattr(unit, "short_title", None), "source", None):
                continue
            assert text in hay, f"{course.uid(unit)}: '{text[:60]}' is not in the deck"
            checked += 1
    assert checked > 40


def test_module_only_unit_stays_out(full):
    assert "Kata pengantar untuk kursus uji" not in deck_text(full[1])
    assert "Paragraf khusus untuk catatan pelatih." in deck_text(full[1])


def test_adversarial_content_continues_instead_of_shrinking(adversarial):
    _, path = adversarial
    prs = Presentation(str(path))
    names = [s.name for s in prs.slides]
    assert sum(n.startswith("wog:section-continued:sec-panjang") for n in names) >= 3
    continued_tables = [s for s in prs.slides if s.name.startswith("wog:table-continued")]
    assert len(continued_tables) >= 3
    for slide in continued_tables:  # the header row is repeated
        table = next(s for s in slide.shapes if getattr(s, "has_table", False)).table
        assert [c.text for c in table.rows[0].cells] == ["Instansi", "Uraian", "Tahun"]
    rows = [c.text for s in prs.slides for sh in s.shapes if getattr(sh, "has_table", False)
            for r in list(sh.table.rows)[1:] for c in list(r.cells)[:1]]
    assert [f"Instansi {i}" for i in range(1, 31)] == [r for r in rows if r]
    titles = [s.shapes.title.text_frame.text for s in prs.slides if s.shapes.title is not None]
    assert any(t.endswith("(lanjutan)") for t in titles)
    for slide in prs.slides:  # key points: at most 6 per slide
        if slide.name.startswith("wog:section"):
            body = next(s for s in slide.shapes if s.name == "Body")
            bullets = body._element.xpath(".//a:buChar")
            assert len(bullets) <= 6


def test_reproducible_bytes_and_core_properties(tmp_path):
    course, first = build(FULL_COURSE, tmp_path / "a")
    _, second = build(FULL_COURSE, tmp_path / "b")
    assert hashlib.sha256(first.read_bytes()).hexdigest() == \
        hashlib.sha256(second.read_bytes()).hexdigest()
    ctx = make_context(course, tmp_path / "a")
    core = Presentation(str(first)).core_properties
    assert core.identifier == ctx.digest
    assert core.version == "0.1.0"
    assert core.language == "id-ID"
    assert core.title == "Kursus Uji Lengkap"
    assert core.author == "Tim Penguji"
    assert core.revision == 1
    assert core.created == core.modified == ctx.date.replace(tzinfo=None)


def _layouts_with(tmp_path: Path, **settings: str) -> Path:
    """A copy of the packaged layouts whose theme names the given files."""
    from wog_build.context import DEFAULT_LAYOUTS

    layouts = tmp_path / "layouts"
    shutil.copytree(DEFAULT_LAYOUTS, layouts)
    theme = layouts / "slides" / "theme.yaml"
    text = theme.read_text(encoding="utf-8")
    for key, value in settings.items():
        text = text.replace(f"# {key}: {value}", f"{key}: {value}")
    theme.write_text(text, encoding="utf-8")
    return layouts


def test_a_theme_template_loses_its_sample_slides_and_sets_the_slide_size(tmp_path):
    layouts = _layouts_with(tmp_path, template="org.pptx")
    sample = Presentation()  # python-pptx's own: 4:3, the Office layouts
    sample.slides.add_slide(sample.slide_layouts[1]).shapes.title.text = "Contoh templat"
    sample.save(str(layouts / "slides" / "org.pptx"))
    course = load_course(FULL_COURSE)
    path = write_deck(course, make_context(course, tmp_path / "out", layouts), None)
    prs = Presentation(str(path))
    assert len(prs.slides) == 34
    assert "Contoh templat" not in deck_text(path)
    assert (prs.slide_width, prs.slide_height) == (sample.slide_width, sample.slide_height)
    types = {slide.name.split(":")[1]: slide.slide_layout._element.get("type")
             for slide in prs.slides}
    assert types["title"] == types["closing"] == "title"
    assert types["chapter"] == "secHead" and types["section"] == types["table"] == "obj"
    for slide in prs.slides:  # nothing of the built-in look's own
        assert not [s for s in slide.shapes if s.name == "Logo" or s.shape_type == 1]


def test_a_theme_logo_goes_on_the_cover_with_alt_text(tmp_path):
    layouts = _layouts_with(tmp_path, logo="logo.png")
    shutil.copy(FIXTURES / "full" / "images" / "koordinasi.png", layouts / "slides" / "logo.png")
    course = load_course(FULL_COURSE)
    path = write_deck(course, make_context(course, tmp_path / "out", layouts), None)
    prs = Presentation(str(path))
    logo = next(s for s in prs.slides[0].shapes if s.name == "Logo")
    assert logo._element.nvPicPr.cNvPr.get("descr") == "Lembaga Administrasi Negara"
    assert logo.left + logo.width <= prs.slide_width


@needs("soffice")
def test_libreoffice_opens_the_deck_one_page_per_slide(full, tmp_path):
    pdf = soffice_convert(full[1], tmp_path)
    assert len(PdfReader(pdf).pages) == len(Presentation(str(full[1])).slides)


def test_the_deck_read_one_slide_at_a_time_reads_as_python_pptx_opened_whole(deck):
    """The proof reads the deck with each slide's XML parsed when asked for and dropped
    after (a deck of 1,100 slides held 90 MB of trees at once): it reads what
    python-pptx, opening every part, reads; and python-pptx is left as it was."""
    from pptx.opc.package import PartFactory

    from wog_build import readback

    table = dict(PartFactory.part_type_for)
    path = deck[1]
    readback._last_deck = None
    lean = readback.read_deck(path)
    assert PartFactory.part_type_for == table
    whole = readback._parse_deck(Presentation(str(path)))
    assert lean == whole and len(lean.slides) > 5
    assert any(s.notes for s in lean.slides) and any(s.title for s in lean.slides)
