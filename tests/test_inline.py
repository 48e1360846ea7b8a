"""Inline Markdown is parsed once into a small tree; markup from authors stays text."""

from __future__ import annotations

from wog_build.citations import author_names, cite_text
from wog_build.inline import Cite, Code, Emph, Link, Ref, Strong, Text, parse_inline
from wog_build.model import Reference


def test_emphasis_links_code():
    nodes = parse_inline("a **b _c_** `d` [e](https://x.id)").nodes
    assert nodes == (
        Text("a "),
        Strong((Text("b "), Emph((Text("c"),)))),
        Text(" "),
        Code("d"),
        Text(" "),
        Link("https://x.id", (Text("e"),)),
    )


def test_citations_with_several_keys_and_locator():
    nodes = parse_inline("lihat [@shergold2004; @dwiyanto2006, hlm. 5].").nodes
    assert nodes[1] == Cite(("shergold2004", "dwiyanto2006"), "hlm. 5")
    assert nodes[2] == Text(".")


def test_cross_references():
    nodes = parse_inline("[](#bab2.1) dan [Box](#permainan)").nodes
    assert nodes[0] == Ref("bab2.1", ())
    assert nodes[2] == Ref("permainan", (Text("Box"),))


def test_html_and_jinja_stay_literal():
    source = "<script>alert(1)</script> {{ 1+1 }} {% x %} &amp; <img src=x>"
    text = parse_inline(source)
    assert all(isinstance(n, Text) for n in text.nodes)
    assert text.plain() == source


def test_images_are_not_images_and_unsafe_links_stay_links():
    """No image syntax: '![i](...)' is a '!' and a link, which the loader then judges
    (a file: or javascript: link is refused where it was written, not hidden)."""
    nodes = parse_inline("![i](file:///etc/passwd) [x](javascript:alert(1))").nodes
    assert nodes[0] == Text("!")
    assert nodes[1] == Link("file:///etc/passwd", (Text("i"),))
    assert nodes[3] == Link("javascript:alert(1)", (Text("x"),))


def test_line_breaks_fold_to_spaces():
    assert parse_inline("satu\n  dua\n\ntiga").plain() == "satu dua tiga"


def test_citation_and_reference_spelling(full_course):
    assert cite_text(full_course, Cite(("shergold2004",), "hlm. 4")) == (
        "(Shergold, 2004, hlm. 4)")
    para = full_course.chapters[0].sections[0].blocks[0]
    assert full_course.plain(para.paragraph) == (
        "Paragraf pengertian dengan rujukan ke Bagian 2.2 dan penekanan.")


def test_narrative_and_year_only_citations():
    nodes = parse_inline("menurut @bovens2007. Lalu Bovens [-@bovens2007, hlm. 3].").nodes
    assert nodes[1] == Cite(("bovens2007",), None, narrative=True)
    assert nodes[2] == Text(". Lalu Bovens ")
    assert nodes[3] == Cite(("bovens2007",), "hlm. 3", year_only=True)


def test_an_at_sign_inside_a_word_or_escaped_stays_text():
    for text in ("surel humas@lan.go.id", "tulis \\@akun", "<style>@import x</style>",
                 "`@kode`"):
        assert not any(isinstance(n, Cite) for n in parse_inline(text).walk()), text


def test_narrative_spelling_follows_the_labels(full_course):
    assert cite_text(full_course, Cite(("shergold2004",), narrative=True)) == (
        "Shergold (2004)")
    assert cite_text(full_course, Cite(("shergold2004", "bank2013"), "hlm. 5",
                                       year_only=True)) == "(2004; 2013, hlm. 5)"
    two = Reference(key="ab", authors=["Christensen, T.", "Lægreid, P."], year=2007,
                    title=parse_inline("t"))
    assert author_names(two, {"and": "&", "and_narrative": "dan", "et_al": "dkk."},
                        narrative=True) == "Christensen dan Lægreid"
    assert author_names(two, {"and": "&", "and_narrative": "dan", "et_al": "dkk."}) == (
        "Christensen & Lægreid")
