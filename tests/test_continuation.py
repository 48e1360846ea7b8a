"""Continuation rules a designer would accept, on the deck's real measurement.

A lead-in never ends a slide without what it introduces; items are balanced between a
slide and its continuation; table columns are as wide as their longest word and a
word too long for any column is hyphenated visibly; tables split into balanced parts
under a repeated header; a face line is never cut at an abbreviation.
"""

from __future__ import annotations

import pytest

from wog_build.context import DEFAULT_LAYOUTS
from wog_build.slides.builders import first_sentence
from wog_build.slides.flow import leads, paginate
from wog_build.slides.frames import FrameWriter
from wog_build.slides.measure import Metrics, Para, Span
from wog_build.slides.tables import TableLayout
from wog_build.slides.theme import Theme, load_theme


@pytest.fixture(scope="module")
def theme() -> Theme:
    return load_theme(DEFAULT_LAYOUTS)


@pytest.fixture(scope="module")
def metrics(theme: Theme) -> Metrics:
    return Metrics(theme.font)


def item(theme: Theme, text: str) -> list[Para]:
    return [Para((Span(text),), theme.size("body"), bullet="•")]


def texts(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in page.paras]


def paginate_items(theme: Theme, metrics: Metrics, groups: list[list[Para]], max_items: int):  # type: ignore[no-untyped-def]
    writer = FrameWriter(theme, metrics, "id-ID")
    box = writer.box(theme.content_width, 330)
    return paginate(metrics, groups, lambda n: box, max_items)


def test_a_lead_in_moves_overleaf_with_what_it_introduces(theme: Theme,
                                                          metrics: Metrics) -> None:
    groups = [item(theme, f"Poin {k}") for k in range(1, 6)]
    groups.append(item(theme, "Untuk itu, ikutilah langkah-langkah berikut:"))
    groups += [item(theme, f"Langkah {k}") for k in range(1, 4)]
    pages = paginate_items(theme, metrics, groups, 6)
    assert len(pages) == 2
    for page in pages[:-1]:
        assert not texts(page)[-1].endswith(":"), texts(page)
    assert texts(pages[1])[0] == "Untuk itu, ikutilah langkah-langkah berikut:"
    assert texts(pages[1])[1] == "Langkah 1"
    assert [t for p in pages for t in texts(p)] == [g[0].text for g in groups]


def test_a_heading_is_a_lead_in(theme: Theme) -> None:
    heading = [Para((Span("Langkah"),), theme.size("body"), bold=True)]
    assert leads(heading)
    assert not leads(item(theme, "Poin biasa"))


@pytest.mark.parametrize("count, limit", [(7, 6), (13, 6), (9, 8), (19, 8)])
def test_items_are_balanced_between_a_slide_and_its_continuation(
        theme: Theme, metrics: Metrics, count: int, limit: int) -> None:
    groups = [item(theme, f"Poin {k}") for k in range(1, count + 1)]
    pages = paginate_items(theme, metrics, groups, limit)
    sizes = [len(p.groups) for p in pages]
    assert len(pages) == -(-count // limit)  # no more slides than filling them
    assert max(sizes) - min(sizes) <= 1, sizes
    assert sum(sizes) == count


def test_one_group_never_moves_away_from_itself(theme: Theme, metrics: Metrics) -> None:
    pages = paginate_items(theme, metrics, [item(theme, "Satu-satunya pengantar:")], 6)
    assert len(pages) == 1 and texts(pages[0]) == ["Satu-satunya pengantar:"]


# --- tables -----------------------------------------------------------------------------


def cell(text: str, bold: bool = False) -> tuple[Span, ...]:
    return (Span(text, bold=bold),)


def table(theme: Theme, metrics: Metrics, columns: int) -> TableLayout:
    return TableLayout(theme, metrics, FrameWriter(theme, metrics, "id-ID"), columns,
                       theme.content_width)


def test_columns_are_as_wide_as_their_longest_word(theme: Theme, metrics: Metrics) -> None:
    layout = table(theme, metrics, 3)
    header = [cell("Aspek", True), cell("Uraian", True), cell("Contoh", True)]
    long_text = "sangat panjang " * 20
    rows = [[cell("Kepemimpinan"), cell(long_text), cell(long_text)],
            [cell("Koordinasi"), cell(long_text), cell("singkat")]]
    layout.set_widths([header, *rows])
    assert abs(sum(layout.widths) - theme.content_width) < 0.01
    for row in rows:
        for c, content in enumerate(row):
            assert len(layout.lines(layout.hyphenate(content, c), c)) >= 1
            for word in content[0].text.split():  # measured: each word fits its column
                room = layout.box(layout.widths[c]).text_width(layout.para(content))
                assert metrics.width(word, layout.size) <= room, (word, layout.widths)
    # the first column is no wider than its longest word needs, plus a fair share
    assert layout.widths[0] < theme.content_width / 3


def test_a_word_too_long_for_any_column_is_hyphenated(theme: Theme, metrics: Metrics) -> None:
    layout = table(theme, metrics, 4)
    monster = "Penyelenggaraanpemerintahanberbasiselektronikterpadu" * 2
    header = [cell(h, True) for h in ("A", "B", "C", "D")]
    rows = [[cell(monster), cell(monster), cell(monster), cell(monster)]]
    layout.set_widths([header, *rows])
    fixed = layout.hyphenate(rows[0][0], 0)
    pieces = fixed[0].text.split()
    assert len(pieces) > 1 and all(p.endswith("-") for p in pieces[:-1])
    assert "".join(p.rstrip("-") for p in pieces) == monster  # nothing lost
    room = layout.box(layout.widths[0]).text_width(layout.para(fixed))
    assert all(metrics.width(p, layout.size) <= room for p in pieces)


def test_a_table_splits_into_balanced_parts_under_its_header(theme: Theme,
                                                             metrics: Metrics) -> None:
    layout = table(theme, metrics, 2)
    header = [cell("Tahap", True), cell("Uraian", True)]
    rows = [[cell(f"Tahap {k}"), cell("Uraian singkat tahap ini")] for k in range(1, 10)]
    layout.set_widths([header, *rows])
    row_h = layout.row_height(rows[0])
    room = layout.row_height(header, header=True) + 4.5 * row_h  # 4 rows a slide
    pages = layout.pages(header, rows, [room, room])
    counts = [len(p.rows) - 1 for p in pages]
    assert len(pages) == 3 and max(counts) - min(counts) <= 1, counts  # 3 + 3 + 3, never 4 + 4 + 1
    assert all(p.rows[0] == header for p in pages)
    assert [r for p in pages for r in p.rows[1:]] == rows


# --- sentences ----------------------------------------------------------------------------


@pytest.mark.parametrize("text, first", [
    ("Landasannya UU No. 20 Tahun 2023 tentang ASN. Kalimat kedua.",
     "Landasannya UU No. 20 Tahun 2023 tentang ASN."),
    ("Shergold dkk. (2004) menulis, lihat hlm. 5 dan Dr. Anu. Kedua.",
     "Shergold dkk. (2004) menulis, lihat hlm. 5 dan Dr. Anu."),
    ("P. Shergold menulisnya. Kedua.", "P. Shergold menulisnya."),
    ("Tanpa titik sama sekali", "Tanpa titik sama sekali"),
])
def test_a_face_line_is_never_cut_at_an_abbreviation(text: str, first: str) -> None:
    from wog_build.labels import load_labels

    abbreviations = frozenset(load_labels(DEFAULT_LAYOUTS, "id")["abbreviations"].split())
    assert first_sentence(text, abbreviations) == first
