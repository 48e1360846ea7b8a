"""The module's HTML cut into parts that WeasyPrint can lay out alone.

The template marks the parts (:data:`~wog_build.document.protocol.PARTS_OPEN`,
``PART_BREAK``, ``PARTS_CLOSE``, HTML comments a single pass ignores): the front matter
(cover, imprint, foreword, the table of contents and the lists) is everything in the
body before the main matter; then BAB I, each chapter and the back matter.  Each part
is a complete HTML document: the same head (styles, fonts, metadata), the same body
element, and for a main-matter part the main matter's own opening tag, so every element
keeps its page name, its styles and its place in the tagged structure.

Cutting is done on the text, not on a parsed tree: the HTML is written by our own
template, and re-serialising it (inline SVG included) could change what is laid out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..document.protocol import FRONT_BREAK, PAGE_ATTRIBUTE, PART_BREAK, PARTS_CLOSE, PARTS_OPEN
from ..errors import BuildFailed

BODY_OPEN = re.compile(r"<body\b[^>]*>")
BODY_CLOSE = "</body>"
ID_ATTRIBUTE = re.compile(r"""\bid="([^"]+)\"""")
INTERNAL_LINK = re.compile(r"""(<a\b[^>]*?\bhref="#([^"]+)")""")


@dataclass(frozen=True)
class Parts:
    """The front matter (its body content) and the main-matter parts (complete
    documents); the head and wrappers to make the front matter a document once the
    other parts' page labels are known."""

    head: str           # everything up to and including the body's opening tag
    front: str          # the body's content before the main matter (after the lead)
    main: tuple[str, ...]
    tail: str           # closes the body and the document
    lead: str = ""      # the front matter before FRONT_BREAK, when it links only to itself

    def lead_html(self) -> str:
        """The lead (cover, imprint, foreword) as a document."""
        return self.head + self.lead + self.tail

    def front_html(self, labels: Mapping[str, str], first_page: int = 1) -> str:
        """The front matter as a document, every link to an anchor of another part
        carrying that anchor's page label (``labels``: anchor name → label), its page
        counter starting at ``first_page`` (after the lead): its own pages' numbers, in
        its footers and in its table of contents, are those of the book."""
        own = set(ID_ATTRIBUTE.findall(self.front))

        def mark(match: re.Match[str]) -> str:
            target = match.group(2)
            if target in own or target not in labels:
                return match.group(1)
            return f'{match.group(1)} {PAGE_ATTRIBUTE}="{labels[target]}"'

        head = self.head
        if first_page != 1:
            at = head.rfind("</head>")
            head = (head[:at] + f"<style>@page :nth(1) {{ counter-reset: page {first_page} }}"
                    "</style>\n" + head[at:])
        return head + INTERNAL_LINK.sub(mark, self.front) + self.tail


def split(source: str) -> Parts | None:
    """The parts of the module's HTML, or None when the template marks none (a layout
    from before parts existed: it is laid out in one pass)."""
    opened = source.find(PARTS_OPEN)
    if opened < 0:
        return None
    closed = source.find(PARTS_CLOSE, opened)
    body = BODY_OPEN.search(source)
    end = source.rfind(BODY_CLOSE)
    if closed < 0 or body is None or end < closed:
        raise BuildFailed(f"the module template marks its parts with {PARTS_OPEN} but "
                          f"not with {PARTS_CLOSE} before </body>: add it before the "
                          "main matter's closing tag")
    wrapper_at = source.rfind("<", body.end(), opened)
    wrapper = source[wrapper_at:opened].strip()
    if wrapper_at < 0 or not wrapper.startswith("<") or wrapper.startswith("</"):
        raise BuildFailed(f"the module template's {PARTS_OPEN} must follow the opening "
                          "tag of the element that wraps the main matter")
    after = source[closed + len(PARTS_CLOSE):end]
    close_tag = after.strip()
    if not re.fullmatch(r"</[a-zA-Z][a-zA-Z0-9]*>", close_tag):
        raise BuildFailed(f"the module template's {PARTS_CLOSE} must come right before "
                          "the closing tag of the element that wraps the main matter")
    head = source[:body.end()]
    tail = "\n" + source[end:]
    pieces = source[opened + len(PARTS_OPEN):closed].split(PART_BREAK)
    if pieces[0].strip():
        raise BuildFailed(f"the module template writes text between {PARTS_OPEN} and the "
                          f"first {PART_BREAK}: every part must begin with {PART_BREAK}")
    main = tuple(f"{head}\n{wrapper}\n{piece.strip()}\n{close_tag}{tail}"
                 for piece in pieces[1:] if piece.strip())
    front = source[body.end():wrapper_at]
    lead, marked, rest = front.partition(FRONT_BREAK)
    if marked and link_targets(lead) <= set(ID_ATTRIBUTE.findall(lead)):
        return Parts(head, rest, main, tail, lead)
    return Parts(head, front, main, tail)  # a lead citing other pages waits with the rest


