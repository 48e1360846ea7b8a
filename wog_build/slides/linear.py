"""Adding a slide in constant time, so a deck of N slides costs N, not N².

python-pptx finds each new part's name, and each new slide's id and relationship, by
looking through everything already there: a notes slide, chart, workbook or picture
walks every part of the package for a free number (``OpcPackage.next_partname``,
``Package.next_image_partname``), and a picture walks them all again for an equal
one (``_ImageParts._find_by_sha1``); a slide reads every slide id for the largest
(``CT_SlideIdList._next_id``) and every slide relationship for an equal one
(``_Relationships.get_or_add``).  A course of 10,000 sections did not build in 25
minutes.

:func:`linear` installs, on one presentation object only (nothing global is patched),
counters that give the same kind of names python-pptx gives (``slide12.xml``,
``notesSlide12.xml``, ``image3.png``), unique in the package, and a slide adder that
uses them.  Everything else (the parts, their XML, the saved package) is python-pptx's
own.  Names are handed out in increasing order from the highest one in use, never
reused, so a name is never given twice even when a part is dropped.
"""

from __future__ import annotations

from copy import deepcopy
from typing import IO, Any

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part, _Relationship, _Relationships
from pptx.opc.packuri import PackURI
from pptx.oxml.shapes.groupshape import CT_GroupShape
from pptx.oxml.slide import CT_NotesSlide
from pptx.parts.image import Image, ImagePart
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation
from pptx.slide import NotesSlide, Slide, SlideLayout

_SLIDE = "/ppt/slides/slide%d.xml"
_NOTES = "/ppt/notesSlides/notesSlide%d.xml"
_IMAGE = "/ppt/media/image"


