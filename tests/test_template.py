"""An organisation template used as PowerPoint users expect, read back from the deck.

The template is made here (tests/org_template.py): a branded background, a band, a logo
in the master and another in the Title Slide layout, its own title and section layouts,
layout names that mean nothing.  The deck must put each kind of slide on the matching
layout, write into the layouts' placeholders (so no text box meets the logo or the band),
paint no background of its own, and LibreOffice must draw every word inside its shape.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from wog_build.context import make_context
from wog_build.errors import BuildFailed
from wog_build.loader import load_course
from wog_build.options import Options
from wog_build.slides import render_deck

from .org_template import BACKGROUND, OrgTemplate, Rect, make_org_template
from .support.builds import stand_in_pages, write_deck
from .support.cli import run_cli
from .support.fit import EMU_PER_PT, deck_overflows
from .support.paths import FULL_COURSE
from .support.tools import needs, soffice_convert

pytestmark = pytest.mark.slow
LAYOUT_OF = {"title": "title", "closing": "title", "chapter": "secHead",
             "definition": "twoObj"}  # a definition beside its translation


@pytest.fixture(scope="module")
def org(tmp_path_factory) -> OrgTemplate:
    return make_org_template(tmp_path_factory.mktemp("org"))


@pytest.fixture(scope="module")
def org_deck(org, tmp_path_factory) -> Path:
    course = load_course(FULL_COURSE)
    ctx = make_context(course, tmp_path_factory.mktemp("org_deck"),
                       options=Options(template=org.path))
    return write_deck(course, ctx, stand_in_pages(course))


def rect(shape) -> Rect:  # type: ignore[no-untyped-def]
    return Rect(shape.left / EMU_PER_PT, shape.top / EMU_PER_PT,
                shape.width / EMU_PER_PT, shape.height / EMU_PER_PT)


def kind(slide) -> str:  # type: ignore[no-untyped-def]
    return str(slide.name.split(":")[1])


def test_each_kind_of_slide_is_on_the_templates_matching_layout(org_deck):
    prs = Presentation(str(org_deck))
    assert len(prs.slides) > 20  # the fixture's whole deck, diagrams and quiz included
    used = set()
    for slide in prs.slides:
        want = LAYOUT_OF.get(kind(slide).removesuffix("-continued"), "obj")
        got = slide.slide_layout._element.get("type")
        assert got == want, (slide.name, got)
        used.add(got)
        assert slide.slide_layout.name.startswith("Tata letak")  # the template's own
    assert used == {"title", "secHead", "obj", "twoObj"}
    assert "Contoh templat" not in " ".join(
        s.text_frame.text for sl in prs.slides for s in sl.shapes if s.has_text_frame)


def test_text_sits_in_the_layouts_placeholders_and_never_meets_logo_or_band(org_deck, org):
    prs = Presentation(str(org_deck))
    checked = 0
    for slide in prs.slides:
        layout_boxes = {ph.placeholder_format.idx: rect(ph)
                        for ph in slide.slide_layout.placeholders}
        keep_out = [org.logo, org.band] + ([org.title_logo] if kind(slide) in
                                           ("title", "closing") else [])
        for shape in slide.shapes:
            box = rect(shape)
            if shape.has_text_frame and shape.text_frame.text.strip():
                for area in keep_out:
                    assert not box.intersects(area), (slide.name, shape.name, box, area)
                checked += 1
            if shape.is_placeholder:  # at its layout's position and size
                assert box == layout_boxes[shape.placeholder_format.idx], shape.name
            if getattr(shape, "has_table", False) or shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                for area in keep_out:
                    assert not box.intersects(area), (slide.name, shape.name)
    assert checked > 60


def test_the_deck_paints_no_background_of_its_own(org_deck):
    prs = Presentation(str(org_deck))
    for slide in prs.slides:
        assert slide._element.cSld.bg is None, slide.name
        for shape in slide.shapes:
            assert shape.shape_type != MSO_SHAPE_TYPE.AUTO_SHAPE, (slide.name, shape.name)
            if shape.is_placeholder:
                assert shape.text_frame._txBody.xpath(".//a:rPr/a:solidFill") == [] or \
                    shape.name != "Title", "titles take the template's own colour"


def test_every_text_fits_its_placeholder_by_measurement(org_deck, widths):
    measured = deck_overflows(widths, Presentation(str(org_deck)))
    assert measured, "no text frame was measured"
    assert [m for m in measured if m[1] > 0] == [], "text taller than its box (pt)"


def test_a_template_lacking_a_layout_is_named(tmp_path):
    lacking = make_org_template(tmp_path / "t", remove=("secHead",))
    course = load_course(FULL_COURSE)
    ctx = make_context(course, tmp_path / "out", options=Options(template=lacking.path))
    with pytest.raises(BuildFailed) as err:
        render_deck(course, ctx, None)
    message = str(err.value)
    assert str(lacking.path) in message and "'Section Header'" in message
    assert "'secHead'" in message


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r"(.*?)</word>")
PAGE = re.compile(r"<page width")


@needs("soffice", "pdftotext", "pdftoppm")
def test_libreoffice_draws_every_word_inside_its_shape_on_the_templates_background(
        org_deck, tmp_path):
    pdf = soffice_convert(org_deck, tmp_path)
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = PAGE.split(html)[1:]
    prs = Presentation(str(org_deck))
    assert len(pages) == len(prs.slides)
    words = 0
    for slide, page in zip(prs.slides, pages, strict=True):
        boxes = [rect(s) for s in slide.shapes
                 if s.has_text_frame or getattr(s, "has_table", False)]
        for m in WORD.finditer(page):
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            # the word's extent across, and the core of its line height (a font's box
            # reaches beyond its glyphs above and below)
            core0, core1 = y0 + 0.3 * (y1 - y0), y1 - 0.3 * (y1 - y0)
            inside = any(b.x - 1 <= x0 and x1 <= b.x + b.w + 1 and b.y <= core0 and
                         core1 <= b.y + b.h for b in boxes)
            assert inside, (slide.name, m.group(5), (x0, y0, x1, y1))
            words += 1
    assert words > 300
    subprocess.run(["pdftoppm", "-png", "-r", "20", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "cover")], check=True)
    cover = Image.open(next(tmp_path.glob("cover*.png"))).convert("RGB")
    w, h = cover.size
    want = tuple(int(BACKGROUND[i:i + 2], 16) for i in (0, 2, 4))
    for spot in ((w * 0.05, h * 0.5), (w * 0.95, h * 0.5), (w * 0.5, h * 0.85)):
        got = cover.getpixel((int(spot[0]), int(spot[1])))
        assert all(abs(a - b) <= 6 for a, b in zip(got, want, strict=True)), (spot, got)


def test_template_option_on_the_command_line_and_the_stamp_notices_it(org, tmp_path):
    course = FULL_COURSE
    out = tmp_path / "out"

    def run(*extra: str) -> str:
        done = run_cli("slides", "--out", str(out), *extra, str(course), cwd=tmp_path,
                       timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("--template", str(org.path))
    deck = next(out.glob("*.pptx"))
    assert Presentation(str(deck)).slides[0].slide_layout._element.get("type") == "title"
    assert "up to date" in run("--template", str(org.path))
    assert "up to date" not in run()  # without it, the deck is built again, untemplated
    assert Presentation(str(deck)).slides[0].slide_layout._element.get("type") != "title"


def test_a_potx_template_and_custom_layouts_serve_too(org, tmp_path):
    """A template saved as .potx, whose content and section layouts are custom ones
    (type 'cust'), still gets each kind of slide on the layout made for it."""
    import io
    import zipfile

    prs = Presentation(str(org.path))
    for layout in prs.slide_layouts:
        if layout._element.get("type") in ("obj", "secHead"):
            layout._element.set("type", "cust")
    buffer = io.BytesIO()
    prs.save(buffer)
    potx = tmp_path / "org.potx"
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(potx, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "[Content_Types].xml":
                body = body.replace(b"presentationml.presentation.main+xml",
                                    b"presentationml.template.main+xml")
            dst.writestr(item, body)
    course = load_course(FULL_COURSE)
    ctx = make_context(course, tmp_path / "out", options=Options(template=potx))
    deck = Presentation(io.BytesIO(render_deck(course, ctx, None)))
    by_kind = {kind(s): s.slide_layout for s in deck.slides}
    assert by_kind["title"]._element.get("type") == "title"
    chapter = {ph.placeholder_format.type for ph in by_kind["chapter"].placeholders}
    section = {ph.placeholder_format.type for ph in by_kind["section"].placeholders}
    assert 2 in chapter and 7 not in chapter  # BODY: the section header layout
    assert 7 in section  # OBJECT: the title and content layout
