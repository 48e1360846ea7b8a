"""The conventions writers and the sync proof share, owned here and nowhere else.

A writer marks what it wrote (an anchor on a module page, a name on a slide, a digest
in a file's metadata, "Modul hlm. 5" in a footer); the proof reads the marks back from
disk.  Both sides call the functions below, so a convention cannot drift between the
writer that makes a mark and the proof that parses it.  Templates get them as filters.

| mark | written by | read by |
| --- | --- | --- |
| ``u-<uid>`` anchor | module templates | page map (deck's page references) |
| ``p-<part>`` anchor | module templates (fixed parts: TOC, BAB I, ...) | page map |
| ``p-<part>-<name>`` anchor | module templates (BAB I's parts, Rangkuman) | page map, TOC |
| ``wog:<kind>:<uid>`` slide name | deck | sync proof (which unit a slide shows) |
| ``WogSourceDigest`` / identifier | every writer's metadata | sync proof (same source) |
| ``<module_page> <label>`` | deck footers and notes | sync proof (page references) |
| page labels ``i, ii, ... 1, 2`` | module (``/PageLabels``) | page map and sync proof |
| :class:`DeckHandover` (bytes, slide numbers and titles) | deck | handout, guide |
| ``<!--wog:parts-->``, ``<!--wog:part-->`` | module template | layout in parts (``pdf/parts.py``) |
| ``data-page`` on a front-matter link | layout in parts | module.css (the TOC's page label) |
| ``Tayangan <n>: <title>`` | guide (session plans) | sync proof (slide n has that title) |
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# --- anchors ---------------------------------------------------------------------------

UNIT_ANCHOR_PREFIX = "u-"
PART_ANCHOR_PREFIX = "p-"
"""Units and the layout's own parts live in different anchor namespaces, so no unit id
an author may write can ever collide with a part of the book.  Every anchor sits on a
heading (or on the unit's own box), never on a wrapper that may begin on the page before
its heading: the page map, the TOC and the slides cite the page a reader finds it on."""

PART_KEY_PREFIX = "part:"
"""How a part stands in a page map beside unit ids (``part:pendahuluan``); ``:`` after a
word that no derived id uses, and no author id can start with ``part:`` (reserved)."""

RESERVED_PARTS: tuple[str, ...] = (
    "kata-pengantar", "daftar-isi", "daftar-tabel", "daftar-gambar", "pendahuluan",
    "evaluasi", "umpan-balik", "kunci-jawaban", "glosarium", "regulasi", "pustaka",
)
"""Fixed parts of the module that slides and the table of contents point at."""

MAIN_START_PART = "pendahuluan"
"""The part whose first page is page 1 of the main matter (BAB I)."""

RESERVED_ID_PREFIXES: tuple[str, ...] = (PART_KEY_PREFIX,)
"""Author ids may not start with these (see :func:`reserved_id_problem`)."""


def unit_anchor(uid: str) -> str:
    """The HTML id a unit's element carries."""
    return f"{UNIT_ANCHOR_PREFIX}{uid}"


def part_anchor(part: str) -> str:
    """The HTML id of a fixed part of the book (``p-pendahuluan``)."""
    return f"{PART_ANCHOR_PREFIX}{part}"


def sub_part(part: str, name: str) -> str:
    """A named place inside a fixed part or a chapter: ``pendahuluan-competency`` (a part
    of BAB I), ``rangkuman-bab2`` (a chapter's Rangkuman).  Anchored on its heading like
    every part, and in the same namespace, so the TOC and slides can cite it."""
    return f"{part}-{name}"


def part_key(part: str) -> str:
    """A part's key in a page map, beside unit ids."""
    return f"{PART_KEY_PREFIX}{part}"


def anchor_key(anchor: str) -> str | None:
    """The page-map key an HTML anchor stands for, or None for an anchor that is not one
    of ours (footnotes, WeasyPrint's own)."""
    if anchor.startswith(UNIT_ANCHOR_PREFIX):
        return anchor[len(UNIT_ANCHOR_PREFIX):]
    if anchor.startswith(PART_ANCHOR_PREFIX):
        return part_key(anchor[len(PART_ANCHOR_PREFIX):])
    return None


def reserved_id_problem(uid: str) -> str | None:
    """Why an author's id cannot be used, or None when it can."""
    for prefix in RESERVED_ID_PREFIXES:
        if uid.startswith(prefix):
            return f"ids starting with '{prefix}' are reserved for the layouts; choose another id"
    return None



# --- layout in parts --------------------------------------------------------------------

PARTS_OPEN = "<!--wog:parts-->"
"""Written by the module template right after the main matter's opening tag: the
element it follows wraps every part laid out alone (``--jobs``); everything in the body
before that element is the front matter (one part, the one holding the page lists)."""
PART_BREAK = "<!--wog:part-->"
"""Written before each part inside the main matter (BAB I, each chapter, the back
matter); a comment, so a single-pass layout is unchanged by it.  The guide's template
writes it in its body before each chapter and the evaluation (``pdf.parts.pieces``)."""
FRONT_BREAK = "<!--wog:front-->"
"""Written by the module template in the front matter, between two top-level elements,
where the pages that print other parts' page numbers begin (the table of contents):
what comes before (cover, imprint, foreword) is a part of its own, laid out at once
beside BAB I, and the rest is laid out last, when every page is counted.  Optional: a
template without it has one front-matter part."""
PARTS_CLOSE = "<!--wog:/parts-->"
"""Written right before the main matter's closing tag."""
PAGE_ATTRIBUTE = "data-page"
"""Laid out in parts, a link in the front matter to a page of another part carries that
page's label here; the layouts print it where a single pass prints ``target-counter``."""

# --- slide names -----------------------------------------------------------------------

SLIDE_NAME = re.compile(r"^wog:(?P<kind>[a-z_-]+)(?::(?P<uid>.+))?$")


def slide_name(kind: str, uid: str | None) -> str:
    """``wog:<kind>:<uid>``: which unit of the source a slide shows."""
    return f"wog:{kind}:{uid}" if uid else f"wog:{kind}"


@dataclass(frozen=True)
class SlideTag:
    kind: str
    uid: str | None


def parse_slide_name(name: str) -> SlideTag | None:
    """The kind and unit a slide name says, or None for a slide we did not make."""
    match = SLIDE_NAME.match(name or "")
    return SlideTag(match.group("kind"), match.group("uid")) if match else None


@dataclass(frozen=True)
class SlideRef:
    """One slide as the deck hands it on: its number, its name and its title."""

    number: int
    name: str
    title: str
    notes: str = ""


@dataclass(frozen=True)
class DeckHandover:
    """What the deck hands on to the outputs that use it: its bytes (the handout renders
    them) and its slides (the facilitator guide cites their numbers and titles)."""

    pptx: bytes
    slides: tuple[SlideRef, ...]


# --- digests and identity ----------------------------------------------------------------

DIGEST_KEY = "WogSourceDigest"
"""PDF Info key (and, for other formats, the metadata field) holding the source digest."""
VERSION_KEY = "WogVersion"
TOOL_KEY = "WogToolVersion"


# --- page references ---------------------------------------------------------------------


def page_label(index: int, main_start: int) -> str:
    """The printed label of the page at ``index`` (0-based): lowercase roman numerals for
    the front matter, arabic from 1 at ``main_start``."""
    if index < main_start:
        return roman(index + 1).lower()
    return str(index - main_start + 1)


def page_ref(labels: Mapping[str, str], page: str) -> str:
    """"Modul hlm. 5": how another output cites a module page."""
    return f"{labels['module_page']} {page}"


def page_ref_pattern(labels: Mapping[str, str]) -> re.Pattern[str]:
    """Finds every page reference :func:`page_ref` writes; group 1 is the page label."""
    return re.compile(re.escape(labels["module_page"]) + r"\s*([0-9]+|[ivxlcdm]+)\b")


def slide_ref(labels: Mapping[str, str], number: int, title: str) -> str:
    """"Tayangan 12: 2.1 Pendahuluan": how the facilitator guide cites a slide."""
    return f"{labels['guide_slide']} {number}: {title}"


def slide_ref_pattern(labels: Mapping[str, str]) -> re.Pattern[str]:
    """Finds every :func:`slide_ref`; group 1 is the slide number, the title follows."""
    return re.compile(re.escape(labels["guide_slide"]) + r"\s+([0-9]+):")


def roman(number: int) -> str:
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)
