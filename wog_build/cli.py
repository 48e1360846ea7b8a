"""The ``wog-build`` command.

Its subcommands come from the writer registry: one per output (``pdf``, ``slides``,
...), ``build`` for all of them, ``check`` for the sync proof.  This is the only module
that reads the environment (into :class:`~wog_build.options.Options`).

Exit codes: 0 ok; 2 a course source is invalid (every problem printed as
``file:line:col: error: message``); 1 an output could not be built (the previous
output is kept); 3 the built outputs are not in sync with each other or with the
source.  Nothing here prints a traceback unless ``WOG_BUILD_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import functools
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .errors import (
    EXIT_BUILD_FAILED,
    EXIT_INVALID_SOURCE,
    EXIT_OK,
    EXIT_OUT_OF_SYNC,
    BuildFailed,
    CourseInvalid,
    OutOfSync,
    SourceError,
    count_text,
)
from .options import Options


def _print_problem(problem: SourceError, fmt: str) -> None:
    print(problem.github() if fmt == "github" else str(problem), file=sys.stderr)


def _print_errors(exc: CourseInvalid, fmt: str) -> None:
    for err in exc.errors:
        _print_problem(err, fmt)
    if fmt != "github":
        print(f"{count_text(exc.errors)}; nothing was built", file=sys.stderr)


class _Reporter:
    """Progress lines (stdout, unless quiet) and source warnings (stderr, always)."""

    def __init__(self, quiet: bool, fmt: str = "text") -> None:
        self.quiet = quiet
        self.fmt = fmt

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(message)

    def warn(self, problem: SourceError) -> None:
        _print_problem(problem, self.fmt)


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
        if Options.from_environment().debug:
            raise
        print(f"{name}: build failed: {type(exc).__name__}: {exc} "
              "(earlier outputs are kept; set WOG_BUILD_DEBUG=1 for details)",
              file=sys.stderr)
        return EXIT_BUILD_FAILED
    return EXIT_OK


def _worst(codes: Sequence[int]) -> int:
    """The command's exit code for its courses' codes: an interrupt, else an invalid
    source, which outranks drift, which outranks a failed build."""
    for code in (130, EXIT_INVALID_SOURCE, EXIT_OUT_OF_SYNC, EXIT_BUILD_FAILED):
        if code in codes:
            return code
    return EXIT_OK


_OUTCOME = {EXIT_OK: "ok", EXIT_BUILD_FAILED: "build failed",
            EXIT_INVALID_SOURCE: "invalid source", EXIT_OUT_OF_SYNC: "out of sync",
            130: "interrupted"}


def _summary(names: Sequence[str], codes: Sequence[int], seconds: Sequence[float | None],
             quiet: bool) -> None:
    """One line per course, then the count: what a reader of a curriculum's log looks for
    first.  Failures go to stderr (even with --quiet), the rest to stdout."""
    for name, code, took in zip(names, codes, seconds, strict=True):
        timing = f" ({took:.1f} s)" if took is not None else ""
        line = f"{name}: {_OUTCOME.get(code, 'failed')}" + (
            f" (exit {code})" if code else "") + timing
        if code:
            print(line, file=sys.stderr)
        elif not quiet:
            print(line)
    failed = sum(1 for c in codes if c)
    total = f"{len(codes)} courses: {len(codes) - failed} ok"
    if failed:
        print(f"{total}, {failed} failed (exit {_worst(codes)})", file=sys.stderr)
    elif not quiet:
        print(total)


def _run_courses(args: argparse.Namespace,
                 action: Callable[[Path, argparse.Namespace, _Reporter], None]) -> int:
    """Every course of the command: one at a time, or (several courses, ``--jobs`` above
    1) in a pool of course processes (:mod:`wog_build.pipeline.pool`); each course its
    own transaction, its own exit code, its own block of output."""
    from .curriculum import distinct, read_id, shared_ids
    from .pipeline import pool

    say = _Reporter(args.quiet, args.format)
    names = [str(f) for f in distinct([Path(f) for f in args.course_files])]
    if len(names) > 1 and getattr(args, "out", None):
        print(f"wog-build: --out {args.out} is one course's output folder, but "
              f"{len(names)} course files were given; leave --out out (each course goes "
              "to dist/<course-id>/), or give one course file", file=sys.stderr)
        return EXIT_BUILD_FAILED
    # two files that declare one id would build into one folder: refused before building
    clashes = shared_ids([read_id(Path(n)) for n in names]) if len(names) > 1 else {}

    def course(name: str) -> int:
        if Path(name) in clashes:
            _print_errors(CourseInvalid([clashes[Path(name)]]), args.format)
            return EXIT_INVALID_SOURCE
        return _guarded(name, functools.partial(action, Path(name), args, say), args.format)

    budget = args.jobs or pool.default_jobs()
    jobs = min(budget, len(names))
    if jobs > 1 and Options.from_environment().parallel and pool.can_fork():
        def pooled(name: str) -> int:  # in the course's own process
            args.jobs = max(1, budget // jobs)  # its share, for what it runs in parallel
            return course(name)

        try:
            ended = pool.run_pool(names, pooled, jobs)
        except KeyboardInterrupt:
            return 130
        codes = [e.code for e in ended]
        seconds: list[float | None] = [e.seconds for e in ended]
    else:
        codes, seconds = [], []
        for name in names:
            codes.append(course(name))
            seconds.append(None)
            if codes[-1] == 130:
                return 130
    if len(names) > 1:
        _summary(names, codes, seconds, args.quiet)
    return _worst(codes)


def _default_jobs() -> int:
    from .pipeline.pool import default_jobs

    return default_jobs()


def _options(args: argparse.Namespace) -> Options:
    """The one place the environment and the project settings are read: they become the
    typed options (the project root and its layouts settled once per command)."""

    return Options.from_environment(
        out=Path(args.out) if getattr(args, "out", None) else None,
        layouts=args.layouts_dir, project_root=args.root,
        template=Path(args.template) if getattr(args, "template", None) else None,
        theme=args.settings.theme, assets=args.settings.assets,
        force=bool(getattr(args, "force", False)),
        wait=not getattr(args, "no_wait", False),
        jobs=getattr(args, "jobs", None) or _default_jobs(),
        single_pass=bool(getattr(args, "single_pass", False)),
        strict=bool(getattr(args, "strict", False)) or args.settings.strict)


def _project(args: argparse.Namespace) -> None:
    """The project root (where dist/ goes) and the layouts: ``--layouts``, else the
    project's setting, else the packaged layouts."""
    from .paths import find_project_root, project_settings, resolve_layouts

    args.root = find_project_root()
    args.layouts_dir = resolve_layouts(getattr(args, "layouts", None), args.root)
    args.settings = project_settings(args.root)


