"""Installed anywhere: wog-build from its wheel, in a fresh virtual environment outside the
checkout, builds a project folder that holds only ``source/<course>/``.

The wheel is built offline (no build isolation) from a copy of the files it is made of,
so the checkout gets no build/ or *.egg-info.  The fresh environment gets the wheel alone
(``--no-deps``) and sees the dependencies already installed in the test environment
through a .pth file naming that environment's site-packages: a .pth file inside a folder
added that way is not run, so the checkout's editable install stays out of it, which
the tests check by asking where the imported wog_build lives.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from .support.cli import cli_env
from .support.courses import copy_course
from .support.paths import ROOT
from .support.pdf import pdf_text

pytestmark = pytest.mark.slow

COURSE_ID = "installed"  # no other test builds this id, so the checkout's dist/ can be watched
CHANGED_LABEL = ("toc: Daftar Isi", "toc: Kandungan")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    site_packages: Path

    @property
    def wog_build(self) -> Path:
        return self.venv / "bin" / "wog-build"

    @property
    def package(self) -> Path:
        return self.site_packages / "wog_build"

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        env = cli_env()
        for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
            env.pop(name, None)
        return subprocess.run([str(self.wog_build), *args], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=300)


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("install")
    src = base / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("wog_build", "layouts"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "-w", base / "wheel", src)
    (wheel,) = (base / "wheel").glob("wog_build-*.whl")

    venv = base / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
         "--no-index", wheel)
    site_packages = Path(_run(python, "-c", "import sysconfig; "
                              "print(sysconfig.get_paths()['purelib'])").strip())
    (site_packages / "test_environment_packages.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return Installed(wheel, venv, site_packages)


def _project(tmp_path: Path) -> Path:
    """A project folder holding only source/<course>/: the fixture course, under its own id."""
    course = tmp_path / "proj" / "source" / "course1"
    main = copy_course(course)
    text = main.read_text(encoding="utf-8")
    assert "\nid: fixture\n" in text
    main.write_text(text.replace("\nid: fixture\n", f"\nid: {COURSE_ID}\n"), encoding="utf-8")
    return tmp_path / "proj"


def _changed_layouts(installed: Installed, to: Path) -> Path:
    shutil.copytree(installed.package / "layouts", to)
    labels = to / "labels" / "id.yaml"
    text = labels.read_text(encoding="utf-8")
    assert CHANGED_LABEL[0] in text
    labels.write_text(text.replace(*CHANGED_LABEL), encoding="utf-8")
    return to


def _tree(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*") if "__pycache__" not in p.parts}


def test_wheel_holds_every_module_and_the_layouts(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "wog_build").rglob("*.py")}
    assert not modules - names, "add the missing subpackage to [tool.setuptools] packages"
    layouts = {"wog_build/layouts/" + p.relative_to(ROOT / "layouts").as_posix()
               for p in (ROOT / "layouts").rglob("*") if p.is_file()}
    assert layouts and not layouts - names
    assert not any(n.startswith(("layouts/", "tests/", "source/", "dist/")) for n in names)


def test_the_installed_package_runs_not_the_checkout(installed: Installed) -> None:
    python = installed.venv / "bin" / "python"
    out = _run(python, "-c", "import wog_build, wog_build.paths as p; "
               "print(wog_build.__file__); print(p.default_layouts())", cwd=installed.venv)
    module, layouts = (Path(line) for line in out.splitlines())
    assert module.is_relative_to(installed.package)
    assert layouts == installed.package / "layouts"


def test_build_and_check_in_a_project_folder(installed: Installed, tmp_path: Path) -> None:
    proj = _project(tmp_path)
    package_before = _tree(installed.venv)
    assert not (ROOT / "dist" / COURSE_ID).exists()

    proc = installed.run("build", "source/course1/course.yaml", cwd=proj)
    assert proc.returncode == 0, proc.stderr
    out = proj / "dist" / COURSE_ID
    pdf, pptx = out / f"{COURSE_ID}-0.1.0-modul.pdf", out / f"{COURSE_ID}-0.1.0-bahan-tayang.pptx"
    assert pdf.is_file() and pptx.is_file()
    assert f"wrote {pdf}" in proc.stdout
    assert sorted(p.name for p in proj.iterdir()) == ["dist", "source"]
    assert _tree(installed.venv) == package_before, "the build wrote into the installed package"
    assert not (ROOT / "dist" / COURSE_ID).exists(), "the build wrote into the checkout"
    assert "Daftar Isi" in pdf_text(pdf)

    proc = installed.run("check", "source/course1/course.yaml", cwd=proj)
    assert proc.returncode == 0, proc.stderr
    assert "in sync" in proc.stdout


def test_layouts_option_and_project_settings(installed: Installed, tmp_path: Path) -> None:
    """--layouts builds with another layouts folder; a wog-build.toml in the project root
    (found from a subfolder) moves dist/ and sets the layouts, and --layouts beats it."""
    proj = _project(tmp_path)
    mine = _changed_layouts(installed, tmp_path / "mine")

    proc = installed.run("pdf", "--layouts", str(mine), "source/course1/course.yaml", cwd=proj)
    assert proc.returncode == 0, proc.stderr
    text = pdf_text(proj / "dist" / COURSE_ID / f"{COURSE_ID}-0.1.0-modul.pdf")
    assert "Kandungan" in text and "Daftar Isi" not in text

    # the rest reads the module's HTML, which carries the same labels without a PDF render
    shutil.rmtree(proj / "dist")
    shutil.move(mine, proj / "layouts")
    (proj / "wog-build.toml").write_text('dist = "out"\nlayouts = "layouts"\n', encoding="utf-8")
    proc = installed.run("html", "course1/course.yaml", cwd=proj / "source")
    assert proc.returncode == 0, proc.stderr
    html = proj / "out" / COURSE_ID / f"{COURSE_ID}-0.1.0-modul.html"
    assert "Kandungan" in html.read_text(encoding="utf-8")
    assert not (proj / "dist").exists() and not (proj / "source" / "dist").exists()

    packaged = installed.package / "layouts"
    proc = installed.run("html", "--layouts", str(packaged), "source/course1/course.yaml",
                         cwd=proj)
    assert proc.returncode == 0, proc.stderr
    text = html.read_text(encoding="utf-8")
    assert "Daftar Isi" in text and "Kandungan" not in text

    (proj / "wog-build.toml").write_text('layouts = "missing"\n', encoding="utf-8")
    proc = installed.run("pdf", "source/course1/course.yaml", cwd=proj)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"wog-build: {proj / 'wog-build.toml'}: 'layouts': ")
    assert "Traceback" not in proc.stderr
