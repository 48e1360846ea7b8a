"""What a build knows besides the document: where layouts live, the build date, the
source digest, where outputs go and the options.  Handed to every writer; it pickles,
so a writer may run in a worker process."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .document import Document
from .labels import Labels
from .options import Options
from .paths import DEFAULT_LAYOUTS, default_out_dir
from .stamp import inputs_digest


def source_digest(doc: Document, layouts: Path, extras: tuple[Path, ...] = ()) -> str:
    """The digest every output carries, so the sync proof can tell an output built from
    another source, layout or template."""
    return inputs_digest(doc.files, doc.root, layouts, extras)


def build_date(doc: Document, options: Options) -> dt.datetime:
    """The date outputs carry: SOURCE_DATE_EPOCH, else the course's own date; never now."""
    if options.source_date_epoch is not None:
        return dt.datetime.fromtimestamp(options.source_date_epoch, tz=dt.UTC)
    day = doc.meta.date or dt.date(doc.meta.year, 1, 1)
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
    root: Path
    options: Options = field(default_factory=Options)
    tool_version: str = __version__
    theme: Path | None = None
    """The theme folder the outputs are drawn with (see :mod:`wog_build.themes`); None:
    the built-in theme in the layouts."""

    @property
    def extra_inputs(self) -> tuple[Path, ...]:
        """Everything outside the course and the layouts the outputs depend on."""
        extras = list(self.options.extra_inputs)
        if self.theme is not None and self.theme not in extras:
            extras.append(self.theme)
        return tuple(extras)


def make_context(doc: Document, out_dir: Path | None = None, layouts: Path | None = None,
                 options: Options | None = None) -> BuildContext:
    from .themes import choose

    options = options or Options()
    layouts = (layouts or options.layouts or DEFAULT_LAYOUTS).resolve()
    theme = choose(doc.meta.theme, options.project_root, options.theme)
    extras = tuple(options.extra_inputs) + (
        (theme,) if theme is not None and theme not in options.extra_inputs else ())
    return BuildContext(
        layouts=layouts,
        labels=doc.labels,
        date=build_date(doc, options),
        digest=source_digest(doc, layouts, extras),
        out_dir=(out_dir or options.out or default_out_dir(doc.id, options.project_root)),
        course_id=doc.id,
        version=doc.version,
        root=doc.root,
        options=options,
        theme=theme,
    )
