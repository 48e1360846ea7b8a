"""Diagrams and charts, read back from both outputs of the fixture course.

The deck: each diagram is one group of autoshapes whose texts are the source's items,
each label fitting its shape by the independent fontTools measurement of
``test_slides``; each chart is a native chart part whose categories, series and values
are the source's data.  The module: each is a numbered *Gambar* with its caption, drawn
as vectors (its labels are extractable text on the caption's page, and no image is
placed for it), tagged as a /Figure with its description.  The sync proof misses a
label removed from a diagram.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.shapes.group import GroupShape
from pypdf import PdfReader

from wog_build.document import Document
from wog_build.loader import load_course
from wog_build.model import Chart, Diagram, DiagramItem
from wog_build.slides.theme import load_theme
from wog_build.visuals.style import load_style

from .support.cli import run_cli
from .support.fit import EMU_PER_PT, FontWidths, shape_overflow
from .support.paths import FULL_COURSE, LAYOUTS
from .support.pdf import page_labels, page_texts
from .support.text import squash as squash_space

pytestmark = pytest.mark.slow

CHART_TYPES = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
               "line": XL_CHART_TYPE.LINE_MARKERS, "pie": XL_CHART_TYPE.PIE}


@dataclass
class Built:
    course: Document
    pdf: Path
    pptx: Path


def wog(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, timeout=600)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("visuals")
    proc = wog("build", "--out", str(out), str(FULL_COURSE))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return Built(load_course(FULL_COURSE), next(out.glob("*-modul.pdf")),
                 next(out.glob("*-bahan-tayang.pptx")))


def diagrams(course: Document) -> list[Diagram]:
    return [u for u in course.units() if isinstance(u, Diagram)]


def charts(course: Document) -> list[Chart]:
    return [u for u in course.units() if isinstance(u, Chart)]


def item_texts(course: Document, items: list[DiagramItem]) -> list[str]:
    """Every text the author wrote for the items, in reading order."""
    out: list[str] = []
    for item in items:
        if item.label is not None:
            out.append(course.plain(item.label))
        out.append(course.plain(item.text))
        out += item_texts(course, item.items)
    return out


def slide_of(path: Path, course: Document, unit: Diagram | Chart) -> Any:
    """The slide that draws ``unit``: its own, or its section's (beside the key points)."""
    title = f"{course.label(unit)} {course.plain(unit.caption)}"[:60]
    found = [s for s in Presentation(str(path)).slides
             if any(sh.name == title for sh in s.shapes)]
    assert len(found) == 1, title
    return found[0]


def squash(text: str) -> str:
    """White space squashed, bullets and dashes taken for spaces."""
    return squash_space(text.replace("•", " ").replace("–", " "))


# --- the deck ---------------------------------------------------------------------------


def test_fixture_has_every_kind(built: Built) -> None:
    assert {d.diagram for d in diagrams(built.course)} == {
        "process", "cycle", "levels", "hierarchy", "matrix", "comparison", "timeline"}
    assert {c.chart for c in charts(built.course)} == {"bar", "column", "line", "pie"}


def test_each_diagram_is_a_group_of_shapes_holding_its_items(built: Built) -> None:
    course = built.course
    theme = load_theme(LAYOUTS)
    widths = FontWidths({k: Path(v) for k, v in theme.font.files.items()})
    for diagram in diagrams(course):
        slide = slide_of(built.pptx, course, diagram)
        groups = [s for s in slide.shapes if isinstance(s, GroupShape)]
        assert len(groups) == 1, course.uid(diagram)
        group = groups[0]
        shapes = list(group.shapes)
        texts = [squash(s.text_frame.text) for s in shapes
                 if s.has_text_frame and s.text_frame.text.strip()]
        expected = item_texts(course, diagram.items)
        words = sorted(" ".join(texts).split())
        assert words == sorted(" ".join(squash(t) for t in expected).split()), \
            (course.uid(diagram), texts, expected)  # every item, and nothing else
        if diagram.diagram in ("process", "cycle", "timeline"):  # arrows, real connectors
            assert any(s.shape_type == 9 or s._element.tag.endswith("cxnSp") for s in shapes)
        descr = group._element.xpath("./p:nvGrpSpPr/p:cNvPr/@descr")[0]
        if diagram.alt:
            assert descr == diagram.alt
        else:
            assert descr.startswith(course.labels[f"diagram_{diagram.diagram}"] + ": ")
            assert all(t in descr for t in expected), descr
        for shape in shapes:  # every label fits its shape, measured independently
            if not shape.has_text_frame:
                continue
            over = shape_overflow(widths, shape)
            assert over <= 0, f"{course.uid(diagram)} {shape.name}: {over:.1f} pt too tall"
            for sz in shape._element.xpath(".//a:rPr/@sz"):
                assert int(sz) / 100 >= theme.size("body_min")
        bottom = max(s.top + s.height for s in shapes) / EMU_PER_PT
        assert bottom <= theme.body_bottom, course.uid(diagram)
        assert min(s.left for s in shapes) >= 0
        assert max(s.left + s.width for s in shapes) <= Presentation(
            str(built.pptx)).slide_width


