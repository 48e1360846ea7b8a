"""The deck's measurement and flow rules, on their own: lines never wider than the box,
over-long words broken, and nothing lost when content continues on the next slide."""

from __future__ import annotations

import pytest

from wog_build.context import DEFAULT_LAYOUTS
from wog_build.slides.flow import paginate
from wog_build.slides.measure import Box, Metrics, Para, Span, height_of, para_lines, wrap
from wog_build.slides.theme import load_theme

WORD60 = "Pertanggungjawabanpenyelenggaraanpemerintahanterintegrasixyz"
TEXT = ("Koordinasi lintas sektor menuntut kepemimpinan kolaboratif yang mampu menyatukan "
        "kepentingan instansi pemerintah pusat dan daerah dalam satu tujuan pelayanan publik")


@pytest.fixture(scope="module")
def metrics() -> Metrics:
    return Metrics(load_theme(DEFAULT_LAYOUTS).font)


def box(width: float, height: float = 300.0) -> Box:
    return Box(width=width, height=height, inset=6, bullet_indent=32, spacing=1.2,
               paragraph_after=8)


def test_word60_is_sixty_characters():
    assert len(WORD60) == 60


@pytest.mark.parametrize("width", [80.0, 150.0, 300.0, 900.0])
def test_no_line_is_wider_than_the_box(metrics, width):
    styled = [(f"{TEXT} {WORD60} **{TEXT}**", False, False), (TEXT, True, True)]
    text, sums = metrics.prefix(styled)
    lines = wrap(metrics, styled, 24, width)
    assert "".join(text[a:b] for a, b in lines).replace(" ", "") == text.replace(" ", "")
    for a, b in lines:
        assert (sums[b] - sums[a]) * 24 <= width or b - a == 1


def test_a_word_longer_than_the_line_is_broken(metrics):
    lines = wrap(metrics, [(WORD60, False, False)], 24, 200)
    assert len(lines) > 1
    assert [b - a for a, b in lines] and sum(b - a for a, b in lines) == 60


def test_bold_is_measured_wider_than_regular(metrics):
    assert metrics.width(TEXT, 24, bold=True) > metrics.width(TEXT, 24)


def test_line_pitch_follows_the_font_and_the_spacing(metrics):
    para = Para((Span("Satu baris"),), 20, space_after=0)
    assert height_of(metrics, box(600), [para]) == pytest.approx(20 * metrics.line_factor * 1.2)
    assert metrics.line_factor == pytest.approx(1.0)  # Carlito: ascent + descent = 1 em


def test_flow_keeps_every_word_and_respects_the_item_limit(metrics):
    groups = [[Para((Span(f"{n} {TEXT} {TEXT}"),), 24, bullet="•")] for n in range(9)]
    groups.append([Para((Span(" ".join([TEXT] * 12)),), 24, bullet="•")])  # taller than a slide
    pages = paginate(metrics, groups, lambda n: box(700, 330), 6)
    assert len(pages) >= 4
    assert all(len(p.groups) <= 6 for p in pages)
    assert any(p.split for p in pages)
    shown = " ".join(para.text for p in pages for para in p.paras).split()
    assert shown == " ".join(g[0].text for g in groups).split()
    for p in pages:
        assert height_of(metrics, box(700, 330), p.paras) <= box(700, 330).text_height
        assert all(len(para_lines(metrics, box(700, 330), q)) >= 1 for q in p.paras)
