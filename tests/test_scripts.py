"""Right-to-left text and bidi controls survive the sync proof.

A course with an Arabic paragraph (the lam-alef ligature reads back from the PDF in
another order than it was written), an Arabic key point on a slide face, an Arabic
phrase inside Indonesian prose and a phrase under a right-to-left override (U+202E)
builds, is proven in sync, and shows its Arabic in the theme's declared fallback font
(DejaVu Sans, from the Debian package fonts-dejavu-core, copied into a test theme).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pypdf import PdfReader

from wog_build.directions import contains, finds, letters_found, reorders
from wog_build.readback import normalise, read_pdf
from wog_build.sync import Reader

from .conftest import cli_env
from .support.courses import readme_example, write_course

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
DEJAVU_LICENSE = Path("/usr/share/doc/fonts-dejavu-core/copyright")
ARABIC = ("الحكومة الشاملة تعني أن تعمل الوزارات والهيئات معا لا منفردة من أجل خدمة "
          "عامة متكاملة في عام 2024 للمواطنين")
KEY_POINT = "العمل معا لا منفردا"
MIXED = "Kata Arab مرحبا بالعالم artinya halo dunia."
OVERRIDE = "Frasa terbalik: \u202eabc defgh ijk\u202c selesai."


def dejavu_theme(folder: Path) -> None:
    """A theme whose fallback font is DejaVu Sans (Arabic, Hebrew, Greek, Cyrillic)."""
    if not (DEJAVU / "DejaVuSans.ttf").is_file():
        pytest.skip("needs fonts-dejavu-core (sudo apt-get install fonts-dejavu-core)")
    fonts = folder / "fonts"
    fonts.mkdir(parents=True)
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        shutil.copy(DEJAVU / name, fonts / name)
    shutil.copy(DEJAVU_LICENSE, fonts / "LICENSE")
    (folder / "theme.yaml").write_text(
        "fonts:\n  fallback:\n    - family: DejaVu Sans\n"
        "      files: {regular: fonts/DejaVuSans.ttf, bold: fonts/DejaVuSans-Bold.ttf}\n"
        "      license: fonts/LICENSE\n", encoding="utf-8")


CHAPTER = "مفهوم الحكومة الشاملة لا"
CAPTION = "جدول الخدمات لا"
DIAGRAM = "مراحل الخدمة"


def course_text() -> str:
    """The README's course with an Arabic chapter title, key point, paragraph and table
    (the deck cites the module's page of each: found by letters too)."""
    return readme_example().replace(
        "  - title: Konsep Contoh                # BAB II (BAB I is the introduction)\n",
        f"  - title: {CHAPTER}\n").replace(
        "          - Paragraf biasa cukup ditulis sebagai teks.\n",
        "          - Paragraf biasa cukup ditulis sebagai teks.\n"
        f"          - table: {CAPTION}\n            header: [الاسم, القيمة]\n"
        "            rows: [[واحد, اثنان]]\n"
        f"          - diagram: process\n            caption: {DIAGRAM}\n"
        "            items: [تقديم الطلب, التحقق, الموافقة]\n").replace(
        "          - Tujuan bersama\n",
        f"          - Tujuan bersama\n          - {KEY_POINT}\n").replace(
        "          - Paragraf biasa cukup ditulis sebagai teks.\n",
        "          - Paragraf biasa cukup ditulis sebagai teks.\n"
        f"          - {ARABIC}\n          - {MIXED}\n          - \"{OVERRIDE}\"\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, int, str]:
    root = tmp_path_factory.mktemp("scripts")
    (root / "wog-build.toml").write_text('theme = "themes/arab"\n', encoding="utf-8")
    dejavu_theme(root / "themes" / "arab")
    text = course_text()
    assert all(t in text for t in (CHAPTER, CAPTION, DIAGRAM, KEY_POINT, ARABIC, MIXED, OVERRIDE))
    write_course(root / "source" / "contoh", text)
    result = subprocess.run(  # as an author runs it: the module in a forked worker
        [sys.executable, "-m", "wog_build", "build", "source/contoh/course.yaml"], cwd=root,
        capture_output=True, text=True, env=cli_env(WOG_BUILD_TOOLS="0"))
    return root / "dist" / "contoh", result.returncode, result.stdout + result.stderr


@pytest.mark.slow
def test_arabic_and_override_text_are_proven_in_sync(built):
    _, code, said = built
    assert code == 0, said
    assert "in sync" in said
    # DejaVu Sans has every character; only the diagram's three Arabic labels are
    # warned of (the module sets figure labels letter by letter): still in sync
    warnings = [line for line in said.splitlines() if ": warning: " in line]
    assert len(warnings) == 3, warnings
    assert all("is a label drawn inside the figure" in w for w in warnings)


def embedded_fonts(pdf: Path) -> set[str]:
    """The families of the fonts a PDF embeds, as 'carlito', 'dejavusans' (the subset
    tag and the style dropped, spaces and hyphens removed)."""
    names = set()
    for page in PdfReader(pdf).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+", 1)[-1])
    return {n.replace("-", "").replace(" ", "").lower() for n in names}


def declared_only(names: set[str], declared: tuple[str, ...]) -> bool:
    keys = tuple(d.replace(" ", "").lower() for d in declared)
    return bool(names) and all(n.startswith(keys) for n in names)


@pytest.mark.slow
def test_the_module_embeds_only_the_declared_fonts(built):
    dist, _, _ = built
    names = embedded_fonts(next(dist.glob("*-modul.pdf")))
    assert declared_only(names, ("Carlito", "DejaVu Sans")), names
    assert any(n.startswith("dejavusans") for n in names), names
    guide = embedded_fonts(next(dist.glob("*-panduan-fasilitator.pdf")))
    assert declared_only(guide, ("Carlito", "DejaVu Sans")), guide


@pytest.mark.slow
def test_the_arabic_reads_back_from_the_module(built):
    dist, _, _ = built
    text = "".join(read_pdf(next(dist.glob("*-modul.pdf"))).pages)
    assert "الحكومة" in text and "للمواطنين" in text
    pypdf_text = "".join(p.extract_text() for p in PdfReader(
        next(dist.glob("*-modul.pdf"))).pages)
    assert "الشاملة" in pypdf_text
    assert "kji hgfed cba" in pypdf_text  # the override shows its letters reversed


@pytest.mark.slow
def test_the_deck_names_the_fallback_font_for_complex_script(built):
    dist, _, _ = built
    prs = Presentation(str(next(dist.glob("*.pptx"))))
    runs = [r for slide in prs.slides for shape in slide.shapes if shape.has_text_frame
            for p in shape.text_frame.paragraphs for r in p.runs]
    arabic = [r for r in runs if KEY_POINT in r.text]
    assert arabic, "the Arabic key point is on a slide face"
    cs = arabic[0]._r.find(qn("a:rPr")).find(qn("a:cs"))
    assert cs is not None and cs.get("typeface") == "DejaVu Sans"
    latin = [r for r in runs if r.text == "Tujuan bersama"]
    assert latin[0]._r.find(qn("a:rPr")).find(qn("a:cs")).get("typeface") == "Calibri"


def test_texts_that_reorder_are_told_apart():
    assert reorders(ARABIC) and reorders(OVERRIDE) and reorders("שלום")
    assert not reorders("Paragraf biasa, 2024.") and not reorders("soft\u00adhyphen \u200d")


# what PDFium reads back from the module (tests/test_scripts.py's course): words of a
# left-to-right line in drawn order, the lam-alef ligature's letters swapped
READ_BACK = ("الحكومة الشاملة تعني أن تعمل الوزارات والهيئات معا ال منفردة من أجل خدمة عامة "
             "متكاملة في عام 2024 للمواطنين Kata Arab بالعالم مرحبا artinya halo dunia. "
             "Frasa terbalik: kji hgfed cba selesai.")


def test_reordered_text_is_found_by_its_letters():
    assert normalise(ARABIC) not in normalise(READ_BACK)  # in order, it is not there
    reader = Reader(normalise("Pengantar. " + READ_BACK + " Rangkuman."))
    assert all(finds(reader, t) for t in (ARABIC, MIXED, OVERRIDE))


@pytest.mark.parametrize("lost", [
    "الوزارات",              # a word dropped from the paragraph
    "للمواطنين",             # its last word cut off
])
def test_missing_reordered_text_is_still_caught(lost):
    hay = normalise("Pengantar. " + READ_BACK.replace(lost, "") + " Rangkuman.")
    assert not finds(Reader(hay), ARABIC)


def test_a_neighbour_cannot_lend_its_letters():
    """The missing word is in the next Arabic paragraph: not ours, so not found."""
    hay = normalise(READ_BACK.replace("الوزارات", "") + " الوزارات والهيئات")
    assert not finds(Reader(hay), ARABIC)


def test_a_page_break_may_interrupt_reordered_text():
    head, tail = READ_BACK[:60], READ_BACK[60:]
    hay = normalise(f"{head} BAB II Konsep Contoh 7 Modul Contoh Mata Pelatihan {tail}")
    assert finds(Reader(hay), ARABIC)
    assert letters_found(normalise(ARABIC), hay, 0, len(hay), 0) < 0  # not without slack


def test_a_page_check_finds_a_right_to_left_prefix_by_its_letters():
    page = normalise(READ_BACK)
    probe = normalise("معا لا منفردة من أجل خدمة")  # lam-alef reads back swapped
    assert probe not in page and contains(page, probe)
    other = normalise("تعمل الوزارات معا في عام 2024 Kata Arab artinya halo dunia")
    assert not contains(other, probe)
