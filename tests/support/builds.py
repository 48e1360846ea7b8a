"""Building a course for a test: the whole build in-process, as ``wog-build build``
does; or the deck alone, straight from the renderer, with a stand-in page map."""

from __future__ import annotations

from pathlib import Path

from wog_build.cli import main
from wog_build.context import BuildContext, make_context
from wog_build.document import Document
from wog_build.loader import load_course
from wog_build.slides import render_deck
from wog_build.writers.registry import get


def build_quietly(course_file: Path, out: Path, *options: str) -> Path:
    """``wog-build build -q course_file --out out options...`` in this process; the build
    must succeed. ``out`` is returned."""
    code = main(["build", "-q", "--out", str(out), *options, str(course_file)])
    assert code == 0, f"building {course_file} failed with exit code {code}"
    return out


def stand_in_pages(course: Document) -> dict[str, str]:
    """A stand-in for the module's page map: a distinct page per unit."""
    pages = {"part:pendahuluan": "1"}
    for n, unit in enumerate(course.units(), 2):
        pages[course.uid(unit)] = str(n)
    return pages


def write_deck(course: Document, ctx: BuildContext, pages: dict[str, str] | None) -> Path:
    """Render the deck of ``course`` with ``pages`` as its module page map and save it
    where the slides writer puts it; its path."""
    path = get("slides").path(ctx)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_deck(course, ctx, pages))
    return path


def deck_alone(course_file: Path, out: Path, with_pages: bool = True) -> tuple[Document, Path]:
    """The deck of ``course_file`` rendered into ``out`` without the module (a stand-in
    page map, or none): the course and the deck's path."""
    course = load_course(course_file)
    ctx = make_context(course, out)
    return course, write_deck(course, ctx, stand_in_pages(course) if with_pages else None)
