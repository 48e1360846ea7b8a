"""The printed table of contents, read back from the PDF and checked page by page.

The Daftar Isi (and the lists of tables and figures) print a page number beside each
entry with ``target-counter``, which follows the entry's anchor.  An anchor on the wrong
element (a box that starts on the page before its heading) prints a wrong number that
nothing in the layout notices, so the sync proof reads the printed lines back and
compares each number with the page a reader finds the entry on: for a heading, the page
its bookmark (the heading box itself) points at, which must also show the heading's
text; for a table or figure caption, the first page outside the lists that shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..readback import PdfText, normalise

LEADER_LINE = re.compile(r"^(?P<title>.*?)\s*(?:[.·]\s*){3,}(?P<page>[0-9]+|[ivxlcdm]+)\s*$")
"""An entry line: its title, a leader of dots, the page label."""


@dataclass(frozen=True)
class Entry:
    title: str      # as printed (the part on the leader's line, with any lines before it)
    printed: str    # the page label printed beside it
    list_page: int  # the page of the list it is printed on
    last: str = ""  # the title's part on the leader's line alone


def entries(pdf: PdfText) -> list[Entry]:
    """Every line with a leader and a page label, in reading order.

    A title too long for one line ends on the leader's line; the lines before it on
    the same page are kept as ``pending`` so the whole title can be matched."""
    found: list[Entry] = []
    for index, text in enumerate(pdf.pages):
        pending = ""
        for line in text.splitlines():
            match = LEADER_LINE.match(line.strip())
            if match is None:
                pending = f"{pending} {line.strip()}"
                continue
            found.append(Entry(f"{pending} {match['title']}".strip(), match["page"], index,
                               match["title"]))
            pending = ""
    return found


def _same_title(printed: str, heading: str) -> bool:
    """Whether a printed entry (perhaps with earlier lines before it) names ``heading``."""
    return bool(heading) and printed.endswith(heading)


def check_contents(pdf: PdfText) -> tuple[int, list[str]]:
    """How many entries were checked, and a problem for each whose printed page is not
    the page that shows it."""
    lists = entries(pdf)
    list_pages = {e.list_page for e in lists}
    outline = [(normalise(title), page) for title, page in pdf.outline]
    cursor = 0
    problems: list[str] = []
    for entry in lists:
        want = normalise(entry.title)
        page = None
        for at in range(cursor, len(outline)):
            heading, where = outline[at]
            if _same_title(want, heading):
                cursor, page = at + 1, where
                if heading not in pdf.normalised[where]:
                    problems.append(f"the heading '{entry.title}' is bookmarked on page "
                                    f"{pdf.labels[where]}, which does not show it")
                break
        if page is None:  # a caption: the first page outside the lists showing it
            short = normalise(entry.last)[-60:]
            page = next((i for i, text in enumerate(pdf.normalised)
                         if i not in list_pages and short in text), None)
        if page is None:
            problems.append(f"the table of contents lists '{entry.title}', which no page "
                            "of the module shows")
        elif pdf.labels[page] != entry.printed:
            problems.append(f"the table of contents says '{entry.title}' is on page "
                            f"{entry.printed}, but it is on page {pdf.labels[page]}")
    return len(lists), problems
