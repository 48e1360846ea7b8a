"""How citations, bibliography entries and cross-references read, for both outputs.

The module and the deck must spell a citation the same way (the sync proof compares
them), so the spelling is decided here once, in APA 7 author–year style, with the
connecting words ("&", "dkk.") taken from the label catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping

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


def unit_label(course: Course, uid: str, labels: Mapping[str, str]) -> str:
    """What a cross-reference to ``uid`` reads as: 'BAB II', 'Bagian 2.1', 'Box 1', ..."""
    unit = course.unit(uid) or next(
        (u for u in course.units() if isinstance(u, Chapter | Section) and u._uid == uid), None
    )
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
