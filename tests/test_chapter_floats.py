"""A table, chart or diagram in a chapter's opening prose (before its first section) is
shown on a slide of its own, as in a section or in BAB I; a definition there is prose,
read from the divider's notes.  Before, the deck dropped them and the build failed its
proof on a valid course ('missing from the slides')."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .support.cli import run_cli
from .support.deck import face_text, notes_text, open_deck
from .support.paths import FIXTURES

OPENING = """\
  - Pengantar bab konsep.
  - term: Istilah pembuka
    definition: Definisi istilah di pembuka bab.
  - chart: bar
    caption: Urutan dua negara contoh
    categories: [Negara A, Negara B]
    series:
      - {name: Urutan dari seratus negara, values: [70, 129]}
  - table: Tabel pembuka bab
    header: [Kolom satu, Kolom dua]
    rows:
      - [Isi pertama, Isi kedua]
"""

pytestmark = pytest.mark.build


def test_floats_in_a_chapter_opening_get_slides_of_their_own(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "full", course)
    chapter = course / "bab2.yaml"
    text = chapter.read_text(encoding="utf-8")
    assert "intro:\n  - Pengantar bab konsep.\n" in text
    chapter.write_text(text.replace("  - Pengantar bab konsep.\n", OPENING, 1),
                       encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli("build", "--out", str(out), str(course / "course.yaml"))
    assert done.returncode == 0, done.stdout + done.stderr  # built and proven in sync
    deck = open_deck(next(out.glob("*-bahan-tayang.pptx")))
    faces = [face_text(s) for s in deck.slides]
    chart_slides = [s for s in deck.slides if any(sh.has_chart for sh in s.shapes)
                    and "Urutan dua negara contoh" in face_text(s)]
    assert len(chart_slides) == 1, faces
    chart = next(sh.chart for sh in chart_slides[0].shapes if sh.has_chart)
    assert list(chart.plots[0].categories) == ["Negara A", "Negara B"]
    assert list(chart.plots[0].series[0].values) == [70, 129]
    table_slides = [s for s in deck.slides if any(sh.has_table for sh in s.shapes)
                    and "Tabel pembuka bab" in face_text(s)]
    assert len(table_slides) == 1, faces
    cells = [c.text for sh in table_slides[0].shapes if sh.has_table
             for row in sh.table.rows for c in row.cells]
    assert "Isi pertama" in cells and "Isi kedua" in cells
    # the definition is opening prose: in the chapter divider's notes, not on a face
    assert any("Definisi istilah di pembuka bab" in notes_text(s) for s in deck.slides)
    assert not any("Definisi istilah di pembuka bab" in f for f in faces)
