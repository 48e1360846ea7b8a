"""The module laid out in parts by several processes reads back exactly as the one laid
out in a single pass: text on every page, page labels, bookmarks and where they lead,
every link and its target, the tagged structure (roles and the pages they cover) and the
metadata.  And two parallel builds of the same source give the same bytes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FULL_COURSE, ROOT, cli_env
from tests.pdfview import reader_view

pytestmark = pytest.mark.build

WOG_COURSE = ROOT / "source" / "wog" / "course.yaml"
LEADER_GAP = re.compile(r" (?=\.{4,})")


def build(course: Path, out: Path, *args: str, **env: str) -> Path:
    result = subprocess.run([sys.executable, "-m", "wog_build", "pdf", "--quiet", "--out",
                             str(out), *args, str(course)], cwd=ROOT, env=cli_env(**env),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return next(out.glob("*-modul.pdf"))


@pytest.fixture(scope="module", params=[FULL_COURSE, WOG_COURSE], ids=["fixture", "wog"])
def both(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("parallel")
    course = request.param
    return (build(course, tmp / "single", "--single-pass"),
            build(course, tmp / "parts", "--jobs", "2"))


def test_the_parallel_build_is_laid_out_in_parts(both: tuple[Path, Path]) -> None:
    single, parts = both
    assert not (single.parent / ".cache").exists()
    kept = list((parts.parent / ".cache" / "module").glob("*.pdf"))
    assert len(kept) >= 3  # the front matter, BAB I, a chapter, ...


@pytest.mark.parametrize("aspect", ["texts", "labels", "outline", "dests", "links", "info",
                                    "lang", "tagged"])
def test_parallel_reads_back_as_single_pass(both: tuple[Path, Path], aspect: str) -> None:
    single, parts = (reader_view(path) for path in both)
    if aspect == "texts":  # pypdf guesses a space before a leader's dots from a gap that
        # differs by hundredths of a point between the layouts: the letters must agree
        single[aspect], parts[aspect] = ([LEADER_GAP.sub("", t) for t in view[aspect]]
                                         for view in (single, parts))
    assert single[aspect], f"the single-pass module has no {aspect} to compare"
    if isinstance(single[aspect], list):
        assert len(parts[aspect]) == len(single[aspect])
        for index, (want, got) in enumerate(zip(single[aspect], parts[aspect],
                                                strict=True)):
            assert got == want, f"{aspect} #{index} differs"
    assert parts[aspect] == single[aspect]


def test_one_structure_tree_covers_every_page_alike(both: tuple[Path, Path]) -> None:
    single, parts = (reader_view(path) for path in both)
    assert single["tagged"] and parts["tagged"]
    assert parts["roles"] == single["roles"]
    assert parts["struct_pages"] == single["struct_pages"]
    blank = [i for i, text in enumerate(single["texts"]) if not text.strip()]
    assert set(single["struct_pages"]) | set(blank) == set(range(len(single["texts"])))


def test_parallel_builds_are_reproducible(tmp_path: Path) -> None:
    first = build(FULL_COURSE, tmp_path / "a", "--jobs", "2")
    second = build(FULL_COURSE, tmp_path / "b", "--jobs", "2")
    assert first.read_bytes() == second.read_bytes()
    again = build(FULL_COURSE, tmp_path / "a", "--jobs", "2", "--force")  # from the cache
    assert again.read_bytes() == second.read_bytes()


def test_the_bytes_do_not_depend_on_the_number_of_processes(tmp_path: Path) -> None:
    """Parts are the default: a build on one core (the parts one after another in the
    build's own process), on two, or with forking turned off gives the same book, and
    only ``--single-pass`` other bytes (same pages)."""
    two = build(FULL_COURSE, tmp_path / "two", "--jobs", "2")
    one = build(FULL_COURSE, tmp_path / "one", "--jobs", "1")
    here = build(FULL_COURSE, tmp_path / "here", WOG_BUILD_SERIAL="1")
    assert one.read_bytes() == two.read_bytes() == here.read_bytes()
    assert list((tmp_path / "here" / ".cache" / "module").glob("*.pdf"))
    single = build(FULL_COURSE, tmp_path / "single", "--single-pass")
    assert single.read_bytes() != two.read_bytes()
    assert reader_view(single)["texts"] == reader_view(two)["texts"]


def test_both_layouts_hand_the_deck_the_same_page_map(both: tuple[Path, Path]) -> None:
    """Laid out in parts, the page map is handed over before the table of contents and
    lists are laid out (the deck is drawn meanwhile); they cite other pages and are
    cited by none, so neither layout hands them over, and the maps are equal."""
    import json

    single, parts = (json.loads((path.parent / ".wog-build-handover-module.json")
                                .read_text("utf-8"))["value"] for path in both)
    assert parts == single
    assert "part:kata-pengantar" in parts and "part:pendahuluan" in parts
    assert "part:daftar-isi" not in parts


def test_untagged_parallel_build_matches_single_pass(tmp_path: Path) -> None:
    single = build(FULL_COURSE, tmp_path / "single", "--single-pass", WOG_PDF_TAGGED="0")
    parts = build(FULL_COURSE, tmp_path / "parts", "--jobs", "2", WOG_PDF_TAGGED="0")
    a, b = reader_view(single), reader_view(parts)
    assert not a["tagged"] and not b["tagged"]
    for aspect in ("texts", "labels", "outline", "dests", "links"):
        assert b[aspect] == a[aspect], aspect


def test_jobs_must_be_a_positive_number(tmp_path: Path) -> None:
    course_dir = tmp_path / "course"
    shutil.copytree(FULL_COURSE.parent, course_dir)
    result = subprocess.run([sys.executable, "-m", "wog_build", "pdf", "--jobs", "0",
                             str(course_dir / "course.yaml")], cwd=ROOT, env=cli_env(),
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "'0' is not a number of processes" in result.stderr
