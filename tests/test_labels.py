"""Labels are patterns per language: the fixture built in English reads back in English
word order ('Summary of CHAPTER II', not 'Summary CHAPTER II'), in the deck and the
module alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from wog_build import build
from wog_build.context import DEFAULT_LAYOUTS
from wog_build.labels import fill, load_labels

from .support.courses import copy_course
from .support.deck import open_deck
from .support.paths import FIXTURES
from .support.pdf import pdf_text
from .support.text import squash

EN = load_labels(DEFAULT_LAYOUTS, "en")
ID = load_labels(DEFAULT_LAYOUTS, "id")
# what the deck prints as a slide title, per slide kind
DECK_TITLES = {"agenda": "agenda", "objectives": "objectives", "introduction": "introduction",
               "evaluation": "evaluation", "regulations": "regulations",
               "references": "references", "closing": "closing"}
# headings the module prints for the full fixture
MODULE_LABELS = ["foreword", "toc", "list_of_tables", "list_of_figures", "introduction",
                 "background", "description", "competency", "indicators", "summary",
                 "exercises", "evaluation", "feedback", "answer_key", "references",
                 "glossary", "regulations", "key_points", "table", "figure", "box",
                 "definition", "translation", "source", "steps"]


def test_every_pattern_names_only_its_own_fields_in_both_languages():
    for labels in (EN, ID):
        assert fill(labels, "summary_title", chapter="X") != labels["summary"]
        for key, value in labels.items():
            if "{" in value:
                fields = {"summary_title": "chapter", "exercises_title": "chapter",
                          "continued_title": "title", "more_in_module": "n",
                          "points": "n", "changes_title": "version"}
                assert key in fields, f"{key}: a pattern nobody fills"
                assert "X" in fill(labels, key, **{fields[key]: "X"})
    assert fill(EN, "summary_title", chapter="CHAPTER II") == "Summary of CHAPTER II"
    assert fill(ID, "summary_title", chapter="BAB II") == "Rangkuman BAB II"
    assert fill(EN, "continued_title", title="Tables") == "Tables (continued)"


def test_a_pattern_naming_an_unknown_field_says_which_key(tmp_path):
    layouts = tmp_path / "layouts"
    shutil.copytree(DEFAULT_LAYOUTS, layouts)
    path = layouts / "labels" / "en.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"Summary of {chapter}"', '"Summary of {bab}"'), encoding="utf-8")
    with pytest.raises(KeyError, match=r"summary_title.*en\.yaml.*\{bab\}.*\{chapter\}"):
        fill(load_labels(layouts, "en"), "summary_title", chapter="CHAPTER II")


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("english")
    main = copy_course(tmp / "course")
    main.write_text(main.read_text(encoding="utf-8").replace(
        "meta:\n", "meta:\n  language: en\n", 1), encoding="utf-8")
    doc, ctx = build.prepare(main, tmp / "dist")
    build.build(doc, ctx)
    return next((tmp / "dist").glob("*.pptx")), next((tmp / "dist").glob("*-modul.pdf"))


@pytest.mark.slow
def test_the_english_deck_reads_back_in_english_word_order(english):
    prs = open_deck(english[0])
    titles: dict[str, list[str]] = {}
    for slide in prs.slides:
        kind = slide.name.split(":")[1]
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else \
            next(s.text_frame.text for s in slide.shapes if s.name == "Title")
        titles.setdefault(kind, []).append(title)
    for kind, key in DECK_TITLES.items():
        if kind == "evaluation":  # one slide per question: "Evaluation · Question 1", ...
            assert titles[kind] == [f"{EN[key]} · {EN['question']} {n}"
                                    for n in range(1, len(titles[kind]) + 1)], titles[kind]
            continue
        assert titles[kind] == [EN[key]], kind
    assert titles["summary"] == ["Summary of CHAPTER II", "Summary of CHAPTER III"]
    assert titles["exercises"] == ["Exercises for CHAPTER II", "Exercises for CHAPTER III"]
    faces = " ".join(s.text_frame.text for sl in prs.slides for s in sl.shapes
                     if s.has_text_frame)
    assert f"{EN['module_page']} " in faces and ID["module_page"] not in faces
    for word in ("BAB ", "Rangkuman BAB", "Latihan BAB", "lanjutan"):
        assert word not in faces


@pytest.mark.slow
def test_the_english_module_prints_every_label_in_english(english):
    text = squash(pdf_text(english[1], sep=" "))
    for key in MODULE_LABELS:
        assert EN[key] in text or EN[key].upper() in text, key
    assert "CHAPTER II" in text and "BAB II" not in text
    meta = yaml.safe_load((FIXTURES / "full" / "course.yaml").read_text(encoding="utf-8"))
    assert meta["meta"]["title"] in text
