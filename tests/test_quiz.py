"""The evaluation in a room: a slide per question, the answer appearing on a click (an
entrance animation in the slide's XML), and the answer with its explanation in the
notes; long back-matter lists compact on the face, complete in the notes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from wog_build.context import DEFAULT_LAYOUTS
from wog_build.loader import load_course
from wog_build.model import Question
from wog_build.slides.builders import Builder
from wog_build.slides.theme import load_theme

from .support.builds import deck_alone as build
from .support.deck import face_text
from .support.paths import FULL_COURSE
from .support.tools import needs, soffice_convert


@pytest.fixture(scope="module")
def deck(tmp_path_factory):  # type: ignore[no-untyped-def]
    return build(FULL_COURSE, tmp_path_factory.mktemp("quiz"))


@pytest.mark.slow
def test_each_question_has_its_slide_and_its_answer_appears_on_click(deck) -> None:  # type: ignore[no-untyped-def]
    course, path = deck
    prs = Presentation(str(path))
    questions = [u for u in course.units() if isinstance(u, Question)]
    assert len(questions) == 3
    for q in questions:
        slide = next(s for s in prs.slides if s.name == f"wog:evaluation:{course.uid(q)}")
        face = face_text(slide)
        assert course.plain(q.question) in face
        for opt in q.options:
            assert course.plain(opt.text) in face
        answer = next(s for s in slide.shapes if s.name == "Answer")
        word = q.answer if isinstance(q.answer, str) else course.truth(q.answer)
        assert answer.text_frame.text.startswith(f"Jawaban: {word}")
        timing = slide._element.find(qn("p:timing"))
        assert timing is not None
        targets = timing.xpath(".//p:spTgt/@spid")
        assert targets == [str(answer.shape_id)]
        effect = timing.xpath(".//p:cTn[@presetClass='entr']")[0]
        assert effect.get("nodeType") == "clickEffect"
        assert timing.xpath(".//p:attrName/text()") == ["style.visibility"]
        assert timing.xpath(".//p:bldP/@spid") == [str(answer.shape_id)]
        # the timing sits where the schema wants it: after cSld and clrMapOvr
        tags = [c.tag for c in slide._element]
        assert tags.index(qn("p:timing")) > tags.index(qn("p:cSld"))
        notes = slide.notes_slide.notes_text_frame.text
        assert f"Jawaban: {word}" in notes
    mc = next(q for q in questions if q.kind == "multiple_choice")
    slide = next(s for s in prs.slides if s.name == f"wog:evaluation:{course.uid(mc)}")
    assert "Jawaban: A. Whole of Government" in slide.notes_slide.notes_text_frame.text


@pytest.mark.slow
@needs("soffice")
def test_libreoffice_opens_the_animated_quiz_slides(deck, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Impress reads the deck with its animations into its own format and back."""
    odp = soffice_convert(deck[1], tmp_path, "odp")
    import zipfile

    with zipfile.ZipFile(odp) as z:
        content = z.read("content.xml").decode()
    assert "anim:set" in content and 'smil:to="visible"' in content


def test_long_back_matter_lists_are_compact_on_the_face_and_whole_in_the_notes() -> None:
    course = load_course(FULL_COURSE)
    theme = load_theme(DEFAULT_LAYOUTS)
    capped = replace(theme, limits={**theme.limits, "references_on_slides": 1})
    spec = Builder(course, "slides", capped).references()[0]
    faces = [" ".join(p.text for p in g) for g in spec.groups]  # type: ignore[attr-defined]
    assert len(faces) == 2
    assert faces[1] == "… dan 1 lainnya tercantum lengkap di modul"
    assert len(spec.notes) == 2 and "Shergold" in " ".join(spec.notes)
    full = Builder(course, "slides", theme).references()[0]
    assert len(full.groups) == 2  # type: ignore[attr-defined]  # under the cap: all shown


@pytest.mark.slow
def test_notes_a_trainer_can_present_from(deck) -> None:  # type: ignore[no-untyped-def]
    """Talking points first, a question for the room, then the module's prose; plain
    paragraphs (no markup leaks into PowerPoint's notes pane)."""
    _, path = deck
    slide = next(s for s in Presentation(str(path)).slides
                 if s.name == "wog:section:sec-visual")
    lines = [p.text for p in slide.notes_slide.notes_text_frame.paragraphs]
    assert lines[0].startswith("Modul hlm.")
    assert lines[1] == "Poin bicara"
    assert lines[2:4] == ["• Koordinasi berjalan dalam langkah yang berurutan",
                          "• Data menunjukkan kemajuan layanan terpadu"]
    ask = lines.index("Pertanyaan untuk peserta")
    assert lines[ask + 1] == "• Sebutkan satu praktik!"  # the chapter's exercise
    reading = lines.index("Bacaan dari modul")
    assert ask < reading and lines[reading + 1].startswith("Bagian ini memuat")
    for line in lines:
        assert not any(mark in line for mark in ("**", "[@", "](#", "<", "`")), line


@pytest.mark.slow
def test_a_quote_slide_has_a_meaningful_title_and_the_translation_leads(deck) -> None:  # type: ignore[no-untyped-def]
    _, path = deck
    slides = list(Presentation(str(path)).slides)
    titles = {s.name.split(":")[1]: s.shapes.title.text_frame.text for s in slides
              if s.shapes.title is not None}
    assert titles["quote"] != "Kutipan" and titles["quote"].startswith("Kutipan: ")
    definition = next(s for s in slides if s.name.startswith("wog:definition:"))
    body = next(s for s in definition.shapes if s.name == "Body")
    paras = [p.text for p in body.text_frame.paragraphs]
    assert paras[0].startswith("WoG menunjukkan instansi")  # the translation first
    assert paras[1].startswith("Teks asli: Whole of government denotes")
