"""Essay rubrics and question points: what the source may say, where a mistake is
reported, and what the quiz exports and the module's answer key make of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from wog_build.cli import main
from wog_build.errors import CourseInvalid
from wog_build.loader import load_course

from .support.courses import readme_example, write_course

ESSAY = """\
    - kind: essay
      indicator: ind-contoh
      question: Jelaskan contoh dengan kata-kata Anda sendiri!
      answer: Contoh bekerja lintas batas menuju tujuan bersama.
      rubric:
        - {points: 2, text: Menyebut kerja lintas batas}
        - {points: 3, text: Menyebut tujuan bersama dan memberi contoh}
"""
QUESTIONS = "      answer: true\n"


def course(extra: str) -> str:
    text = readme_example()
    assert text.count(QUESTIONS) == 1
    return text.replace(QUESTIONS, QUESTIONS + extra, 1)


def errors(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(CourseInvalid) as info:
        load_course(write_course(tmp_path / "c", text))
    return [f"{e.line}:{e.column}: {e.message}" for e in info.value.errors]


def test_an_essay_is_worth_its_rubric(tmp_path: Path) -> None:
    doc = load_course(write_course(tmp_path / "c", course(ESSAY)))
    questions = doc.evaluation.questions  # type: ignore[union-attr]
    assert [doc.points(q) for q in questions] == [1, 5]
    assert doc.max_score() == 6
    assert doc.points_text(questions[1]) == "5 poin"


def test_a_rubric_on_a_true_false_question_is_located(tmp_path: Path) -> None:
    text = course("").replace(QUESTIONS, QUESTIONS + "      rubric: [{points: 1, text: x}]\n")
    got = errors(tmp_path, text)
    assert len(got) == 1 and "a rubric scores an essay" in got[0], got
    line = text.splitlines().index("      rubric: [{points: 1, text: x}]") + 1
    assert got[0].startswith(f"{line}:15:"), got  # at the value


def test_points_that_disagree_with_the_rubric_are_located(tmp_path: Path) -> None:
    text = course(ESSAY.replace("      rubric:\n", "      points: 4\n      rubric:\n"))
    got = errors(tmp_path, text)
    assert got == [f"{text.splitlines().index('      points: 4') + 1}:15: points is 4, but "
                   "the rubric adds up to 5 (2 + 3); make them agree, or leave points out"]


@pytest.mark.slow
def test_the_outputs_carry_the_rubric_and_the_points(tmp_path: Path, monkeypatch,
                                                     capsys) -> None:  # type: ignore[no-untyped-def]
    write_course(tmp_path / "source" / "contoh", course(ESSAY))
    monkeypatch.chdir(tmp_path)
    assert main(["build", "source/contoh/course.yaml"]) == 0, capsys.readouterr().err
    dist = tmp_path / "dist" / "contoh"
    quiz = etree.parse(str(next(dist.glob("*-kuis-moodle.xml")))).getroot()
    essay = next(q for q in quiz.iter("question") if q.get("type") == "essay")
    assert essay.findtext("defaultgrade") == "5"
    grader = essay.findtext("graderinfo/text")
    assert "Pedoman penskoran (5 poin)" in grader and "Menyebut kerja lintas batas (2 poin)" \
        in grader
    gift = next(dist.glob("*-kuis.gift.txt")).read_text(encoding="utf-8")
    assert "Menyebut tujuan bersama dan memberi contoh (3 poin)" in gift
    text = " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(next(dist.glob("*-modul.pdf"))).pages)
    assert "Pedoman penskoran (5 poin)" in text
    assert "Menyebut kerja lintas batas (2 poin)" in text
