"""The WoG edition 1.1 (issue 19), read back from its built outputs: the visuals, the
assessment, the version and its change list.  And the faults of the visual code that
looking at the WoG visuals turned up, caught on a small course first.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pptx import Presentation
from pypdf import PdfReader

from wog_build.cli import main

from .conftest import ROOT, cli_env
from .support.courses import readme_example, write_course

pytestmark = pytest.mark.slow

WOG = ROOT / "source" / "wog" / "course.yaml"


def pdf_pages(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


# --- a chart with one series names it (small course) -----------------------------------

ONE_SERIES = """\
          - chart: column
            caption: Indeks efektivitas pemerintahan
            categories: [Negara A 2008, Negara A 2012, Negara B]
            series:
              - {name: Nilai indeks WGI, values: [46, 44, 100]}
            source: "[@contoh2004]"
"""


@pytest.fixture(scope="module")
def one_series(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("one-series")
    text = readme_example()
    anchor = "            source: \"[@contoh2004]\"\n"
    assert anchor in text
    write_course(root / "source" / "contoh", text.replace(anchor, anchor + ONE_SERIES, 1))
    return root


def test_a_one_series_chart_prints_what_its_values_are(one_series: Path, monkeypatch,
                                                       capsys) -> None:  # type: ignore[no-untyped-def]
    """The series' name says what the numbers measure: the module prints it (a legend
    of one), the deck shows its legend; before, both left it out and the sync proof
    failed on the module."""
    monkeypatch.chdir(one_series)
    assert main(["build", "source/contoh/course.yaml"]) == 0, capsys.readouterr().err
    dist = one_series / "dist" / "contoh"
    pages = pdf_pages(next(dist.glob("*-modul.pdf")))
    page = next(p for p in pages if "Indeks efektivitas pemerintahan" in p
                and "Negara B" in p)
    assert "Nilai indeks WGI" in page
    deck = Presentation(str(next(dist.glob("*-bahan-tayang.pptx"))))
    charts = [sh.chart for s in deck.slides for sh in s.shapes if sh.has_chart]
    assert len(charts) == 1 and charts[0].has_legend


LONG_SERIES = ONE_SERIES.replace("Nilai indeks WGI", "Nilai indeks efektivitas pemerintahan "
                                 "menurut Worldwide Governance Indicators")


@pytest.mark.parametrize("kind", ["column", "line"])
def test_nothing_of_a_chart_is_drawn_over_its_legend(tmp_path: Path, kind: str) -> None:
    """A legend spanning the width above a chart whose top value reaches the top tick:
    the tick's label and the value's label sit below the legend, not on it (they
    touched it, and a value label could overlap it)."""
    from wog_build.fonts import load_fonts
    from wog_build.loader import load_course
    from wog_build.model import Chart
    from wog_build.pdf.svg import SvgWriter
    from wog_build.visuals.style import load_style

    text = readme_example()
    anchor = "            source: \"[@contoh2004]\"\n"
    path = write_course(tmp_path / "c", text.replace(
        anchor, anchor + LONG_SERIES.replace("chart: column", f"chart: {kind}"), 1))
    doc = load_course(path)
    chart = next(u for u in doc.units() if isinstance(u, Chart))
    layouts = ROOT / "layouts"
    svg = str(SvgWriter(doc, load_style(layouts), load_fonts(layouts)["sans"]).chart(chart))
    root = etree.fromstring(svg.encode())
    texts = [(t.text or "", float(t.get("y")), float(t.get("font-size")))
             for t in root.iter("{*}text")]
    names = {doc.plain(s.name) for s in chart.series}
    legend_bottom = max(y + 0.25 * size for s, y, size in texts if s in names)
    below = [(s, y - 0.8 * size) for s, y, size in texts if s not in names]
    assert below and all(top >= legend_bottom for _, top in below), (legend_bottom, below)


# --- the WoG course, built once ---------------------------------------------------------

@dataclass
class WogBuilt:
    doc: Any
    pdf: Path
    pages: list[str]
    moodle: Any


@pytest.fixture(scope="module")
def wog(tmp_path_factory: pytest.TempPathFactory) -> WogBuilt:
    from wog_build.loader import load_course

    out = tmp_path_factory.mktemp("wog-edition")
    proc = subprocess.run([sys.executable, "-m", "wog_build", "build", "--out", str(out),
                           str(WOG)], capture_output=True, text=True, env=cli_env(),
                          cwd=ROOT, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # built and proven in sync
    pdf = next(out.glob("*-modul.pdf"))
    moodle = etree.parse(str(next(out.glob("*-kuis-moodle.xml")))).getroot()
    return WogBuilt(load_course(WOG), pdf, pdf_pages(pdf), moodle)


def visuals(doc: Any) -> list[Any]:
    from wog_build.model import Chart, Diagram

    return [u for u in doc.units() if isinstance(u, Diagram | Chart)]


def test_six_or_more_diagrams_and_charts_with_caption_source_and_description(
        wog: WogBuilt) -> None:
    from .test_visuals import struct_figures

    doc = wog.doc
    found = visuals(doc)
    assert len(found) >= 6
    listed = " ".join(p for p in wog.pages if "Daftar Gambar" in p)
    alts = struct_figures(PdfReader(wog.pdf))
    for unit in found:
        caption = f"{doc.label(unit)} {doc.plain(unit.caption)}"
        assert caption in listed, caption                      # in the list of figures
        page = next(p for p in wog.pages if caption in p and "...." not in p)
        source = doc.plain(unit.source)
        assert source and f"Sumber: {source}" in page, caption  # its source, printed
        assert unit.alt and unit.alt in alts, caption           # its own description


def mc_letters(moodle: Any) -> list[str]:
    """The right answer's letter of each multiple-choice question, as Moodle numbers
    the options it imports (ABCD, in file order)."""
    letters = []
    for q in moodle.iter("question"):
        if q.get("type") == "multichoice":
            fractions = [a.get("fraction") for a in q.iter("answer")]
            letters.append("ABCD"[fractions.index("100")])
    return letters


def test_answer_letters_spread_evenly(wog: WogBuilt) -> None:
    letters = mc_letters(wog.moodle)
    # the module's answer key prints the same letters
    raw = [page.extract_text() or "" for page in PdfReader(wog.pdf).pages]
    key = next(p for p in raw if "Kunci Jawaban" in p and "Pedoman penskoran" in p)
    evaluation = key[key.rindex("Evaluasi"):]
    # each answer a line "B. option text" (the list's numbers are not text)
    printed = re.findall(r"(?m)^([A-D])\. ", evaluation)
    assert printed == letters
    counts = Counter(letters)
    even = len(letters) / 4
    assert all(abs(counts[k] - even) <= 1 for k in "ABCD"), counts


def test_each_indicator_is_tested_by_three_questions(wog: WogBuilt) -> None:
    per_category: Counter[str] = Counter()
    category = ""
    for q in wog.moodle.iter("question"):
        if q.get("type") == "category":
            category = q.findtext("category/text").rsplit("/", 1)[-1]
        else:
            per_category[category] += 1
    indicators = [i.id for i in wog.doc.introduction.indicators]
    assert set(per_category) == set(indicators)
    assert all(per_category[i] >= 3 for i in indicators), per_category


def words(html: str) -> set[str]:
    text = re.sub(r"<[^>]+>", " ", html).casefold()
    return {w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 4}


def test_no_question_gives_its_answer_away(wog: WogBuilt) -> None:
    """No word of the right option that the other options lack stands in the question
    (version 1.0.0: "Pembentukan gugus tugas ... yaitu" with "pembentukan gugus tugas")."""
    for q in wog.moodle.iter("question"):
        if q.get("type") != "multichoice":
            continue
        stem = words(q.findtext("questiontext/text"))
        answers = [(a.get("fraction"), words(a.findtext("text"))) for a in q.iter("answer")]
        right = next(w for f, w in answers if f == "100")
        others = set().union(*(w for f, w in answers if f != "100"))
        assert not (right - others) & stem, (q.findtext("name/text"), (right - others) & stem)


def test_essays_are_scored_by_their_rubric_and_the_formula_uses_the_points(
        wog: WogBuilt) -> None:
    grades = {q.findtext("name/text"): float(q.findtext("defaultgrade"))
              for q in wog.moodle.iter("question") if q.get("type") != "category"}
    essays = [q for q in wog.moodle.iter("question") if q.get("type") == "essay"]
    assert essays and all(grades[q.findtext("name/text")] > 1 for q in essays)
    key = next(p for p in wog.pages if "Kunci Jawaban" in p and "Pedoman penskoran" in p)
    rubrics = re.findall(r"Pedoman penskoran \((\d+) poin\)(.*?)(?=Pedoman penskoran|$)", key)
    assert len(rubrics) == len(essays)
    for total, lines in rubrics:  # each rubric's lines add up to its total
        assert sum(int(n) for n in re.findall(r"\((\d+) poin\)", lines)) == int(total)
    assert sorted(int(t) for t, _ in rubrics) == sorted(
        int(grades[q.findtext("name/text")]) for q in essays)
    highest = int(sum(grades.values()))
    formula = next(p for p in wog.pages if "Tingkat penguasaan =" in p)
    assert f"÷ {highest})" in formula, highest


def test_version_1_1_0_lists_its_changes_on_the_imprint(wog: WogBuilt) -> None:
    assert wog.pdf.name == "wog-1.1.0-modul.pdf"
    imprint = next(p for p in wog.pages[:4] if "Perubahan pada versi 1.1.0" in p)
    assert len(wog.doc.meta.changes) >= 5
    for line in wog.doc.meta.changes:
        assert wog.doc.plain(line) in imprint


INTRO_CHART = """\
    - chart: bar
      caption: Urutan dua negara
      categories: [Negara A, Negara B]
      series:
        - {name: Urutan dari 183 negara, values: [70, 129]}
