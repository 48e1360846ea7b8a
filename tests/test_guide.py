"""The facilitator guide, read back with pypdf: every activity's steps and notes, every
answer and the answer key are in it; every slide it cites ("Tayangan N: title") is slide
N of the deck (read with python-pptx) with that title; its learning-design table adds
the chapters' minutes up to the course's JP."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from wog_build.build import build_course
from wog_build.document.protocol import slide_ref_pattern
from wog_build.loader import load_course
from wog_build.model import Activity, Chapter, Exercise, Indicator, Question, Section
from wog_build.options import Options

from .support.courses import readme_example, write_course
from .support.deck import open_deck, slide_titles
from .support.paths import WOG
from .support.pdf import page_texts, pdf_text
from .support.text import letters


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("guide") / "dist"
    said: list[str] = []
    build_course(WOG, ["guide"], Options(out=out, force=True), said.append)
    return out, page_texts(next(out.glob("*-panduan-fasilitator.pdf")))


@pytest.mark.slow
def test_the_guide_holds_every_step_note_and_answer(guide):
    _, pages = guide
    text = letters(" ".join(pages))
    doc = load_course(WOG)
    acts = [u for u in doc.units() if isinstance(u, Activity)]
    assert acts
    for act in acts:
        for line in [*act.preparation, *act.steps, *act.discussion, *act.facilitator_notes]:
            assert letters(doc.plain(line)) in text, doc.plain(line)[:60]
    for chapter in doc.chapters:
        for ex in chapter.exercises:
            assert ex.answer is not None and letters(doc.plain(ex.answer)) in text
    assert doc.evaluation is not None
    for q in doc.evaluation.questions:
        if q.kind == "multiple_choice":
            right = next(o for o in q.options if o.key == q.answer)
            assert letters(f"{q.answer}. {doc.plain(right.text)}") in text
        elif q.kind == "essay":
            assert letters(str(q.answer)) in text
        else:
            assert letters(doc.truth(bool(q.answer))) in text


@pytest.mark.slow
def test_every_cited_slide_number_is_the_slide_with_that_title(guide):
    out, pages = guide
    doc = load_course(WOG)
    deck = open_deck(next(out.glob("*-bahan-tayang.pptx")))
    titles = slide_titles(deck)
    pattern = slide_ref_pattern(doc.labels)
    cited = 0
    for page in pages:
        found = list(pattern.finditer(page))
        for i, match in enumerate(found):
            end = found[i + 1].start() if i + 1 < len(found) else len(page)
            number = int(match.group(1))
            assert letters(page[match.end():end]).startswith(letters(titles[number - 1]))
            cited += 1
    # every section slide of the deck is cited once in a session plan
    sections = [n for n, s in enumerate(deck.slides, 1) if s.name.startswith("wog:section:")]
    assert cited >= len(sections) > 0


@pytest.mark.slow
def test_the_learning_design_adds_up_to_the_course_jp(guide):
    out, pages = guide
    doc = load_course(WOG)
    design = next(p for p in pages if doc.labels["guide_design"] in p)
    jp = doc.meta.duration_jp
    assert jp is not None
    assert re.search(rf"{doc.labels['guide_total']}\s+{jp}\s+{jp * 45} menit", design), design
    for indicator in doc.introduction.indicators:
        assert letters(doc.plain(indicator.text)) in letters(" ".join(pages[1:3]))
    report = json.loads(next(out.glob("*-sync.json")).read_text(encoding="utf-8"))
    assert report["ok"] and report["outputs"]["guide"]["references_checked"] > 0
    kinds = (Chapter, Section, Activity, Exercise, Indicator, Question)
    promised = [u for u in doc.units() if isinstance(u, kinds)]
    assert sum(g["expected"].get("guide", 0) for g in report["groups"]) == len(promised)
    assert sum(g["found"].get("guide", 0) for g in report["groups"]) == len(promised)


@pytest.mark.slow
def test_a_trainer_only_activity_is_in_the_guide_and_never_in_the_module(tmp_path):
    """The guide is a trainer output (``for_trainers``): what an author marks
    ``audience: trainer`` reaches it, as it reaches the deck, and stays out of the module."""
    text = readme_example().replace(
        "          - Paragraf biasa cukup ditulis sebagai teks.\n",
        "          - Paragraf biasa cukup ditulis sebagai teks.\n"
        "          - activity: Permainan khusus pelatih\n"
        "            id: main-pelatih\n"
        "            audience: trainer\n"
        "            steps:\n"
        "              - Bagikan kartu merah kepada setiap kelompok peserta.\n")
    assert "main-pelatih" in text
    course = write_course(tmp_path / "course", text)
    out = tmp_path / "dist"
    build_course(course, ["module", "guide"], Options(out=out, force=True), lambda _: None)
    guide = letters(pdf_text(next(out.glob("*-panduan-fasilitator.pdf")), sep=" "))
    module = letters(pdf_text(next(out.glob("*-modul.pdf")), sep=" "))
    step = letters("Bagikan kartu merah kepada setiap kelompok peserta.")
    assert step in guide
    assert step not in module
