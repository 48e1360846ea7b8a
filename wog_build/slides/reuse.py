"""Slides the last build drew, kept beside the outputs and reused when nothing they
show or are drawn with has changed.

An author edits one paragraph and builds again: the module lays out one part again
(:mod:`wog_build.pdf.parallel`), but the deck used to be drawn whole, every slide
measured and written anew, which made the deck the longest step of such a build.  So
each spec's slides are kept as the XML they are saved as (the slide's and its notes
slide's), keyed by a digest of everything they are drawn from:

- the setting (:func:`setting`): the code, the layouts and template (fonts, theme,
  sizes), the labels, the course's short title and language;
- the spec itself (its ``repr``: every field of a dataclass, nested ones too);
- its place in the deck (the number of slides before it: footers print slide numbers);
- for each anchor it may cite, the module page the map gives it and whether it is a
  unit (the slide's name and its "Modul hlm. N").

A slide related to anything but its layout and notes slide (a picture, a chart, a
link) is drawn every time: its XML names those parts.  The cache is one file per
setting (``<out>/.cache/slides/<setting>.zip``), rewritten with the entries this build
used, so it holds one build's slides; a file that cannot be read is ignored.  The deck
is the same bytes with or without it, and the sync proof reads it back either way.
"""

from __future__ import annotations

import contextlib
import json
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..pdf.cache import code_digest, digest

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..document import Document
    from .specs import Spec

FOLDER = Path(".cache") / "slides"
INDEX = "index.json"

Drawn = tuple[str, bytes, bytes | None]
"""One slide as saved: its layout's part name, its XML and its notes slide's XML."""


def setting(doc: Document, ctx: BuildContext, language: str) -> str:
    """The digest of what every slide is drawn with, besides its spec and place."""
    import pptx

    from ..stamp import inputs_digest

    package = Path(__file__).parent.parent
    return digest("slides", code_digest(package, "**/*.py"), pptx.__version__,
                  inputs_digest([], ctx.layouts, ctx.layouts, ctx.extra_inputs),
                  str(ctx.theme), str(ctx.options.template),
                  json.dumps(dict(ctx.labels), sort_keys=True), doc.short_title, language)


class SlideCache:
    """The slides of one setting: those the last build kept, and those this one uses.
    Kept in a zip file (stored, not compressed) read one entry at a time, so only the
    slides a build takes are read, and no second copy of the deck is ever held."""

    def __init__(self, out_dir: Path, setting: str) -> None:
        self.setting = setting
        self.folder = out_dir / FOLDER
        self.path = self.folder / f"{setting}.zip"
        self.index: dict[str, tuple[int, list[tuple[str, bool]]]] = {}
        self.used: dict[str, tuple[int, list[Drawn]]] = {}
        self.zip: zipfile.ZipFile | None = None
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError, zipfile.BadZipFile):
            self.zip = zipfile.ZipFile(self.path)
            for key, (counted, slides) in json.loads(self.zip.read(INDEX)).items():
                self.index[str(key)] = (int(counted), [(str(layout), bool(notes))
                                                       for layout, notes in slides])

    def key(self, spec: Spec, count: int, pages: Mapping[str, str] | None,
            is_unit: Callable[[str], bool]) -> str:
        """What ``spec``'s slides are drawn from, ``count`` slides into the deck."""
        cites = [(a, None if pages is None else pages.get(a), is_unit(a))
                 for a in sorted(spec.cited_anchors())]
        return digest(self.setting, repr(spec), str(count), "map" if pages is not None else "",
                      json.dumps(cites))

    def get(self, key: str) -> tuple[int, list[Drawn]] | None:
        """The slides drawn for ``key`` and how many slide numbers they took."""
        if key in self.used:
            return self.used[key]
        if key not in self.index or self.zip is None:
            return None
        counted, slides = self.index[key]
        try:
            found = (counted, [(layout, self.zip.read(f"{key}/{n}"),
                                self.zip.read(f"{key}/{n}n") if notes else None)
                               for n, (layout, notes) in enumerate(slides)])
        except (OSError, KeyError, zipfile.BadZipFile, zlib.error):
            return None
        self.used[key] = found
        return found

    def put(self, key: str, counted: int, slides: Sequence[Drawn]) -> None:
        self.used[key] = (counted, list(slides))

    def save(self) -> None:
        """Keep the slides this build used (and only those), replacing the last build's."""
        from ..atomic import atomic_output
        from ..errors import BuildFailed

        if self.zip is not None:
            self.zip.close()
            self.zip = None
        index = {key: [counted, [[layout, notes is not None] for layout, _, notes in slides]]
                 for key, (counted, slides) in self.used.items()}
        try:  # a cache that cannot be written is only a slower next build
            with atomic_output(self.path) as tmp, zipfile.ZipFile(tmp, "w") as out:
                for key, (_, slides) in self.used.items():
                    for n, (_, slide, notes) in enumerate(slides):
                        out.writestr(f"{key}/{n}", slide)
                        if notes is not None:
                            out.writestr(f"{key}/{n}n", notes)
                out.writestr(INDEX, json.dumps(index))
        except (OSError, BuildFailed):
            return
        with contextlib.suppress(OSError):
            for old in self.folder.iterdir():
                if old != self.path:
                    old.unlink()
