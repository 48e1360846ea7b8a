"""The warnings channel: places where YAML's reading almost surely differs from what the
author meant are reported, located, beside the errors; ``--strict`` (or ``strict = true``
in the project's settings) makes them errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wog_build.cli import main
from wog_build.paths import SettingsError, project_settings

from .support.paths import BAD

CASE = BAD / "warning-hash-in-text"
LINE = "course.yaml:30:23"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(CASE / "course.yaml", tmp_path / "course.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_github_format_annotates_a_warning(project, capsys):
    assert main(["validate", "--format", "github", "course.yaml"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == ["::warning file=course.yaml,line=30,col=23::'#1 di instansi pemerintah' is "
                   "read as a YAML comment and left out of the text; to keep it, put the "
                   "whole text in quotes (\"...\"), or write it as a '>-' block"]


def test_validate_prints_the_warning_and_says_ok(project, capsys):
    assert main(["validate", "course.yaml"]) == 0
    out = capsys.readouterr()
    assert out.err.startswith(f"{LINE}: warning: ")
    assert out.out.strip().endswith("; 1 warning")


def test_project_setting_strict(project, capsys):
    (project / "wog-build.toml").write_text("strict = true\n", encoding="utf-8")
    assert main(["validate", "course.yaml"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{LINE}: error: '#1 di instansi")
    assert err[-1] == "1 error; nothing was built"


def test_strict_setting_must_be_a_boolean(tmp_path):
    (tmp_path / "wog-build.toml").write_text('strict = "yes"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="'strict' must be true or false"):
        project_settings(tmp_path)
