"""The command line: documented exit codes, one located line per problem, no traceback."""

from __future__ import annotations

from .support.cli import run_cli as run
from .support.paths import FULL_COURSE


def test_validate_ok():
    proc = run("validate", str(FULL_COURSE))
    assert proc.returncode == 0, proc.stderr
    assert "ok (2 chapters" in proc.stdout


def test_invalid_source_exit_2_with_located_lines(tmp_path):
    bad = tmp_path / "course.yaml"
    bad.write_text(FULL_COURSE.read_text(encoding="utf-8").replace("  programme:", "  programe:")
                   .replace("include: bab2.yaml", "include: bab9.yaml"), encoding="utf-8")
    proc = run("validate", str(bad))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0] == f"{bad}:43:14: error: included file 'bab9.yaml' does not exist"
    assert lines[-1] == "1 error; nothing was built"


def test_github_annotations(tmp_path):
    bad = tmp_path / "course.yaml"
    bad.write_text("id: x\nmeta: []\n", encoding="utf-8")
    proc = run("validate", "--format", "github", str(bad))
    assert proc.returncode == 2
    assert f"::error file={bad},line=2,col=7::'meta' must be keys (a mapping), not a list" in (
        proc.stderr.splitlines())


def test_missing_file_is_a_located_error(tmp_path):
    proc = run("validate", str(tmp_path / "nope.yaml"))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{tmp_path / 'nope.yaml'}:1:1: error: no such course file")


def test_help_lists_exit_codes():
    proc = run("--help")
    assert "exit codes: 0 ok, 1 build failed" in proc.stdout
