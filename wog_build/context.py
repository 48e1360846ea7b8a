"""What a build knows besides the course: where layouts live, the labels, the build
date, the source digest, and where outputs go.  Handed to both renderers."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .labels import Labels, load_labels
from .model import Course
from .paths import DEFAULT_LAYOUTS, default_out_dir
from .stamp import inputs_digest


def source_digest(course: Course, layouts: Path) -> str:
    """The digest both outputs carry, so the sync proof can tell a deck built from another
    source or layout."""
    return inputs_digest([Path(f) for f in course.files], Path(course.root), layouts)


def build_date(course: Course) -> dt.datetime:
    """The date outputs carry: SOURCE_DATE_EPOCH, else the course's own date; never now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    day = course.meta.date or dt.date(course.meta.year, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


@dataclass(frozen=True)
class BuildContext:
    layouts: Path
    labels: Labels
    date: dt.datetime
    digest: str
    out_dir: Path
    course_id: str
    version: str
    tool_version: str = __version__

    @property
    def pdf_path(self) -> Path:
        return self.out_dir / f"{self.course_id}-{self.version}-modul.pdf"

    @property
    def html_path(self) -> Path:
        return self.out_dir / f"{self.course_id}-{self.version}-modul.html"

    @property
    def pptx_path(self) -> Path:
        return self.out_dir / f"{self.course_id}-{self.version}-bahan-tayang.pptx"


def make_context(course: Course, out_dir: Path | None = None,
                 layouts: Path | None = None) -> BuildContext:
    layouts = (layouts or DEFAULT_LAYOUTS).resolve()
    return BuildContext(
        layouts=layouts,
        labels=load_labels(layouts, course.meta.language),
        date=build_date(course),
        digest=source_digest(course, layouts),
        out_dir=(out_dir or default_out_dir(course.id)),
        course_id=course.id,
        version=course.meta.version,
    )
