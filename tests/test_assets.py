"""Shared assets: a project-level folder (the ``assets`` setting) any course may take
images from; paths still may not leave the project, and the digest and the no-op stamp
include the assets a course uses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from .support.cli import run_main
from .support.courses import copy_course
from .support.deck import open_deck
from .support.paths import FIXTURES

pytestmark = pytest.mark.slow
SHARED = "../../assets/diagrams/koordinasi.png"


def project_with(tmp: Path, figure: str) -> Path:
    (tmp / "wog-build.toml").write_text('assets = "assets"\n', encoding="utf-8")
    (tmp / "assets" / "diagrams").mkdir(parents=True)
    shutil.copy(FIXTURES / "full" / "images" / "koordinasi.png",
                tmp / "assets" / "diagrams" / "koordinasi.png")
    for name in ("edisi-id", "edisi-en"):
        main_file = copy_course(tmp / "source" / name)
        shutil.rmtree(main_file.parent / "images")  # nothing of its own: the figure is shared
        text = main_file.read_text(encoding="utf-8").replace(
            "figure: images/koordinasi.png", f"figure: {figure}").replace(
            "id: fixture", f"id: {name}")
        if name == "edisi-en":
            text = text.replace("meta:\n", "meta:\n  language: en\n", 1)
        main_file.write_text(text, encoding="utf-8")
    return tmp


def run(root: Path, monkeypatch, capsys, *args: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(root)
    ran = run_main(capsys, *args)
    return ran.code, ran.out + ran.err


def test_two_editions_take_one_shared_image(tmp_path, monkeypatch, capsys):
    root = project_with(tmp_path, SHARED)
    for name in ("edisi-id", "edisi-en"):
        code, said = run(root, monkeypatch, capsys, "build", f"source/{name}/course.yaml")
        assert code == 0, said
        dist = root / "dist" / name
        pictures = [s for slide in open_deck(next(dist.glob("*.pptx"))).slides
                    for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1
        with Image.open(root / "assets" / "diagrams" / "koordinasi.png") as im:
            assert abs(pictures[0].width / pictures[0].height - im.width / im.height) < 0.01
        images = {img.name: img for page in PdfReader(next(dist.glob("*-modul.pdf"))).pages
                  for img in page.images}  # pages may share one resource dictionary
        assert len(images) == 1
        with Image.open(root / "assets" / "diagrams" / "koordinasi.png") as im:
            assert next(iter(images.values())).image.size == im.size
    # the stamp knows the asset: changing it rebuilds, leaving it alone does not
    _, said = run(root, monkeypatch, capsys, "build", "source/edisi-id/course.yaml")
    assert "up to date" in said
    with Image.open(root / "assets" / "diagrams" / "koordinasi.png") as im:
        im.rotate(180).save(root / "assets" / "diagrams" / "koordinasi.png")
    _, said = run(root, monkeypatch, capsys, "build", "source/edisi-id/course.yaml")
    assert "up to date" not in said and "in sync" in said


def test_an_image_outside_course_and_assets_is_a_located_error(tmp_path, monkeypatch, capsys):
    root = project_with(tmp_path, "../../elsewhere/koordinasi.png")
    (root / "elsewhere").mkdir()
    shutil.copy(FIXTURES / "full" / "images" / "koordinasi.png", root / "elsewhere")
    code, said = run(root, monkeypatch, capsys, "validate", "source/edisi-id/course.yaml")
    assert code == 2
    assert "course.yaml:57:" in said and "leaves the course folder" in said
    assert "assets folder" in said
