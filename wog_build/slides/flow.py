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
    start: int = 0
    """Index, in its group, of the page's first paragraph (a group cut on the page
    before goes on here from its paragraph ``start``)."""


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


def leads(group: Sequence[Para]) -> bool:
    """A lead-in introduces what follows it: a heading, or a line ending in ':'."""
    last = group[-1] if group else None
    return last is not None and (last.bold or last.text.rstrip().endswith(":"))


def paginate(metrics: Metrics, groups: Sequence[Group], box_for: Callable[[int], Box],
             max_items: int) -> list[Page]:
    """Fill pages in order; ``box_for(n)`` is the body box of page n (titles differ).

    Two rules a designer would ask for: a lead-in is never the last thing on a slide
    (it moves overleaf with what it introduces), and when the groups take more than one
    slide they are balanced (at most as many per slide as an even share, 4 + 3 rather
    than 6 + 1) whenever that needs no more slides."""
    greedy = _fill(metrics, groups, box_for, max_items)
    if len(greedy) < 2 or any(p.split for p in greedy):
        return greedy
    balanced = _fill(metrics, groups, box_for, max_items, plan=len(greedy))
    return balanced if len(balanced) == len(greedy) else greedy


def _fill(metrics: Metrics, groups: Sequence[Group], box_for: Callable[[int], Box],
          max_items: int, plan: int = 0) -> list[Page]:
    """Greedy filling; with ``plan`` pages, each page takes at most an even share of the
    groups still to place (13 groups on 3 pages: 5 + 4 + 4)."""
    pages: list[Page] = []
    page = Page()
    used = 0.0
    queue = deque((i, list(g), 0) for i, g in enumerate(groups) if g)
    last: tuple[int, list[Para], int] | None = None  # the page's last whole group
    cap = max_items
    while queue:
        index, paras, start = queue.popleft()
        if not page.paras:
            page.start = start
        if plan and not page.groups:
            cap = min(max_items, -(-(len(queue) + 1) // max(plan - len(pages), 1)))
        box = box_for(len(pages))
        h = height_of(metrics, box, paras)
        if len(page.groups) < cap and used + h <= box.text_height:
            page.paras += paras
            if index not in page.groups:
                page.groups.append(index)
            used += h
            last = (index, paras, start)
            continue
        if page.paras:
            if last is not None and len(page.groups) > 1 and leads(last[1]) \
                    and last[0] not in page.split:
                del page.paras[len(page.paras) - len(last[1]):]
                page.groups.remove(last[0])
                queue.appendleft((index, paras, start))
                index, paras, start = last
            pages.append(page)
            page, used, last = Page(), 0.0, None
            queue.appendleft((index, paras, start))
            continue
        head, tail = split_group(metrics, box, paras, box.text_height)
        if not head:
            raise BuildFailed("a slide's text box is too small for one line of its text; "
                              "check the sizes in layouts/slides/theme.yaml")
        page.paras += head
        page.groups.append(index)
        page.split.append(index)
        pages.append(page)
        page, used, last = Page(), 0.0, None
        if tail:  # a paragraph cut in two is in both: the tail starts at it
            queue.appendleft((index, tail, start + len(paras) - len(tail)))
    if page.paras or not pages:
        pages.append(page)
    return pages
