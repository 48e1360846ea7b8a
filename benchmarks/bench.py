"""`make bench`: how far the whole job sits above its floor, measured in one run.

For the WoG course and a generated course ten times its size, it reports the median
wall time over several runs and the peak RSS of: the full job (`wog-build build`:
validate, PDF, PPTX, sync proof), the PDF only, the PPTX only, the sync check, and a
no-op rebuild; and, measured in the same run on the same machine, the floor: the
`weasyprint` command on the same intermediate HTML with the same PDF variant, and a
bare python-pptx open-and-save of the same deck.  Figures are ratios against that
floor, never absolute targets: the machine's speed cancels out.

It also builds generated courses of 1,000 sections (and 10,000 with
``--sections 1000,10000`` or ``WOG_BENCH_SECTIONS=1000,10000``: most of an hour) once
each, and reports how the full build and the deck grow with the sections: linear work
takes about ten times as long for ten times the sections.

    python benchmarks/bench.py [--runs 3] [--scale 10] [--sections 1000] [--json out.json]
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
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WOG = ROOT / "source" / "wog"
PY = sys.executable
# The floor is WeasyPrint doing the same job: the same HTML with the same PDF variant
# (the module is a tagged PDF/UA-1 unless WOG_PDF_TAGGED=0).
FLOOR_OPTIONS = [] if os.environ.get("WOG_PDF_TAGGED") == "0" else ["--pdf-variant", "pdf/ua-1"]


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one command, measured on the child itself."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})}, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{stderr}")
    return wall, usage.ru_maxrss / 1024


def median_of(runs: int, cmd: list[str], before: list[str] | None = None,
              env: dict[str, str] | None = None) -> dict[str, float]:
    walls, rss = [], []
    for _ in range(runs):
        if before:
            run(before)
        wall, peak = run(cmd, env)
        walls.append(wall)
        rss.append(peak)
    return {"median_s": round(statistics.median(walls), 3), "min_s": round(min(walls), 3),
            "peak_rss_mb": round(max(rss), 1)}


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
        full = median_of(1, [*wog, "build", *o, "--force", course], env=quick)
        pptx = median_of(1, [*wog, "slides", *o, "--force", course], env=quick)
        from pypdf import PdfReader

        pages = len(PdfReader(next((tmp / f"out-s{size}").glob("*-modul.pdf"))).pages)
        figures[f"{size} sections"] = {"sections": size, "pages": pages, "full": full,
                                       "pptx": pptx}
        print(f"{size} sections: {pages} pages, full {full['median_s']:.1f} s, "
              f"deck {pptx['median_s']:.1f} s", file=sys.stderr)
    return figures


def bench_course(label: str, course: Path, out: Path, runs: int) -> dict[str, object]:
    wog = [PY, "-m", "wog_build"]
    o = ["--out", str(out), "--quiet"]
    c = str(course)
    run([*wog, "build", *o, "--force", c])  # warm the caches the OS keeps
    run([*wog, "html", *o, c])
    html = next(out.glob("*.html"))
    pdf, pptx = next(out.glob("*-modul.pdf")), next(out.glob("*.pptx"))
    from pypdf import PdfReader

    pages = len(PdfReader(pdf).pages)
    floor_pdf = out / "floor.pdf"
    figures = {
        "pages": pages,
        "full": median_of(runs, [*wog, "build", *o, "--force", c]),
        "pdf": median_of(runs, [*wog, "pdf", *o, "--force", c]),
        "pptx": median_of(runs, [*wog, "slides", *o, "--force", c]),
        "check": median_of(runs, [*wog, "check", *o, "--force", c]),
        "noop": median_of(runs, [*wog, "build", *o, c]),
        "floor_weasyprint": median_of(runs, [PY, "-m", "weasyprint", *FLOOR_OPTIONS,
                                             "--base-url", str(course.parent) + "/",
                                             str(html), str(floor_pdf)]),
        "floor_pptx_save": median_of(runs, [PY, "-c", (
            "import sys; from pptx import Presentation; "
            "Presentation(sys.argv[1]).save(sys.argv[2])"), str(pptx), str(out / "floor.pptx")]),
    }
    figures["full_over_floor"] = round(
        figures["full"]["median_s"] / figures["floor_weasyprint"]["median_s"], 3)
    print(f"{label}: {pages} pages", file=sys.stderr)
    return figures


def table(results: dict[str, dict]) -> str:
    rows = ["| measure | " + " | ".join(results) + " |",
            "| --- | " + " | ".join("---" for _ in results) + " |"]
    keys = ["full", "pdf", "pptx", "check", "noop", "floor_weasyprint", "floor_pptx_save"]
    rows.append("| pages | " + " | ".join(str(r["pages"]) for r in results.values()) + " |")
    for key in keys:
        cells = [f"{r[key]['median_s']:.2f} s, {r[key]['peak_rss_mb']:.0f} MB"
                 for r in results.values()]
        rows.append(f"| {key} | " + " | ".join(cells) + " |")
    rows.append("| full / floor | " + " | ".join(
        f"{r['full_over_floor']:.2f}" for r in results.values()) + " |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--sections", default=os.environ.get("WOG_BENCH_SECTIONS", "1000"),
                        help="generated courses of this many sections, comma-separated "
                        "(default 1000, or $WOG_BENCH_SECTIONS: 1000,10000 adds the "
                        "10,000-section course, which takes the better part of an hour)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sections.split(",") if n.strip()]
    with tempfile.TemporaryDirectory(prefix="wog-bench-") as tmp:
        tmp_path = Path(tmp)
        results = {"wog (1x)": bench_course("wog", WOG / "course.yaml", tmp_path / "out1",
                                            args.runs)}
        big = scaled_course(args.scale, tmp_path / "big")
        results[f"wog ({args.scale}x)"] = bench_course(f"{args.scale}x", big, tmp_path / "outN",
                                                       args.runs)
        sections = bench_sections(sizes, tmp_path) if sizes else {}
    one, many = results.values()
    summary = {
        "full_over_floor_1x": one["full_over_floor"],
        "full_over_floor_scaled": many["full_over_floor"],
        "scaled_over_1x_time": round(many["full"]["median_s"] / one["full"]["median_s"], 2),
        "scaled_over_1x_content": args.scale,
        "noop_s": one["noop"]["median_s"],
        "peak_rss_scaled_mb": many["full"]["peak_rss_mb"],
    }
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
