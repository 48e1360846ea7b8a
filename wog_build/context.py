"""What a build knows besides the course: where layouts live, the labels, the build
date, the source digest, and where outputs go.  Handed to both renderers."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .labels import Labels, load_labels
from .model import Course

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LAYOUTS = PROJECT_ROOT / "layouts"


def layout_files(layouts: Path) -> list[Path]:
    return sorted(p for p in layouts.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def source_digest(course: Course, layouts: Path) -> str:
    """sha256 over the course's files, the layouts and the tool version.

    Both outputs carry it, so the sync proof can tell a deck built from another source.
    Paths enter relative to their folder, so the checkout's location does not matter.
    """
    h = hashlib.sha256()
    h.update(f"wog-build {__version__}\n".encode())
    root = Path(course.root)
    entries = [("course", Path(f), root) for f in course.files]
    entries += [("layouts", f, layouts) for f in layout_files(layouts)]
    for kind, path, base in sorted(entries, key=lambda e: (e[0], str(e[1].relative_to(e[2])))):
        data = path.read_bytes()
        h.update(f"{kind}/{path.relative_to(base).as_posix()} {len(data)}\n".encode())
        h.update(data)
    return h.hexdigest()


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
        out_dir=(out_dir or PROJECT_ROOT / "dist" / course.id),
        course_id=course.id,
        version=course.meta.version,
    )
