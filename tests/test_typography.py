"""Typographic quotes and chapter-title case, read back from the built module and deck.

The author types straight quotes; the module, the deck and its notes print the course
language's marks (labels ``quote_open`` ... ``apostrophe``), code spans keep theirs,
and the sync proof still passes.  Chapter titles print as written; a theme's
``chapter_title_case: upper`` prints them in capitals in the module, keeping the words
whose case is their spelling ("WoG", "e-KTP").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from wog_build.cli import main
from wog_build.inline import Code, Link, parse_inline
from wog_build.readback import normalise
from wog_build.typography import Quotes, smarten, smarten_nodes, upper_keeping_acronyms

from .support.courses import readme_example, write_course

Q = Quotes()

TITLE = "Konsep WoG dan e-KTP di SP4N-LAPOR!"
PARAGRAPH = ("Paragraf biasa cukup ditulis sebagai teks. Laporan \"*Connecting "
             "Government*\" memuat kata \"kerja 'lintas' batas\"; Australia's priority; "
             "kode `x = \"a\"` tetap.")


def course_text() -> str:
    text = readme_example()
    text = text.replace("  - title: Konsep Contoh ", f"  - title: {TITLE} ", 1)
    # the README's first paragraph of the chapter, now with quotes of every kind
    text = text.replace("          - Paragraf biasa cukup ditulis sebagai teks.",
                        "          - >-\n            " + PARAGRAPH, 1)
    assert TITLE in text and "Australia's" in text
    return text


# --- the rules, without a build ------------------------------------------------------

@pytest.mark.parametrize(("typed", "printed"), [
    ('"kerja" bersama', "“kerja” bersama"),
    ("Australia's", "Australia’s"),
    ("kata 'lintas' batas", "kata ‘lintas’ batas"),
    ('("kutipan")', "(“kutipan”)"),
    ('"kata \'dalam\' kutipan"', "“kata ‘dalam’ kutipan”"),
    ("tanpa tanda kutip", "tanpa tanda kutip"),
])
def test_straight_quotes_become_the_languages_marks(typed: str, printed: str) -> None:
    assert smarten(typed, Q) == printed


def test_a_quote_closing_after_emphasis_closes() -> None:
    nodes = smarten_nodes(parse_inline('("*denotes agencies*")').nodes, Q)
    assert "".join(getattr(n, "text", "") or "".join(
        getattr(c, "text", "") for c in getattr(n, "children", ())) for n in nodes) \
        == "(“denotes agencies”)"


def test_code_spans_and_addresses_keep_straight_quotes() -> None:
    typed = parse_inline("lihat `a = \"b\"` dan [https://x.id/it's](https://x.id/it's)")
    nodes = smarten_nodes(typed.nodes, Q)
    code = [n for n in nodes if isinstance(n, Code)]
    link = [n for n in nodes if isinstance(n, Link)]
    assert code[0].text == 'a = "b"'
    assert link[0] == next(n for n in typed.nodes if isinstance(n, Link))
    assert "'" in link[0].url


def test_the_proof_reads_both_marks_alike() -> None:
    assert normalise('"kerja" Australia\'s') == normalise("“kerja” Australia’s")


@pytest.mark.parametrize(("title", "upper"), [
    ("Konsep Whole of Government", "KONSEP WHOLE OF GOVERNMENT"),
    ("Penerapan WoG", "PENERAPAN WoG"),
    ("Layanan e-KTP dan SP4N-LAPOR!", "LAYANAN e-KTP DAN SP4N-LAPOR!"),
    ("Best Practices", "BEST PRACTICES"),
])
def test_upper_case_keeps_mixed_case_words(title: str, upper: str) -> None:
    assert upper_keeping_acronyms(title) == upper


def test_an_unknown_title_case_is_refused(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "wog-build.toml").write_text('theme = "t"\n', encoding="utf-8")
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "theme.yaml").write_text("chapter_title_case: shouting\n",
                                               encoding="utf-8")
    write_course(tmp_path / "source" / "contoh", readme_example())
    monkeypatch.chdir(tmp_path)
    assert main(["build", "source/contoh/course.yaml"]) == 1
    assert "chapter_title_case 'shouting'" in capsys.readouterr().err


# --- the outputs -----------------------------------------------------------------------

def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def deck_text(path: Path) -> str:
    out: list[str] = []
    for slide in Presentation(str(path)).slides:
        out += [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        if slide.has_notes_slide:
            out.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(out)


def build(root: Path, monkeypatch, capsys) -> Path:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(root)
    capsys.readouterr()
    # exit 0: built and proven in sync (the proof compares what it promised with what
    # it reads back)
    assert main(["build", "source/contoh/course.yaml"]) == 0, capsys.readouterr().err
    return root / "dist" / "contoh"


@pytest.fixture(scope="module")
def upper_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("typo-upper")
    (root / "wog-build.toml").write_text('theme = "themes/caps"\n', encoding="utf-8")
    (root / "themes" / "caps").mkdir(parents=True)
    (root / "themes" / "caps" / "theme.yaml").write_text("chapter_title_case: upper\n",
                                                        encoding="utf-8")
    write_course(root / "source" / "contoh", course_text())
    return root


@pytest.fixture(scope="module")
def plain_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("typo-plain")
    write_course(root / "source" / "contoh", course_text())
    return root


@pytest.mark.slow
def test_module_and_deck_print_typographic_quotes(upper_project, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    dist = build(upper_project, monkeypatch, capsys)
    pdf = pdf_text(next(dist.glob("*-modul.pdf")))
    deck = deck_text(next(dist.glob("*-bahan-tayang.pptx")))
    for text, name in ((pdf, "module"), (deck, "deck")):
        flat = " ".join(text.split())
        assert "“Connecting Government”" in flat, name
        assert "“kerja ‘lintas’ batas”" in flat, name
        assert "Australia’s" in flat, name
        assert 'x = "a"' in flat, f"{name}: a code span keeps its straight quotes"
        # no other straight quote anywhere: every one the author typed was converted
        assert re.findall(r"[\"']", flat.replace('x = "a"', "")) == [], name


@pytest.mark.slow
def test_a_theme_prints_chapter_titles_upper_keeping_acronyms(upper_project, monkeypatch,
                                                              capsys):  # type: ignore[no-untyped-def]
    dist = build(upper_project, monkeypatch, capsys)
    flat = " ".join(pdf_text(next(dist.glob("*-modul.pdf"))).split())
    assert "KONSEP WoG DAN e-KTP DI SP4N-LAPOR!" in flat
    assert "PENDAHULUAN" in flat
    assert "WOG" not in flat and "E-KTP" not in flat


@pytest.mark.slow
def test_chapter_titles_print_as_written_by_default(plain_project, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    dist = build(plain_project, monkeypatch, capsys)
    flat = " ".join(pdf_text(next(dist.glob("*-modul.pdf"))).split())
    assert TITLE in flat
    assert "KONSEP WOG" not in flat and "PENDAHULUAN" not in flat
