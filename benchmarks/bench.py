"""`make bench`: how far the whole job sits above its floor, measured in one run.

For the WoG course and generated courses ten (and thirty) times its size, it reports
the median wall time over several runs and the peak memory of: the full job
(`wog-build build`: validate, PDF, PPTX, sync proof) with the module laid out in parts
by one process a core and, beside it, in one pass (`--single-pass`); the PDF only (both
ways); the PPTX only; the sync check; a no-op rebuild; and the incremental rebuild
after one paragraph of one chapter changed (the parts kept in `<out>/.cache/` from the
build before).  Every full or PDF build starts without that cache.  Measured in the same
run on the same machine, the floor: the `weasyprint` command on the same intermediate
HTML with the same PDF variant, and a bare python-pptx open-and-save of the same deck.
Figures are ratios against that floor, never absolute targets: the machine's speed
cancels out.

Memory is sampled every 20 ms over the whole process tree (the build, its module
worker, the layout workers): the peak of the sum of their resident sets (RSS, which
counts pages they share once per process) and of their proportional sets (PSS, which
divides shared pages among the processes sharing them: the memory the tree really
holds).

    python benchmarks/bench.py [--runs 3] [--scales 10,30] [--json out.json]

It also builds generated courses of 1,000 sections (and 10,000 with
``--sections 1000,10000`` or ``WOG_BENCH_SECTIONS=1000,10000``: most of an hour) once
each, and reports how the full build and the deck grow with the sections: linear work
takes about ten times as long for ten times the sections.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WOG = ROOT / "source" / "wog"
PY = sys.executable
# The slide handouts (LibreOffice rendering the deck, seconds a course) are left out, as
# on a machine without LibreOffice: the job measured is the module, the deck, the guide,
# the quizzes and the proof, beside WeasyPrint's floor.
os.environ["WOG_BUILD_TOOLS"] = "0"
# The floor is WeasyPrint doing the same job: the same HTML with the same PDF variant
# (the module is a tagged PDF/UA-1 unless WOG_PDF_TAGGED=0).
FLOOR_OPTIONS = [] if os.environ.get("WOG_PDF_TAGGED") == "0" else ["--pdf-variant", "pdf/ua-1"]


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            continue
    return found


def _memory(pid: int) -> tuple[float, float]:
    """RSS and PSS of one process in MB (0 when it is gone)."""
    rss = pss = 0.0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) / 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, pss


class TreeSampler(threading.Thread):
    """The peak, over the run, of the summed RSS and PSS of a process tree."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.rss, self.pss, self.processes = pid, 0.0, 0.0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            pids = _tree(self.pid)
            sizes = [_memory(p) for p in pids]
            self.rss = max(self.rss, sum(r for r, _ in sizes))
            self.pss = max(self.pss, sum(p for _, p in sizes))
            self.processes = max(self.processes, len(pids))
            self.done.wait(0.02)


