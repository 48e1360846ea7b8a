"""What a command builds, and whether it needs to: decided before the course is read.

A no-op build must cost milliseconds, so the plan knows the outputs' folder and the
writers without loading the course (the course id is read from the main file alone),
and the up-to-date check only hashes the files the last proven build recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..options import Options
from ..writers.base import Writer


@dataclass(frozen=True)
class Plan:
    course_file: Path
    writers: tuple[Writer, ...]
    """The writers to run, in build order."""
    skipped: tuple[str, ...]
    """Why an output is left out of this build (its tool is missing)."""
    out_dir: Path | None
    """Where the outputs go, when it is known without loading the course."""
    layouts: Path
    settings: dict[str, object]
    """The options that change the outputs' bytes (see :meth:`Options.byte_settings`)."""
    extras: tuple[Path, ...] = ()
    """Inputs beyond the course and the layouts (a ``--template``)."""

    @property
    def names(self) -> list[str]:
        return [w.name for w in self.writers]


def plan(course_file: Path, names: list[str] | None, options: Options) -> Plan:
    """The writers ``names`` (all registered ones when None) for one course file."""
    from ..paths import DEFAULT_LAYOUTS, default_out_dir, quick_course_id
    from ..writers.registry import select

    out = options.out
    if out is None:
        course_id = quick_course_id(course_file)
        out = default_out_dir(course_id, options.project_root) if course_id else None
    layouts = (options.layouts or DEFAULT_LAYOUTS).resolve()
    chosen = select(names, dict(options.tools))
    return Plan(course_file, tuple(chosen.writers), tuple(chosen.skipped), out, layouts,
                options.byte_settings(), options.extra_inputs)


def up_to_date(p: Plan) -> bool:
    """Every planned output is there, untouched, and was built and proven from the inputs
    as they are now."""
    from ..stamp import up_to_date as stamped

    return p.out_dir is not None and stamped(p.out_dir, p.names, p.course_file, p.layouts,
                                             p.settings, p.extras)
