"""No-op rebuilds: nothing changed, nothing rebuilt; any input changed, rebuilt."""

from __future__ import annotations

import pytest

from wog_build.cli import main

from .support.builds import build_quietly
from .support.courses import copy_course


@pytest.fixture
def built(tmp_path, capsys):
    folder = copy_course(tmp_path / "course").parent
    out = build_quietly(folder / "course.yaml", tmp_path / "dist")
    capsys.readouterr()
    outputs = {p.name: p.stat().st_mtime_ns for p in out.glob("fixture-*")}
    return folder, out, outputs


def rebuild(folder, out, capsys):
    assert main(["build", "--out", str(out), str(folder / "course.yaml")]) == 0
    return capsys.readouterr().out


def test_nothing_changed_nothing_rebuilt(built, capsys):
    folder, out, before = built
    assert rebuild(folder, out, capsys).strip() == f"{folder / 'course.yaml'}: up to date"
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("fixture-*")} == before


@pytest.mark.parametrize("changed", ["bab2.yaml", "images/koordinasi.png"])
def test_an_included_file_or_an_image_changed_rebuilds(built, capsys, changed):
    folder, out, before = built
    path = folder / changed
    path.write_bytes(path.read_bytes() + (b"\n# revised\n" if changed.endswith("yaml")
                                          else b"\x00"))
    said = rebuild(folder, out, capsys)
    assert "up to date" not in said and "module, slides" in said and "are in sync" in said
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("fixture-*")}
    assert after["fixture-0.1.0-modul.pdf"] != before["fixture-0.1.0-modul.pdf"]
    assert after["fixture-0.1.0-bahan-tayang.pptx"] != before["fixture-0.1.0-bahan-tayang.pptx"]


def test_a_touched_output_is_rebuilt(built, capsys):
    folder, out, _ = built
    (out / "fixture-0.1.0-modul.pdf").write_bytes(b"not the module")
    assert "up to date" not in rebuild(folder, out, capsys)
    assert (out / "fixture-0.1.0-modul.pdf").read_bytes().startswith(b"%PDF")
