"""Themes: one palette the module's CSS and the deck both read, a project default, a
course's own choice, label overrides, and the no-op stamp noticing a theme's change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from wog_build.cli import main

from .support.cli import run_main
from .support.courses import readme_example, write_course
from .support.deck import frame_texts, open_deck

pytestmark = pytest.mark.slow
ACME = "7A1F2B"
OTHER = "2E7D32"


RG = re.compile(r"([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(?:rg|RG)\b")


class rg:  # reads like the PDF operator it finds
    """Finds a colour among a PDF content stream's fill and stroke colours."""

    def __init__(self, hex_colour: str) -> None:
        self.want = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]

    def search(self, content: str) -> bool:
        return any(all(abs(float(v) - w) < 0.003 for v, w in zip(m.groups(), self.want,
                                                                  strict=True))
                   for m in RG.finditer(content))


def pdf_content(path: Path) -> str:
    reader = PdfReader(path)
    return "\n".join(page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
                     for page in reader.pages[:3])


def cover_band(deck: Path) -> str:
    slide = open_deck(deck).slides[0]
    band = next(s for s in slide.shapes if s.shape_type == 1)  # the built-in look's band
    return str(band.fill.fore_color.rgb)


def theme(folder: Path, colour: str, closing: str) -> None:
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text(
        f'colors:\n  primary: "{colour}"\nlabels:\n  id:\n    closing: "{closing}"\n',
        encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("themed")
    (root / "wog-build.toml").write_text('theme = "themes/acme"\n', encoding="utf-8")
    theme(root / "themes" / "acme", ACME, "Sampai Jumpa")
    theme(root / "themes" / "other", OTHER, "Terima kasih, Jawa")
    example = readme_example()
    write_course(root / "source" / "contoh", example)
    write_course(root / "source" / "lain", example.replace("id: contoh", "id: lain").replace(
        "meta:\n", "meta:\n  theme: other\n", 1))
    return root


def build(root: Path, course: str, monkeypatch, capsys) -> str:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(root)
    ran = run_main(capsys, "build", f"source/{course}/course.yaml")
    assert ran.code == 0, ran.err
    return ran.out


def test_the_project_theme_colours_module_and_deck_alike(project, monkeypatch, capsys):
    build(project, "contoh", monkeypatch, capsys)
    dist = project / "dist" / "contoh"
    assert cover_band(next(dist.glob("*.pptx"))) == ACME
    assert rg(ACME).search(pdf_content(next(dist.glob("*-modul.pdf"))))
    assert not rg("1F3A5F").search(pdf_content(next(dist.glob("*-modul.pdf"))))
    closing = open_deck(next(dist.glob("*.pptx"))).slides[-1]
    assert "Sampai Jumpa" in frame_texts(closing)


def test_a_course_picks_its_own_theme(project, monkeypatch, capsys):
    build(project, "lain", monkeypatch, capsys)
    dist = project / "dist" / "lain"
    assert cover_band(next(dist.glob("*.pptx"))) == OTHER
    assert rg(OTHER).search(pdf_content(next(dist.glob("*-modul.pdf"))))


def test_a_changed_theme_is_not_up_to_date(project, monkeypatch, capsys):
    build(project, "contoh", monkeypatch, capsys)
    assert "up to date" in build(project, "contoh", monkeypatch, capsys)
    path = project / "themes" / "acme" / "theme.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(ACME, "123456"), encoding="utf-8")
    assert "up to date" not in build(project, "contoh", monkeypatch, capsys)
    assert cover_band(next((project / "dist" / "contoh").glob("*.pptx"))) == "123456"


def test_a_colour_that_is_not_one_is_refused(tmp_path, monkeypatch, capsys):
    (tmp_path / "wog-build.toml").write_text('theme = "t"\n', encoding="utf-8")
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "theme.yaml").write_text('colors:\n  primary: "red; } body {"\n',
                                               encoding="utf-8")
    write_course(tmp_path / "source" / "contoh", readme_example())
    monkeypatch.chdir(tmp_path)
    assert main(["build", "source/contoh/course.yaml"]) == 1
    assert "colors.primary" in capsys.readouterr().err
