"""Reading the built files back from disk, as a reader would see them.

The sync proof trusts nothing the renderers say about themselves: it opens the PDF
with pypdf and the deck with python-pptx and compares what is really in them.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from pptx.shapes.base import BaseShape

from .document.protocol import DIGEST_KEY, VERSION_KEY
from .gcpace import let_go

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"',
                         "\u00ad": "", "\u200b": ""})
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Letters and digits only, case-folded, ligatures and quotes unified.

    White space, line breaks, hyphenation points, bullets and punctuation differ
    between a typeset page, a slide and the source; the words and numbers do not.
    """
    text = unicodedata.normalize("NFKC", text.translate(_QUOTES))
    return _NOT_WORD.sub("", text).casefold()


@dataclass
class PdfText:
    pages: list[str]
    labels: list[str]
    metadata: dict[str, str]
    outline: list[tuple[str, int]] = field(default_factory=list)
    """The bookmarks (each heading's text and the page its box is on), in reading order."""
    normalised: list[str] = field(default_factory=list)
    unseen: list[str] = field(default_factory=list)
    """Text a reader cannot see (:mod:`wog_build.unseen`), left out of ``pages``: one
    line per page that has any, saying where, why and what."""

    def __post_init__(self) -> None:
        self.normalised = [normalise(p) for p in self.pages]

    def page_index(self, label: str) -> int | None:
        return self.labels.index(label) if label in self.labels else None


def read_pdf(path: Path) -> PdfText:
    """The text, page labels and Info entries as PDFium (the engine of Chrome's PDF
    viewer) reads them.

    PDFium is twenty times faster than pypdf here, which keeps the proof cheap enough
    to run after every build; the tests read the files with pypdf, so two independent
    readers agree on what the module says."""
    import pypdfium2

    from .unseen import describe, hide_unseen

    document = pypdfium2.PdfDocument(str(path))
    try:
        pages, labels, unseen = [], [], []
        for index in range(len(document)):
            page = document[index]
            labels.append(document.get_page_label(index) or str(index + 1))
            hidden = hide_unseen(page)
            if hidden:  # read what it says, then leave it out of the page's text
                gone = describe(page, hidden)
                whys = sorted({u.why for u in gone})
                sample = " ".join(" ".join(u.text for u in gone).split())[:60]
                unseen.append(f"page {labels[-1]} (sheet {index + 1}): {len(gone)} runs of "
                              f"text no reader can see ({'; '.join(whys)}): '{sample}'")
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        meta = {f"/{key}": document.get_metadata_value(key) for key in INFO_KEYS}
        outline = []
        for mark in document.get_toc():
            dest = mark.get_dest()
            if dest is not None and dest.get_index() is not None:
                outline.append((mark.get_title(), dest.get_index()))
    finally:
        document.close()
    return PdfText(pages=pages, labels=labels, metadata=meta, outline=outline, unseen=unseen)


INFO_KEYS = ("Title", "Author", "Subject", "Keywords", DIGEST_KEY, VERSION_KEY)


@dataclass
class SlideText:
    number: int
    name: str
    face: str
    notes: str
    body: str = ""
    """The text of the slide's body (the shape named ``Body``): its first line is the
    slide's first item, whose module page the slide cites."""
    normalised: str = ""
    title: str = ""
    """The title placeholder's text, on one line ('' for a slide without one)."""
    face_normalised: str = ""
    notes_normalised: str = ""
    """The face and the notes apart, for the proof that each is where it belongs."""

    def __post_init__(self) -> None:
        # normalising drops the line break between them: the whole is the two joined
        self.face_normalised = normalise(self.face)
        self.notes_normalised = normalise(self.notes)
        self.normalised = self.face_normalised + self.notes_normalised


@dataclass
class DeckText:
    slides: list[SlideText]
    identifier: str
    version: str
    title: str


