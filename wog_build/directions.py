"""Finding text whose reading order is not the order a reader gets back from the file.

A PDF stores glyphs where they are drawn.  Right-to-left text (Arabic, Hebrew) and text
under a bidi override (U+202E) are drawn in the reverse of the order they were written,
line by line, and each PDF reader puts them back its own way: PDFium restores the
letters of each word but not always the order of the words in a left-to-right line,
and a ligature (Arabic lam-alef, one glyph for two letters) comes back with its two
letters swapped.  So the written text is not a substring of what is read back, and the
proof would report a unit that is there as missing.

For such texts (:func:`reorders`) the proof compares the *letters*, not their order:
the text is found when some stretch of the read-back text holds every letter and digit
of it, as many times as the text does, and little else: no right-to-left letter more
than the text has (a neighbouring Arabic paragraph cannot lend its words), and at most
:data:`INTERRUPTION` other characters per page break the text may span (the running
header and page number).  A unit that is missing, or cut short by more than a word or
two, is still caught; a swap of words inside the text is not (the order is exactly
what the renderers change).  Texts without right-to-left characters or bidi controls
are compared in order, as before (:mod:`wog_build.sync`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from .readback import normalise

if TYPE_CHECKING:
    from .sync import Reader

REORDERING = frozenset({"R", "AL", "AN", "RLE", "LRE", "RLO", "LRO", "PDF", "RLI", "LRI",
                        "FSI", "PDI"})
"""Bidi classes that change where text is drawn: right-to-left letters, Arabic digits,
and the explicit embeddings, overrides and isolates."""

RIGHT_TO_LEFT = frozenset({"R", "AL"})

INTERRUPTION = 120
"""Letters and digits a page break may insert into a text (running header, footer,
page number), as normalised."""

LINE = 100
"""About the letters of a line of the module: how far a reader may move a word."""

NEARBY = 4000
"""How far around the reading position the letters are looked for first."""


def reorders(text: str) -> bool:
    """Whether ``text`` may be drawn in another order than it was written."""
    return any(unicodedata.bidirectional(c) in REORDERING for c in text)


@lru_cache(maxsize=4096)
def _rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in RIGHT_TO_LEFT


def letters_found(needle: str, hay: str, start: int, end: int, slack: int,
                  spare_rtl: int = 0) -> int:
    """Where the shortest stretch of ``hay[start:end]`` holding every character of
    ``needle`` (with its count) ends, if it has at most ``spare_rtl`` right-to-left
    letters more than ``needle`` and at most ``slack`` characters more in all; else -1."""
    if not needle:
        return start
    need = Counter(needle)
    rtl_needed = sum(n for c, n in need.items() if _rtl(c))
    have: Counter[str] = Counter()
    complete = 0  # distinct characters present as often as needed
    rtl_in = 0
    left = start
    for right in range(start, end):
        char = hay[right]
        have[char] += 1
        rtl_in += _rtl(char)
        if char in need and have[char] == need[char]:
            complete += 1
        while complete == len(need):  # shrink from the left while it stays complete
            head = hay[left]
            if head in need and have[head] == need[head]:
                break
            have[head] -= 1
            rtl_in -= _rtl(head)
            left += 1
        if complete == len(need) and rtl_in <= rtl_needed + spare_rtl and (
                right + 1 - left <= len(needle) + slack):
            return right + 1
    return -1


_RTL_RUN = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff"
                      "\U0001e800-\U0001efff]+")
"""Runs of right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko, ... blocks)."""


def _stretches(needle: str, hay: str, slack: int) -> list[tuple[int, int]]:
    """Where in ``hay`` a text with right-to-left letters can lie: around its runs of
    right-to-left script (near runs merged), so a search of a course that is mostly
    left-to-right reads only those; a text without such letters may lie anywhere."""
    if not any(_rtl(c) for c in needle):
        return [(0, len(hay))]
    reach = len(needle) + slack
    out: list[tuple[int, int]] = []
    for run in _RTL_RUN.finditer(hay):
        a, b = max(0, run.start() - reach), min(len(hay), run.end() + reach)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def finds(reader: Reader, text: str) -> bool:
    """Whether ``reader`` finds ``text``: in order, or for a text that reorders, by its
    letters (see the module's docstring); moves the reader on as :meth:`Reader.finds`."""
    from .sync import pieces_for

    needle = normalise(text)
    if reader.finds(needle):
        return True
    if not reorders(text):
        return False
    slack = (pieces_for(needle) - 1) * INTERRUPTION
    hay = reader.text
    near_start = max(0, reader.cursor - len(needle) - slack)
    near_end = min(len(hay), reader.cursor + 2 * len(needle) + slack + NEARBY)
    end = letters_found(needle, hay, near_start, near_end, slack)
    if end < 0:
        # out of order, or missing; the cursor stays with the reading order
        return any(letters_found(needle, hay, a, b, slack) >= 0
                   for a, b in _stretches(needle, hay, slack))
    reader.cursor = end
    return True


def contains(hay: str, probe: str) -> bool:
    """``probe in hay`` (both normalised), or, for a probe with right-to-left letters,
    its letters in a stretch of ``hay`` at most a line longer: what the page checks use
    (is this heading, this slide's first line, on that page?), where the probe is a
    prefix of a text whose words a reader may have moved within their line."""
    if probe in hay:
        return True
    if not any(_rtl(c) for c in probe):
        return False
    return letters_found(probe, hay, 0, len(hay), LINE, spare_rtl=LINE) >= 0