def test_a_visual_is_drawn_beside_the_key_points_when_both_fit(built: Built) -> None:
    course = built.course
    process = next(d for d in diagrams(course) if d.diagram == "process")
    slide = slide_of(built.pptx, course, process)
    assert slide.name == "wog:section:sec-visual"
    body = next(s for s in slide.shapes if s.name == "Body")
    group = next(s for s in slide.shapes if isinstance(s, GroupShape))
    assert "Koordinasi berjalan" in body.text_frame.text
    assert body.left + body.width <= group.left  # side by side, not overlapping
    caption = next(s for s in slide.shapes if s.name == "Caption")
    assert caption.text_frame.text == "Gambar 3.2 Alur layanan terpadu"
    assert caption.left >= body.left + body.width and caption.top >= group.top + group.height - 1
    names = [s.name for s in Presentation(str(built.pptx)).slides]
    assert f"wog:diagram:{course.uid(process)}" not in names  # not drawn twice
    assert f"wog:diagram:{course.uid(diagrams(course)[1])}" in names  # the next: own slide


def test_a_diagram_without_alt_is_described_by_its_items(built: Built) -> None:
    course = built.course
    process = next(d for d in diagrams(course) if d.diagram == "process")
    slide = slide_of(built.pptx, course, process)
    group = next(s for s in slide.shapes if isinstance(s, GroupShape))
    descr = group._element.xpath("./p:nvGrpSpPr/p:cNvPr/@descr")[0]
    assert descr == "Diagram alur: Pengajuan; Verifikasi; Persetujuan; Penerbitan izin."
    notes = slide.notes_slide.notes_text_frame.text
    assert "Pengajuan" in notes and "Gambar 3.2 Alur layanan terpadu" in notes


def test_each_chart_is_a_native_chart_of_the_source_data(built: Built) -> None:
    course = built.course
    style = load_style(LAYOUTS)
    theme = load_theme(LAYOUTS)
    for chart in charts(course):
        slide = slide_of(built.pptx, course, chart)
        frames = [s for s in slide.shapes if getattr(s, "has_chart", False)]
        assert len(frames) == 1
        frame = frames[0]
        assert (frame.top + frame.height) / EMU_PER_PT <= theme.body_bottom
        native = frame.chart
        assert native.chart_type == CHART_TYPES[chart.chart]
        plot = native.plots[0]
        assert list(plot.categories) == [course.plain(c) for c in chart.categories]
        assert [s.name for s in plot.series] == [course.plain(s.name) for s in chart.series]
        assert [list(s.values) for s in plot.series] == [s.values for s in chart.series]
        assert frame.chart.part.chart_workbook.xlsx_part is not None  # editable data
        xml = native._chartSpace.xml
        if chart.chart == "pie":
            for k in range(len(chart.categories)):
                assert style.series_color(k) in xml
        else:
            for j in range(len(chart.series)):
                assert style.series_color(j) in xml
        notes = slide.notes_slide.notes_text_frame.text
        for category in chart.categories:
            assert course.plain(category) in notes


# --- the module -------------------------------------------------------------------------


def struct_figures(reader: PdfReader) -> list[str]:
    alts: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure":
            alts.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return alts


