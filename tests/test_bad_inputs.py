"""Hand-written sources go wrong in many ways; each way must come back as one located
line per problem, exit code 2, no traceback, and the previous outputs untouched.

The corpus lives in ``tests/bad/<case>/`` (see its README).  Most cases run in-process
through ``wog_build.cli.main`` to keep the suite fast; a handful run the real command
in a subprocess, where a traceback or a stray write would really show.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wog_build.checks import MAX_WORD_CHARS
from wog_build.cli import main
from wog_build.errors import CourseInvalid
from wog_build.loader import load_course
from wog_build.yamlsource import MAX_TEXT_CHARS

from .support.cli import run_cli
from .support.outputs import snapshot
from .support.paths import BAD
from .support.paths import BAD_BASE as BASE

CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir() and not p.name.startswith("_"))
SUBPROCESS_CASES = [
    "syntax-tab-indentation",
    "encoding-nul-byte",
    "tag-python-object-apply",
    "alias-billion-laughs",
    "image-corrupt-png",
    "include-cycle",
]
PREVIOUS = {
    "mini-1.0-modul.pdf": b"%PDF-1.7 the previous good module\n%%EOF\n",
    "mini-1.0-bahan-tayang.pptx": b"PK\x03\x04 the previous good deck",
}


def expected(case: str) -> list[str]:
    return (BAD / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def seed(out: Path) -> dict[str, bytes]:
    out.mkdir(parents=True, exist_ok=True)
    for name, data in PREVIOUS.items():
        (out / name).write_bytes(data)
    return snapshot(out)


def error_lines(stderr: str) -> list[str]:
    """The problem lines (errors and warnings), in the order printed."""
    return [line for line in stderr.splitlines() if ": error: " in line or ": warning: " in line]


def warns_only(case: str) -> bool:
    """A case whose every line is a warning: the course is valid, the author is warned."""
    return all(": warning: " in line for line in expected(case))


def as_strict(lines: list[str]) -> list[str]:
    return [line.replace(": warning: ", ": error: ", 1) for line in lines]


def assert_reported(case: str, code: int, stdout: str, stderr: str,
                    strict: bool = False) -> None:
    want = as_strict(expected(case)) if strict else expected(case)
    assert "Traceback" not in stdout + stderr
    assert error_lines(stderr) == want
    if warns_only(case) and not strict:
        assert code == 0, stderr
        return
    assert code == 2, stderr
    errors = sum(": error: " in line for line in want)
    warnings = len(want) - errors
    count = f"{errors} error{'s' if errors != 1 else ''}"
    if warnings:
        count += f", {warnings} warning{'s' if warnings != 1 else ''}"
    assert stderr.splitlines()[-1] == f"{count}; nothing was built"


def test_corpus_is_large_and_every_case_has_expectations():
    assert len(CASES) >= 40
    for case in CASES:
        assert (BAD / case / "course.yaml").exists() or (BAD / case / "course.yaml").is_symlink()
        assert expected(case), case


def test_base_is_valid(capsys, monkeypatch):
    """Every case is the base plus one mistake, so the base itself must be clean."""
    monkeypatch.chdir(BASE.parent)
    assert main(["validate", "course.yaml"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("case", CASES)
def test_validate_reports_exactly(case, capsys, monkeypatch):
    monkeypatch.chdir(BAD / case)
    code = main(["validate", "course.yaml"])
    out = capsys.readouterr()
    assert_reported(case, code, out.out, out.err)


@pytest.mark.parametrize("case", [c for c in CASES if warns_only(c)])
def test_strict_makes_warnings_errors(case, capsys, monkeypatch):
    monkeypatch.chdir(BAD / case)
    code = main(["validate", "--strict", "course.yaml"])
    out = capsys.readouterr()
    assert_reported(case, code, out.out, out.err, strict=True)


BUILD_CASES = [c for c in ("syntax-bad-indentation", "dangling-citation", "image-corrupt-png",
                            "include-syntax-error", "feedback-bands-overlap",
                            "lint-author-year-typed") if c in CASES]
"""A build of an invalid source stops at loading, before any output is touched, so this is
proved on one case of each stage that could reach I/O: YAML syntax, a course-wide
reference, an image (opened and decoded), an include, a shape check, and a case that only
warns (built under --strict).  Every case is validated above."""


@pytest.mark.parametrize("case", BUILD_CASES)
def test_build_leaves_previous_outputs(case, capsys, monkeypatch, tmp_path):
    """(A case that only warns builds; under --strict it must not.)"""
    out_dir = tmp_path / "dist"
    before = seed(out_dir)
    monkeypatch.chdir(BAD / case)
    strict = ["--strict"] if warns_only(case) else []
    code = main(["build", "course.yaml", *strict, "--out", str(out_dir)])
    out = capsys.readouterr()
    assert_reported(case, code, out.out, out.err, strict=bool(strict))
    assert snapshot(out_dir) == before


@pytest.mark.parametrize("case", SUBPROCESS_CASES)
def test_real_command(case, tmp_path):
    out_dir = tmp_path / "dist"
    before = seed(out_dir)
    proc = run_cli("validate", "course.yaml", cwd=BAD / case)
    assert_reported(case, proc.returncode, proc.stdout, proc.stderr)
    proc = run_cli("build", "course.yaml", "--out", str(out_dir), cwd=BAD / case)
    assert_reported(case, proc.returncode, proc.stdout, proc.stderr)
    assert snapshot(out_dir) == before


def test_billion_laughs_stops_at_the_first_alias():
    """The refusal is at the first ``*alias`` (line 2), before anything is expanded: a
    loader that expanded first would need 10⁹ list items before it could complain."""
    path = BAD / "alias-billion-laughs" / "course.yaml"
    assert path.read_text(encoding="utf-8").count("*") == 81
    with pytest.raises(CourseInvalid) as info:
        load_course(path)
    assert [(e.line, e.column) for e in info.value.errors] == [(2, 9)]


# --- very large inputs: written here rather than kept in git ---------------------------

BASE_TEXT = BASE.read_text(encoding="utf-8")


def large_course(tmp_path: Path, old: str, new: str) -> Path:
    assert old in BASE_TEXT
    folder = tmp_path / "course"
    folder.mkdir()
    path = folder / "course.yaml"
    path.write_text(BASE_TEXT.replace(old, new), encoding="utf-8")
    return path


def located(path: Path) -> list[str]:
    with pytest.raises(CourseInvalid) as info:
        load_course(path)
    return [f"{Path(e.file).name}:{e.line}:{e.column}: {e.message}" for e in info.value.errors]


def test_ten_megabyte_paragraph_is_refused_where_it_starts(tmp_path):
    """One 10 MB paragraph is a pasted file, not prose (some 3 000 printed pages): an
    error, found before the YAML scanner has to crawl through it."""
    words = ("kata " * 2_000_001)[:10_000_000]
    path = large_course(tmp_path, "    - Deskripsi kursus.", "    - " + words)
    assert located(path) == [
        f"course.yaml:18:1: this line is {10_000_006:,} characters long; one text may hold "
        f"at most {MAX_TEXT_CHARS:,}: split it into paragraphs"]


def test_over_long_text_written_over_many_lines_is_refused_too(tmp_path):
    lines = "\n".join("      " + "kata " * 16 for _ in range(1_500))
    path = large_course(tmp_path, "    - Deskripsi kursus.", "    - >\n" + lines)
    got = located(path)
    assert len(got) == 1 and got[0].startswith("course.yaml:18:7: this text is ")
    assert "split it into paragraphs" in got[0]


def test_file_over_the_size_limit(tmp_path):
    path = large_course(tmp_path, "# A small", "#" + "-" * (33 * 2**20) + "\n# A small")
    assert located(path) == [
        "course.yaml:1:1: the file is larger than 32 MB; split the course into included files"]


def test_ten_thousand_list_items_are_valid(tmp_path):
    items = "\n".join(f"              - Butir {i}" for i in range(10_000))
    path = large_course(tmp_path, "          - Paragraf yang merujuk [](#sec-a).",
                        "          - list:\n" + items)
    course = load_course(path)
    assert len(course.chapters[0].sections[0].blocks[0].items) == 10_000


def test_five_thousand_character_word_is_refused(tmp_path):
    """No language has such a word: it is a pasted blob, and WeasyPrint needs minutes
    (quadratic in the length) to break it into lines: 2 000 characters took 6 s, 5 000
    characters 150 s.  Refused, located at the word."""
    path = large_course(tmp_path, "    - Deskripsi kursus.", "    - Kata " + "a" * 5_000 + ".")
    assert located(path) == [
        f"course.yaml:18:12: a word of 5,001 characters without a space cannot be broken "
        f"into lines; split it (at most {MAX_WORD_CHARS:,})"]


def test_longest_allowed_word_is_valid(tmp_path):
    word = "a" * (MAX_WORD_CHARS - 1)  # with the full stop, the longest allowed
    path = large_course(tmp_path, "    - Deskripsi kursus.", f"    - Kata {word}.")
    course = load_course(path)
    assert str(course.introduction.description[0].paragraph) == f"Kata {word}."


def test_tab_in_the_wog_source_is_reported_where_it_is(tmp_path):
    """The WoG chapter quotes over line breaks inside ``>-`` text; a tab far below such
    a quotation is reported at the tab, not as a quote 'never closed' above it."""
    import shutil

    folder = tmp_path / "wog"
    shutil.copytree(Path(__file__).parent.parent / "source" / "wog", folder)
    chapter = folder / "bab2-konsep-wog.yaml"
    lines = chapter.read_text(encoding="utf-8").split("\n")
    # a text line well below the first line whose quotation goes on over a line break
    # (found, not numbered: the chapter's text changes between editions)
    quoted = next(i for i, line in enumerate(lines) if line.count('"') % 2)
    k = next(i for i in range(quoted + 40, len(lines)) if lines[i].startswith(" " * 8)
             and lines[i].strip() and not lines[i].lstrip().startswith(("-", "#")))
    lines[k] = "\t" + lines[k][8:]
    chapter.write_text("\n".join(lines), encoding="utf-8")
    assert located(folder / "course.yaml") == [
        f"bab2-konsep-wog.yaml:{k + 1}:1: a tab is used for indentation here; YAML needs "
        "spaces"]
