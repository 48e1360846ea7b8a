"""A curriculum: the set of course files one command works on.

Every course is built into ``dist/<course-id>/``, so two course files that declare the
same id would write into one folder (and, built at once, mix their outputs).  Within
one command that is refused before anything is built, as a located error on each
file's ``id``.  The ids are read from the main files alone (the course is not loaded),
so the check costs milliseconds; a file whose id cannot be read that way is left to
its own load, which says what is wrong with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError

COURSE_GLOB = "source/*/course.yaml"
"""Where a project's courses are (``make all``, ``wog-build list``)."""

_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


@dataclass(frozen=True)
class CourseFile:
    file: Path
    id: str | None
    """The course id as the main file declares it; None when it cannot be read there."""
    line: int = 1
    column: int = 1
    """Where the id is written (1-based)."""


def read_id(course_file: Path) -> CourseFile:
    """The course id of a main file and where it is written, without loading the
    course."""
    import yaml

    from .yamlfile import SafeLoader

    try:
        with course_file.open(encoding="utf-8") as fh:
            root = yaml.compose(fh, Loader=SafeLoader)
    except (OSError, ValueError, yaml.YAMLError):
        return CourseFile(course_file, None)
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if (isinstance(key, yaml.ScalarNode) and key.value == "id"
                    and isinstance(value, yaml.ScalarNode) and _ID.fullmatch(value.value)):
                mark = value.start_mark
                return CourseFile(course_file, value.value, mark.line + 1, mark.column + 1)
    return CourseFile(course_file, None)


def distinct(course_files: Sequence[Path]) -> list[Path]:
    """The files in the order given, each once (``source/*/course.yaml source/wog/
    course.yaml`` names one file twice)."""
    seen: set[Path] = set()
    kept = []
    for f in course_files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept


def shared_ids(courses: Sequence[CourseFile]) -> dict[Path, SourceError]:
    """A located error for every course file whose id another file of the set declares
    too."""
    by_id: dict[str, list[CourseFile]] = {}
    for course in courses:
        if course.id is not None:
            by_id.setdefault(course.id, []).append(course)
    errors = {}
    for course_id, same in by_id.items():
        if len(same) < 2:
            continue
        for course in same:
            others = ", ".join(f"{o.file}:{o.line}" for o in same if o is not course)
            errors[course.file] = SourceError(
                str(course.file), course.line, course.column,
                f"course id '{course_id}' is also declared by {others}; both would be "
                f"built into the same folder (dist/{course_id}/): give each course its "
                "own id")
    return errors


def project_courses(root: Path) -> list[Path]:
    """The project's course files (``source/*/course.yaml``), sorted."""
    return sorted(root.glob(COURSE_GLOB))


def shown(path: Path) -> str:
    """A path as the command line would give it: relative to the current folder when
    inside it."""
    here = Path.cwd()
    absolute = path if path.is_absolute() else here / path
    return str(absolute.relative_to(here)) if absolute.is_relative_to(here) else str(path)
