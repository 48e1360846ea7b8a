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


def test_what_it_prints_to_a_pipe_arrives_whole():
    """The command leaves without the interpreter's shutdown (:func:`wog_build.cli.run`):
    what it printed to a pipe (buffered) is flushed first, every byte of it."""
    import json

    proc = run("schema")
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout) > 8192  # more than one buffer
    assert json.loads(proc.stdout)["title"]


def test_leaving_runs_the_exit_handlers(monkeypatch):
    """Exit handlers (logging's flush, multiprocessing's) still run before it leaves,
    with the exit code main returned; an interrupted build (130) leaves at once."""
    import atexit
    import sys

    import pytest

    from wog_build import cli

    for code, handled in ((0, True), (3, True), (130, False)):
        ran: list[str] = []
        left: list[int] = []

        def leave(n: int, left: list[int] = left) -> None:
            left.append(n)
            sys.exit(n)

        monkeypatch.setattr(cli, "main", lambda code=code: code)
        monkeypatch.setattr(atexit, "_run_exitfuncs", lambda ran=ran: ran.append("handlers"))
        monkeypatch.setattr(cli.os, "_exit", leave)
        with pytest.raises(SystemExit):
            cli.run()
        assert left == [code] and ran == (["handlers"] if handled else [])
