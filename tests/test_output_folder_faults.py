"""An output folder that cannot take the outputs (issue 20, finding 10): ``--out`` naming
a file, a folder under a file, a read-only ``dist/``.  The message names the output
and the cause, never the hidden ``.part`` file the author did not ask for; the exit
is 1 and earlier outputs are kept.  The quiz exports are built (no rendering), so
these tests are quick."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import wog_build.atomic
import wog_build.pipeline.commit
from wog_build.cli import main

from .conftest import FIXTURES


@pytest.fixture
def course(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "full", tmp_path / "course")
    return tmp_path / "course" / "course.yaml"


def quiz(course: Path, out: Path, capsys) -> tuple[int, str]:
    code = main(["quiz", "--force", "--out", str(out), str(course)])
    return code, capsys.readouterr().err


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())} if out.is_dir() else {}


def test_out_naming_a_file_says_so(course, tmp_path, capsys):
    target = tmp_path / "notes.txt"
    target.write_text("mine\n", encoding="utf-8")
    code, err = quiz(course, target, capsys)
    assert code == 1, err
    assert f"{target} is a file, but the outputs go into a folder of that name" in err
    assert "choose another folder with --out" in err
    assert ".part" not in err and "FileExistsError" not in err
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_out_under_a_file_names_the_file(course, tmp_path, capsys):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine\n", encoding="utf-8")
    code, err = quiz(course, blocker / "dist", capsys)
    assert code == 1, err
    assert f"{blocker} is a file, but the outputs go into a folder inside it" in err
    assert ".part" not in err and "NotADirectoryError" not in err


def _refuse_writes(folder: Path) -> tuple[str, list[str]]:
    """Make ``folder`` refuse new files: mode 0555 for a user; for root, whom modes do
    not bind, the immutable attribute (``chattr +i``).  Returns the error's words and
    the command that undoes it."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return os.strerror(errno.EACCES), ["chmod", "755", str(folder)]
    if shutil.which("chattr") is None:
        pytest.skip("root ignores folder modes and chattr (e2fsprogs) is missing")
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"root ignores folder modes and this file system has no immutable "
                    f"attribute: {done.stderr.strip()}")
    return os.strerror(errno.EPERM), ["chattr", "-i", str(folder)]


def test_a_read_only_dist_says_so_and_keeps_the_outputs(course, tmp_path, capsys):
    out = tmp_path / "dist"
    assert quiz(course, out, capsys)[0] == 0
    before = outputs(out)
    words, undo = _refuse_writes(out)
    try:
        code, err = quiz(course, out, capsys)
    finally:
        subprocess.run(undo, check=True)
    assert code == 1, err
    assert f"no file can be made in {out} ({words})" in err
    assert ".part" not in err
    assert outputs(out) == before


def test_a_read_only_file_system_says_so_and_keeps_the_outputs(course, tmp_path, capsys,
                                                             monkeypatch):
    """As a read-only mount answers (EROFS), for a root user too: making the hidden
    temporary file fails, and the message names the output and the folder."""
    out = tmp_path / "dist"
    assert quiz(course, out, capsys)[0] == 0
    before = outputs(out)

    def read_only(*args, dir=None, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS),
                      str(Path(dir) / ".x.xml.abc123.part"))

    monkeypatch.setattr(wog_build.atomic.tempfile, "mkstemp", read_only)
    code, err = quiz(course, out, capsys)
    assert code == 1, err
    assert f"no file can be made in {out} ({os.strerror(errno.EROFS)})" in err
    assert "could not write " + str(out / "fixture-0.1.0-kuis") in err
    assert ".part" not in err
    assert outputs(out) == before


def test_a_refused_rename_names_the_output_not_the_part_file(course, tmp_path, capsys,
                                                            monkeypatch):
    out = tmp_path / "dist"
    assert quiz(course, out, capsys)[0] == 0
    before = outputs(out)

    def refuse(src, dst):  # as a rename across a read-only folder answers
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(src), None,
                              str(dst))

    monkeypatch.setattr(wog_build.pipeline.commit.os, "replace", refuse)
    code, err = quiz(course, out, capsys)
    assert code == 1, err
    assert f"PermissionError: {os.strerror(errno.EACCES)}; the previous file is kept" in err
    assert ".part" not in err
    assert outputs(out) == before  # and no temporary file is left behind
