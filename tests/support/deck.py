"""A built deck read back with python-pptx (never the product's own
``wog_build.readback``): the text on its slides' faces, in its tables and notes, and its
alt texts."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide


def open_deck(path: Path) -> Deck:
    """The deck at ``path``, opened with python-pptx."""
    return Presentation(str(path))


def frame_texts(slide: Slide) -> list[str]:
    """The text of each shape on ``slide`` that has a text frame (tables not included)."""
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def face_text(slide: Slide) -> str:
    """:func:`frame_texts` joined by spaces: what the face of ``slide`` says."""
    return " ".join(frame_texts(slide))


def shape_texts(slide: Slide) -> list[str]:
    """What ``slide`` shows: each text frame's text and each table cell's, shape by shape."""
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            out += [cell.text for row in shape.table.rows for cell in row.cells]
    return out


def notes_text(slide: Slide) -> str:
    """The speaker notes of ``slide`` ("" when it has none)."""
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def alt_texts(slide: Slide) -> list[str]:
    """The alt text (``descr``) of every shape on ``slide`` that has one."""
    return [str(d) for shape in slide.shapes
            for d in shape._element.xpath("./*/p:cNvPr/@descr")]


def slide_titles(deck: Deck) -> list[str]:
    """Each slide's title placeholder text ("" for a slide without one)."""
    return [s.shapes.title.text_frame.text if s.shapes.title is not None else ""
            for s in deck.slides]


def deck_texts(path: Path, alt: bool = False) -> list[str]:
    """Every text of the deck at ``path``: slide by slide what it shows
    (:func:`shape_texts`), then its notes; with ``alt``, the alt texts of all slides
    after that."""
    deck = open_deck(path)
    texts: list[str] = []
    for slide in deck.slides:
        texts += shape_texts(slide)
        if slide.has_notes_slide:
            texts.append(notes_text(slide))
    if alt:
        for slide in deck.slides:
            texts += alt_texts(slide)
    return texts


def deck_text(path: Path, alt: bool = False) -> str:
    """:func:`deck_texts` joined by line breaks."""
    return "\n".join(deck_texts(path, alt))
