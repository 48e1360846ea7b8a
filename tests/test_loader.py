"""The loader: the fixture loads into the model with every block kind, and each class of
author mistake comes back as one located line in the author's own terms."""

from __future__ import annotations

import textwrap

import pytest

from wog_build.errors import CourseInvalid
from wog_build.inline import Cite, Ref
from wog_build.loader import load_course
from wog_build.model import (
    Activity,
    BulletList,
    Definition,
    Figure,
    Note,
    NumberedList,
    Paragraph,
    Quote,
    Table,
)

from .support.courses import write_course

BASE = textwrap.dedent("""\
    id: mini
    meta:
      title: Mini
      programme: Latsar
      publisher: LAN
      year: 2026
      version: "1.0"
    foreword:
      text: [Pengantar.]
      signatory: Kepala
    introduction:
      background:
        - Latar belakang [@ref2004].
      description: [Deskripsi.]
      competency: Mampu.
      indicators:
        - id: ind-a
          text: Menjelaskan A
    chapters:
      - title: Bab Satu
        sections:
          - id: sec-a
            title: Bagian A
            key_points: [Poin satu]
            blocks:
              - Paragraf [](#sec-a).
    evaluation:
      questions:
        - kind: true_false
          indicator: ind-a
          question: Benar?
          answer: true
    references:
      - key: ref2004
        authors: ["Penulis, A."]
        year: 2004
        title: Judul
    """)


def errors_for(tmp_path, text, extra_files=None):
    folder = tmp_path / "course"
    for name, content in (extra_files or {}).items():
        write_course(folder, content, name)
    path = write_course(folder, text)
    with pytest.raises(CourseInvalid) as info:
        load_course(path)
    return [f"{e.file.rsplit('/', 1)[-1]}:{e.line}:{e.column}: {e.message}"
            for e in info.value.errors]


def test_base_is_valid(tmp_path):
    course = load_course(write_course(tmp_path / "c", BASE))
    assert course.number(course.chapters[0]) == "2"


def test_fixture_loads_every_block_kind(full_course):
    kinds = {type(u) for u in full_course.units()}
    assert {Paragraph, BulletList, NumberedList, Definition, Quote, Activity, Table, Figure,
            Note} <= kinds
    chapter = full_course.chapters[0]
    loc = full_course.loc(chapter)
    assert loc.file.endswith("bab2.yaml"), "an included chapter points at its own file"
    definition = chapter.sections[0].blocks[1]
    assert isinstance(definition, Definition)
    loc = full_course.loc(definition)
    assert loc.file.endswith("bab2.yaml") and loc.line == 15
    assert isinstance(definition.source.nodes[0], Cite)
    number = full_course.number
    assert number(next(u for u in full_course.units() if isinstance(u, Activity))) == "1"
    assert number(next(u for u in full_course.units() if isinstance(u, Table))) == "3.1"
    assert full_course.label(next(u for u in full_course.units() if isinstance(u, Table))) == (
        "Tabel 3.1")
    slides_only = [u for u in full_course.units() if full_course.info(u).outputs == {"slides"}]
    assert [str(u.paragraph) for u in slides_only] == ["Paragraf khusus untuk catatan pelatih."]


def test_front_and_back_matter_default_to_module_only(full_course):
    def outputs(unit):
        return full_course.info(unit).outputs

    assert outputs(full_course.foreword.text[0]) == {"module"}
    assert outputs(full_course.glossary[0]) == {"module"}
    assert outputs(full_course.feedback.rules[0]) == {"module"}
    assert outputs(full_course.regulations[0]) == set(full_course.outputs)  # every output


def test_derived_ids_are_stable_and_unique(full_course):
    uids = [full_course.uid(u) for u in full_course.units()]
    assert len(uids) == len(set(uids))
    assert "bab3.1.b1" in uids and "kp-tujuan" in uids and "evaluasi.q3" in uids


def test_inline_parsed_at_load_time(full_course):
    para = full_course.chapters[0].sections[0].blocks[0]
    kinds = [type(n).__name__ for n in para.paragraph.nodes]
    assert "Ref" in kinds and "Emph" in kinds
    ref = next(n for n in para.paragraph.nodes if isinstance(n, Ref))
    assert ref.target == "sec-mengapa"


