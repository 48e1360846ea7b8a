"""`wog-build new` and `wog-build init`: a course and a project that build at once."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .support.cli import cli_env, run_cli
from .support.deck import open_deck
from .support.pdf import pdf_text
from .support.tools import needs

pytestmark = pytest.mark.slow


def wog(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd, timeout=300)


def test_new_course_validates_and_builds_at_once(tmp_path):
    done = wog(tmp_path, "new", "demo")
    assert done.returncode == 0, done.stderr
    main = tmp_path / "source" / "demo" / "course.yaml"
    assert main.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schema/course.schema.json")
    assert (tmp_path / "schema" / "course.schema.json").is_file()  # what that line names
    assert {p.name for p in main.parent.rglob("*")} >= {"bab2-konsep.yaml", "contoh.png"}
    done = wog(tmp_path, "build", "source/demo/course.yaml")
    assert done.returncode == 0, done.stderr
    assert re.search(r"module, slides\b.* are in sync", done.stdout), done.stdout
    deck = open_deck(next((tmp_path / "dist" / "demo").glob("*.pptx")))
    kinds = [s.name.split(":")[1] for s in deck.slides]
    assert {"chapter", "section", "activity", "evaluation"} <= set(kinds)
    # the figure: on a slide of its own, or beside its section's key points
    assert any(s.shape_type == 13 for slide in deck.slides for s in slide.shapes)
    text = pdf_text(next((tmp_path / "dist" / "demo").glob("*-modul.pdf")), sep=" ")
    assert "Diskusi Kelompok" in text and "Tiga lingkaran kerja sama" in text


def test_new_refuses_a_bad_id_and_an_existing_course(tmp_path):
    done = wog(tmp_path, "new", "Demo Course")
    assert done.returncode == 1 and "is not a course id" in done.stderr
    assert wog(tmp_path, "new", "demo").returncode == 0
    again = wog(tmp_path, "new", "demo")
    assert again.returncode == 1 and "already exists" in again.stderr


@needs("make")
def test_init_makes_a_project_whose_make_all_works(tmp_path):
    project = tmp_path / "proyek"
    project.mkdir()
    done = wog(project, "init")
    assert done.returncode == 0, done.stderr
    for name in ("wog-build.toml", "Makefile", ".gitignore", ".github/workflows/build.yml",
                 "themes/lembaga/theme.yaml", "source/contoh/course.yaml", "requirements.txt"):
        assert (project / name).is_file(), name
    assert "/dist/" in (project / ".gitignore").read_text(encoding="utf-8")
    bin_dir = str(Path(sys.executable).parent)
    env = cli_env(PATH=f"{bin_dir}:{cli_env().get('PATH', '')}")
    made = subprocess.run(["make", "all", "FORMAT=github"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stdout + made.stderr
    assert re.search(r"contoh 0.1.0: module, slides\b.* are in sync", made.stdout), made.stdout
    assert wog(project, "init").returncode == 1  # never over an existing project