"""


def test_a_chart_in_bab_i_gets_a_slide(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """BAB I's prose is the notes of one introduction slide; a chart, diagram, figure or
    table there gets a slide of its own, as in a section (before, the build failed its
    proof: 'missing from the slides')."""
    text = readme_example()
    anchor = "    - Pelayanan publik perlu terintegrasi [@contoh2004].\n"
    assert anchor in text
    write_course(tmp_path / "source" / "contoh", text.replace(anchor, anchor + INTRO_CHART))
    monkeypatch.chdir(tmp_path)
    assert main(["build", "source/contoh/course.yaml"]) == 0, capsys.readouterr().err
    deck = Presentation(str(next((tmp_path / "dist" / "contoh").glob("*.pptx"))))
    slides = [s for s in deck.slides if any(sh.has_chart for sh in s.shapes)]
    assert len(slides) == 1
    chart = next(sh.chart for sh in slides[0].shapes if sh.has_chart)
    assert list(chart.plots[0].categories) == ["Negara A", "Negara B"]


def test_a_bar_chart_of_few_categories_has_bars_not_slabs(tmp_path: Path) -> None:
    """Two categories drew two bars a third of the plot tall each (66 pt at 9.5 pt text):
    a row is at most ``bar_slot_max`` lines of text, so the plot shrinks instead."""
    from wog_build.fonts import load_fonts
    from wog_build.loader import load_course
    from wog_build.model import Chart
    from wog_build.pdf.svg import SvgWriter
    from wog_build.visuals.style import load_style

    text = readme_example()
    anchor = "    - Pelayanan publik perlu terintegrasi [@contoh2004].\n"
    doc = load_course(write_course(tmp_path / "c", text.replace(anchor,
                                                                 anchor + INTRO_CHART)))
    chart = next(u for u in doc.units() if isinstance(u, Chart))
    layouts = ROOT / "layouts"
    svg = str(SvgWriter(doc, load_style(layouts), load_fonts(layouts)["sans"]).chart(chart))
    root = etree.fromstring(svg.encode())
    size = max(float(t.get("font-size")) for t in root.iter("{*}text"))
    bars = [float(r.get("height")) for r in root.iter("{*}rect")
            if float(r.get("width")) > 3 * size]  # not the legend's swatch
    assert len(bars) == 2 and max(bars) <= 3 * size, (bars, size)
