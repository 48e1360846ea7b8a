"""The README's example course is real: it validates, so the documentation cannot rot."""

from __future__ import annotations

from wog_build.loader import load_course
from wog_build.model import Definition

from .support.courses import readme_example, write_course
from .support.paths import ROOT


def test_readme_example_validates(tmp_path):
    course = load_course(write_course(tmp_path / "contoh", readme_example()))
    assert course.id == "contoh"
    section = course.chapters[0].sections[0]
    assert course.number(section) == "2.1"
    assert [str(p.point) for p in section.key_points] == ["Bekerja lintas batas", "Tujuan bersama"]
    assert isinstance(section.blocks[1], Definition)


def test_readme_documents_every_block_kind():
    from wog_build.model import BLOCK_KINDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks_table = readme.split("### Blocks", 1)[1].split("###", 1)[0]
    for kind in BLOCK_KINDS:
        assert kind in blocks_table, f"README does not document the '{kind}' block"