def _validate(path: Path, args: argparse.Namespace, say: _Reporter) -> None:
    from .loader import load_course

    options = _options(args)
    doc = load_course(path, options.layouts, strict=options.strict, options=options)
    for problem in doc.warnings:
        say.warn(problem)
    warned = f"; {count_text(list(doc.warnings))}" if doc.warnings else ""
    say(f"{path}: ok ({len(doc.chapters)} chapters, {len(doc.units())} units){warned}")


def _check(path: Path, args: argparse.Namespace, say: _Reporter) -> None:
    from . import build
    from .pipeline.lock import build_lock

    # the proof always reads the outputs back: a stamp may say they were built from these
    # inputs, but not that nobody changed them since in a way size and mtime keep
    options = _options(args)
    doc, ctx = build.prepare(path, options=options, warn=say.warn)
    with build_lock(ctx.out_dir, doc.id, options.wait, reading=True):  # never half a set
        build.prove_and_report(doc, ctx, say, table=True)


def _release(args: argparse.Namespace) -> int:
    from .curriculum import distinct, read_id, shared_ids
    from .paths import project_settings
    from .release import make_release

    say = _Reporter(args.quiet, args.format)
    out = Path(args.release_dir) if args.release_dir else \
        project_settings(args.root).dist / "release"
    args.course_files = [str(f) for f in distinct([Path(f) for f in args.course_files])]
    clashes = shared_ids([read_id(Path(f)) for f in args.course_files])
    if clashes:
        _print_errors(CourseInvalid(list(clashes.values())), args.format)
        return EXIT_INVALID_SOURCE

    def job() -> None:
        manifest = make_release([Path(f) for f in args.course_files], out, args.tag,
                                Path(args.dist) if args.dist else None, _options(args))
        for course in manifest["courses"]:
            for f in course["files"]:
                say(f"{out / f['name']}  {f['size']:>9} bytes  sha256 {f['sha256'][:16]}")
        say(f"wrote {out / 'SHA256SUMS'} and {out / 'manifest.json'}")

    return _guarded("release", job, args.format)


def _output(names: list[str] | None) -> Callable[[Path, argparse.Namespace, _Reporter], None]:
    """The action of ``build`` (``names`` None: every output) or of one output's command."""
    def action(path: Path, args: argparse.Namespace, say: _Reporter) -> None:
        from . import build

        build.build_course(path, names, _options(args), say, say.warn)

    return action


def _intermediate(name: str) -> Callable[[Path, argparse.Namespace, _Reporter], None]:
    def action(path: Path, args: argparse.Namespace, say: _Reporter) -> None:
        from . import build
        from .atomic import write_bytes_atomic
        from .writers.registry import get

        doc, ctx = build.prepare(path, options=_options(args), warn=say.warn)
        target, data = get(name).intermediate(doc, ctx)
        write_bytes_atomic(target, data)
        say(f"wrote {target}")

    return action


