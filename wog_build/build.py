"""The build, end to end: read and resolve the course once, run the registered writers
(handing each what it needs from the others), land their outputs together, prove them
in sync from disk, and only then record them as up to date.

Writers never import each other; this is where they meet.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import OutOfSync, SourceError
from .options import Options
from .pipeline.lock import build_lock
from .pipeline.plan import Plan, plan, up_to_date
from .pipeline.run import WriterWorker, run_writers, start_workers, stop_workers
from .writers.registry import select

# The course model, the loader and the proof take half a second to import (pydantic
# builds its validators): imported when first used, so a build forks the layout
# processes' host (:func:`start_workers`) first and the host's imports run beside them.
if TYPE_CHECKING:
    from .context import BuildContext
    from .document import Document
    from .pipeline.early import EarlyRead
    from .sync import Report
    from .writers.base import Writer

Say = Callable[[str], None]


def prepare(course_file: Path, out_dir: Path | None = None,
            options: Options | None = None,
            warn: Callable[[SourceError], None] | None = None) -> tuple[Document, BuildContext]:
    """The resolved course and its build context; each source warning goes to ``warn``."""
    from .context import make_context
    from .loader import load_course

    options = options or Options()
    doc = load_course(course_file, options.layouts, strict=options.strict, options=options)
    if warn is not None:
        for problem in doc.warnings:
            warn(problem)
    return doc, make_context(doc, out_dir, options=options)


def build(doc: Document, ctx: BuildContext, names: Sequence[str] | None = None,
          workers: dict[str, WriterWorker] | None = None) -> list[Path]:
    """Write the outputs ``names`` (every registered one by default) together."""
    chosen = select(list(names) if names else None, dict(ctx.options.tools))
    return run_writers(doc, ctx, chosen.writers, workers)


def prove(doc: Document, ctx: BuildContext, writers: Sequence[Writer] | None = None,
          early: Mapping[str, EarlyRead] | None = None) -> Report:
    """The sync proof of the outputs of ``writers`` (all registered ones by default);
    ``early``: what the build read as it wrote them (:mod:`.pipeline.early`)."""
    from .sync import check_course

    return check_course(doc, ctx, list(writers) if writers
                        else select(None, dict(ctx.options.tools)).writers, early)


def record(doc: Document, ctx: BuildContext, course_file: Path,
           writers: Sequence[Writer]) -> None:
    """Stamp proven outputs, so the next identical build is a no-op."""
    from .stamp import record as stamp

    stamp(ctx.out_dir, {w.name: w.path(ctx) for w in writers}, ctx.digest, course_file,
          doc.files, doc.root, ctx.layouts, ctx.options.byte_settings(), ctx.extra_inputs,
          ctx.options.extra_inputs, doc.assets)


def prove_and_report(doc: Document, ctx: BuildContext, say: Say,
                     writers: Sequence[Writer] | None = None, table: bool = False,
                     early: Mapping[str, EarlyRead] | None = None) -> Report:
    """Prove, write the report beside the outputs, and raise :class:`OutOfSync` when the
    proof fails."""
    from .sync import print_report, problems, write_report

    report = prove(doc, ctx, writers, early)
    if table:
        print_report(report, say)
    if ctx.out_dir.is_dir():
        say(f"wrote {write_report(report, ctx)}")
    if not report.ok:
        raise OutOfSync(problems(report))
    names = enumeration(list(report.outputs))
    say(f"{doc.id} {doc.version}: {names} are in sync" if len(report.outputs) > 1
        else f"{doc.id} {doc.version}: {names} matches its source")
    return report


def enumeration(names: list[str]) -> str:
    """'module', 'module and slides', 'module, slides and guide'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def build_course(course_file: Path, names: list[str] | None, options: Options,
                 say: Say, warn: Callable[[SourceError], None] | None = None) -> list[Path]:
    """What ``wog-build build`` (or one output's command) does for one course file."""
    from .paths import quick_course_id

    p: Plan = plan(course_file, names, options)
    with contextlib.ExitStack() as held:
        # the whole build holds its output folder: another build of the same course id
        # waits (or stops) rather than mixing its outputs with these
        if p.out_dir is not None:
            held.enter_context(build_lock(p.out_dir, quick_course_id(course_file)
                                          or p.out_dir.name, options.wait))
        return _build_held(p, course_file, options, say, warn, held)


def _build_held(p: Plan, course_file: Path, options: Options, say: Say,
                warn: Callable[[SourceError], None] | None,
                held: contextlib.ExitStack) -> list[Path]:
    import time

    if not options.force and up_to_date(p):
        say(f"{course_file}: up to date")
        return []
    for why in p.skipped:  # said when it builds, not on every no-op
        say(f"{course_file}: skipped: {why}")
    start = time.perf_counter()
    workers = start_workers(p.writers, options)  # they import while the course loads
    try:
        doc, ctx = prepare(course_file, options=options, warn=warn)
        if p.out_dir is None:  # the id could not be read before loading
            held.enter_context(build_lock(ctx.out_dir, doc.id, options.wait))
    except BaseException:
        stop_workers(workers)
        raise
    early: dict[str, EarlyRead] = {}
    written = run_writers(doc, ctx, p.writers, workers, read=early)
    took = time.perf_counter() - start
    for path in written:
        say(f"wrote {path}")
    say(f"{doc.id} {doc.version}: {', '.join(p.names)} in {took:.1f} s")
    # every build ends with the proof of what it wrote, then the stamp
    prove_and_report(doc, ctx, say, p.writers, early=early)
    record(doc, ctx, course_file, p.writers)
    return written
