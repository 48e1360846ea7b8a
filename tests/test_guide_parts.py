"""The facilitator guide laid out in parts (its chapters gathered into pieces of about
the same size, at least two, laid out by the module's pool of processes) reads back
exactly as the guide laid out in one pass: the text on every page, its page labels and
printed page numbers, bookmarks and where they lead, the tagged structure and the
metadata; its bytes do not depend on the number of processes, and a rebuild after an
edit the guide shows lays out only the parts that changed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import FULL_COURSE, ROOT, cli_env
from tests.pdfview import reader_view

pytestmark = pytest.mark.build

WOG_COURSE = ROOT / "source" / "wog" / "course.yaml"


# every marked part its own piece (the finest cut, the hardest case for sameness): the
# courses here are small enough to be laid out in one piece by default
FINEST = ("import sys; import wog_build.pdf.parts as parts; parts.PIECE_LEAST = 0; "
          "parts.PIECE_MOST = 1; "
          "sys.argv[0] = 'wog-build'; from wog_build.cli import run; run()")


def build(course: Path, out: Path, *args: str, finest: bool = True, **env: str) -> Path:
    command = ["-c", FINEST] if finest else ["-m", "wog_build"]
    result = subprocess.run([sys.executable, *command, "guide", "--quiet", "--out",
                             str(out), *args, str(course)], cwd=ROOT, env=cli_env(**env),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return next(out.glob("*-panduan-fasilitator.pdf"))


@pytest.fixture(scope="module", params=[FULL_COURSE, WOG_COURSE], ids=["fixture", "wog"])
def both(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("guide_parts")
    course = request.param
    return (build(course, tmp / "single", "--single-pass"),
            build(course, tmp / "parts", "--jobs", "2"))


def test_the_guide_is_laid_out_a_chapter_a_part(both: tuple[Path, Path]) -> None:
    single, parts = both
    assert not (single.parent / ".cache" / "guide-parts").exists()
    kept = list((parts.parent / ".cache" / "guide-parts").glob("*.pdf"))
    chapters = [o for o in reader_view(parts)["outline"] if o[0] == 0]
    assert len(kept) >= 3 and len(kept) == len(chapters)  # design, each chapter, evaluation


@pytest.mark.parametrize("aspect", ["texts", "labels", "outline", "dests", "links", "info",
                                    "lang", "tagged", "roles", "struct_pages"])
def test_the_guide_in_parts_reads_back_as_one_pass(both: tuple[Path, Path],
                                                   aspect: str) -> None:
    single, parts = (reader_view(path) for path in both)
    if aspect not in ("dests", "links"):
        assert single[aspect], f"the single-pass guide has no {aspect} to compare"
    if isinstance(single[aspect], list):
        assert len(parts[aspect]) == len(single[aspect])
        for index, (want, got) in enumerate(zip(single[aspect], parts[aspect], strict=True)):
            assert got == want, f"{aspect} #{index} differs"
    assert parts[aspect] == single[aspect]


def test_the_printed_page_numbers_run_on_across_the_parts(both: tuple[Path, Path]) -> None:
    """Every page but the cover prints its number, counted through the whole guide (a
    part laid out alone would begin at 1, and would take its first page for the cover's)."""
    _, parts = both
    pages = [page.extract_text() or "" for page in PdfReader(parts).pages]
    assert len(pages) >= 4
    for number, text in enumerate(pages[1:], 2):
        assert text.rstrip().endswith(str(number)), f"page {number}: {text[-40:]!r}"
    assert not pages[0].rstrip().endswith("1")


def test_the_bytes_do_not_depend_on_the_number_of_processes(tmp_path: Path) -> None:
    two = build(FULL_COURSE, tmp_path / "two", "--jobs", "2")
    one = build(FULL_COURSE, tmp_path / "one", "--jobs", "1")
    here = build(FULL_COURSE, tmp_path / "here", WOG_BUILD_SERIAL="1")
    assert one.read_bytes() == two.read_bytes() == here.read_bytes()


def test_an_edit_lays_out_only_the_parts_it_changes(tmp_path: Path) -> None:
    """An exercise's answer is printed in its chapter's part of the guide only."""
    folder = tmp_path / "course"
    shutil.copytree(FULL_COURSE.parent, folder)
    course = folder / "course.yaml"
    out = tmp_path / "out"
    build(course, out, "--jobs", "2")

    def kept() -> dict[str, int]:
        return {p.name: p.stat().st_mtime_ns
                for p in (out / ".cache" / "guide-parts").glob("*.pdf")}

    before = kept()
    main = course.read_text("utf-8")
    assert "answer: Contohnya PTSP." in main
    course.write_text(main.replace("answer: Contohnya PTSP.", "answer: Contohnya MPP."),
                      "utf-8")
    guide = build(course, out, "--jobs", "2")
    after = kept()
    assert len(after) == len(before)
    assert len(set(after.items()) - set(before.items())) == 1
    full = build(course, tmp_path / "full", "--jobs", "2")
    assert guide.read_bytes() == full.read_bytes()
    assert "Contohnya MPP" in " ".join(p.extract_text() for p in PdfReader(guide).pages)


def test_a_short_guide_is_one_piece_and_a_longer_one_is_cut_in_order() -> None:
    """Marked parts are gathered, in order, into pieces of about the same size: at least
    two, as many as hold at most ``PIECE_MOST`` characters each; a guide shorter than
    ``PIECE_LEAST`` is laid out in one pass (no pool for a few pages)."""
    from wog_build.pdf.parts import pieces

    head, tail = "<html><head><style>p{}</style></head><body>", "</body></html>"
    chapters = [f"<section><h1>{n}</h1><p>{'kata ' * 50}</p></section>" for n in range(9)]
    source = head + "<div>cover</div>" + "".join(
        f"<!--wog:part-->{c}" for c in chapters) + tail

    def bodies(cut: tuple[str, ...]) -> list[str]:
        return [piece[piece.index("<body>") + 6:piece.rindex("</body>")] for piece in cut]

    assert pieces(source) is None  # 2,600 characters: one piece
    for most, count in ((10**6, 2), (1_000, 3), (600, 5)):
        cut = pieces(source, least=600, most=most)
        assert cut is not None and len(cut) == count, (most, cut and len(cut))
        assert "".join(b.replace("\n", "") for b in bodies(cut)) == source[
            source.index("<body>") + 6:source.rindex("</body>")].replace("<!--wog:part-->", "")
        assert all(piece.startswith(head) and piece.rstrip().endswith(tail) for piece in cut)
        sizes = [len(b.replace("\n", "")) for b in bodies(cut)]
        # within a part of each other (nine chapters in five pieces: four of two, one)
        assert max(sizes) - min(sizes) <= max(map(len, chapters)) + len("<div>cover</div>")
    # one long chapter among short ones: pieces still follow the order, none empty
    uneven = source.replace("kata " * 50, "kata " * 2000, 1)
    cut = pieces(uneven, least=600)
    assert cut is not None and len(cut) == 2 and "<h1>0</h1>" in bodies(cut)[0]
    assert "<h1>1</h1>" in bodies(cut)[1]
    finest = pieces(source, least=0, most=1)  # each marked part alone, none empty
    assert finest is not None and len(finest) == 10
    assert all("<section>" in piece or "cover" in piece for piece in finest)
    assert pieces(head + "<p>no marks</p>" + tail, least=0) is None


def test_the_wog_guide_is_laid_out_in_two_pieces_by_default(tmp_path: Path) -> None:
    """WoG's guide (nine pages) is longer than ``PIECE_LEAST``: two pieces, laid out side
    by side, reading back as the single pass does."""
    guide = build(WOG_COURSE, tmp_path / "out", finest=False)
    single = build(WOG_COURSE, tmp_path / "single", "--single-pass", finest=False)
    assert len(list((guide.parent / ".cache" / "guide-parts").glob("*.pdf"))) == 2
    assert len(PdfReader(guide).pages) >= 5
    parts, whole = reader_view(guide), reader_view(single)
    for aspect in whole:
        assert parts[aspect] == whole[aspect], aspect
