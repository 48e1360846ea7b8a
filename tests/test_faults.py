"""Faults and hostile input (issue 20): the stamp never vouches for what was not proven,
figure paths are file paths, images are decoded in full, limits are located errors, and
a release never deletes a folder that was not a release.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from wog_build.cli import main

from .support.courses import copy_course, readme_example, write_course
from .support.deck import open_deck


def example(tmp_path: Path, old: str = "", new: str = "", name: str = "c") -> Path:
    return write_course(tmp_path / name, readme_example().replace(old, new) if old else
                        readme_example())


def figure_course(tmp_path: Path, figure: str, image: Image.Image | None = None,
                  file_name: str = "foto.png") -> Path:
    path = example(tmp_path, "          - Paragraf biasa cukup ditulis sebagai teks.",
                   "          - Paragraf biasa cukup ditulis sebagai teks.\n"
                   f"          - figure: {json.dumps(figure)}\n"
                   "            caption: Foto uji\n"
                   "            alt: Sebuah foto uji")
    if image is not None:
        image.save(path.parent / file_name)
    return path


@pytest.mark.parametrize("figure", ["x.png#.svg", "q.png?.svg", "b%2Epng", "a\nb.png",
                                    "file:x.png", "data:image/png;base64,AAAA"])
def test_figure_paths_that_a_url_reads_differently_are_located_errors(figure, tmp_path,
                                                                      capsys):
    path = figure_course(tmp_path, figure, Image.new("RGB", (8, 8)), "x.png")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err and "image path" in err, err


def test_a_corrupt_png_is_a_located_error(tmp_path, capsys):
    path = figure_course(tmp_path, "foto.png", Image.new("RGB", (64, 64), "red"))
    data = bytearray((path.parent / "foto.png").read_bytes())
    idat = data.index(b"IDAT")
    data[idat + 8: idat + 20] = b"\x00" * 12  # the header is fine, the pixels are not
    (path.parent / "foto.png").write_bytes(bytes(data))
    assert main(["validate", str(path)]) == 2
    assert "image 'foto.png' is damaged and cannot be read" in capsys.readouterr().err


def test_an_enormous_image_is_refused_before_it_is_decoded(tmp_path, capsys, monkeypatch):
    import wog_build.images

    monkeypatch.setattr(wog_build.images, "MAX_PIXELS", 1000)
    path = figure_course(tmp_path, "foto.png", Image.new("RGB", (64, 64)))
    assert main(["validate", str(path)]) == 2
    assert "has 64 × 64 pixels, more than" in capsys.readouterr().err


@pytest.mark.slow
def test_exif_orientation_is_honoured_in_the_deck_as_in_the_module(tmp_path, capsys):
    """A phone photo stored landscape with 'rotate 90°' in its EXIF stands upright (portrait)
    on the slide, as WeasyPrint shows it in the module."""
    photo = Image.new("RGB", (200, 100), "blue")
    exif = photo.getexif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    path = figure_course(tmp_path, "foto.jpg", None)
    photo.save(path.parent / "foto.jpg", exif=exif)
    out = tmp_path / "dist"
    assert main(["build", str(path), "--out", str(out), "-q"]) == 0, capsys.readouterr().err
    deck = open_deck(next(out.glob("*.pptx")))
    pics = [s for slide in deck.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pics) == 1 and pics[0].height > pics[0].width


def test_ids_and_versions_that_would_make_file_names_too_long(tmp_path, capsys):
    path = example(tmp_path, "id: contoh", "id: " + "a" * 80)
    assert main(["validate", str(path)]) == 2
    assert "'id' is too long (80 characters); write at most 64" in capsys.readouterr().err


def test_a_malformed_source_date_epoch_is_an_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert main(["validate", str(example(tmp_path))]) == 1
    assert "SOURCE_DATE_EPOCH='yesterday' is not a number" in capsys.readouterr().err


def test_release_never_deletes_a_folder_that_was_not_a_release(tmp_path, capsys):
    keep = tmp_path / "important"
    keep.mkdir()
    (keep / "thesis.docx").write_bytes(b"years of work")
    code = main(["release", str(example(tmp_path)), "--release-dir", str(keep), "-q"])
    assert code == 1
    assert "is not an earlier release folder" in capsys.readouterr().err
    assert (keep / "thesis.docx").read_bytes() == b"years of work"


@pytest.mark.slow
def test_the_stamp_never_vouches_for_an_unproven_or_differently_dated_build(
        tmp_path, capsys, monkeypatch):
    course, out = copy_course(tmp_path / "course"), tmp_path / "dist"
    folder = course.parent
    assert main(["build", str(course), "--out", str(out), "-q"]) == 0
    capsys.readouterr()
    # a stamp that is JSON but not an object, or that points outside: a rebuild, no crash
    stamp = out / ".wog-build-stamp.json"
    good = stamp.read_text(encoding="utf-8")
    stamp.write_text("[]", encoding="utf-8")
    assert main(["build", str(course), "--out", str(out)]) == 0
    assert "up to date" not in capsys.readouterr().out
    data = json.loads(stamp.read_text(encoding="utf-8"))
    data["files"] = ["../../../../etc/passwd"]
    stamp.write_text(json.dumps(data), encoding="utf-8")
    assert main(["build", str(course), "--out", str(out)]) == 0
    assert "up to date" not in capsys.readouterr().out
    # another SOURCE_DATE_EPOCH changes the bytes: not up to date
    assert main(["build", str(course), "--out", str(out)]) == 0
    assert "up to date" in capsys.readouterr().out
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert main(["build", str(course), "--out", str(out)]) == 0
    assert "up to date" not in capsys.readouterr().out
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    # another main file beside the first is its own build
    shutil.copy(course, folder / "course-copy.yaml")
    assert main(["build", str(folder / "course-copy.yaml"), "--out", str(out)]) == 0
    assert "up to date" not in capsys.readouterr().out
    assert good  # the first stamp was a real one


@pytest.mark.slow
def test_a_build_that_fails_its_proof_is_not_up_to_date_next_time(tmp_path, capsys,
                                                                  monkeypatch):
    from wog_build import pdf

    original = pdf.render_html

    def losing(doc, ctx, output):
        return original(doc, ctx, output).replace("Pengantar bab konsep.", "")

    course, out = copy_course(tmp_path / "course"), tmp_path / "dist"
    monkeypatch.setattr(pdf, "render_html", losing)
    assert main(["build", str(course), "--out", str(out)]) == 3
    monkeypatch.setattr(pdf, "render_html", original)
    capsys.readouterr()
    assert main(["build", str(course), "--out", str(out)]) == 0  # a CI retry rebuilds
    said = capsys.readouterr().out
    assert "up to date" not in said and "are in sync" in said


@pytest.mark.slow
def test_a_paragraph_over_several_pages_is_found(tmp_path, capsys):
    words = " ".join(f"kata{n:05d} berikutnya" for n in range(1800))  # about six pages
    path = example(tmp_path, "          - Paragraf biasa cukup ditulis sebagai teks.",
                   f"          - {words}")
    out = tmp_path / "dist"
    code = main(["build", str(path), "--out", str(out)])
    assert code == 0, capsys.readouterr().err


def test_a_corrupt_png_is_refused_even_after_weasyprint_was_imported(tmp_path, capsys):
    import weasyprint  # noqa: F401 - it makes Pillow accept truncated images process-wide

    test_a_corrupt_png_is_a_located_error(tmp_path, capsys)
