"""Inline author text → HTML for the module: escaped, linked, never markup."""

from __future__ import annotations

from wog_build.context import DEFAULT_LAYOUTS
from wog_build.document import Document as Course
from wog_build.inline import parse_inline
from wog_build.pdf.html import read_word_list
from wog_build.pdf.inline_html import InlineRenderer, no_hyphen_pattern


def renderer(course: Course, words: list[str] | None = None) -> InlineRenderer:
    return InlineRenderer(course, no_hyphen_pattern(words or []))


def test_markup_and_template_syntax_stay_text(full_course: Course) -> None:
    html = renderer(full_course)(parse_inline("<b>x</b> {{ 1+1 }} & *ok*"))
    assert html == "&lt;b&gt;x&lt;/b&gt; {{ 1+1 }} &amp; <em>ok</em>"


def test_citation_reads_as_cite_text_and_links_each_entry(full_course: Course) -> None:
    html = renderer(full_course)(parse_inline("[@shergold2004; @bank2013, hlm. 5]"))
    assert html == (
        '<span class="citation">(<a class="cite" href="#u-pustaka.shergold2004">Shergold, '
        '2004</a>; <a class="cite" href="#u-pustaka.bank2013">World Bank, 2013</a>, hlm. 5)'
        "</span>")


def test_narrative_citation_links_the_whole_name_and_year(full_course: Course) -> None:
    html = renderer(full_course)(parse_inline("menurut @shergold2004, dan [-@bank2013]"))
    assert html == (
        'menurut <span class="citation"><a class="cite" href="#u-pustaka.shergold2004">'
        'Shergold (2004)</a></span>, dan <span class="citation">(<a class="cite" '
        'href="#u-pustaka.bank2013">2013</a>)</span>')


def test_reference_without_text_uses_the_unit_label(full_course: Course) -> None:
    render = renderer(full_course)
    assert render(parse_inline("[](#sec-mengapa)")) == (
        '<a class="ref" href="#u-sec-mengapa">Bagian 2.2</a>')
    assert render(parse_inline("[lihat](#bab-konsep)")) == (
        '<a class="ref" href="#u-bab-konsep">lihat</a>')


def test_only_web_and_mail_links_are_live(full_course: Course) -> None:
    render = renderer(full_course)
    assert render(parse_inline("[situs](https://lan.go.id/?a=1&b=2)")) == (
        '<a class="ext" href="https://lan.go.id/?a=1&amp;b=2">situs</a>')
    assert "<a" not in render(parse_inline("[x](javascript:alert(1))"))
    assert "<a" not in render(parse_inline("[x](ftp://host/file)"))


def test_words_on_the_exception_list_are_never_hyphenated(full_course: Course) -> None:
    html = renderer(full_course, ["Pancasila", "PTSP"])(parse_inline("nilai pancasila dan PTSPku"))
    assert html == 'nilai <span class="nohyphen">pancasila</span> dan PTSPku'


def test_the_layout_ships_an_exception_list() -> None:
    words = read_word_list(DEFAULT_LAYOUTS / "module" / "no-hyphenate.txt")
    assert "Pancasila" in words
    assert not any(w.startswith("#") for w in words)