def test_each_visual_is_a_numbered_captioned_vector_figure(built: Built) -> None:
    course = built.course
    visuals: list[Diagram | Chart] = [u for u in course.units()
                                      if isinstance(u, Diagram | Chart)]
    reader = PdfReader(built.pdf)
    pages = list(zip(page_texts(reader), reader.pages, strict=True))
    for unit in visuals:
        caption = f"{course.label(unit)} {course.plain(unit.caption)}"
        assert course.label(unit).startswith("Gambar 3.")
        hits = [(t, p) for t, p in pages if caption in squash_space(t)
                and "...." not in t]  # not the list of figures
        assert len(hits) == 1, caption
        text, page = hits[0]
        flat = squash(text)
        labels = (item_texts(course, unit.items) if isinstance(unit, Diagram)
                  else [course.plain(c) for c in unit.categories])
        for label in labels:  # vectors: the labels are text on the caption's page
            assert all(w in flat for w in label.split()), (caption, label)
        ops = page.get_contents().get_data()
        assert b" re" in ops and (b" l\n" in ops or b" c\n" in ops), caption  # paths
    images = {img.data for _, p in pages for img in p.images}
    assert len(images) == 1  # the fixture's one PNG figure; no visual became a picture
    alts = struct_figures(reader)
    assert len(alts) == 1 + len(visuals)
    comparison = next(d for d in diagrams(course) if d.diagram == "comparison")
    assert comparison.alt in alts
    assert "Diagram alur: Pengajuan; Verifikasi; Persetujuan; Penerbitan izin." in alts
    pie = next(c for c in charts(course) if c.chart == "pie")
    pie_alt = next(a for a in alts if a.startswith("Grafik lingkaran"))
    for category, value in zip(pie.categories, pie.series[0].values, strict=True):
        assert f"{course.plain(category)}: {value:g}%" in pie_alt


def test_list_of_figures_names_diagrams_and_charts(built: Built) -> None:
    reader = PdfReader(built.pdf)
    texts = page_texts(reader)
    front = [i for i, label in enumerate(page_labels(reader)) if not label.isdigit()]
    text = " ".join(texts[i] for i in front)
    assert "Gambar 3.2 Alur layanan terpadu" in text
    assert "Gambar 3.12 Sebaran pengaduan" in text


# --- the proof --------------------------------------------------------------------------


def test_the_sync_proof_misses_a_label_taken_off_a_diagram(built: Built,
                                                           tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(built.pdf.parent, out)
    deck = next(out.glob("*-bahan-tayang.pptx"))
    prs = Presentation(str(deck))
    course = built.course
    cycle = next(d for d in diagrams(course) if d.diagram == "cycle")
    title = f"{course.label(cycle)} {course.plain(cycle.caption)}"
    slide = next(s for s in prs.slides if any(sh.name == title for sh in s.shapes))
    group = next(s for s in slide.shapes if isinstance(s, GroupShape))
    shape = next(s for s in group.shapes if s.has_text_frame and s.text_frame.text ==
                 "Periksa")
    shape.text_frame.text = ""
    for line in slide.notes_slide.notes_text_frame.paragraphs:  # and from the notes
        for run in line.runs:
            run.text = run.text.replace("Periksa", "")
    prs.save(str(deck))
    proc = wog("check", "--out", str(out), str(FULL_COURSE))
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert course.uid(cycle) in proc.stdout + proc.stderr


def test_a_figure_keeps_its_preferred_width(built: Built) -> None:
    theme = load_theme(LAYOUTS)
    slide = next(s for s in Presentation(str(built.pptx)).slides
                 if s.name == "wog:section:bab3.1")  # beside the key points
    picture = next(s for s in slide.shapes if s.shape_type == 13)
    column = theme.content_width * (1 - theme.geometry["split_text_share"])
    assert picture.width / EMU_PER_PT <= 0.6 * column + 0.5
    assert picture.width / EMU_PER_PT >= 0.6 * column - 40  # not needlessly smaller


def test_every_id_of_the_module_html_is_its_own(tmp_path: Path) -> None:
    """An id names one element of the whole document: each diagram's arrowhead marker
    is its own, and every arrow points at the marker of the diagram it is drawn in (one
    ``arrow`` marker a diagram was defined again by every diagram after the first).  A
    marker is named after the unit that holds its diagram, not after its place among
    the diagrams: an edit in one chapter leaves the HTML (and the cached layout) of the
    others as it was."""
    from collections import Counter

    from lxml import html as lxml_html

    proc = wog("html", "--out", str(tmp_path), str(FULL_COURSE))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    tree = lxml_html.fromstring(next(tmp_path.glob("*.html")).read_bytes())
    ids = Counter(el.get("id") for el in tree.iter() if el.get("id"))
    assert ids and [i for i, n in ids.items() if n > 1] == []
    svgs = [el for el in tree.iter("svg") if el.xpath(".//*[@marker-end]")]
    assert len(svgs) >= 2  # the fixture draws more than one diagram with arrows
    for svg in svgs:
        own = {m.get("id") for m in svg.iter("marker")}
        assert {a.get("marker-end") for a in svg.xpath(".//*[@marker-end]")} == \
            {f"url(#{m})" for m in own}
        unit = next(a.get("id") for a in svg.iterancestors() if a.get("id"))
        assert own == {"svg-arrow-" + unit.removeprefix("u-")}
