"""Whole curricula: many course files in one command, one pool of course processes.

- ``wog-build build source/*/course.yaml`` builds every course, each its own
  transaction: a course with an invalid source, a course whose output folder cannot be
  made and two courses that declare one id fail alone (located errors, nothing of theirs
  written), the others are built and proven; the exit code is the worst (2 outranks 1);
  each course's output is one block, and a summary line per course ends the log;
- pool and one-at-a-time agree (``--jobs 1`` vs ``--jobs 2``);
- ``wog-build list --json`` gives the CI job matrix; the CI workflow builds one job per
  course from it; ``make all`` is one command for all courses.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pptx import Presentation
from pypdf import PdfReader

from .conftest import ROOT, cli_env
from .support.courses import readme_example, write_course
from .tiny_course import tiny_course

COURSES = ["blocked", "broken", "contoh", "ethics", "twin-a", "twin-b"]


def wog(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wog_build", *args], cwd=cwd,
                          env=cli_env(**env), capture_output=True, text=True, timeout=900)


def make_project(root: Path) -> Path:
    """A project of six courses: two good ones (English, Indonesian), one invalid, one
    whose output folder is taken by a file, and two that declare the same id."""
    (root / "wog-build.toml").write_text("", encoding="utf-8")
    source = root / "source"
    tiny_course(source / "ethics", "ethics", "Kestrel")
    write_course(source / "contoh", readme_example())
    write_course(source / "broken", readme_example().replace("id: contoh", "id: broken")
                 .replace("  competency:", "  competence:"))
    tiny_course(source / "blocked", "blocked", "Osprey")
    (root / "dist").mkdir()
    (root / "dist" / "blocked").write_text("not a folder\n", encoding="utf-8")
    tiny_course(source / "twin-a", "twin", "Alpha")
    tiny_course(source / "twin-b", "twin", "Bravo")
    return root


def files(names: list[str] = COURSES) -> list[str]:
    return [f"source/{name}/course.yaml" for name in names]


@pytest.fixture(scope="module")
def curriculum(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    root = make_project(tmp_path_factory.mktemp("curriculum"))
    good_first = ["contoh", "ethics"] + [c for c in COURSES if c not in ("contoh", "ethics")]
    return root, wog("build", "--jobs", "2", *files(good_first), cwd=root)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def deck_text(path: Path) -> str:
    return "\n".join(shape.text_frame.text for slide in Presentation(str(path)).slides
                     for shape in slide.shapes if shape.has_text_frame)


@pytest.mark.build
def test_every_good_course_is_built_and_proven_though_others_fail(curriculum):
    root, proc = curriculum
    assert proc.returncode == 2, proc.stderr  # an invalid source outranks a failed build
    for course_id, title in (("ethics", "Public Service Ethics Kestrel"),
                             ("contoh", "Contoh Mata Pelatihan")):
        out = root / "dist" / course_id
        module = next(out.glob("*-modul.pdf"))
        deck = next(out.glob("*-bahan-tayang.pptx"))
        assert title in pdf_text(module).replace("\n", " ")
        assert title in deck_text(deck).replace("\n", " ")
        report = json.loads(next(out.glob("*-sync.json")).read_text(encoding="utf-8"))
        assert report["ok"] is True
    assert "Kestrel" not in pdf_text(next((root / "dist" / "contoh").glob("*-modul.pdf")))
    # the proof again, from disk, by the command an author runs
    check = wog("check", *files(["contoh", "ethics"]), cwd=root)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "2 courses: 2 ok" in check.stdout


@pytest.mark.build
def test_failing_courses_fail_alone_with_located_errors_and_write_nothing(curriculum):
    root, proc = curriculum
    err = proc.stderr
    assert re.search(r"source/broken/course\.yaml:\d+:\d+: error: unknown key 'competence'",
                     err), err
    for own, other in (("twin-a", "twin-b"), ("twin-b", "twin-a")):
        assert (f"source/{own}/course.yaml:1:5: error: course id 'twin' is also declared by "
                f"source/{other}/course.yaml:1; both would be built into the same folder "
                "(dist/twin/): give each course its own id") in err
    assert (f"source/blocked/course.yaml: build failed: {root / 'dist' / 'blocked'} is a "
            "file, but the outputs go into a folder of that name; move the file away, or "
            "choose another folder with --out") in err
    dist = root / "dist"
    assert sorted(p.name for p in dist.iterdir()) == ["blocked", "contoh", "ethics"]
    assert (dist / "blocked").read_text(encoding="utf-8") == "not a folder\n"
    for out in (dist / "contoh", dist / "ethics"):  # nothing left of the build's work
        assert not list(out.glob(".*.part"))


@pytest.mark.build
def test_one_summary_line_per_course_and_one_block_each(curriculum):
    _, proc = curriculum
    outcome = {"blocked": "build failed (exit 1)", "broken": "invalid source (exit 2)",
               "contoh": "ok", "ethics": "ok", "twin-a": "invalid source (exit 2)",
               "twin-b": "invalid source (exit 2)"}
    log = proc.stdout + proc.stderr
    for name, said in outcome.items():
        assert re.search(rf"^source/{name}/course\.yaml: {re.escape(said)}( \(\d+\.\d s\))?$",
                         log, re.M), (name, log)
    assert "6 courses: 2 ok, 4 failed (exit 2)" in proc.stderr
    lines = proc.stdout.splitlines()
    for course_id in ("ethics", "contoh"):  # a course's lines are never interleaved
        own = [i for i, line in enumerate(lines)
               if f"/dist/{course_id}/" in line or line.startswith(f"{course_id} ")]
        assert len(own) >= 4 and own == list(range(own[0], own[-1] + 1)), proc.stdout


@pytest.mark.build
def test_the_pool_builds_courses_at_the_same_time(curriculum):
    """The two good courses' builds overlapped in time: each began (its stamp, the build's
    last write, less the seconds its summary line gives) a second or more before the other
    ended, far beyond the rounding and a process's start and exit, which one-at-a-time
    builds would not be.  The courses start in the order given, two at a time, so the good
    ones are given first."""
    root, proc = curriculum
    log = proc.stdout + proc.stderr

    def span(course_id: str) -> tuple[float, float]:
        took = re.search(rf"^source/{course_id}/course\.yaml: ok \((\d+\.\d) s\)$", log,
                         re.M)
        assert took, log
        end = (root / "dist" / course_id / ".wog-build-stamp.json").stat().st_mtime
        return end - float(took.group(1)) - 0.05, end  # the seconds are rounded to 0.1

    (ethics_began, ethics_ended), (contoh_began, contoh_ended) = span("ethics"), span("contoh")
    assert ethics_began + 1 < contoh_ended and contoh_began + 1 < ethics_ended


def test_pool_and_one_at_a_time_report_alike(tmp_path):
    root = make_project(tmp_path)
    one = wog("validate", "--jobs", "1", *files(), cwd=root)
    pooled = wog("validate", "--jobs", "2", *files(), cwd=root)
    assert one.returncode == pooled.returncode == 2

    def summary(proc: subprocess.CompletedProcess[str]) -> list[str]:
        lines = (proc.stdout + proc.stderr).splitlines()
        return sorted(re.sub(r" \(\d+\.\d s\)$", "", line) for line in lines
                      if re.fullmatch(r"source/[a-z-]+/course\.yaml: (ok|invalid source "
                                      r"\(exit 2\)|build failed \(exit 1\))( \(\d+\.\d s\))?",
                                      line))

    assert summary(one) == summary(pooled)
    assert len(summary(one)) == len(COURSES)
    assert "source/blocked/course.yaml: ok" in summary(one)  # valid; only its folder is taken


def test_a_file_named_twice_is_one_course(tmp_path):
    root = make_project(tmp_path)
    proc = wog("validate", *files(["ethics", "ethics", "contoh"]), cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "2 courses: 2 ok" in proc.stdout


def test_out_names_one_course_folder(tmp_path):
    root = make_project(tmp_path)
    proc = wog("build", "--out", "out", *files(["ethics", "contoh"]), cwd=root)
    assert proc.returncode == 1
    assert "--out out is one course's output folder, but 2 course files were given" \
        in proc.stderr
    assert not (root / "out").exists()


def test_list_gives_the_ci_matrix(tmp_path):
    (tmp_path / "wog-build.toml").write_text("", encoding="utf-8")
    tiny_course(tmp_path / "source" / "ethics", "ethics", "Kestrel")
    write_course(tmp_path / "source" / "contoh", readme_example())
    proc = wog("list", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [
        {"id": "contoh", "folder": "contoh", "file": "source/contoh/course.yaml"},
        {"id": "ethics", "folder": "ethics", "file": "source/ethics/course.yaml"}]
    tiny_course(tmp_path / "source" / "ethics-copy", "ethics", "Kestrel")
    proc = wog("list", "--json", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert ("source/ethics-copy/course.yaml:1:5: error: course id 'ethics' is also declared "
            "by source/ethics/course.yaml:1") in proc.stderr


def test_ci_builds_one_job_per_course_from_the_list():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    jobs = workflow["jobs"]
    matrix_jobs = [job for job in jobs.values() if "strategy" in job]
    assert len(matrix_jobs) == 1
    build = matrix_jobs[0]
    found = re.fullmatch(r"\$\{\{ fromJSON\(needs\.([\w-]+)\.outputs\.([\w-]+)\) \}\}",
                         build["strategy"]["matrix"]["course"])
    assert found, build["strategy"]
    lister, key = found.groups()
    assert lister in build["needs"] if isinstance(build["needs"], list) \
        else build["needs"] == lister
    steps = " ".join(step.get("run", "") for step in jobs[lister]["steps"])
    assert "list --json" in steps and f"{key}=" in steps
    # each matrix job builds its one course, and the tests stay in .ci/run
    runs = " ".join(step.get("run", "") for step in build["steps"])
    assert "matrix.course.folder" in json.dumps(build) and 'make all COURSE="$COURSE"' in runs
    assert any(".ci/run" in step.get("run", "") and "--system-only" not in step["run"]
               for job in jobs.values() for step in job["steps"])
    # the list the job prints, as the workflow runs it in this checkout
    proc = subprocess.run([sys.executable, "-m", "wog_build", "list", "--json"], cwd=ROOT,
                          env=cli_env(), capture_output=True, text=True, timeout=60)
    courses = json.loads(proc.stdout)
    assert {c["file"] for c in courses} == {
        str(p.relative_to(ROOT)) for p in ROOT.glob("source/*/course.yaml")}
    assert all(c["id"] for c in courses)


def test_make_all_is_one_command_for_every_course():
    proc = subprocess.run(["make", "-n", "all"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    builds = [line for line in proc.stdout.splitlines() if "wog-build build" in line]
    assert len(builds) == 1, proc.stdout
    assert builds[0].split()[2:] == sorted(
        str(p.relative_to(ROOT)) for p in ROOT.glob("source/*/course.yaml"))


@pytest.mark.build
def test_a_stopped_curriculum_build_keeps_every_course_as_it_was(curriculum, tmp_path):
    """SIGTERM to the command while its courses build: every course process unwinds, no
    temporary file is left, and each course keeps its earlier outputs."""
    import shutil
    import signal
    import time

    root = tmp_path / "copy"
    shutil.copytree(curriculum[0], root)
    before = {p: p.read_bytes() for p in (root / "dist").glob("*/*") if p.is_file()}
    source = root / "source" / "ethics" / "course.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("Kestrel", "Heron"),
                      encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "wog_build", "build", "--jobs", "2",
                             *files(["contoh", "ethics"])], cwd=root, env=cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    end = time.monotonic() + 300
    while not list((root / "dist").glob("*/.*.part")):  # both are writing now
        assert proc.poll() is None and time.monotonic() < end, proc.communicate()
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, out + err
    assert "interrupted; earlier outputs are kept" in err
    time.sleep(1)  # a worker that outlived the command would still be writing
    dist = root / "dist"
    assert not list(dist.glob("*/.*.part"))
    after = {p: p.read_bytes() for p in dist.glob("*/*") if p.is_file()}
    assert after == before