def run(cmd: list[str], env: dict[str, str] | None = None, sample: bool = False
        ) -> tuple[float, float, float, float]:
    """Wall seconds, the peak summed RSS and PSS (MB) of one command's process tree, and
    the CPU seconds of the tree (user and system, every process waited for): on a
    machine shared with other work, CPU time shows what the job costs when wall time
    mostly shows the neighbours.  The tree is sampled (RSS and PSS summed every 20 ms)
    only with ``sample``: reading a process's PSS costs the kernel about 8 ms per
    400 MB, so sampling a build of four processes takes most of a core from it, and a
    timed run must not be watched that way (the floor, one process, left the other core
    to the sampler and was not slowed).  Without it the RSS is the largest process's."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})}, cwd=ROOT)
    sampler = TreeSampler(proc.pid)
    if sample:
        sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if sample:
        sampler.done.set()
        sampler.join()
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{stderr}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, max(sampler.rss, usage.ru_maxrss / 1024), sampler.pss, cpu


def median_of(runs: int, cmd: list[str], before: Callable[[], object] | None = None,
              env: dict[str, str] | None = None, memory: bool = True,
              beside: list[str] | None = None) -> dict[str, Any]:
    """The median of ``runs`` timed runs, and the peak memory of one more, sampled, run
    (see :func:`run`); without ``memory``, no more run: the largest process's RSS.
    With ``beside``, that command is timed right after each run, and its figures come
    back under ``"beside"``: this machine's speed drifts by a tenth over minutes (the
    same build's CPU time too), so a ratio is taken between runs made side by side."""
    walls, cpus, beside_walls, beside_cpus = [], [], [], []
    for _ in range(runs):
        if before:
            before()
        wall, rss, pss, cpu = run(cmd, env)
        walls.append(wall)
        cpus.append(cpu)
        if beside:
            wall_b, _, _, cpu_b = run(beside)
            beside_walls.append(wall_b)
            beside_cpus.append(cpu_b)
    if memory:
        if before:
            before()
        _, rss, pss, _ = run(cmd, env, sample=True)
    figures = _figures(walls, cpus, rss, pss)
    if beside:
        _, rss_b, pss_b, _ = run(beside, sample=memory)
        figures["beside"] = _figures(beside_walls, beside_cpus, rss_b, pss_b)
        # each run over the one beside it, then the median: the machine's speed (which
        # moves by half between hours, by a tenth between minutes) cancels out of each
        # pair, not out of a ratio of two medians taken of different moments
        figures["over_beside"] = round(statistics.median(
            w / b for w, b in zip(walls, beside_walls, strict=True)), 3)
    return figures


def _figures(walls: list[float], cpus: list[float], rss: float, pss: float
             ) -> dict[str, Any]:
    return {"median_s": round(statistics.median(walls), 3), "min_s": round(min(walls), 3),
            "cpu_s": round(statistics.median(cpus), 3),
            "peak_rss_mb": round(rss, 1), "peak_pss_mb": round(pss, 1)}


def compiled() -> None:
    """The package's bytecode, as an installed package has it (pip compiles it at
    install; an editable install on its first run).  With ``PYTHONDONTWRITEBYTECODE``
    set, every timed run would compile the whole package again (half a second of the
    1x build) while the floor's WeasyPrint runs compiled."""
    import compileall

    compileall.compile_dir(ROOT / "wog_build", quiet=1)


