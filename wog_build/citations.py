"""How citations and bibliography entries read, for every output.

The module and the deck must spell a citation the same way (the sync proof compares
them), so the spelling is decided here once, in APA 7 author–year style, with the
connecting words ("&", "dkk.") taken from the label catalogue.  Cross-references read
as the resolved document's labels (``Document.label_of``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .inline import Cite, InlineText
from .model import Reference

if TYPE_CHECKING:
    from .document import Document


def family_name(author: str) -> str:
    """'Shergold, P.' → 'Shergold'; an organisation keeps its whole name."""
    return author.split(",")[0].strip()


def author_names(ref: Reference, labels: Mapping[str, str], narrative: bool = False) -> str:
    """'Shergold', 'Christensen & Lægreid' ('Christensen dan Lægreid' in running text),
    'Colgan dkk.'."""
    names = [family_name(a) for a in ref.authors]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} {labels['and_narrative' if narrative else 'and']} {names[1]}"
    return f"{names[0]} {labels['et_al']}"


def cite_pieces(doc: Document, cite: Cite) -> list[tuple[str, Reference | None]]:
    """A citation as it reads, in pieces: each piece that names one work carries its
    reference (an output may link it to the entry), the punctuation carries None.
    '(Shergold, 2004; World Bank, 2013, hlm. 5)'; narrative 'Bovens (2007)';
    year only '(2007)'."""
    labels = doc.labels
    locator = f", {cite.locator}" if cite.locator else ""
    refs = [(key, doc.reference(key)) for key in cite.keys]
    if cite.narrative:
        pieces: list[tuple[str, Reference | None]] = []
        for k, (key, ref) in enumerate(refs):
            if k:
                pieces.append(("; ", None))
            pieces.append((f"{author_names(ref, labels, narrative=True)} ({ref.year}"
                           f"{locator})" if ref else key, ref))
        return pieces
    pieces = [("(", None)]
    for k, (key, ref) in enumerate(refs):
        if k:
            pieces.append(("; ", None))
        if ref is None:
            pieces.append((key, None))
        elif cite.year_only:
            pieces.append((str(ref.year), ref))
        else:
            pieces.append((f"{author_names(ref, labels)}, {ref.year}", ref))
    pieces.append((locator + ")", None))
    return pieces


def cite_text(doc: Document, cite: Cite) -> str:
    """'(Shergold, 2004)', '(Dwiyanto, 2006; World Bank, 2013, hlm. 5)', 'Bovens (2007)',
    '(2007)': what every output prints for a citation."""
    return "".join(text for text, _ in cite_pieces(doc, cite))


def sorted_references(course: Document) -> list[Reference]:
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
