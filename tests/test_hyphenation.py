"""Hyphenation by the PUEBI syllable rules, and text that must not break, proven on a
word list and on the built PDFs read back with pypdf.

The word list (tests/data/suku-kata-id.txt) gives each word's syllables as KBBI prints
them; the syllabifier may offer fewer breaks, never another.  Every hyphenated line end
of the WoG module and the fixture course is checked twice: against the word list when
the word is in it, and against a second rule written here independently of
wog_build.syllables (a consonant before a vowel starts the next syllable).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wog_build.inline import parse_inline
from wog_build.loader import load_course
from wog_build.model import Table, iter_units
from wog_build.pdf.inline_html import (
    InlineRenderer,
    keep_with_number_pattern,
    no_hyphen_pattern,
)
from wog_build.syllables import MIN_LEFT, MIN_RIGHT, breaks, hyphenate

from .conftest import FULL_COURSE

WORDS = Path(__file__).parent / "data" / "suku-kata-id.txt"
SOFT = "\u00ad"


def word_list() -> dict[str, set[int]]:
    """word → the offsets of its syllable boundaries."""
    out: dict[str, set[int]] = {}
    for line in WORDS.read_text("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split("·")
        cuts, at = set(), 0
        for part in parts[:-1]:
            at += len(part)
            cuts.add(at)
        out["".join(parts)] = cuts
    return out


def test_every_break_offered_is_a_syllable_boundary_of_the_word_list():
    words = word_list()
    assert len(words) >= 200
    offered = possible = 0
    for word, cuts in words.items():
        got = set(breaks(word))
        assert got <= cuts, (word, sorted(got - cuts))
        offered += len(got)
        possible += len({c for c in cuts if MIN_LEFT <= c <= len(word) - MIN_RIGHT})
    assert offered / possible > 0.8  # fewer breaks than KBBI's, not almost none


@pytest.mark.parametrize(("word", "wrong"), [
    ("mendorong", "mendor-ong"), ("horizontal", "hor-izontal"), ("korupsi", "kor-upsi"),
])
def test_the_breaks_the_review_found_wrong(word, wrong):
    assert hyphenate(word, "-") != wrong
    assert wrong.index("-") not in breaks(word)
    assert breaks(word), word


@pytest.mark.parametrize("word", ["approaches", "shergold", "issue", "government",
                                  "different", "through", "exchange"])
def test_words_that_look_english_are_not_broken_by_indonesian_rules(word):
    assert breaks(word) == ()


# --- what the inline renderer does with them ---------------------------------------------


@pytest.fixture(scope="module")
def render():
    course = load_course(FULL_COURSE)
    return InlineRenderer(course, no_hyphen_pattern(["WoG"]), hyphenate,
                          keep_with_number_pattern(["Gambar", "Tabel", "hlm.", "UU", "No."]))


def test_running_text_gets_soft_hyphens_but_not_its_last_word(render):
    html = render(parse_inline("Pemerintah mendorong kolaborasi pelayanan"))
    assert f"men{SOFT}do{SOFT}rong" in html
    assert html.endswith("pelayanan")  # no stub on the paragraph's last line


def test_italics_names_links_and_cells_are_never_broken(render):
    html = render(parse_inline("*particular approaches* menurut Shergold dan "
                               "[laporan](https://example.org) kolaborasi"))
    em = html[html.index("<em>"):html.index("</em>")]
    assert SOFT not in em and "Shergold" in html
    assert SOFT not in html[html.index("<a"):html.index("</a>")]
    assert SOFT not in render.unbroken(parse_inline("Kepemimpinan Orientasi pelayanan"))


@pytest.mark.parametrize("text", ["Gambar 3.1", "Tabel 2.1", "hlm. 5", "UU No. 25"])
def test_a_label_and_its_number_stay_on_one_line(render, text):
    html = render(parse_inline(f"lihat {text} di bawah"))
    assert text.replace(" ", "\u00a0") in html


# --- the PDFs, read back ------------------------------------------------------------------

VOWEL = set("aeiou")
DIGRAPH_HEADS = {"ng", "ny", "kh", "sy"}


def independent_rule(left: str, right: str) -> bool:
    """Written apart from wog_build.syllables: a break never leaves a consonant before a
    vowel on the left of it (that consonant begins the next syllable), never splits two
    vowels or a digraph, and the right part begins with a consonant."""
    a, b = left[-1], right[0]
    if b in VOWEL:  # V|V and C|V are both wrong
        return False
    if (a + b) in DIGRAPH_HEADS or left[-1:] + right[:1] in DIGRAPH_HEADS:
        return False
    return len(left) >= 2 and len(right) >= 2


LINE_END = re.compile(r"(?P<left>[A-Za-z][A-Za-z-]*[A-Za-z]|[A-Za-z])-\n(?P<right>[a-z]+)")


def source_words(doc) -> set[str]:  # type: ignore[no-untyped-def]
    from wog_build.document.texts import unit_texts

    text = " ".join(t for u in doc.units() for t in unit_texts(doc, u))
    text += " " + " ".join(r.url or "" for r in doc.references)  # printed addresses too
    return {w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text)}



def check_line_ends(doc, pages: list[str]) -> int:  # type: ignore[no-untyped-def]
    """Every hyphenated line end of ``pages`` (the module of ``doc``, read back) splits a
    word at a syllable boundary; how many were checked.  Run on the WoG module and the
    fixture course by tests/test_print.py, which builds them once."""
    words = word_list()
    known = source_words(doc)
    checked = 0
    for page in pages:
        for match in LINE_END.finditer(page):
            left, right = match["left"].lower(), match["right"].lower()
            if any(w == f"{left}-{right}" or w.startswith(f"{left}-{right}-") for w in known):
                continue  # a word written with a hyphen (masing-masing, or an address's
                # connecting-government-whole-government-...), broken at that hyphen
            assert f"{left}{right}" in known, (left, right)
            left = left.rsplit("-", 1)[-1]  # the part of a compound that was broken
            whole = left + right
            assert independent_rule(left, right), f"{left}-{right}"
            if whole in words:
                assert len(left) in words[whole], f"{left}-{right}"
            checked += 1
    return checked


def check_table_cells(doc, pages: list[str]) -> None:  # type: ignore[no-untyped-def]
    """No word of a table cell is hyphenated (the column widens to hold it)."""
    tables = [u for u in iter_units(doc.course) if isinstance(u, Table)]
    assert tables
    text = "\n".join(pages)
    for table in tables:
        cells = [c.plain() for row in [table.header, *table.rows] for c in row]
        for word in {w for c in cells for w in re.findall(r"[A-Za-z]{5,}", c)}:
            split = [m for m in LINE_END.finditer(text)
                     if (m["left"] + m["right"]).lower() == word.lower()]
            whole = len(re.findall(rf"(?<![A-Za-z]){word}(?![A-Za-z])", text, re.I))
            in_cells = sum(len(re.findall(rf"(?<![A-Za-z]){word}(?![A-Za-z])", c, re.I))
                           for c in cells)
            assert whole >= in_cells or not split, (word, split)
