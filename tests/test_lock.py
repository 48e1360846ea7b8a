"""One build at a time per output folder (issue 20, finding 10).

- two builds of two different sources with one course id, started together, end with
  ``dist/<id>/`` holding one consistent, proven set: every output's text comes from one
  source, ``check`` passes for it and fails for the other; the second build said it was
  waiting, and for whom;
- ``--no-wait`` stops at once (exit 1) and builds nothing;
- the lock leaves nothing behind (it is the folder's own: no lock file, and no empty
  folder when nothing was built); ``check`` of a course never built creates no folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from wog_build.cli import main
from wog_build.errors import BuildFailed
from wog_build.pipeline import lock
from wog_build.pipeline.lock import build_lock

from .conftest import cli_env
from .tiny_course import tiny_course

WORDS = {"twin-a": "Alpha", "twin-b": "Bravo"}


def twin_project(root: Path) -> Path:
    """Two course folders whose sources differ in one word but declare one id."""
    (root / "wog-build.toml").write_text("", encoding="utf-8")
    for folder, word in WORDS.items():
        tiny_course(root / "source" / folder, "twin", word)
    return root


def start(root: Path, *args: str, name: str) -> tuple[subprocess.Popen[bytes], Path]:
    err = root / f"{name}.err"
    proc = subprocess.Popen([sys.executable, "-m", "wog_build", *args], cwd=root,
                            env=cli_env(), stdout=subprocess.DEVNULL,
                            stderr=err.open("wb"))
    return proc, err


def wait_for(condition, what: str, timeout: float = 180) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.2)


def text_of(path: Path) -> str:
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    if path.suffix == ".pptx":
        deck = Presentation(str(path))
        return "\n".join(
            [shape.text_frame.text for slide in deck.slides for shape in slide.shapes
             if shape.has_text_frame]
            + [slide.notes_slide.notes_text_frame.text for slide in deck.slides
               if slide.has_notes_slide])
    return path.read_text(encoding="utf-8")


@pytest.mark.build
def test_two_sources_with_one_id_built_at_once_leave_one_proven_set(tmp_path):
    root = twin_project(tmp_path)
    out = root / "dist" / "twin"
    with build_lock(out, "twin"):  # both start while the folder is held: a real race
        builds = [start(root, "build", f"source/{folder}/course.yaml", name=folder)
                  for folder in WORDS]
        waiting = f"{out}: waiting for another build of twin (pid {os.getpid()})"
        for _, err in builds:
            wait_for(lambda err=err: waiting in err.read_text(encoding="utf-8"),
                     "both builds to wait for the folder")
    for proc, err in builds:
        assert proc.wait(timeout=600) == 0, err.read_text(encoding="utf-8")
    # exactly one of them waited for the other too, naming its process
    others = [err.read_text(encoding="utf-8").count("waiting for another build of twin")
              for _, err in builds]
    assert sorted(others) == [1, 2], others
    stamp = json.loads((out / ".wog-build-stamp.json").read_text(encoding="utf-8"))
    winner = Path(stamp["root"]).name
    loser = next(folder for folder in WORDS if folder != winner)
    outputs = [p for p in out.iterdir() if not p.name.startswith(".")
               and not p.name.endswith("-sync.json")]
    assert {p.suffix for p in outputs} >= {".pdf", ".pptx", ".xml", ".txt"}
    for path in outputs:  # every output from the one source the stamp names
        text = text_of(path)
        assert WORDS[winner] in text, path.name
        assert WORDS[loser] not in text, path.name
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [
        ".cache", ".wog-build-handover-module.json", ".wog-build-stamp.json"]
    check = subprocess.run([sys.executable, "-m", "wog_build", "check",
                            f"source/{winner}/course.yaml"], cwd=root, env=cli_env(),
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    other = subprocess.run([sys.executable, "-m", "wog_build", "check",
                            f"source/{loser}/course.yaml"], cwd=root, env=cli_env(),
                           capture_output=True, text=True, timeout=300)
    assert other.returncode == 3  # the outputs are not the other source's


def test_no_wait_stops_at_once_and_builds_nothing(tmp_path):
    root = twin_project(tmp_path)
    out = root / "dist" / "twin"
    with build_lock(out, "twin"):
        proc = subprocess.run([sys.executable, "-m", "wog_build", "build", "--no-wait",
                               "source/twin-a/course.yaml"], cwd=root, env=cli_env(),
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1
        assert (f"source/twin-a/course.yaml: build failed: {out}: another build of twin is "
                f"running (pid {os.getpid()}); wait for it to end, or leave out --no-wait to "
                "wait for it") in proc.stderr
        assert list(out.iterdir()) == []
    assert not out.exists()  # the holder made the folder, wrote nothing, took it away


def test_a_waiter_gets_the_folder_when_the_holder_lets_go(tmp_path, monkeypatch):
    out = tmp_path / "dist" / "c"
    said: list[str] = []
    monkeypatch.setattr(lock, "notice", said.append)
    order: list[str] = []
    with build_lock(out, "c"):
        (out / "kept.txt").write_text("an output\n", encoding="utf-8")

        def second() -> None:
            with build_lock(out, "c"):
                order.append("second holds")

        waiter = threading.Thread(target=second)
        waiter.start()
        wait_for(lambda: said, "the waiter to say so", timeout=30)
        order.append("first lets go")
    waiter.join(timeout=30)
    assert order == ["first lets go", "second holds"]
    assert said == [f"{out}: waiting for another build of c (pid {os.getpid()})"]
    assert sorted(p.name for p in out.iterdir()) == ["kept.txt"]  # nothing of the lock
    with (pytest.raises(BuildFailed, match="is a file, but the outputs go into a folder"),
          build_lock(out / "kept.txt", "c")):
        pass


def test_check_of_a_course_never_built_makes_no_folder(tmp_path, capsys):
    root = twin_project(tmp_path)
    out = tmp_path / "out"
    assert main(["check", str(root / "source" / "twin-a" / "course.yaml"),
                 "--out", str(out)]) == 3
    assert not out.exists()
