"""Glyph coverage: a character no declared font has is a located warning (an error with
``--strict``), one per text; characters that render nothing are not missing; a theme's
fallback font covers what it has, is checked, is in the digest, is what the slides
measure with, and no font the theme does not declare is ever embedded in the module."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from wog_build.cli import main
from wog_build.context import make_context
from wog_build.fonts import load_fonts
from wog_build.loader import load_course
from wog_build.options import Options
from wog_build.paths import DEFAULT_LAYOUTS
from wog_build.readback import read_pdf
from wog_build.slides.measure import Metrics

from .support.courses import readme_example, write_course
from .test_scripts import declared_only, dejavu_theme, embedded_fonts

PARAGRAPH = "          - Paragraf biasa cukup ditulis sebagai teks.\n"


def course_with(folder: Path, *paragraphs: str) -> Path:
    """The README's course with ``paragraphs`` (YAML scalars) after its first one."""
    extra = "".join(f"          - {p}\n" for p in paragraphs)
    return write_course(folder, readme_example().replace(PARAGRAPH, PARAGRAPH + extra))


def where(path: Path, needle: str) -> str:
    """'course.yaml:LINE:COL' of the first ``needle`` in the file, counted here."""
    text = path.read_text(encoding="utf-8")
    at = text.index(needle)
    line = text.count("\n", 0, at) + 1
    return f"{path.name}:{line}:{at - text.rfind(chr(10), 0, at)}"


def validate(folder: Path, capsys, *options: str) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    code = main(["validate", *options, "course.yaml"])
    return code, [line for line in capsys.readouterr().err.splitlines() if line]


def test_a_missing_character_is_a_located_warning(tmp_path, monkeypatch, capsys):
    course = course_with(tmp_path, "Aksara क dalam teks.")
    monkeypatch.chdir(tmp_path)
    code, err = validate(tmp_path, capsys)
    assert code == 0
    assert err == [f"{where(course, 'क')}: warning: U+0915 DEVANAGARI LETTER KA is in no "
                   "font of the theme (Carlito) and would print as a box; add a font that "
                   "has it to the theme's fallback fonts (fonts: fallback: in theme.yaml), "
                   "or write the text without it"]


def test_strict_makes_it_an_error(tmp_path, monkeypatch, capsys):
    course_with(tmp_path, "Aksara क dalam teks.")
    monkeypatch.chdir(tmp_path)
    code, err = validate(tmp_path, capsys, "--strict")
    assert code == 2
    assert ": error: U+0915 DEVANAGARI LETTER KA is in no font" in err[0]
    assert err[-1] == "1 error; nothing was built"


def test_one_warning_per_text_not_per_character(tmp_path, monkeypatch, capsys):
    thai = "".join(chr(0x0E01 + k % 40) for k in range(500))
    course = course_with(tmp_path, thai, f"Kedua {thai[:50]}", "Emoji 🎉 saja.")
    monkeypatch.chdir(tmp_path)
    code, err = validate(tmp_path, capsys)
    assert code == 0
    assert len(err) == 3, err
    assert err[0].startswith(f"{where(course, thai)}: warning: U+0E01 THAI CHARACTER KO KAI, "
                             "U+0E02 THAI CHARACTER KHO KHAI, U+0E03 THAI CHARACTER KHO KHUAT "
                             "and 37 more characters are in no font of the theme (Carlito)")
    assert err[1].startswith(f"{where(course, 'Kedua ') .rsplit(':', 1)[0]}:")
    assert "U+1F389 PARTY POPPER is in no font" in err[2]


def test_characters_that_render_nothing_are_not_missing(tmp_path, monkeypatch, capsys):
    quiet = ("ZWJ a\u200db, ZWNJ a\u200cb, soft\u00adhyphen, marks \u200e\u200f\u061c, "
             "override \u202eabc\u202c, isolate \u2067abc\u2069, joiner a\u2060b, "
             "selector \u2764\ufe0f")
    course_with(tmp_path, f'"{quiet}"')
    monkeypatch.chdir(tmp_path)
    code, err = validate(tmp_path, capsys)
    # U+2764 HEAVY BLACK HEART is a real character Carlito lacks: the only warning
    assert code == 0
    assert len(err) == 1 and "U+2764 HEAVY BLACK HEART is in no font" in err[0], err


def themed_project(root: Path, *paragraphs: str) -> Path:
    (root / "wog-build.toml").write_text('theme = "themes/arab"\n', encoding="utf-8")
    dejavu_theme(root / "themes" / "arab")
    return course_with(root, *paragraphs)


def test_a_fallback_font_covers_what_it_has(tmp_path, monkeypatch, capsys):
    course = themed_project(tmp_path, "Salam مرحبا dan Ελληνικά.", "Aksara क.")
    monkeypatch.chdir(tmp_path)
    code, err = validate(tmp_path, capsys)
    assert code == 0
    assert err == [f"{where(course, 'क')}: warning: U+0915 DEVANAGARI LETTER KA is in no "
                   "font of the theme (Carlito, DejaVu Sans) and would print as a box; add "
                   "a font that has it to the theme's fallback fonts (fonts: fallback: in "
                   "theme.yaml), or write the text without it"]