def link_targets(source: str) -> set[str]:
    """The anchors a part links to (those it does not hold must be kept for the
    assembled book's links)."""
    return {match.group(2) for match in INTERNAL_LINK.finditer(source)}


def unhanded_keys(source: str) -> frozenset[str]:
    """The page-map keys never handed to the other outputs: those of the front matter
    after the lead (the table of contents and lists), when the template marks a lead.
    Laid out in parts they are counted last, and the deck is drawn before; they cite
    other pages and are cited by none, so a single pass leaves them out too and both
    hand over the same map."""
    from ..document.protocol import anchor_key

    cut = split(source)
    if cut is None or not cut.lead:
        return frozenset()
    keys = (anchor_key(name) for name in ID_ATTRIBUTE.findall(cut.front))
    return frozenset(key for key in keys if key is not None)


PIECE_LEAST = 16_000
"""The least text (characters of HTML in the body) a document is cut into pieces from:
a shorter one (three or four pages of the guide) is laid out in one pass, as a pool's
set-up would cost more than it saves."""

PIECE_MOST = 256_000
"""The most text a piece is laid out with, about 60 pages of the guide.  A document is
cut into as few pieces as this allows, but at least two: it is laid out last in a build,
alone once the module is written (or beside the module's assembly, when both are light:
:data:`~wog_build.pipeline.run.SIDE_BY_SIDE`), so one piece would leave a core idle.
Each piece costs its own set-up (styles, fonts, a process): more pieces than cores would
only add to it.  Measured on WoG's guide (nine pages, laid out after the
module): two pieces made the whole build 0.45 s faster in eight interleaved runs (median
6.31 s against 6.77 s), each piece laid out in 0.6 to 0.75 s of CPU against 1.5 s for
the whole.  Sizes of the HTML, not of the machine, so the bytes never depend on it."""


def pieces(source: str, least: int | None = None, most: int | None = None
           ) -> tuple[str, ...] | None:
    """A document whose parts print no page number of another (the guide) cut at the
    template's :data:`~wog_build.document.protocol.PART_BREAK` marks in its body, the
    marked parts gathered in order into pieces of about the same size: as few as hold at
    most ``most`` characters each, and at least two; each piece a complete document (the
    same head and body element).  None when the template marks no break or the body
    holds fewer than ``least`` characters (it is laid out in one pass).  With ``most``
    below one part's size, each marked part is a piece of its own."""
    least = PIECE_LEAST if least is None else least
    most = PIECE_MOST if most is None else most
    body = BODY_OPEN.search(source)
    end = source.rfind(BODY_CLOSE)
    if body is None or end < body.end() or PART_BREAK not in source[body.end():end]:
        return None
    head, tail = source[:body.end()], "\n" + source[end:]
    parts = [p.strip() for p in source[body.end():end].split(PART_BREAK) if p.strip()]
    total = sum(map(len, parts))
    if len(parts) < 2 or total < least:
        return None
    count = min(len(parts), max(2, -(-total // max(most, 1))))
    gathered: list[list[str]] = []
    share = 0.0
    size = 0
    left = total  # the text of this part and the ones after it
    for index, part in enumerate(parts):
        unopened = count - len(gathered)
        # a new piece once this part lies mostly past the current piece's share of the
        # text, or when every part left must open one
        if unopened and (not gathered or len(parts) - index <= unopened
                         or size + len(part) / 2 > share):
            share = left / unopened
            gathered.append([])
            size = 0
        gathered[-1].append(part)
        size += len(part)
        left -= len(part)
    return tuple(f"{head}\n" + "\n".join(group) + f"\n{tail}" for group in gathered)
