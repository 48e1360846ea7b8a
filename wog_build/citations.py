"""How citations, bibliography entries and cross-references read, for both outputs.

The module and the deck must spell a citation the same way (the sync proof compares
them), so the spelling is decided here once, in APA 7 author–year style, with the
connecting words ("&", "dkk.") taken from the label catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .inline import Cite, InlineText, Ref
from .model import Activity, Chapter, Course, Figure, Reference, Section, Table


def family_name(author: str) -> str:
    """'Shergold, P.' → 'Shergold'; an organisation keeps its whole name."""
    return author.split(",")[0].strip()


def author_names(ref: Reference, labels: Mapping[str, str]) -> str:
    names = [family_name(a) for a in ref.authors]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} {labels['and']} {names[1]}"
    return f"{names[0]} {labels['et_al']}"


def cite_text(course: Course, cite: Cite, labels: Mapping[str, str]) -> str:
    """'(Shergold, 2004)', '(Dwiyanto, 2006; World Bank, 2013, hlm. 5)'."""
    parts = []
    for key in cite.keys:
        ref = course.reference(key)
        parts.append(f"{author_names(ref, labels)}, {ref.year}" if ref else key)
    locator = f", {cite.locator}" if cite.locator else ""
    return "(" + "; ".join(parts) + locator + ")"


def sorted_references(course: Course) -> list[Reference]:
    """APA order: first author's family name, then year, then title."""
    return sorted(
        course.references,
        key=lambda r: (family_name(r.authors[0]).casefold(), str(r.year), r.title.plain()),
    )


@dataclass(frozen=True)
class Piece:
    """A run of a bibliography entry: author text or plain words, in one style."""

    text: InlineText | str
    italic: bool = False
    link: bool = False


def apa_authors(ref: Reference, labels: Mapping[str, str]) -> str:
    """'Christensen, T., & Lægreid, P.'; APA 7 lists up to 20 names."""
    names = list(ref.authors)
    if len(names) == 1:
        return names[0]
    if len(names) > 20:
        names = [*names[:19], "…", names[-1]]
        return ", ".join(names)
    return ", ".join(names[:-1]) + f", {labels['and']} {names[-1]}"


def apa_entry(ref: Reference, labels: Mapping[str, str]) -> list[Piece]:
    """One Daftar Pustaka entry in APA 7, as styled pieces both outputs lay out alike:
    Authors. (Year). *Title*. Publisher. Note. URL — or, for a part of a larger work,
    Authors. (Year). Title. *Container*. ..."""
    authors = apa_authors(ref, labels).rstrip(".")
    pieces = [Piece(f"{authors}. ({ref.year or labels['no_date']}). ")]
    if ref.container is not None:
        pieces += [Piece(ref.title), Piece(". "), Piece(ref.container, italic=True), Piece(". ")]
    else:
        pieces += [Piece(ref.title, italic=True), Piece(". ")]
    if ref.publisher is not None and ref.publisher.plain() != ", ".join(ref.authors):
        pieces += [Piece(ref.publisher), Piece(". ")]
    if ref.note is not None:
        pieces += [Piece(ref.note), Piece(". ")]
    if ref.url:
        pieces.append(Piece(ref.url, link=True))
    return pieces


def unit_label(course: Course, uid: str, labels: Mapping[str, str]) -> str:
    """What a cross-reference to ``uid`` reads as: 'BAB II', 'Bagian 2.1', 'Box 1', ..."""
    unit = course.unit(uid)
    if isinstance(unit, Chapter):
        return f"{labels['chapter']} {roman(int(unit.number))}"
    if isinstance(unit, Section):
        return f"{labels['section']} {unit.number}"
    if isinstance(unit, Activity):
        return f"{labels['box']} {unit.number}"
    if isinstance(unit, Table):
        return f"{labels['table']} {unit.number}"
    if isinstance(unit, Figure):
        return f"{labels['figure']} {unit.number}"
    return uid


def plain(course: Course, text: InlineText | None, labels: Mapping[str, str]) -> str:
    """Author text as a reader sees it, citations and references spelled out."""
    if text is None:
        return ""
    return text.plain(
        cite=lambda c: cite_text(course, c, labels),
        ref=lambda r: unit_label(course, r.target, labels),
    )


def ref_label(course: Course, ref: Ref, labels: Mapping[str, str]) -> str:
    return unit_label(course, ref.target, labels)


def roman(number: int) -> str:
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)
