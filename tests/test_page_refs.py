"""Page references that are always right: the table of contents and every slide's
"Modul hlm. N" follow a heading when more text pushes it onto the next page.

The pages are read back with pypdf and the deck with python-pptx; the heading's page
is the page whose text shows the heading line in the body (not the TOC, not the
materi pokok list in BAB I), found independently of the anchors the module places.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from .support.builds import build_quietly
from .support.courses import readme_example, write_course
from .support.deck import frame_texts, open_deck
from .support.pdf import page_labels, page_texts
from .support.text import letters

pytestmark = pytest.mark.slow

HEADING = "Judul Kedua Bergeser"
FILLER = ("Paragraf pengisi nomor {i} yang cukup panjang untuk memenuhi halaman modul "
          "ini, agar judul bagian berikutnya terdorong ke halaman baru bila kotak poin "
          "pentingnya tidak muat lagi di sisa halaman.")


def drift_course(fillers: int) -> str:
    """The README's course with ``fillers`` paragraphs in 2.1 and a section 2.2 whose
    tall key-points box (kept whole on one page) must follow its heading."""
    text = readme_example()
    paragraphs = "".join(f"          - {FILLER.format(i=i)}\n" for i in range(fillers))
    points = "".join(f"          - Poin penting nomor {i} tentang kerja lintas batas\n"
                     for i in range(10))
    second = (f"      - title: {HEADING}\n        id: sec-geser\n        key_points:\n"
              f"{points}        blocks:\n          - Isi bagian kedua.\n")
    anchor = "          - Paragraf biasa cukup ditulis sebagai teks.\n"
    assert anchor in text and "    summary:\n" in text
    text = text.replace(anchor, anchor + paragraphs)
    return text.replace("    summary:\n", second + "    summary:\n", 1)


def build(tmp: Path, fillers: int) -> tuple[PdfReader, Presentation]:
    course = write_course(tmp / f"c{fillers}", drift_course(fillers))
    out = build_quietly(course, tmp / f"d{fillers}")
    return PdfReader(next(out.glob("*-modul.pdf"))), open_deck(next(out.glob("*.pptx")))


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


TOC_LINE = re.compile(r"^(?P<title>.*?)\s*(?:\.\s*){3,}\s*(?P<page>[0-9]+|[ivxlc]+)$")


def toc_entry(reader: PdfReader, title: str) -> str:
    """The page number the Daftar Isi prints beside ``title``."""
    want = letters(title)
    for page in page_texts(reader):
        for line in lines(page):
            match = TOC_LINE.match(line)
            if match and letters(match["title"]).endswith(want):
                return match["page"]
    raise AssertionError(f"no TOC entry for {title!r}")


def heading_page(reader: PdfReader, number: str, title: str) -> int:
    """The body page showing the heading line: the last page with a line that is just
    the number and the title (the TOC line has leader dots; the materi pokok list in
    BAB I comes before the chapter)."""
    want = letters(f"{number} {title}")
    found = [i for i, page in enumerate(page_texts(reader))
             if any(letters(line) == want for line in lines(page))]
    assert found, f"no page shows the heading {number} {title}"
    return found[-1]


def slide_ref(deck: Presentation, name: str, label: str) -> str:
    slide = next(s for s in deck.slides if s.name == name)
    refs = {m for t in frame_texts(slide) for m in re.findall(re.escape(label) + r"\s*(\w+)", t)}
    assert len(refs) == 1, (name, refs)
    return refs.pop()


@pytest.fixture(scope="module")
def drifted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("drift")
    return {n: build(tmp, n) for n in (2, 8)}


def test_a_pushed_heading_takes_the_toc_and_the_slide_with_it(drifted):
    pages = {}
    for fillers, (reader, deck) in drifted.items():
        labels = page_labels(reader)
        page = heading_page(reader, "2.2", HEADING)
        pages[fillers] = page
        assert toc_entry(reader, f"2.2 {HEADING}") == labels[page], fillers
        assert slide_ref(deck, "wog:section:sec-geser", "Modul hlm.") == labels[page], fillers
    assert pages[8] > pages[2], "the extra paragraphs did not move the heading"
    # the case that used to go wrong: 2.1's last paragraph ends the page before, so the
    # section starts on one page and its heading (kept with its box) on the next
    reader, _ = drifted[8]
    last = letters(FILLER.format(i=7))[:30]
    assert last in letters(page_texts(reader)[pages[8] - 1])