def scaled_course(scale: int, into: Path) -> Path:
    """The WoG course with its chapters repeated ``scale`` times (ids made unique)."""
    import yaml

    shutil.copytree(WOG, into)
    main = yaml.safe_load((into / "course.yaml").read_text(encoding="utf-8"))
    includes = [c["include"] for c in main["chapters"]]
    chapters = []
    for copy in range(scale):
        for name in includes:
            text = (into / name).read_text(encoding="utf-8")
            if copy:  # explicit ids stay unique; cross-references follow their copy
                text = re.sub(r"(\bid: |\]\(#)([a-z0-9][a-z0-9_.:-]*)", rf"\g<1>\g<2>-{copy}",
                              text)
            target = into / f"x{copy}-{name}"
            target.write_text(text, encoding="utf-8")
            chapters.append({"include": target.name})
    main["chapters"] = chapters
    minutes = sum(int((yaml.safe_load((into / name).read_text(encoding="utf-8")) or {})
                      .get("minutes", 0)) for name in includes)
    meta = main.get("meta", {})
    if "duration_jp" in meta:  # the copies' minutes, in lessons of 45 minutes
        meta["duration_jp"] = int(meta["duration_jp"]) + (scale - 1) * minutes // 45
    (into / "course.yaml").write_text(yaml.safe_dump(main, allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")
    return into / "course.yaml"


def sections_course(sections: int, into: Path) -> Path:
    """A course of ``sections`` sections (100 a chapter), each with three key points and
    a paragraph: the shape of a large course, generated on the fly."""
    into.mkdir(parents=True)
    lines = ["id: besar\nmeta:\n  title: Kursus Besar\n  programme: Pelatihan Dasar CPNS\n"
             "  publisher: Lembaga Administrasi Negara\n  year: 2026\n  version: \"1.0.0\"\n"
             "foreword:\n  text:\n    - Modul ini dibuat untuk mengukur kecepatan.\n"
             "  signatory: Tim Pengukur\nintroduction:\n  background:\n    - Latar.\n"
             "  description:\n    - Deskripsi.\n  competency: Peserta mampu mengukur.\n"
             "  indicators:\n    - id: ind-ukur\n      text: Mengukur kecepatan\n"
             "chapters:\n"]
    for chapter in range(-(-sections // 100)):
        lines.append(f"  - title: Bab ukuran {chapter + 1}\n    sections:\n")
        for n in range(chapter * 100 + 1, min(sections, chapter * 100 + 100) + 1):
            lines.append(f"      - title: Bagian {n}\n        key_points:\n"
                         + "".join(f"          - Poin {k} bagian {n} tentang kerja lintas "
                                   "batas\n" for k in (1, 2, 3))
                         + f"        blocks:\n          - Paragraf bagian {n} menjelaskan "
                         "isinya dengan kalimat biasa yang cukup panjang.\n")
        lines.append("    summary:\n      - Ringkasan.\n")
    lines.append("evaluation:\n  questions:\n    - kind: true_false\n      indicator: "
                 "ind-ukur\n      question: Kecepatan dapat diukur.\n      answer: true\n")
    (into / "course.yaml").write_text("".join(lines), encoding="utf-8")
    return into / "course.yaml"


def bench_sections(sizes: list[int], tmp: Path) -> dict[str, dict[str, Any]]:
    """The full build (without the LibreOffice handouts) and the deck alone of generated
    courses of ``sizes`` sections,
    one run each (a 10,000-section build takes many minutes), and how each grows
    against the smallest: linear work grows as the sections do."""
    wog = [PY, "-m", "wog_build"]
    figures: dict[str, dict[str, Any]] = {}
    for size in sizes:
        course = str(sections_course(size, tmp / f"s{size}"))
        o = ["--out", str(tmp / f"out-s{size}"), "--quiet"]
        # without the LibreOffice outputs (the handouts): converting a deck of thousands
        # of slides takes LibreOffice longer than the build allows it (300 s)
        quick = {"WOG_BUILD_TOOLS": "0"}
        full = median_of(1, [*wog, "build", *o, "--force", course], env=quick, memory=False)
        pptx = median_of(1, [*wog, "slides", *o, "--force", course], env=quick, memory=False)
        from pypdf import PdfReader

        pages = len(PdfReader(next((tmp / f"out-s{size}").glob("*-modul.pdf"))).pages)
        figures[f"{size} sections"] = {"sections": size, "pages": pages, "full": full,
                                       "pptx": pptx}
        print(f"{size} sections: {pages} pages, full {full['median_s']:.1f} s, "
              f"deck {pptx['median_s']:.1f} s", file=sys.stderr)
    return figures


EDITED = "Bab ini membahas"


def edit_one_paragraph(course: Path) -> Callable[[], None]:
    """Each call changes one paragraph of one chapter (the middle one) anew."""
    chapters = sorted(course.parent.glob("x*-bab3*.yaml"))
    target = chapters[len(chapters) // 2] if chapters else None
    count = [0]

    def edit() -> None:
        if target is None:
            raise SystemExit(f"no chapter to edit in {course.parent}")
        text = target.read_text(encoding="utf-8")
        count[0] += 1
        changed = re.sub(r"Bab ini( \(revisi [0-9]+\))? membahas",
                         f"Bab ini (revisi {count[0]}) membahas", text, count=1)
        if changed == text:
            raise SystemExit(f"{target}: no '{EDITED}' to change")
        target.write_text(changed, encoding="utf-8")
    return edit


def bench_course(label: str, course: Path, out: Path, runs: int,
                 only: set[str]) -> dict[str, object]:
    wog = [PY, "-m", "wog_build"]
    o = ["--out", str(out), "--quiet"]
    c = str(course)
    cache = out / ".cache"
    parts = ["--jobs", str(len(os.sched_getaffinity(0)))]  # the module in parts, a core each

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    run([*wog, "build", *o, "--force", c])  # warm the caches the OS keeps
    run([*wog, "html", *o, c])
    html = next(out.glob("*.html"))
    pdf, pptx = next(out.glob("*-modul.pdf")), next(out.glob("*.pptx"))
    from pypdf import PdfReader

    pages = len(PdfReader(pdf).pages)
    floor_pdf = out / "floor.pdf"
    floor_cmd = [PY, "-m", "weasyprint", *FLOOR_OPTIONS, "--base-url",
                 str(course.parent) + "/", str(html), str(floor_pdf)]
    measures: dict[str, Callable[[], dict[str, Any]]] = {
        "full": lambda: median_of(runs, [*wog, "build", *o, *parts, "--force", c], cold,
                                  beside=floor_cmd),
        "full_single": lambda: median_of(runs, [*wog, "build", *o, "--force", "--single-pass",
                                                c]),
        "pdf": lambda: median_of(runs, [*wog, "pdf", *o, *parts, "--force", c], cold),
        "pdf_single": lambda: median_of(runs, [*wog, "pdf", *o, "--force", "--single-pass", c]),
        "pptx": lambda: median_of(runs, [*wog, "slides", *o, "--force", c]),
        "check": lambda: median_of(runs, [*wog, "check", *o, "--force", c]),
        # after the one-output builds above, the first build is not a no-op: it is run
        # (untimed) first, so the figures are the no-op's own
        "noop": lambda: (run([*wog, "build", *o, c]),
                         median_of(runs, [*wog, "build", *o, c]))[1],
        "floor_weasyprint": lambda: median_of(runs, floor_cmd),
        "floor_pptx_save": lambda: median_of(runs, [PY, "-c", (
            "import sys; from pptx import Presentation; "
            "Presentation(sys.argv[1]).save(sys.argv[2])"), str(pptx), str(out / "floor.pptx")]),
    }
    figures: dict[str, object] = {"pages": pages}
    for key, measure in measures.items():
        if key == "floor_weasyprint" and "floor_weasyprint" in figures:
            continue  # timed beside the full build's runs
        if key in only:
            measured = measure()
            if "beside" in measured:
                figures["floor_weasyprint"] = measured.pop("beside")
                figures[f"{key}_over_floor_paired"] = measured.pop("over_beside")
            figures[key] = measured
    edit = edit_one_paragraph(course)
    for key, command in (("incremental", "build"), ("incremental_pdf", "pdf")):
        if key in only:
            run([*wog, command, *o, *parts, c])  # the cache of the current source
            figures[key] = median_of(runs, [*wog, command, *o, *parts, c], edit)
    floor = figures["floor_weasyprint"]["median_s"]  # type: ignore[index]
    for key in ("full", "full_single", "pdf", "pdf_single", "incremental", "incremental_pdf"):
        if key in figures:
            figures[f"{key}_over_floor"] = round(
                figures[key]["median_s"] / floor, 3)  # type: ignore[index]
    for key, whole in (("incremental", "full"), ("incremental_pdf", "pdf")):
        if key in figures and whole in figures:
            figures[f"{key}_over_{whole}"] = round(
                figures[key]["median_s"] / figures[whole]["median_s"], 3)  # type: ignore[index]
    print(f"{label}: {pages} pages", file=sys.stderr)
    return figures


KEYS = ["full", "full_single", "pdf", "pdf_single", "incremental", "incremental_pdf", "pptx",
        "check", "noop", "floor_weasyprint", "floor_pptx_save"]
RATIOS = ["full_over_floor", "full_over_floor_paired", "full_single_over_floor", "pdf_over_floor",
          "pdf_single_over_floor", "incremental_over_full", "incremental_pdf_over_pdf"]


def table(results: dict[str, dict]) -> str:
    rows = ["| measure | " + " | ".join(results) + " |",
            "| --- | " + " | ".join("---" for _ in results) + " |"]
    rows.append("| pages | " + " | ".join(str(r["pages"]) for r in results.values()) + " |")
    for key in KEYS:
        if not all(key in r for r in results.values()):
            continue
        cells = [f"{r[key]['median_s']:.2f} s (cpu {r[key]['cpu_s']:.1f} s), "
                 f"RSS {r[key]['peak_rss_mb']:.0f} MB, "
                 f"PSS {r[key]['peak_pss_mb']:.0f} MB" for r in results.values()]
        rows.append(f"| {key} | " + " | ".join(cells) + " |")
    for key in RATIOS:
        if not all(key in r for r in results.values()):
            continue
        label = key.replace("_over_", " / ").replace("_paired", " (paired)")
        rows.append(f"| {label} | " + " | ".join(
            f"{r[key]:.2f}" for r in results.values()) + " |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="1,10,30",
                        help="the content multiples, comma-separated (1 is always measured "
                        "unless --no-1x)")
    parser.add_argument("--no-1x", action="store_true", help="skip the 1x course")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--sections", default=os.environ.get("WOG_BENCH_SECTIONS", "1000"),
                        help="generated courses of this many sections, comma-separated "
                        "(default 1000, or $WOG_BENCH_SECTIONS: 1000,10000 adds the "
                        "10,000-section course, which takes the better part of an hour; "
                        "empty: none)")
    parser.add_argument("--only", default=",".join(KEYS),
                        help="the measures to take, comma-separated (floor_weasyprint always)")
    args = parser.parse_args()
    only = {x.strip() for x in args.only.split(",")} | {"floor_weasyprint"}
    sizes = [int(n) for n in args.sections.split(",") if n.strip()]
    scales = [int(x) for x in args.scales.split(",") if x.strip()]
    compiled()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="wog-bench-") as tmp:
        tmp_path = Path(tmp)
        results: dict[str, dict] = {}
        if not args.no_1x:
            results["wog (1x)"] = bench_course("wog", scaled_course(1, tmp_path / "one"),
                                               tmp_path / "out1", args.runs, only)
        for scale in scales:
            if scale == 1:
                continue
            big = scaled_course(scale, tmp_path / f"x{scale}")
            results[f"wog ({scale}x)"] = bench_course(f"{scale}x", big, tmp_path / f"out{scale}",
                                                      args.runs, only)
        sections = bench_sections(sizes, tmp_path) if sizes else {}
    one = results.get("wog (1x)", {})
    summary: dict[str, object] = {
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "cores": len(os.sched_getaffinity(0)),
    }
    for name, r in results.items():
        scale = name[name.index("(") + 1:name.index(")")]
        for key in ("full_over_floor", "full_over_floor_paired", "pdf_over_floor",
                    "pdf_single_over_floor",
                    "incremental_over_full", "incremental_pdf_over_pdf"):
            if key in r:
                summary[f"{key}_{scale}"] = r[key]
        for key in ("full", "pdf"):
            if key in r:
                summary[f"peak_rss_tree_{key}_{scale}_mb"] = r[key]["peak_rss_mb"]
                summary[f"peak_pss_tree_{key}_{scale}_mb"] = r[key]["peak_pss_mb"]
    if "noop" in one:
        summary["noop_s"] = one["noop"]["median_s"]
    if "wog (10x)" in results and "wog (30x)" in results:
        ten, thirty = results["wog (10x)"], results["wog (30x)"]
        # the floor's own growth beside it: this machine's speed drifts over the minutes
        # between the two, and a ratio of times is only as steady as the machine
        for key in ("full", "pdf", "floor_weasyprint"):
            if key in ten and key in thirty:
                summary[f"{key}_time_30x_over_10x"] = round(
                    thirty[key]["median_s"] / ten[key]["median_s"], 2)
    if sections:
        base = next(iter(sections.values()))
        for label, figure in sections.items():
            grow = figure["sections"] / base["sections"]
            for key in ("full", "pptx"):
                took = figure[key]["median_s"] / base[key]["median_s"]
                summary[f"{key}_{label.replace(' ', '_')}_s"] = figure[key]["median_s"]
                if grow > 1:
                    summary[f"{key}_{label.replace(' ', '_')}_over_smallest"] = \
                        f"{took:.2f}x time for {grow:.0f}x sections"
    print(table(results))
    print()
    for key, value in summary.items():
        print(f"{key}: {value}")
    if args.json:
        args.json.write_text(json.dumps({"results": results, "sections": sections,
                                         "summary": summary}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
