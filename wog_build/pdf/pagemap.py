"""Which page each unit lands on, and the labels those pages print.

The module counts its front matter in lowercase roman numerals and its main matter in
arabic numerals from BAB I (the CSS resets the page counter there).  The same rule is
computed here from where the BAB I anchor lands, so the deck's "Modul hlm. N", the PDF
page labels and the printed footers all agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..citations import roman
from .inline_html import anchor

MAIN_START_UID = "pendahuluan"
"""The unit whose page is page 1 of the main matter (BAB I)."""

ANCHOR_PREFIX = anchor("")


def main_start(pages: Sequence[Any]) -> int:
    """Index of the first main-matter page (0 when the book has no BAB I anchor)."""
    target = anchor(MAIN_START_UID)
    return next((i for i, page in enumerate(pages) if target in page.anchors), 0)


def page_label(index: int, start: int) -> str:
    """The printed label of the page at ``index`` (0-based) when main matter starts at ``start``."""
    if index < start:
        return roman(index + 1).lower()
    return str(index - start + 1)


def page_labels(pages: Sequence[Any]) -> list[str]:
    start = main_start(pages)
    return [page_label(i, start) for i in range(len(pages))]


def page_map(pages: Sequence[Any]) -> dict[str, str]:
    """Unit uid → label of the page its anchor lands on (first occurrence wins)."""
    labels = page_labels(pages)
    found: dict[str, str] = {}
    for index, page in enumerate(pages):
        for name in sorted(page.anchors):
            if name.startswith(ANCHOR_PREFIX):
                found.setdefault(name[len(ANCHOR_PREFIX):], labels[index])
    return found