def _list(args: argparse.Namespace) -> int:
    """The courses a curriculum build takes (the project's ``source/*/course.yaml``, or
    the files given), with their ids: for a CI job matrix (``--json``) or a reader."""
    from .curriculum import distinct, project_courses, read_id, shared_ids, shown

    files = distinct([Path(f) for f in args.course_files]) if args.course_files \
        else [Path(shown(f)) for f in project_courses(args.root)]
    courses = [read_id(f) for f in files]
    clashes = shared_ids(courses)
    if clashes:
        for problem in sorted(clashes.values()):
            _print_problem(problem, "text")
        return EXIT_INVALID_SOURCE
    rows = [{"id": c.id, "folder": c.file.parent.name, "file": shown(c.file)}
            for c in courses]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for row in rows:
            print(f"{row['id'] or '?'}\t{row['file']}")
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .errors import BuildFailed
    from .scaffold import new_course

    try:
        main_file = new_course(args.root, args.course_id, args.layouts_dir)
    except BuildFailed as exc:
        print(f"wog-build: {exc}", file=sys.stderr)
        return EXIT_BUILD_FAILED
    rel = main_file.relative_to(Path.cwd()) if main_file.is_relative_to(Path.cwd()) \
        else main_file
    print(f"wrote {main_file.parent}/\nnext: wog-build build {rel}   (or: wog-build serve "
          f"{rel})")
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from .errors import BuildFailed
    from .scaffold import init_project

    folder = Path(args.folder).resolve()
    try:
        init_project(folder, args.layouts_dir)
    except BuildFailed as exc:
        print(f"wog-build: {exc}", file=sys.stderr)
        return EXIT_BUILD_FAILED
    print(f"made a project in {folder}: wog-build.toml, themes/, source/contoh/, Makefile, "
          ".gitignore, .github/workflows/build.yml\nnext: make all")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(Path(args.course_file), _options(args), args.port,
                 lambda line: print(line, flush=True))


def _schema(args: argparse.Namespace) -> int:
    from .schema import all_schemas, course_schema

    def dump(schema: dict[str, Any]) -> str:
        return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"

    if args.out_dir:
        from .atomic import write_bytes_atomic

        for name, schema in all_schemas().items():
            write_bytes_atomic(Path(args.out_dir) / name, dump(schema).encode("utf-8"))
    else:
        sys.stdout.write(dump(course_schema()))
    return EXIT_OK


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes: give 1 "
                                         "or more")
    return int(text)


def _no_wait(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--no-wait", action="store_true",
                     help="when another build of the same course id is running, stop at "
                     "once (exit code 1) instead of waiting for it to end")


