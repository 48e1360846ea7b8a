"""Inline Markdown is parsed once into a small tree; markup from authors stays text."""

from __future__ import annotations

from wog_build.citations import cite_text
from wog_build.inline import Cite, Code, Emph, Link, Ref, Strong, Text, parse_inline


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
