"""Which page each unit (and each fixed part of the book) lands on, and the labels those
pages print.

The module counts its front matter in lowercase roman numerals and its main matter in
arabic numerals from BAB I (the CSS resets the page counter there).  The same rule
(:func:`~wog_build.document.protocol.page_label`) is computed here from where the BAB I
anchor lands, so the deck's "Modul hlm. N", the PDF page labels and the printed footers
all agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..document.protocol import MAIN_START_PART, anchor_key, page_label, part_anchor


def main_start(pages: Sequence[Any]) -> int:
    """Index of the first main-matter page (0 when the book has no BAB I anchor)."""
    target = part_anchor(MAIN_START_PART)
    return next((i for i, page in enumerate(pages) if target in page.anchors), 0)


def page_labels(pages: Sequence[Any]) -> list[str]:
    start = main_start(pages)
    return [page_label(i, start) for i in range(len(pages))]


def page_map(pages: Sequence[Any]) -> dict[str, str]:
    """Unit uid (or ``part:<name>``) → label of the page its anchor lands on (first
    occurrence wins)."""
    labels = page_labels(pages)
    found: dict[str, str] = {}
    for index, page in enumerate(pages):
        for name in sorted(page.anchors):
            key = anchor_key(name)
            if key is not None:
                found.setdefault(key, labels[index])
    return found