CASES = {
    "yaml syntax: tab": (
        BASE.replace("  title: Mini", "\ttitle: Mini"),
        ["course.yaml:3:1: a tab is used for indentation here; YAML needs spaces"]),
    "yaml syntax: unclosed quote": (
        BASE.replace('version: "1.0"', 'version: "1.0'),
        ["course.yaml:7:12: a quote opened here is never closed"]),
    "duplicate key": (
        BASE.replace("  year: 2026\n", "  year: 2026\n  year: 2027\n"),
        ["course.yaml:7:3: duplicate key 'year' (first written on line 6); keep only one"]),
    "unknown key, misspelt": (
        BASE.replace("  programme:", "  programe:"),
        ["course.yaml:4:3: unknown key 'programe'; did you mean 'programme'?"]),
    "wrong type": (
        BASE.replace("  year: 2026", "  year: [2026]"),
        ["course.yaml:6:9: 'year' must be a whole number, not a list"]),
    "version as a number": (
        BASE.replace('version: "1.0"', "version: 1.0"),
        ["course.yaml:7:12: 'version' must be text, not the number 1.0; put it in quotes: "
         '"1.0"']),
    "missing required field": (
        BASE.replace("  competency: Mampu.\n", ""),
        ["course.yaml:12:3: missing required key 'competency'"]),
    "unknown block kind": (
        BASE.replace("          - Paragraf [](#sec-a).", "          - defenition: Kata."),
        ["course.yaml:26:13: this block has no known kind; did you mean 'definition'?"]),
    "duplicate id": (
        BASE.replace("    sections:\n", "    id: sec-a\n    sections:\n"),
        ["course.yaml:23:13: duplicate id 'sec-a' (first used on line 21); "
         "ids must be unique in the course"]),
    "dangling citation": (
        BASE.replace("[@ref2004]", "[@ref2040]"),
        ["course.yaml:13:23: unknown citation '@ref2040'; did you mean '@ref2004'?"]),
    "dangling cross-reference": (
        BASE.replace("[](#sec-a)", "[](#sec-b)"),
        ["course.yaml:26:25: unknown cross-reference '#sec-b'; did you mean '#sec-a'?"]),
    "dangling indicator": (
        BASE.replace("indicator: ind-a", "indicator: ind-b"),
        ["course.yaml:30:18: unknown indicator 'ind-b'; did you mean 'ind-a'?"]),
    "image missing": (
        BASE.replace("          - Paragraf [](#sec-a).",
                     "          - figure: img/tidak-ada.png\n            caption: C\n"
                     "            alt: A"),
        ["course.yaml:26:21: image 'img/tidak-ada.png' does not exist"]),
    "image leaves the course folder": (
        BASE.replace("          - Paragraf [](#sec-a).",
                     "          - figure: ../luar.png\n            caption: C\n            alt: A"),
        ["course.yaml:26:21: image path '../luar.png' leaves the course folder; keep images "
         "inside it (or declare a shared assets folder: assets = \"assets\" in "
         "wog-build.toml)"]),
    "image absolute": (
        BASE.replace("          - Paragraf [](#sec-a).",
                     "          - figure: /etc/hostname\n            caption: C\n"
                     "            alt: A"),
        ["course.yaml:26:21: image path '/etc/hostname' must be relative to the course folder"]),
    "figure without alt text": (
        BASE.replace("          - Paragraf [](#sec-a).",
                     "          - figure: x.png\n            caption: C"),
        ["course.yaml:26:13: missing required key 'alt'"]),
    "python object tag": (
        BASE.replace("  title: Mini", "  title: !!python/object/apply:os.system [id]"),
        ["course.yaml:3:10: the YAML tag '!!python/object/apply:os.system' "
         "is not allowed in a course file; write plain text"]),
    "alias": (
        BASE.replace("  title: Mini", "  title: &t Mini\n  subtitle: *t"),
        ["course.yaml:4:13: anchors and aliases (*name) are not allowed in a course file; "
         "write the content out in full"]),
    "list at the top": (
        "- id: mini\n",
        ["course.yaml:1:1: the top of a course file must be keys ('id:', 'meta:', ...), "
         "not a list"]),
    "empty file": (
        "\n\n",
        ["course.yaml:1:1: the file is empty; a course file starts with 'id:' and 'meta:'"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_located_errors(tmp_path, name):
    text, expected = CASES[name]
    got = errors_for(tmp_path, text)
    assert got == expected


def test_all_errors_are_reported_sorted(tmp_path):
    text = BASE.replace("  programme:", "  programe:").replace("  year: 2026", "  year: x")
    got = errors_for(tmp_path, text)
    assert got == [
        "course.yaml:4:3: unknown key 'programe'; did you mean 'programme'?",
        "course.yaml:6:9: 'year' must be a whole number, not text",
    ]


def test_errors_point_into_included_files(tmp_path):
    chapter = "title: Bab Dua\nsections:\n  - title: X\n    blocks: [\"[@nope]\"]\n"
    text = BASE.replace("  - title: Bab Satu", "  - include: bab2.yaml\n  - title: Bab Satu")
    got = errors_for(tmp_path, text, {"bab2.yaml": chapter})
    assert got == ["bab2.yaml:4:16: unknown citation '@nope'; add it to 'references' or "
                   "correct the key"]


def test_include_cycle_and_outside(tmp_path):
    text = BASE.replace("  - title: Bab Satu", "  - include: a.yaml\n  - include: ../x.yaml\n"
                        "  - title: Bab Satu")
    got = errors_for(tmp_path, text, {"a.yaml": "include: course.yaml\n"})
    assert got == [
        "a.yaml:1:10: include cycle: course.yaml -> a.yaml -> course.yaml",
        "course.yaml:21:14: included file '../x.yaml' is outside the course folder; keep "
        "included files beside the course file",
    ]


def test_schema_error_in_included_file(tmp_path):
    chapter = "title: Bab Dua\nsectons: []\n"
    text = BASE.replace("  - title: Bab Satu", "  - include: bab2.yaml\n  - title: Bab Satu")
    got = errors_for(tmp_path, text, {"bab2.yaml": chapter})
    assert got == ["bab2.yaml:2:1: unknown key 'sectons'; did you mean 'sections'?"]


def _tree(node):  # type: ignore[no-untyped-def]
    """A node tree as plain tuples: kind, tag, style, value and both marks."""
    if node is None:  # an empty file
        return None
    if isinstance(node.value, str):
        value = node.value
    else:
        value = [tuple(_tree(n) for n in item) if isinstance(item, tuple) else _tree(item)
                 for item in node.value]
    return (type(node).__name__, node.tag, getattr(node, "style", None),
            bool(getattr(node, "flow_style", None)), value,  # None or False: block style
            (node.start_mark.line, node.start_mark.column, node.start_mark.index),
            (node.end_mark.line, node.end_mark.column, node.end_mark.index))


def test_the_fast_parser_reads_every_course_file_as_the_python_parser_does():
    """Course files are parsed with LibYAML (C) and read again with the Python parser
    only when it refuses them (the syntax messages are written for that one): on every
    YAML file of the tests and the sources, the C parser gives the same nodes, at the
    same lines, columns and offsets, or refuses a file the Python one refuses too or
    reads alike after the fallback."""
    from pathlib import Path

    import yaml

    from wog_build import yamlsource

    if yamlsource._CParser is None:
        pytest.skip("PyYAML here is built without LibYAML: the Python parser alone")
    root = Path(__file__).resolve().parent.parent
    files = sorted([*root.glob("tests/**/*.yaml"), *root.glob("source/**/*.yaml")])
    compared = 0
    for path in files:
        try:  # as the loader reads a file: a BOM or a bad encoding is refused first
            text = yamlsource._decode(path.read_bytes(), path.name)
        except CourseInvalid:
            continue
        try:
            python = _tree(yamlsource._Loader(text).get_single_node())
        except yaml.YAMLError:
            python = None
        try:
            fast = _tree(yamlsource._FastLoader(text).get_single_node())
        except yaml.YAMLError:
            assert python is None or yamlsource._parse(text, path.name) is not None, path
            continue
        assert fast == python, path
        compared += 1
    assert compared > 100  # the fixtures, the bad inputs, the WoG course
