"""Where on a slide the deck shows each unit: on its face, or in the speaker notes.

The deck shows what a trainer presents (titles, key points, definitions, tables,
diagrams, questions, glossary entries) on the slide face, and keeps what a trainer
reads or says (the module's prose, an activity's purpose and facilitator notes, the
foreword, references beyond the few the face lists) in the notes.  The builders
(:mod:`wog_build.slides.builders`) decide this; this module states the same rule from
the document alone, so the sync proof can check, on the deck read back from disk, that
the face shows what belongs on it and the notes hold what belongs in them — a deck
whose faces are blank and whose text was moved into the notes is not "in sync".

A slide title may be cut with an ellipsis when it does not fit (the whole title then
opens the notes), so a title is promised on the face by its first words only.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from typing import Any

from ..document import Document
from ..document.texts import unit_texts
from ..model import (
    Activity,
    Chapter,
    Chart,
    Definition,
    Diagram,
    Figure,
    Question,
    Quote,
    Section,
    Table,
    Unit,
    iter_units,
)

FACE = "slide faces"
NOTES = "speaker notes"
"""The two places, as the proof names them in a message ("... is missing from the
slide faces")."""

FACE_BLOCKS = (Activity, Table, Figure, Diagram, Chart, Definition, Quote)
"""The blocks of a section that get a slide (or half of one) of their own; the others
(paragraphs, lists, notes) are the module's prose, read from the notes."""

FLOATS = (Table, Figure, Diagram, Chart)
"""The blocks among prose (BAB I's, a chapter's opening) that get a slide of their own;
everything else there is read from the notes."""

NOTES_FIELDS: dict[type, frozenset[str]] = {
    Chapter: frozenset({"short_title"}),
    Activity: frozenset({"purpose", "duration", "preparation", "discussion",
                         "facilitator_notes"}),
    Question: frozenset({"explanation", "rubric"}),
}
"""Fields of a unit shown on a face that the deck keeps in the notes."""

TITLE_FIELDS: dict[type, str] = {
    Chapter: "title", Section: "title", Table: "table", Figure: "caption",
    Diagram: "caption", Chart: "caption", Activity: "activity", Definition: "term",
}
"""The field a unit's slide title is made of (a title may be cut on the face)."""

TITLE_WORDS = 3
"""How many words of a title the face always shows, cut or not."""


@dataclass(frozen=True)
class Places:
    """The texts of one unit the deck must show on a slide face and in the notes."""

    face: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def items(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple((place, texts) for place, texts in ((FACE, self.face),
                                                         (NOTES, self.notes)) if texts)


def _mark(places: dict[int, str], units: Iterable[Any], place: str) -> None:
    for unit in units:
        places[id(unit)] = place


def _notes_only(places: dict[int, str], blocks: Any) -> None:
    _mark(places, iter_units(blocks), NOTES)


def _prose(places: dict[int, str], blocks: Any) -> None:
    """Prose read from the notes, except the blocks that get a slide of their own (a
    table or chart in the introduction is shown on a face, as in a section)."""
    for block in blocks if isinstance(blocks, list) else [blocks]:
        if isinstance(block, FLOATS):
            places[id(block)] = FACE
        else:
            _notes_only(places, block)


def _section(places: dict[int, str], section: Section) -> None:
    places[id(section)] = FACE
    _mark(places, section.key_points, FACE)
    for block in section.blocks:
        if isinstance(block, FACE_BLOCKS):
            places[id(block)] = FACE
        else:
            _notes_only(places, block)
    for sub in section.sections:
        _section(places, sub)


def unit_places(doc: Document) -> dict[int, str]:
    """Where each unit of the course stands in the deck (by ``id``): FACE for a unit
    shown on a slide face (its notes fields in the notes), NOTES for one read from the
    notes.  A unit of a kind not named here is promised only somewhere in the deck."""
    places: dict[int, str] = {}
    intro = doc.introduction
    for name in ("background", "description", "benefits", "method", "study_guide"):
        _prose(places, getattr(intro, name))
    _mark(places, intro.indicators, FACE)
    _notes_only(places, doc.foreword.text)
    for chapter in doc.chapters:
        places[id(chapter)] = FACE
        _prose(places, chapter.intro)
        for section in chapter.sections:
            _section(places, section)
        _mark(places, chapter.summary, FACE)
        _mark(places, chapter.exercises, FACE)
    if doc.evaluation is not None:
        _notes_only(places, doc.evaluation.instructions)
        _mark(places, doc.evaluation.questions, FACE)
    if doc.feedback is not None:
        _notes_only(places, doc.feedback.text)
        _notes_only(places, doc.feedback.rules)
    _mark(places, doc.glossary, FACE)
    _notes_only(places, doc.references)  # the face lists only the first few
    _notes_only(places, doc.regulations)
    return places


def places_of(doc: Document, unit: Unit, place: str | None,
              hidden: Set[str] = frozenset()) -> Places:
    """The texts of ``unit`` the deck must show on a face and in the notes."""
    if place is None:
        return Places()
    every = unit_texts(doc, unit, hidden)
    if place == NOTES:
        return Places(notes=tuple(every))
    kind = type(unit)
    title_field = TITLE_FIELDS.get(kind)
    away = hidden | NOTES_FIELDS.get(kind, frozenset())
    shown = unit_texts(doc, unit, away) if kind in NOTES_FIELDS else every
    face = unit_texts(doc, unit, away | {title_field}) if title_field else shown
    title = getattr(unit, title_field) if title_field else None
    head = [" ".join(doc.plain(title).split()[:TITLE_WORDS])] if title is not None else []
    return Places(face=tuple(head + face), notes=tuple(t for t in every if t not in shown))


def riders(doc: Document, unit: Unit, named: Set[str], output: str) -> list[Unit]:
    """The units ``output`` (the deck) shows on the slide named for ``unit`` besides
    it: a section's key points and the blocks that have no slide of their own (its
    prose, in the notes; a figure drawn beside the key points), a chapter's opening
    prose (the divider's notes)."""
    found: list[Unit] = []
    if isinstance(unit, Section):
        found = [u for u in [*unit.key_points, *unit.blocks] if doc.uid(u) not in named]
    elif isinstance(unit, Chapter):  # its opening prose; a float has a slide of its own
        found = [u for b in unit.intro if not isinstance(b, FLOATS)
                 for u in iter_units(b)]
    return [u for u in found if doc.shows(u, output)]