@pytest.mark.parametrize(("entry", "message"), [
    ("- family: X\n      files: {regular: fonts/DejaVuSans.ttf}\n",
     "fonts.fallback[0] has no 'license'"),
    ("- family: X\n      files: {regular: ../outside.ttf}\n      license: fonts/LICENSE\n",
     "fonts.fallback[0].files.regular '../outside.ttf' is not a file in"),
    ("- family: X\n      files: {heavy: fonts/DejaVuSans.ttf}\n      license: fonts/LICENSE\n",
     "fonts.fallback[0] needs 'family', 'files' (at least 'regular: PATH')"),
])
def test_a_bad_fallback_declaration_is_refused(tmp_path, monkeypatch, capsys, entry, message):
    themed_project(tmp_path, "Salam.")
    (tmp_path / "outside.ttf").write_bytes(b"")
    (tmp_path / "themes" / "arab" / "theme.yaml").write_text(
        f"fonts:\n  fallback:\n    {entry}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, err = validate(tmp_path, capsys)
    assert code == 1
    assert message in "\n".join(err)


def test_the_slides_measure_a_character_with_the_font_that_draws_it(tmp_path):
    dejavu_theme(tmp_path / "theme")
    fonts = load_fonts(DEFAULT_LAYOUTS, tmp_path / "theme")
    with_fallback = Metrics(fonts["sans"], fonts.fallback)
    alone = Metrics(fonts["sans"])
    with TTFont(fonts.fallback[0].file()) as font:  # read independently of the measure
        units = font["head"].unitsPerEm
        glyph = font.getBestCmap()[ord("ش")]
        want = font["hmtx"][glyph][0] / units
    assert with_fallback.advance("ش", False, False) == pytest.approx(want)
    assert alone.advance("ش", False, False) != pytest.approx(want)  # Carlito's box
    assert with_fallback.advance("a", False, False) == alone.advance("a", False, False)
    assert with_fallback.width("شششش", 10) == pytest.approx(4 * want * 10)


def test_a_changed_fallback_font_changes_the_digest(tmp_path):
    course = themed_project(tmp_path, "Salam مرحبا.")
    options = Options(project_root=tmp_path, theme=tmp_path / "themes" / "arab")
    doc = load_course(course, options=options)
    before = make_context(doc, tmp_path / "out", options=options).digest
    font = tmp_path / "themes" / "arab" / "fonts" / "DejaVuSans.ttf"
    font.write_bytes(font.read_bytes() + b"\0")
    assert make_context(doc, tmp_path / "out", options=options).digest != before


@pytest.mark.slow
def test_undeclared_scripts_are_boxes_never_a_machine_font(tmp_path, monkeypatch, capsys):
    """The machine has DejaVu Sans (Arabic); the theme does not declare it, so the module
    draws the Arabic and CJK as Carlito's boxes, embeds Carlito alone, and warns."""
    course_with(tmp_path, "Salam مرحبا.", "Halo 你好.")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["build", "course.yaml"]) == 0
    err = capsys.readouterr().err
    assert "U+0645 ARABIC LETTER MEEM" in err and "U+4F60 CJK UNIFIED IDEOGRAPH-4F60" in err
    pdf = next((tmp_path / "dist" / "contoh").glob("*-modul.pdf"))
    assert declared_only(embedded_fonts(pdf), ("Carlito",)), embedded_fonts(pdf)
    guide = next((tmp_path / "dist" / "contoh").glob("*-panduan-fasilitator.pdf"))
    assert declared_only(embedded_fonts(guide), ("Carlito",)), embedded_fonts(guide)
    # (pypdf misreads a font whose subset holds the box glyph; PDFium reads it)
    assert "Salam" in "".join(read_pdf(pdf).pages)
    assert len(PdfReader(pdf).pages) > 5


def test_a_figure_label_that_needs_shaping_is_a_warning(tmp_path, monkeypatch, capsys):
    """The module sets a diagram's or chart's labels as SVG text, letter by letter: a
    right-to-left or joined label would print reversed and unjoined, so it is said."""
    course = themed_project(
        tmp_path, "diagram: process\n            caption: مراحل الخدمة\n"
        "            items: [Pengajuan, تقديم الطلب, {text: Izin, label: मंजूरी}]")
    monkeypatch.chdir(tmp_path)
    code, err = validate(tmp_path, capsys)
    assert code == 0
    labels = [e for e in err if "is a label drawn inside the figure" in e]
    assert [e.split(": warning: ")[0] for e in labels] == [
        where(course, "تقديم"), where(course, "मंजूरी")], err
    assert not any("مراحل" in e for e in err)  # the caption is ordinary text
