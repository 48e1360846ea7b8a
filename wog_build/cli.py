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
import functools
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

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
from .options import Options


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
        if Options.from_environment().debug:
            raise
        print(f"{name}: build failed: {type(exc).__name__}: {exc} "
              "(earlier outputs are kept; set WOG_BUILD_DEBUG=1 for details)",
              file=sys.stderr)
        return EXIT_BUILD_FAILED
    return EXIT_OK


def _run_courses(args: argparse.Namespace,
                 action: Callable[[Path, argparse.Namespace, _Reporter], None]) -> int:
    say = _Reporter(args.quiet)
    codes = [_guarded(name, functools.partial(action, Path(name), args, say), args.format)
             for name in args.course_files]
    if 130 in codes:
        return 130
    # an invalid source outranks drift, which outranks a failed build
    for code in (EXIT_INVALID_SOURCE, EXIT_OUT_OF_SYNC, EXIT_BUILD_FAILED):
        if code in codes:
            return code
    return EXIT_OK


def _options(args: argparse.Namespace) -> Options:
    """The one place the environment and the project settings are read: they become the
    typed options (the project root and its layouts settled once per command)."""
    return Options.from_environment(
        out=Path(args.out) if getattr(args, "out", None) else None,
        layouts=args.layouts_dir, project_root=args.root,
        force=bool(getattr(args, "force", False)))


def _project(args: argparse.Namespace) -> None:
    """The project root (where dist/ goes) and the layouts: ``--layouts``, else the
    project's setting, else the packaged layouts."""
    from .paths import find_project_root, resolve_layouts

    args.root = find_project_root()
    args.layouts_dir = resolve_layouts(getattr(args, "layouts", None), args.root)


def _validate(path: Path, args: argparse.Namespace, say: _Reporter) -> None:
    from .loader import load_course

    doc = load_course(path, _options(args).layouts)
    say(f"{path}: ok ({len(doc.chapters)} chapters, {len(doc.units())} units)")


def _check(path: Path, args: argparse.Namespace, say: _Reporter) -> None:
    from . import build
    from .pipeline.plan import plan, up_to_date

    options = _options(args)
    if not options.force and up_to_date(plan(path, None, options)):
        say(f"{path}: in sync (outputs unchanged since they were proven)")
        return
    doc, ctx = build.prepare(path, options=options)
    build.prove_and_report(doc, ctx, say, table=True)


def _release(args: argparse.Namespace) -> int:
    from .paths import project_settings
    from .release import make_release

    say = _Reporter(args.quiet)
    out = Path(args.release_dir) if args.release_dir else \
        project_settings(args.root).dist / "release"

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

        build.build_course(path, names, _options(args), say)

    return action


def _intermediate(name: str) -> Callable[[Path, argparse.Namespace, _Reporter], None]:
    def action(path: Path, args: argparse.Namespace, say: _Reporter) -> None:
        from . import build
        from .atomic import write_bytes_atomic
        from .writers.registry import get

        doc, ctx = build.prepare(path, options=_options(args))
        target, data = get(name).intermediate(doc, ctx)
        write_bytes_atomic(target, data)
        say(f"wrote {target}")

    return action


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
        cmd.add_argument("--layouts", metavar="DIR",
                         help="the layouts to build with: templates, theme, labels, fonts "
                         "(default: the project's 'layouts' setting, else the packaged "
                         "layouts)")
        if outputs:
            cmd.add_argument("--out", metavar="DIR",
                             help="output folder (default: dist/<course-id>/ in the project "
                             "root: the current folder, or the nearest one above it with a "
                             "wog-build.toml)")
            cmd.add_argument("--force", action="store_true",
                             help="rebuild even when nothing the outputs depend on changed")
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


def main(argv: Sequence[str] | None = None) -> int:
    from .paths import SettingsError
    from .pipeline.run import sigterm_unwinds

    args = parser().parse_args(argv)
    try:
        _project(args)
    except SettingsError as exc:
        print(f"wog-build: {exc}", file=sys.stderr)
        return EXIT_BUILD_FAILED
    with sigterm_unwinds():
        if getattr(args, "run", None):
            return int(args.run(args))
        return _run_courses(args, args.action)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
