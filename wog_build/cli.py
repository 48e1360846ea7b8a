"""The ``wog-build`` command.

Exit codes: 0 ok; 2 a course source is invalid (every problem printed as
``file:line:col: error: message``); 1 an output could not be built (the previous
output is kept); 3 the built module and deck are not in sync with each other or with
the source.  Nothing here prints a traceback unless ``WOG_BUILD_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import (
    EXIT_BUILD_FAILED,
    EXIT_INVALID_SOURCE,
    EXIT_OK,
    EXIT_OUT_OF_SYNC,
    BuildFailed,
    CourseInvalid,
    OutOfSync,
)

if TYPE_CHECKING:
    from .context import BuildContext
    from .model import Course


def _print_errors(exc: CourseInvalid, fmt: str) -> None:
    for err in exc.errors:
        print(err.github() if fmt == "github" else str(err), file=sys.stderr)
    count = len(exc.errors)
    if fmt != "github":
        print(f"{count} error{'s' if count != 1 else ''}; nothing was built", file=sys.stderr)


class _Reporter:
    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(message)


def _guarded(name: str, job: Callable[[], None], fmt: str) -> int:
    """Run one job; turn every failure into the documented exit code and located lines."""
    try:
        job()
    except CourseInvalid as exc:
        _print_errors(exc, fmt)
        return EXIT_INVALID_SOURCE
    except OutOfSync as exc:
        for line in exc.lines:
            print(f"{name}: out of sync: {line}", file=sys.stderr)
        return EXIT_OUT_OF_SYNC
    except BuildFailed as exc:
        print(f"{name}: build failed: {exc}", file=sys.stderr)
        return EXIT_BUILD_FAILED
    except KeyboardInterrupt:
        print(f"{name}: interrupted; earlier outputs are kept", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("WOG_BUILD_DEBUG"):
            raise
        print(f"{name}: build failed: {type(exc).__name__}: {exc} "
              "(earlier outputs are kept; set WOG_BUILD_DEBUG=1 for details)",
              file=sys.stderr)
        return EXIT_BUILD_FAILED
    return EXIT_OK


def _run_courses(args: argparse.Namespace,
                 action: Callable[[Path, argparse.Namespace, _Reporter], None]) -> int:
    say = _Reporter(args.quiet)
    codes = [_guarded(name, lambda n=name: action(Path(n), args, say), args.format)
             for name in args.course_files]
    if 130 in codes:
        return 130
    # an invalid source outranks drift, which outranks a failed build
    for code in (EXIT_INVALID_SOURCE, EXIT_OUT_OF_SYNC, EXIT_BUILD_FAILED):
        if code in codes:
            return code
    return EXIT_OK


def _validate(path: Path, args: argparse.Namespace, say: _Reporter) -> None:
    from .loader import load_course

    course = load_course(path)
    units = sum(1 for _ in course.units())
    say(f"{path}: ok ({len(course.chapters)} chapters, {units} units)")


def _check(path: Path, args: argparse.Namespace, say: _Reporter) -> None:
    from . import build

    out = None if args.force else _out_dir(path, args)
    if out is not None and _up_to_date(path, out, ("pdf", "pptx"), args.layouts_dir) \
            and _report_current(out):
        say(f"{path}: in sync (outputs unchanged since the last check)")
        return
    course, ctx = build.prepare(path, Path(args.out) if args.out else None, args.layouts_dir)
    _prove(course, ctx, say, table=True)


def _prove(course: Course, ctx: BuildContext, say: _Reporter, table: bool = False) -> None:
    from . import sync

    report = sync.check_course(course, ctx)
    if table:
        sync.print_report(report, say)
    if ctx.out_dir.is_dir():
        say(f"wrote {sync.write_report(report, ctx)}")
    if not report.ok:
        raise OutOfSync(sync.problems(report))
    say(f"{course.id} {course.meta.version}: module and deck are in sync")


def _release(args: argparse.Namespace) -> int:
    from .paths import project_settings
    from .release import make_release

    say = _Reporter(args.quiet)
    out = Path(args.release_dir) if args.release_dir else \
        project_settings(args.root).dist / "release"

    def job() -> None:
        manifest = make_release([Path(f) for f in args.course_files], out, args.tag,
                                Path(args.dist) if args.dist else None, args.layouts_dir)
        for course in manifest["courses"]:
            for f in course["files"]:
                say(f"{out / f['name']}  {f['size']:>9} bytes  sha256 {f['sha256'][:16]}")
        say(f"wrote {out / 'SHA256SUMS'} and {out / 'manifest.json'}")

    return _guarded("release", job, args.format)


OUTPUT_KINDS = {"pdf": ("pdf",), "slides": ("pptx",), "build": ("pdf", "pptx")}


def _out_dir(path: Path, args: argparse.Namespace) -> Path | None:
    """Where a course's outputs are, without loading it: ``--out`` or the project's
    ``dist/<id>``."""
    from .paths import default_out_dir, quick_course_id

    if args.out:
        return Path(args.out)
    course_id = quick_course_id(path)
    return default_out_dir(course_id, args.root) if course_id else None


def _up_to_date(path: Path, out: Path | None, kinds: tuple[str, ...], layouts: Path) -> bool:
    from .stamp import up_to_date

    return out is not None and up_to_date(out, kinds, path.resolve().parent, layouts)


def _report_current(out: Path) -> bool:
    """A passing sync report newer than both outputs still holds for them."""
    for report in out.glob("*-sync.json"):
        try:
            data = json.loads(report.read_text(encoding="utf-8"))
            outputs = [Path(data["pdf"]), Path(data["pptx"])]
            newer = all(report.stat().st_mtime_ns > o.stat().st_mtime_ns for o in outputs)
        except (OSError, ValueError, KeyError):
            continue
        if data.get("ok") and newer:
            return True
    return False


def _output(kind: str) -> Callable[[Path, argparse.Namespace, _Reporter], None]:
    def action(path: Path, args: argparse.Namespace, say: _Reporter) -> None:
        if kind in OUTPUT_KINDS and not args.force and _up_to_date(
                path, _out_dir(path, args), OUTPUT_KINDS[kind], args.layouts_dir):
            say(f"{path}: up to date")
            return
        from . import build

        start = time.perf_counter()
        # the module's worker imports WeasyPrint while this process reads the course
        worker = build.PdfWorker() if kind == "build" and build.PdfWorker.available() else None
        try:
            course, ctx = build.prepare(path, Path(args.out) if args.out else None,
                                        args.layouts_dir)
        except BaseException:
            if worker:
                worker.abort()
            raise
        if kind == "pdf":
            build.build_pdf(course, ctx)
            outputs = [ctx.pdf_path]
        elif kind == "html":
            outputs = [build.build_html(course, ctx)]
        elif kind == "slides":
            outputs = [build.build_slides(course, ctx)]
        else:
            outputs = build.build_all(course, ctx, worker)
        took = time.perf_counter() - start
        for out in outputs:
            say(f"wrote {out}")
        say(f"{course.id} {course.meta.version}: {kind} in {took:.1f} s")
        if kind == "build":  # every full build ends with the proof that it is in sync
            _prove(course, ctx, say)

    return action


def _schema(args: argparse.Namespace) -> int:
    from .schema import all_schemas, course_schema

    def dump(schema: dict) -> str:
        return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"

    if args.out_dir:
        from .atomic import write_bytes_atomic

        for name, schema in all_schemas().items():
            write_bytes_atomic(Path(args.out_dir) / name, dump(schema).encode("utf-8"))
    else:
        sys.stdout.write(dump(course_schema()))
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="wog-build",
        description="Build a course's participant module (PDF) and trainer's deck (PPTX) "
        "from one YAML source.",
        epilog="exit codes: 0 ok, 1 build failed (earlier outputs kept), 2 invalid source, "
        "3 module and deck out of sync",
    )
    p.add_argument("--version", action="version", version=f"wog-build {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def course_cmd(name: str, help_text: str, outputs: bool = True,
                   layouts: bool = True) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.add_argument("course_files", nargs="+", metavar="COURSE_FILE")
        cmd.add_argument("--quiet", "-q", action="store_true", help="print only problems")
        cmd.add_argument("--format", choices=["text", "github"], default="text",
                         help="how to print source errors (github: workflow annotations)")
        if layouts:
            cmd.add_argument("--layouts", metavar="DIR",
                             help="the layouts to build with (default: the project's "
                             "'layouts' setting, else the packaged layouts)")
        if outputs:
            cmd.add_argument("--out", metavar="DIR",
                             help="output folder (default: dist/<course-id>/ in the project "
                             "root: the current folder, or the nearest one above it with a "
                             "wog-build.toml)")
            cmd.add_argument("--force", action="store_true",
                             help="rebuild even when nothing the outputs depend on changed")
        return cmd

    course_cmd("validate", "check course sources and report every problem",
               outputs=False, layouts=False).set_defaults(action=_validate)
    course_cmd("pdf", "build the participant module (PDF)").set_defaults(action=_output("pdf"))
    course_cmd("html", "write the module's intermediate HTML").set_defaults(
        action=_output("html"))
    course_cmd("slides", "build the trainer's deck (PPTX)").set_defaults(
        action=_output("slides"))
    course_cmd("build", "build the module, then the deck").set_defaults(
        action=_output("build"))
    course_cmd("check", "prove the built module and deck hold the same, current course "
               "(read back from dist/)").set_defaults(action=_check)
    release = course_cmd("release", "build every course, prove it in sync, and write "
                         "dist/release/ with SHA256SUMS and manifest.json", outputs=False)
    release.add_argument("--tag", help="the release tag (v1.0.0 or <course>-v1.0.0); "
                         "refused when it does not match the course version")
    release.add_argument("--release-dir", metavar="DIR",
                         help="default: dist/release/ in the project root")
    release.add_argument("--dist", metavar="DIR", help="where each course is built "
                         "(default: dist/<course-id>/)")
    release.set_defaults(run=_release)
    schema = sub.add_parser("schema", help="print the JSON Schema of the course format")
    schema.add_argument("--out-dir", metavar="DIR",
                        help="write course.schema.json and chapter.schema.json into DIR")
    schema.set_defaults(run=_schema)
    return p


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM (a cancelled CI job, a stopping container) unwinds like Ctrl-C, so every
    open ``atomic_output`` removes its temporary file and the last good output stays."""
    raise KeyboardInterrupt


def _project(args: argparse.Namespace) -> None:
    """Settle, once for the whole command, the project root (where dist/ goes) and the
    layouts: ``--layouts``, else the project's setting, else the packaged layouts."""
    from .paths import find_project_root, resolve_layouts

    args.root = find_project_root()
    args.layouts_dir = resolve_layouts(args.layouts, args.root)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if hasattr(args, "layouts"):
        from .paths import SettingsError

        try:
            _project(args)
        except SettingsError as exc:
            print(f"wog-build: {exc}", file=sys.stderr)
            return EXIT_BUILD_FAILED
    on_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminated) if on_main_thread else None
    try:
        if getattr(args, "run", None):
            return int(args.run(args))
        return _run_courses(args, args.action)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
