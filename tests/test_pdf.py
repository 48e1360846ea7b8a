"""The participant module as a reader gets it: build the fixture course once, read the
PDF back with pypdf and check what is printed, where, and how it is stored."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import context_for
from wog_build.context import BuildContext
from wog_build.document import Document as Course
from wog_build.document.protocol import roman
from wog_build.inline import InlineText
from wog_build.loader import load_course
from wog_build.model import (
    Activity,
    BulletList,
    Chapter,
    Definition,
    Figure,
    ListItem,
    NumberedList,
    Paragraph,
    Quote,
    Section,
    Table,
    Unit,
)
from wog_build.pdf import make_fetcher, render_html, write_pdf
from wog_build.pdf.fetcher import ConfinedFetcher
from wog_build.writers.registry import get

from .support.paths import FIXTURES
from .support.pdf import outline_items as flatten
from .support.pdf import page_labels, page_texts
from .support.text import bare as norm
from .support.tools import require

pytestmark = pytest.mark.slow


def pdf_path(ctx: BuildContext) -> Path:
    return get("module").path(ctx)

HOSTILE = FIXTURES / "pdf_hostile" / "course.yaml"


@dataclass
class Built:
    course: Course
    ctx: BuildContext
    pages: dict[str, str]
    reader: PdfReader
    texts: list[str]
    fetcher: ConfinedFetcher

    @property
    def labels(self) -> list[str]:
        return page_labels(self.reader)

    def page_of_label(self, label: str) -> int:
        return self.labels.index(label)


def build(course: Course, out: Path) -> Built:
    ctx = context_for(course, out)
    fetcher = make_fetcher(course.root, ctx)
    out.mkdir(parents=True, exist_ok=True)
    pages = write_pdf(render_html(course, ctx), course.root, ctx, pdf_path(ctx), fetcher)
    reader = PdfReader(pdf_path(ctx))
    texts = page_texts(reader)
    return Built(course, ctx, pages, reader, texts, fetcher)


@pytest.fixture(scope="module")
def built(full_course: Course, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(full_course, tmp_path_factory.mktemp("module"))


def text_of(course: Course, text: InlineText | None) -> str:
    return course.plain(text)


def item_texts(items: list[ListItem]) -> list[InlineText]:
    out = []
    for item in items:
        out.append(item.text)
        out.extend(item_texts(item.items))
    return out


def printed_texts(unit: Unit) -> list[InlineText]:
    """The pieces of author text a reader must find for one block."""
    if isinstance(unit, Paragraph):
        return [unit.paragraph]
    if isinstance(unit, BulletList | NumberedList):
        return item_texts(unit.items)
    if isinstance(unit, Table):
        return [unit.table, *unit.header, *(c for row in unit.rows for c in row)]
    if isinstance(unit, Figure):
        return [unit.caption]
    if isinstance(unit, Definition):
        return [t for t in (unit.definition, unit.translation, unit.source, unit.term) if t]
    if isinstance(unit, Quote):
        return [t for t in (unit.quote, unit.translation, unit.source) if t]
    if isinstance(unit, Activity):
        # facilitator notes are for trainers: never printed (tests/test_print.py)
        return [unit.activity, *unit.preparation, *unit.steps, *unit.discussion]
    return []


# --- structure ---------------------------------------------------------------------


TOC_LINE = re.compile(r"^(?P<title>.+?)\s*\.{3,}\s*(?P<label>[ivxlcdm]+|\d+)\s*$")


def toc_entries(built: Built) -> list[tuple[str, str]]:
    start = built.page_of_label(built.pages["part:daftar-isi"])
    end = built.page_of_label(built.pages["part:pendahuluan"])
    entries = []
    for text in built.texts[start:end]:
        for line in text.splitlines():
            match = TOC_LINE.match(line.strip())
            if match:
                entries.append((match["title"], match["label"]))
    return entries


def test_toc_numbers_are_the_pages_where_the_headings_are(built: Built) -> None:
    entries = toc_entries(built)
    titles = [t for t, _ in entries]
    for chapter in built.course.chapters:
        assert any(text_of(built.course, chapter.title) in t for t in titles)
    # bookmarks in reading order: a title printed more than once (each chapter's
    # Rangkuman) is matched to the next bookmark of that title
    outline = [(item.title, built.reader.get_destination_page_number(item))
               for item in flatten(built.reader.outline)]
    assert len(entries) >= 2 + len(built.course.chapters)
    cursor = 0
    for title, label in entries:
        index = built.page_of_label(label)
        assert norm(title) in norm(built.texts[index]), (title, label)
        bare = re.sub(r"^(\d+(\.\d+)*|[A-Z]\.)\s+", "", title)
        at = next((i for i in range(cursor, len(outline)) if outline[i][0] in (title, bare)),
                  None)
        if at is not None:  # the bookmark (laid out independently) lands there too
            assert outline[at][1] == index, (title, label)
            cursor = at + 1


def test_page_labels_roman_then_arabic_from_bab_i(built: Built) -> None:
    labels = built.labels
    start = built.page_of_label(built.pages["part:pendahuluan"])
    assert start > 2
    assert labels[:start] == [roman(i + 1).lower() for i in range(start)]
    assert labels[start:] == [str(i + 1) for i in range(len(labels) - start)]
    assert "BAB I" in built.texts[start]
    for index, text in enumerate(built.texts[1:], 1):  # the footer prints the same label
        if not text.strip():
            continue  # a verso left empty before a right-hand opening (duplex)
        lines = [line.strip() for line in text.splitlines()]
        assert labels[index] in lines, (index, labels[index])


def test_every_chapter_starts_a_page_and_is_in_the_outline(built: Built) -> None:
    outline = [item.title for item in flatten(built.reader.outline)]
    for chapter in built.course.chapters:
        numeral = roman(int(built.course.number(chapter)))
        title = text_of(built.course, chapter.title)
        assert f"BAB {numeral} {title}" in outline
        page = built.texts[built.page_of_label(built.pages[built.course.uid(chapter)])]
        assert page.index(f"BAB {numeral}") < page.upper().index(title.upper())
        assert title in page  # printed as written (a theme may say upper case)
    assert "BAB I Pendahuluan" in outline


def test_page_map_agrees_with_where_units_are(built: Built) -> None:
    course = built.course
    for unit in course.units():
        uid = course.uid(unit)
        if not course.shows(unit, "module"):
            assert uid not in built.pages
            continue
        assert uid in built.pages, uid
        if isinstance(unit, Chapter | Section):
            expected = unit.title
        elif isinstance(unit, Table):
            expected = unit.table
        elif isinstance(unit, Figure):
            expected = unit.caption
        elif isinstance(unit, Activity):
            expected = unit.activity
        else:
            continue
        page = built.texts[built.page_of_label(built.pages[uid])]
        assert norm(text_of(course, expected)) in norm(page), uid
    assert built.pages["part:pendahuluan"] == "1"
    assert "BAB I" in built.texts[built.page_of_label("1")]


def test_every_piece_of_module_text_is_printed(built: Built) -> None:
    course = built.course
    whole = norm("".join(built.texts))
    expected = []
    for unit in course.units():
        if course.shows(unit, "module"):
            expected += printed_texts(unit)
    for chapter in course.chapters:
        expected += [p.point for s in chapter.sections for p in s.key_points]
        expected += [p.point for p in chapter.summary]
        expected += [e.question for e in chapter.exercises]
        expected += [e.answer for e in chapter.exercises if e.answer]
    if course.evaluation:
        for q in course.evaluation.questions:
            expected += [q.question, *(o.text for o in q.options)]
    expected += [g.term for g in course.glossary] + [g.definition for g in course.glossary]
    expected += [r.title for r in course.regulations]
    expected += [r.title for r in course.references]
    assert len(expected) > 30
    missing = [text_of(course, t) for t in expected if norm(text_of(course, t)) not in whole]
    assert not missing
    slides_only = [u for u in course.units() if not course.shows(u, "module")]
    assert slides_only
    for unit in slides_only:
        for piece in printed_texts(unit):
            assert norm(text_of(course, piece)) not in whole


def test_front_and_back_matter(built: Built) -> None:
    whole = "\n".join(built.texts)
    meta = built.course.meta
    cover = built.texts[0]
    for value in (meta.title, meta.subtitle, meta.programme, meta.publisher.upper(),
                  str(meta.year), meta.version):
        assert value and value in cover, value
    assert meta.version in built.texts[1]  # imprint page
    for key in ("kata-pengantar", "daftar-isi", "daftar-tabel", "daftar-gambar", "evaluasi",
                "umpan-balik", "kunci-jawaban", "glosarium", "regulasi", "pustaka"):
        assert f"part:{key}" in built.pages, key
    assert "Tabel 3.1 Perbandingan pendekatan" in whole
    assert "Gambar 3.1 Tiga lingkaran koordinasi" in whole
    assert "Box 1" in whole
    assert "(World Bank, 2013)" in whole
    assert "(Shergold, 2004, hlm. 4)" in whole
    answers = built.texts[built.page_of_label(built.pages["part:kunci-jawaban"])]
    assert "Benar" in answers and "A. Whole of Government" in answers
    biblio = built.texts[built.page_of_label(built.pages["part:pustaka"])]
    # APA order (family name), each entry as APA 7 prints it
    assert biblio.index("Shergold, P. (2004). Connecting government.") < biblio.index(
        "World Bank. (2013). Doing Business 2013.")
    # Materi Pokok is derived from the chapters and their sections
    intro = norm(built.texts[built.page_of_label("1")])
    for chapter in built.course.chapters:
        assert norm(text_of(built.course, chapter.title)) in intro
        for section in chapter.sections:
            number = built.course.number(section)
            assert norm(f"{number} {text_of(built.course, section.title)}") in intro


def test_links_citations_and_references_are_live(built: Built) -> None:
    uris, internal = [], 0
    for page in built.reader.pages:
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if action and "/URI" in action:
                uris.append(action["/URI"])
            elif "/Dest" in annot or (action and action.get("/S") == "/GoTo"):
                internal += 1
    assert "https://www.worldbank.org/" in uris
    toc_entries_count = len(built.course.chapters) + 4
    assert internal >= toc_entries_count + 3  # toc lines, citations, the cross-reference


# --- storage -----------------------------------------------------------------------


def test_every_font_is_embedded_and_from_the_configured_family(built: Built) -> None:
    seen = set()
    for page in built.reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            seen.add(str(font["/BaseFont"]))
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font["/BaseFont"]
    assert seen
    assert all(re.fullmatch(r"/[A-Z]{6}\+Carlito(-\w+)?", name) for name in seen), seen


def test_metadata(built: Built) -> None:
    info = built.reader.metadata
    meta = built.course.meta
    assert info["/Title"] == meta.title
    assert info["/Author"] == ", ".join(meta.authors)
    assert info["/Keywords"] == ", ".join(meta.keywords)
    assert info["/CreationDate"].startswith("D:20261101")
    assert info["/WogSourceDigest"] == built.ctx.digest
    assert info["/WogVersion"] == meta.version
    root = built.reader.trailer["/Root"]
    assert root["/Lang"] == "id"
    assert root["/MarkInfo"]["/Marked"]  # tagged


def test_qpdf_check_passes(built: Built) -> None:
    require("qpdf")
    result = subprocess.run(["qpdf", "--check", str(pdf_path(built.ctx))],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_two_renders_give_identical_bytes(built: Built, tmp_path: Path) -> None:
    again = build(built.course, tmp_path)
    assert pdf_path(again.ctx).read_bytes() == pdf_path(built.ctx).read_bytes()
    assert again.pages == built.pages


# --- safety ------------------------------------------------------------------------


def test_fetcher_spy_saw_only_course_layouts_and_font_files(built: Built) -> None:
    from wog_build.fonts import load_fonts

    requested = built.fetcher.served
    fonts = {p.resolve() for p in load_fonts(built.ctx.layouts)["sans"].files.values()}
    root = Path(built.course.root).resolve()
    assert all(url.startswith("file:///") for url in built.fetcher.requested)
    for path in requested:
        real = path.resolve()
        assert real in fonts or real.is_relative_to(root) or real.is_relative_to(
            built.ctx.layouts), path
    assert root / "images" / "koordinasi.png" in [p.resolve() for p in requested]
    assert fonts <= {p.resolve() for p in requested}


@pytest.mark.parametrize("url", [
    "https://example.org/x.png",
    "http://127.0.0.1/x.png",
    "file:///etc/passwd",
    "data:image/png;base64,AAAA",
])
def test_fetcher_refuses_what_is_outside(tmp_path: Path, url: str) -> None:
    from weasyprint import HTML

    from wog_build.pdf.fetcher import RefusedURL

    fetcher = ConfinedFetcher([tmp_path])
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    with pytest.raises(RefusedURL):
        HTML(string=f'<img src="{url}">', base_url=tmp_path.as_uri() + "/",
             url_fetcher=fetcher).render()


def test_fetcher_refuses_escape_from_the_course_folder(tmp_path: Path) -> None:
    from wog_build.pdf.fetcher import RefusedURL

    inside = tmp_path / "course"
    inside.mkdir()
    (tmp_path / "secret.png").write_bytes(b"x")
    (inside / "link.png").symlink_to(tmp_path / "secret.png")
    fetcher = ConfinedFetcher([inside])
    for url in (inside.as_uri() + "/../secret.png", (inside / "link.png").as_uri()):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_hostile_text_is_printed_literally(tmp_path: Path) -> None:
    course = load_course(HOSTILE)
    result = build(course, tmp_path)
    whole = "\n".join(result.texts)
    flat = " ".join(whole.split())
    for literal in ("<script>alert(1)</script>", "{{ 1+1 }}", "<img src=x onerror=alert(2)>",
                    "{% raw %}x{% endraw %}", "Kompetensi &amp; entitas", "{# komentar #}",
                    "Bagian {{ config }}", "Tabel {{ 7*7 }}", "<td>sel</td>",
                    "]]> <!-- komentar -->", "Judul <b>tebal</b> {{ 1+1 }}"):
        assert literal in flat, literal
    assert result.reader.metadata["/Title"] == "Judul <b>tebal</b> {{ 1+1 }}"
    html = render_html(course, context_for(course, tmp_path))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_html_shape(built: Built) -> None:
    html = render_html(built.course, built.ctx)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="id">' in html
    doc = built.course
    for unit in doc.units():
        marker = f'id="u-{doc.uid(unit)}"'
        assert (marker in html) == doc.shows(unit, "module"), doc.uid(unit)
    for ref in doc.references:  # citations have somewhere to land
        assert f'href="#u-{doc.uid(ref)}"' in html


def test_cross_reference_without_text_prints_the_target_label(built: Built) -> None:
    whole = " ".join(" ".join(built.texts).split())
    assert "rujukan ke Bagian 2.2 dan penekanan" in whole