def _shape_texts(shape: BaseShape) -> list[str]:
    from pptx.shapes.autoshape import Shape
    from pptx.shapes.graphfrm import GraphicFrame
    from pptx.shapes.group import GroupShape

    texts: list[str] = []
    if isinstance(shape, Shape) and shape.has_text_frame:  # text boxes and placeholders
        texts.append(shape.text_frame.text)
    if isinstance(shape, GraphicFrame) and shape.has_table:
        for row in shape.table.rows:
            texts.extend(cell.text for cell in row.cells)
    if isinstance(shape, GraphicFrame) and shape.has_chart:  # the chart's own data
        plot = shape.chart.plots[0]
        texts.extend(str(c) for c in plot.categories)
        texts.extend(s.name for s in plot.series)
    if isinstance(shape, GroupShape):
        for child in shape.shapes:
            texts.extend(_shape_texts(child))
    return texts


class _OnDemand:
    """A slide's (or notes slide's) part whose XML is parsed when first asked for and
    dropped again by :meth:`release`: python-pptx parses every part when it opens a
    package, and a deck of 1,100 slides read back held 90 MB of element trees at once
    (10,000 sections: gigabytes).  Read one slide at a time, the deck's bytes are held,
    and one slide's tree."""

    @classmethod
    def load(cls, partname: Any, content_type: str, package: Any, blob: bytes) -> Any:
        from pptx.opc.package import Part

        part = cls.__new__(cls)
        Part.__init__(part, partname, content_type, package, blob)  # type: ignore[arg-type]
        return part

    @property
    def _element(self) -> Any:
        from pptx.oxml import parse_xml

        found = self.__dict__.get("_parsed")
        if found is None:
            found = self.__dict__["_parsed"] = parse_xml(self.__dict__["_blob"])
        return found

    @_element.setter
    def _element(self, element: Any) -> None:
        self.__dict__["_parsed"] = element

    def release(self) -> None:
        """Forget the parsed tree and what python-pptx built on it (its lazy properties
        keep the slide and notes objects in the instance's dictionary)."""
        for name in ("_parsed", "slide", "notes_slide"):
            self.__dict__.pop(name, None)


@contextlib.contextmanager
def _slides_on_demand() -> Iterator[None]:
    """Slides and notes slides opened as :class:`_OnDemand` parts, for this opening
    only (python-pptx picks a part's class from a table by content type)."""
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.package import PartFactory
    from pptx.parts.slide import NotesSlidePart, SlidePart

    class Slide(_OnDemand, SlidePart):
        pass

    class Notes(_OnDemand, NotesSlidePart):
        pass

    table = PartFactory.part_type_for
    saved = dict(table)
    table[CT.PML_SLIDE], table[CT.PML_NOTES_SLIDE] = Slide, Notes
    try:
        yield
    finally:
        table.clear()
        table.update(saved)


_last_deck: tuple[str, DeckText] | None = None
"""The last deck read, by the SHA-256 of its bytes: the build reads its deck when it is
drawn (for the guide's hand-over) and the proof reads the same bytes again."""


def read_deck(path: Path | BinaryIO) -> DeckText:
    """The deck's slides as a reader sees them.  The same bytes are read once: a second
    reading of them returns the first (treat it as read-only)."""
    import hashlib
    import io

    from pptx import Presentation

    global _last_deck
    data = path.read_bytes() if isinstance(path, Path) else path.read()
    sha = hashlib.sha256(data).hexdigest()
    if _last_deck is not None and _last_deck[0] == sha:
        return _last_deck[1]
    with _slides_on_demand():
        prs = Presentation(io.BytesIO(data))
    deck = _parse_deck(prs)
    del prs
    let_go()  # python-pptx's parts are cycles: freed now, not while the guide is laid out
    _last_deck = (sha, deck)
    return deck


def _parse_deck(prs: Any) -> DeckText:
    slides = []
    for number, slide in enumerate(prs.slides, 1):
        face = "\n".join(t for shape in slide.shapes for t in _shape_texts(shape))
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        body = next((t for shape in slide.shapes if shape.name == "Body"
                     for t in _shape_texts(shape)), "")
        title = slide.shapes.title
        heading = " ".join(title.text_frame.text.split()) if title is not None else ""
        slides.append(SlideText(number, slide.name or "", face, notes or "", body,
                                title=heading))
        for part in (slide.part, slide.part.notes_slide.part if slide.has_notes_slide
                     else None):
            if isinstance(part, _OnDemand):
                part.release()
    core = prs.core_properties
    return DeckText(slides=slides, identifier=core.identifier or "", version=core.version or "",
                    title=core.title or "")