def parser() -> argparse.ArgumentParser:
    from .writers.registry import families, writers

    p = argparse.ArgumentParser(
        prog="wog-build",
        description="Build a course's outputs ("
        + ", ".join(w.description for w in writers()) + ") from one YAML source.",
        epilog="exit codes: 0 ok, 1 build failed (earlier outputs kept), 2 invalid source, "
        "3 outputs out of sync",
    )
    p.add_argument("--version", action="version", version=f"wog-build {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def course_cmd(name: str, help_text: str, outputs: bool = True) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.add_argument("course_files", nargs="+", metavar="COURSE_FILE")
        cmd.add_argument("--quiet", "-q", action="store_true", help="print only problems")
        cmd.add_argument("--format", choices=["text", "github"], default="text",
                         help="how to print source errors (github: workflow annotations)")
        cmd.add_argument("--strict", action="store_true",
                         help="treat source warnings as errors (also: strict = true in "
                         "wog-build.toml)")
        cmd.add_argument("--layouts", metavar="DIR",
                         help="the layouts to build with: templates, theme, labels, fonts "
                         "(default: the project's 'layouts' setting, else the packaged "
                         "layouts)")
        cmd.add_argument("--jobs", "-j", type=_positive, metavar="N",
                         help="processes to use: with several course files, how many "
                         "courses are built at once (default: one per core); with one, "
                         "how many lay the module's parts out (default: one per core; "
                         "the bytes are the same for any number)")
        cmd.add_argument("--single-pass", action="store_true",
                         help="lay the module out in one pass instead of in parts: the "
                         "same pages, other bytes, one process")
        if outputs:
            _no_wait(cmd)
            cmd.add_argument("--out", metavar="DIR",
                             help="output folder (default: dist/<course-id>/ in the project "
                             "root: the current folder, or the nearest one above it with a "
                             "wog-build.toml)")
            cmd.add_argument("--force", action="store_true",
                             help="rebuild even when nothing the outputs depend on changed")
            cmd.add_argument("--template", metavar="FILE",
                             help="an organisation's PowerPoint template (.pptx or .potx) for the "
                             "deck, in place of the theme's: try one without editing it")
        return cmd

    course_cmd("validate", "check course sources and report every problem",
               outputs=False).set_defaults(action=_validate)
    for writer in writers():
        course_cmd(writer.command, f"build {writer.description}, and prove it").set_defaults(
            action=_output([writer.name]))
        if writer.intermediate_command:
            course_cmd(writer.intermediate_command, f"write the intermediate form of "
                       f"{writer.description}").set_defaults(
                action=_intermediate(writer.name))
    for family, names in families().items():
        course_cmd(family, f"build {' and '.join(names)} together, and prove them"
                   ).set_defaults(action=_output(names))
    outputs = ", ".join(w.description for w in writers())
    course_cmd("build", f"build every output ({outputs}), and prove them in sync"
               ).set_defaults(action=_output(None))
    course_cmd("check", "prove the built outputs hold the same, current course "
               "(read back from dist/)").set_defaults(action=_check)
    release = course_cmd("release", "build every course, prove it in sync, and write "
                         "dist/release/ with SHA256SUMS and manifest.json", outputs=False)
    release.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    _no_wait(release)
    release.add_argument("--tag", help="the release tag (v1.0.0 or <course>-v1.0.0); "
                         "refused when it does not match the course version")
    release.add_argument("--release-dir", metavar="DIR",
                         help="default: dist/release/ in the project root")
    release.add_argument("--dist", metavar="DIR", help="where each course is built "
                         "(default: dist/<course-id>/)")
    release.set_defaults(run=_release)
    listing = sub.add_parser("list", help="list the courses (source/*/course.yaml) with "
                             "their ids; --json for a CI job matrix")
    listing.add_argument("course_files", nargs="*", metavar="COURSE_FILE",
                         help="default: every source/*/course.yaml of the project")
    listing.add_argument("--json", action="store_true",
                         help='print a JSON array: [{"id", "folder", "file"}, ...]')
    listing.set_defaults(run=_list)
    new = sub.add_parser("new", help="start a course: source/COURSE_ID/ with a complete "
                         "small example that validates and builds at once")
    new.add_argument("course_id", metavar="COURSE_ID")
    new.set_defaults(run=_new)
    init = sub.add_parser("init", help="make a project: settings, source/, a theme, "
                          "Makefile, .gitignore, CI workflow, and one example course")
    init.add_argument("folder", nargs="?", default=".", metavar="FOLDER")
    init.set_defaults(run=_init)
    serve = sub.add_parser("serve", help="rebuild on every save and preview the module and "
                           "the slides in the browser (http://127.0.0.1 only)")
    serve.add_argument("course_file", metavar="COURSE_FILE")
    serve.add_argument("--port", type=int, default=8000, help="default 8000; 0: any free")
    serve.add_argument("--layouts", metavar="DIR", help="as for build")
    serve.add_argument("--template", metavar="FILE", help="as for build")
    serve.set_defaults(run=_serve)
    schema = sub.add_parser("schema", help="print the JSON Schema of the course format")
    schema.add_argument("--out-dir", metavar="DIR",
                        help="write course.schema.json and chapter.schema.json into DIR")
    schema.set_defaults(run=_schema)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    from .options import OptionsError
    from .paths import SettingsError
    from .pipeline.run import sigterm_unwinds

    args = parser().parse_args(argv)
    try:
        _project(args)
        Options.from_environment()  # a malformed variable stops here, before any work
    except (SettingsError, OptionsError) as exc:
        print(f"wog-build: {exc}", file=sys.stderr)
        return EXIT_BUILD_FAILED
    with sigterm_unwinds():
        if getattr(args, "run", None):
            return int(args.run(args))
        return _run_courses(args, args.action)


def run() -> NoReturn:
    """The command's entry point (``wog-build``, ``python -m wog_build``).

    It leaves without the interpreter's own shutdown: once :func:`main` has returned,
    every output is written, closed and committed, and freeing the build's objects one
    by one (the course, the deck's XML trees, the readings) took a tenth of a second of
    every build.  The exit handlers still run (logging, multiprocessing) and the output
    streams are flushed."""
    code = main()
    if code != 130:
        exit_handlers = getattr(atexit, "_run_exitfuncs", None)
        if exit_handlers is not None:
            exit_handlers()
    # interrupted (130): temporary files are gone and workers stopped; nothing in the
    # interpreter's shutdown (a just-terminated worker, a late KeyboardInterrupt) may
    # turn the documented exit code into a death by signal
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe, a closed stream
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
