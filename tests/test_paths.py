"""Where a project is, what its config says, which layouts a build uses and where its
outputs go: wog_build.paths, without building anything."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wog_build.cli import main
from wog_build.paths import (
    ProjectSettings,
    SettingsError,
    default_layouts,
    default_out_dir,
    find_project_root,
    project_settings,
    resolve_layouts,
)

from .support.paths import FULL_COURSE, ROOT


def layouts_copy(folder: Path) -> Path:
    shutil.copytree(default_layouts(), folder)
    return folder


def test_checkout_uses_its_own_layouts_folder():
    assert default_layouts() == ROOT / "layouts"


def test_root_is_the_nearest_marked_folder(tmp_path):
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert find_project_root(deep) == deep  # nothing marks a root: the start itself
    (tmp_path / "wog-build.toml").write_text("", encoding="utf-8")
    assert find_project_root(deep) == tmp_path
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_project_root(deep) == tmp_path  # a pyproject.toml without the table is not one
    (tmp_path / "a" / "b" / "pyproject.toml").write_text('[tool.wog-build]\ndist = "o"\n',
                                                         encoding="utf-8")
    assert find_project_root(deep) == tmp_path / "a" / "b"


def test_root_defaults_to_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert find_project_root() == tmp_path.resolve()
    assert default_out_dir("wog") == tmp_path.resolve() / "dist" / "wog"


def test_an_unrelated_broken_pyproject_above_is_not_read(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    assert find_project_root(tmp_path / "sub") == tmp_path / "sub"


def test_settings_default_and_from_either_file(tmp_path):
    assert project_settings(tmp_path) == ProjectSettings(layouts=None, dist=tmp_path / "dist")
    (tmp_path / "pyproject.toml").write_text('[tool.wog-build]\ndist = "build/out"\n',
                                             encoding="utf-8")
    settings = project_settings(tmp_path)
    assert settings.dist == tmp_path / "build" / "out" and settings.layouts is None
    assert default_out_dir("wog", tmp_path) == tmp_path / "build" / "out" / "wog"
    # wog-build.toml wins over pyproject.toml in the same folder
    (tmp_path / "wog-build.toml").write_text(f'layouts = "lay"\ndist = "{tmp_path / "abs"}"\n',
                                             encoding="utf-8")
    settings = project_settings(tmp_path)
    assert (settings.layouts, settings.dist) == (tmp_path / "lay", tmp_path / "abs")


@pytest.mark.parametrize(("file", "text", "message"), [
    ("wog-build.toml", 'layout = "x"\n',
     "wog-build.toml: unknown key 'layout'; the keys are 'layouts' and 'dist'"),
    ("wog-build.toml", "dist = 3\n", "wog-build.toml: 'dist' must be a folder path in quotes"),
    ("wog-build.toml", 'dist = ""\n', "wog-build.toml: 'dist' must be a folder path in quotes"),
    ("wog-build.toml", "dist = [\n", "wog-build.toml: not valid TOML"),
    ("pyproject.toml", '[tool.wog-build]\nlayouts = ["a"]\n',
     "pyproject.toml: 'tool.wog-build.layouts' must be a folder path in quotes"),
    ("pyproject.toml", '[tool.wog-build]\noutput = "a"\n',
     "pyproject.toml: unknown key 'tool.wog-build.output'"),
    ("pyproject.toml", '[tool]\nwog-build = "a"\n',
     "pyproject.toml: 'tool.wog-build' must be a table"),
])
def test_a_bad_config_names_its_file_and_key(tmp_path, file, text, message):
    (tmp_path / file).write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        project_settings(tmp_path)
    assert isinstance(err.value, ValueError)
    assert str(err.value).startswith(f"{tmp_path}/{message}")


def test_layouts_option_beats_setting_beats_packaged(tmp_path, monkeypatch):
    assert resolve_layouts(None, tmp_path) == default_layouts()
    project = layouts_copy(tmp_path / "project-layouts")
    (tmp_path / "wog-build.toml").write_text('layouts = "project-layouts"\n', encoding="utf-8")
    assert resolve_layouts(None, tmp_path) == project
    option = layouts_copy(tmp_path / "elsewhere" / "mine")
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert resolve_layouts("mine", tmp_path) == option  # relative to the current folder
    assert resolve_layouts(option, tmp_path) == option


def test_unusable_layouts_say_what_to_change(tmp_path):
    (tmp_path / "file").write_text("", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    cases = {
        str(tmp_path / "nope"): "does not exist",
        str(tmp_path / "file"): "is not a folder",
        str(tmp_path / "empty"): "is not a layouts folder (it has no fonts.yaml, labels, "
                                 "module, slides)",
    }
    for value, problem in cases.items():
        with pytest.raises(ValueError, match="copy the packaged layouts") as err:
            resolve_layouts(value, tmp_path)
        assert str(err.value).startswith(f"--layouts {value}: {tmp_path}/")
        assert problem in str(err.value)
    (tmp_path / "wog-build.toml").write_text('layouts = "empty"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"wog-build.toml: 'layouts': .* is not a layouts"):
        resolve_layouts(None, tmp_path)


def test_cli_reports_bad_layouts_without_a_traceback(tmp_path, capsys):
    code = main(["pdf", "--layouts", str(tmp_path / "nope"), str(FULL_COURSE)])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"wog-build: --layouts {tmp_path / 'nope'}: ") and "Traceback" not in err


def test_cli_reports_a_bad_project_config(tmp_path, monkeypatch, capsys):
    (tmp_path / "wog-build.toml").write_text('dist = 1\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--out", str(tmp_path / "out"), str(FULL_COURSE)]) == 1
    assert f"{tmp_path / 'wog-build.toml'}: 'dist' must be" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def printed(code: str) -> str:
    """What ``code`` prints, run by a fresh interpreter (nothing imported yet)."""
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout.strip()


def test_paths_stays_light():
    """The no-op path imports wog_build.paths; it must not pull in the course model or
    a renderer (yaml only when a course id is read)."""
    code = ("import sys, wog_build.paths as p; p.resolve_layouts(None, p.find_project_root()); "
            "heavy = {'yaml', 'pydantic', 'weasyprint', 'pptx', 'jinja2'} & set(sys.modules); "
            "print(sorted(heavy))")
    assert printed(code) == "[]"


def test_the_build_module_stays_light():
    """A build forks the layout processes' host (which imports WeasyPrint) as soon as
    it starts; the course model (pydantic builds its validators: half a second) and
    the writers' libraries are imported after, beside the host's imports, not before."""
    code = ("import sys, wog_build.build; "
            "heavy = {'pydantic', 'weasyprint', 'pptx', 'wog_build.model'} & set(sys.modules); "
            "print(sorted(heavy))")
    assert printed(code) == "[]"


def test_the_layout_host_builds_no_validator():
    """The layout processes' host imports WeasyPrint and the layout code, which name the
    course model, while the main process loads the course: it validates nothing, so it
    builds none of the model's validators (pydantic defers them to the first course)."""
    code = ("from wog_build.writers.base import import_pdf_layout; import_pdf_layout(); "
            "import pydantic, wog_build.model as m; "
            "built = [n for n, c in vars(m).items() if isinstance(c, type) and "
            "issubclass(c, pydantic.BaseModel) and c.__pydantic_complete__]; print(built)")
    assert printed(code) == "[]"
