"""Flowing measured paragraphs onto as many slides as they need.

Content is never shrunk below the theme's size and never dropped: what does not fit
(or exceeds the items-per-slide limit) moves to a continuation slide; a single item
taller than a whole slide is cut between two lines and carries on overleaf.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ..errors import BuildFailed
from .measure import (
    Box,
    Metrics,
    Para,
    Span,
    height_of,
    para_height,
    para_lines,
    split_spans,
    strip_left,
)

Group = list[Para]


@dataclass
class Page:
    paras: list[Para] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)  # indexes of the groups shown
    split: list[int] = field(default_factory=list)   # groups cut on this page


def continuation(para: Para, spans: Sequence[Span]) -> Para:
    """The rest of a cut paragraph: no second bullet, aligned with the text above."""
    marked = bool(para.bullet or para.number)
    return replace(para, spans=strip_left(spans), bullet=None, number=None,
                   level=para.level + (1 if marked else 0))


def split_group(metrics: Metrics, box: Box, paras: Sequence[Para],
                room: float) -> tuple[list[Para], list[Para]]:
    """The head of ``paras`` that fits in ``room`` points, and the rest."""
    head: list[Para] = []
    used = 0.0
    for i, para in enumerate(paras):
        h = para_height(metrics, box, para)
        if used + h <= room:
            head.append(para)
            used += h
            continue
        lines = para_lines(metrics, box, para)
        pitch = (h - box.after(para)) / len(lines)
        k = int((room - used - box.after(para)) // pitch) if pitch else 0
        k = min(k, len(lines) - 1)
        if k >= 1:
            first, _ = split_spans(para.spans, lines[k - 1][1])
            _, rest = split_spans(para.spans, lines[k][0])
            head.append(replace(para, spans=first))
            return head, [continuation(para, rest), *paras[i + 1:]]
        return head, list(paras[i:])
    return head, []


def paginate(metrics: Metrics, groups: Sequence[Group], box_for: Callable[[int], Box],
             max_items: int) -> list[Page]:
    """Fill pages in order; ``box_for(n)`` is the body box of page n (titles differ)."""
    pages: list[Page] = []
    page = Page()
    used = 0.0
    queue = deque((i, list(g)) for i, g in enumerate(groups) if g)
    while queue:
        index, paras = queue.popleft()
        box = box_for(len(pages))
        h = height_of(metrics, box, paras)
        if len(page.groups) < max_items and used + h <= box.text_height:
            page.paras += paras
            if index not in page.groups:
                page.groups.append(index)
            used += h
            continue
        if page.paras:
            pages.append(page)
            page, used = Page(), 0.0
            queue.appendleft((index, paras))
            continue
        head, tail = split_group(metrics, box, paras, box.text_height)
        if not head:
            raise BuildFailed("a slide's text box is too small for one line of its text; "
                              "check the sizes in layouts/slides/theme.yaml")
        page.paras += head
        page.groups.append(index)
        page.split.append(index)
        pages.append(page)
        page, used = Page(), 0.0
        if tail:
            queue.appendleft((index, tail))
    if page.paras or not pages:
        pages.append(page)
    return pages