class LinearDeck:
    """The counters of one presentation; made by :func:`linear`."""

    def __init__(self, prs: Presentation) -> None:
        self.prs = prs
        self.part = prs.part
        self.package: Any = prs.part.package
        self._last: dict[str, int] = {}
        self._images: dict[str, ImagePart] | None = None
        self._notes: CT_NotesSlide | None = None
        self._open: tuple[str, SlidePart] | None = None
        """The slide being drawn: the last one added (its relationship id and part)."""
        self.sealed: list[tuple[Part, Part | None]] = []
        """Every finished slide and its notes slide, as saved parts, in deck order."""
        ids = [int(s.id) for s in prs.slides._sldIdLst.sldId_lst]
        self._slide_id = max([255, *ids]) + 1  # slide ids start at 256
        # instance attributes: they shadow the class's methods for this package only
        vars(self.package).update(next_partname=self.next_partname,
                                  next_image_partname=self.next_image_partname,
                                  get_or_add_image_part=self.get_or_add_image_part)

    def _next(self, prefix: str) -> int:
        """One more than the highest number after ``prefix`` in use (read once)."""
        if prefix not in self._last:
            used = [part.partname.idx for part in self.package.iter_parts()
                    if part.partname.startswith(prefix) and part.partname.idx is not None]
            self._last[prefix] = max(used, default=0)
        self._last[prefix] += 1
        return self._last[prefix]

    def next_partname(self, tmpl: str) -> PackURI:
        """As ``OpcPackage.next_partname``: ``tmpl`` holds one ``%d``."""
        return PackURI(tmpl % self._next(tmpl[: tmpl.index("%d")]))

    def next_image_partname(self, ext: str) -> PackURI:
        """As ``Package.next_image_partname``: one number series for every extension."""
        return PackURI(f"{_IMAGE}{self._next(_IMAGE)}.{ext}")

    def get_or_add_image_part(self, image_file: str | IO[bytes]) -> ImagePart:
        """As ``Package.get_or_add_image_part``: an equal picture is stored once."""
        if self._images is None:
            self._images = {part.sha1: part for part in self.package.iter_parts()
                            if isinstance(part, ImagePart)}
        image = Image.from_file(image_file)
        if image.sha1 not in self._images:
            self._images[image.sha1] = ImagePart.new(self.package, image)
        return self._images[image.sha1]

    def add_slide(self, layout: SlideLayout, shapes: CT_GroupShape | None = None) -> Slide:
        """As ``Slides.add_slide``: a new slide on ``layout``, last in the deck; holding a
        copy of ``shapes`` (the shape tree of a slide made on ``layout`` before) when given,
        which is the XML cloning its placeholders one by one again would make."""
        if self._open is not None:
            self.seal(*self._open)
        slide_part = SlidePart.new(self.next_partname(_SLIDE), self.package, layout.part)
        # a new part cannot be related yet: add the relationship without looking for one
        rId = self.part.rels._add_relationship(RT.SLIDE, slide_part)
        self._open = (rId, slide_part)
        slide = slide_part.slide
        if shapes is None:
            slide.shapes.clone_layout_placeholders(layout)
        else:
            cSld = slide._element.cSld
            cSld.replace(cSld.spTree, deepcopy(shapes))
        self.prs.slides._sldIdLst._add_sldId(id=self._slide_id, rId=rId)
        self._slide_id += 1
        return slide

    def notes_slide(self, slide: Slide) -> NotesSlide:
        """As ``Slide.notes_slide`` for a slide added here: its notes slide, made the
        first time as python-pptx makes it (the notes master's placeholders cloned one
        by one, each looking through the shapes for a free id and name), then as a copy
        of that first one as it was made, which is the same XML."""
        if slide.part.has_notes_slide:
            return slide.notes_slide
        if self._notes is None:
            notes = slide.notes_slide
            self._notes = deepcopy(notes.element)
            return notes
        part = NotesSlidePart(self.next_partname(_NOTES), CT.PML_NOTES_SLIDE, self.package,
                              deepcopy(self._notes))
        part.relate_to(self.part.notes_master_part, RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        return slide.notes_slide

    def finish_slide(self) -> None:
        """Seal the slide being drawn (see :meth:`seal`): nothing more is drawn on it."""
        if self._open is not None:
            self.seal(*self._open)
            self._open = None

    def add_sealed(self, layout: Part, slide: bytes, notes: bytes | None) -> None:
        """A slide given as the XML it is saved as (and its notes slide's): the parts,
        names, ids and relationships :meth:`add_slide` and :meth:`notes_slide` make for
        a slide drawn on ``layout``, sealed from the start (a slide the last build drew,
        :mod:`.reuse`).  Only for a slide related to nothing but its layout and notes."""
        self.finish_slide()
        part = Part(self.next_partname(_SLIDE), CT.PML_SLIDE, self.package, slide)
        part.relate_to(layout, RT.SLIDE_LAYOUT)
        rId = self.part.rels._add_relationship(RT.SLIDE, part)
        self.prs.slides._sldIdLst._add_sldId(id=self._slide_id, rId=rId)
        self._slide_id += 1
        notes_part: Part | None = None
        if notes is not None:
            notes_part = Part(self.next_partname(_NOTES), CT.PML_NOTES_SLIDE, self.package,
                              notes)
            notes_part.relate_to(self.part.notes_master_part, RT.NOTES_MASTER)
            notes_part.relate_to(part, RT.SLIDE)
            part.relate_to(notes_part, RT.NOTES_SLIDE)
        self.sealed.append((part, notes_part))

    def seal(self, rId: str, slide_part: SlidePart) -> None:
        """Keep a finished slide, and its notes slide, as the XML python-pptx would save
        for them (``XmlPart.blob``) instead of as element trees: a tree costs ten times
        its XML in memory, and a deck of 10,000 slides held them all (4 GB).  The parts
        keep their names and relationships; what points at them points at the sealed
        parts.  Called when the next slide is added: no slide is drawn on after that."""
        sealed = self._sealed(slide_part)
        _retarget(self.part.rels, rId, sealed)
        sealed_notes: Part | None = None
        for rel in list(slide_part.rels.values()):
            if rel.reltype == RT.NOTES_SLIDE and not rel.is_external:
                notes_part = rel.target_part
                sealed_notes = self._sealed(notes_part)
                _retarget(slide_part.rels, rel.rId, sealed_notes)
                for back in list(notes_part.rels.values()):
                    if back.reltype == RT.SLIDE and back.target_part is slide_part:
                        _retarget(notes_part.rels, back.rId, sealed)
        self.sealed.append((sealed, sealed_notes))

    def _sealed(self, part: Part) -> Part:
        sealed = Part(part.partname, part.content_type, self.package, part.blob)
        sealed.__dict__["_rels"] = part.rels  # the same relationships, not copies
        return sealed


def _retarget(rels: _Relationships, rId: str, part: Part) -> None:
    """Point relationship ``rId`` at ``part`` (a new one: python-pptx keeps what a
    relationship points at once it has been asked)."""
    rel = rels[rId]
    rels._rels[rId] = _Relationship(rels._base_uri, rId, rel.reltype, rel._target_mode, part)


def linear(prs: Presentation) -> LinearDeck:
    """Make adding slides, notes and pictures to ``prs`` take constant time each; add
    slides with the returned object's :meth:`LinearDeck.add_slide`."""
    return LinearDeck(prs)
