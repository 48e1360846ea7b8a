"""The shape of the tool: outputs are writers in one registry, writers agree with the
sync proof through one protocol module, and no unit id an author may write can break
a build.

- a writer registered by the test suite alone is built, listed by the CLI, stamped,
  released and proven (and its drift caught) with no change to wog_build;
- every name the layouts reserve, used as an author's id, builds in sync (exit 0);
  the reserved id prefix is a located error (exit 2), never exit 3;
- the document is immutable and survives pickling (a writer may run in a worker).
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from pydantic import ValidationError

from wog_build.cli import main, parser
from wog_build.document.protocol import (
    RESERVED_PARTS,
    parse_slide_name,
    part_anchor,
    slide_name,
    unit_anchor,
)
from wog_build.loader import load_course
from wog_build.writers import registry

from .support.courses import copy_course, readme_example, write_course
from .toy_writer import OutlineWriter


@pytest.fixture
def outline():
    writer = registry.register(OutlineWriter())
    try:
        yield writer
    finally:
        registry.unregister(writer.name)


@pytest.mark.slow
def test_a_writer_registered_outside_the_package_is_built_stamped_released_and_proven(
        outline, tmp_path, capsys):
    course = copy_course(tmp_path / "course")
    out = tmp_path / "dist"
    assert "outline" in parser().format_help()  # the CLI lists its command
    assert main(["build", str(course), "--out", str(out)]) == 0, capsys.readouterr().err
    said = capsys.readouterr().out
    # the package's outputs but the ones needing LibreOffice (the tests build without
    # it, see conftest.py), then the test's own
    names = [n for n in registry.output_names() if registry.get(n).tool is None]
    assert names[-1] == "outline"
    assert f"{', '.join(names[:-1])} and {names[-1]} are in sync" in said
    text = (out / "fixture-0.1.0-outline.txt").read_text(encoding="utf-8")
    assert "BAB II Konsep Uji ... " in text and "Bagian 2.1" in text
    stamp = json.loads((out / ".wog-build-stamp.json").read_text(encoding="utf-8"))
    assert set(stamp["outputs"]) == set(names)
    report = json.loads((out / "fixture-0.1.0-sync.json").read_text(encoding="utf-8"))
    assert set(report["outputs"]) == set(names)
    assert report["ok"] and report["groups"][2]["expected"]["outline"] > 0

    assert main(["build", str(course), "--out", str(out)]) == 0  # a no-op, stamp and all
    assert capsys.readouterr().out.strip().endswith("up to date")

    # drift in the new output is caught by the same loop, named by unit and source line
    lines = text.splitlines()
    victim = next(line for line in lines if line.startswith("Bagian 2.1"))
    (out / "fixture-0.1.0-outline.txt").write_text(
        "\n".join(line for line in lines if line != victim) + "\n", encoding="utf-8")
    assert main(["check", str(course), "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert "bab2.1 is missing from the outline" in err or (
        "sec-pengertian is missing from the outline" in err), err

    release = tmp_path / "release"
    assert main(["release", str(course), "--dist", str(tmp_path / "rel-dist"),
                 "--release-dir", str(release), "-q"]) == 0, capsys.readouterr().err
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    assert {f["output"] for f in manifest["courses"][0]["files"]} == set(names)
    assert "fixture-0.1.0-outline.txt" in (release / "SHA256SUMS").read_text(encoding="utf-8")


def test_audience_names_come_from_the_registry(outline, tmp_path, capsys):
    text = readme_example().replace(
        "          - Paragraf biasa cukup ditulis sebagai teks.",
        "          - paragraph: Paragraf biasa cukup ditulis sebagai teks.\n"
        "            audience: [module, outline]")
    course = load_course(write_course(tmp_path / "c", text))
    para = course.chapters[0].sections[0].blocks[0]
    assert course.info(para).outputs == {"module", "outline"}
    registry.unregister("outline")  # without the writer the same source is refused
    path = write_course(tmp_path / "d", text)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "unknown output 'outline' in 'audience'" in err
    assert f"{path.name}:" in err and ":1:" not in err.split(f"{path.name}:", 1)[1][:3]


@pytest.mark.slow
def test_every_reserved_name_as_an_authors_id_builds_in_sync(tmp_path, capsys):
    """Each name the layouts reserve for a part of the book (and a derived id's look-
    alike) given to a unit: the build is in sync, and a cross-reference to it lands on
    the unit, not on the part."""
    blocks = "\n".join(f"          - paragraph: Paragraf bernama {name} untuk uji.\n"
                       f"            id: {name}" for name in RESERVED_PARTS)
    text = readme_example().replace(
        "          - Paragraf biasa cukup ditulis sebagai teks.",
        "          - Paragraf biasa cukup ditulis sebagai teks.\n" + blocks)
    path = write_course(tmp_path / "c", text)
    assert main(["validate", str(path)]) == 0, capsys.readouterr().err
    out = tmp_path / "dist"
    code = main(["build", str(path), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    html_code = main(["html", str(path), "--out", str(out), "-q"])
    assert html_code == 0
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    for name in RESERVED_PARTS:
        assert html.count(f'id="{unit_anchor(name)}"') == 1, name
        assert html.count(f'id="{part_anchor(name)}"') <= 1, name


def test_the_reserved_id_prefix_is_a_located_error(tmp_path, capsys):
    text = readme_example().replace("    - id: ind-contoh", "    - id: part:ind")
    text = text.replace("indicator: ind-contoh", "indicator: part:ind")
    path = write_course(tmp_path / "c", text)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "course.yaml:20:11: error: id 'part:ind': ids starting with 'part:' are reserved" \
        in err, err


def test_protocol_round_trips():
    assert parse_slide_name(slide_name("section", "bab2.1")).uid == "bab2.1"
    assert parse_slide_name(slide_name("agenda", None)).uid is None
    assert parse_slide_name(slide_name("table", "x:y")).uid == "x:y"
    assert parse_slide_name("Title 1") is None
    assert unit_anchor("pendahuluan") != part_anchor("pendahuluan")


def test_the_document_is_immutable_and_pickles(full_course):
    chapter = full_course.chapters[0]
    with pytest.raises(ValidationError):
        chapter.title = chapter.title  # the source model is frozen
    with pytest.raises(AttributeError):
        full_course.root = Path("/")  # type: ignore[misc]
    again = pickle.loads(pickle.dumps(full_course))
    assert [again.uid(u) for u in again.units()] == [full_course.uid(u)
                                                      for u in full_course.units()]
    assert again.label(again.chapters[0]) == "BAB II"


@pytest.mark.parametrize("name", ["bab2", "bab2.1", "bab2.1.b2", "evaluasi.q1",
                                  "pustaka.contoh2004", "bab2.rangkuman1"])
def test_an_authors_id_equal_to_a_derived_one_is_a_located_error(name, tmp_path, capsys):
    text = readme_example().replace(
        "          - Paragraf biasa cukup ditulis sebagai teks.",
        f"          - paragraph: Paragraf biasa cukup ditulis sebagai teks.\n"
        f"            id: {name}")
    path = write_course(tmp_path / "c", text)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"duplicate id '{name}'" in err, err
    assert f"{path}:" in err
