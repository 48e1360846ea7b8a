"""What each slide says, before it is measured and drawn.

The builders turn the course into these specs; the renderer flows them onto slides.
Keeping the two apart lets one flow rule (continuation slides) serve every kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..visuals.chart import ChartData
from ..visuals.diagram import Item
from .measure import Para, Span

Cell = tuple[Span, ...]


@dataclass
class Spec:
    kind: str
    title: str
    notes: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # uids whose module page it covers

    @property
    def content(self) -> bool:
        """Content slides carry the footer and the module page."""
        return self.kind not in ("title", "closing")

    def cited_anchors(self) -> set[str]:
        """Every anchor whose module page the slides drawn from this spec may print."""
        return set(self.anchors)


@dataclass
class CoverSpec(Spec):
    subtitle: str = ""
    lines: list[str] = field(default_factory=list)
    logo_alt: str = ""  # the logo's description: the publisher's name


@dataclass
class DividerSpec(Spec):
    number: str = ""


@dataclass
class FlowSpec(Spec):
    groups: list[list[Para]] = field(default_factory=list)
    group_texts: list[str] = field(default_factory=list)  # full text, if a group is cut
    max_items: int = 6
    beside: Spec | None = None  # a figure, diagram or chart drawn beside the text if both fit
    side_by_side: bool = False
    """Its first group beside the rest (a text and its translation): a template's
    two-content layout, when it has one and both sides fit."""
    group_anchors: list[str | None] = field(default_factory=list)
    """Per group, the unit (or part) it shows: a slide cites the module page of its own
    first group, so a continuation slide cites where its first item is."""
    para_anchors: list[list[str | None]] = field(default_factory=list)
    """Per group, per paragraph, the unit it shows, when its lines are units of their
    own (the agenda's sections): a slide that goes on with a cut group cites its first
    line's page, not the group's."""
    cite_groups: bool = False
    """Print each group's module page beside it (the agenda: each chapter's page)."""

    def cited_anchors(self) -> set[str]:
        found = {*self.anchors, *(a for a in self.group_anchors if a is not None),
                 *(a for line in self.para_anchors for a in line if a is not None)}
        return found | (self.beside.cited_anchors() if self.beside is not None else set())


@dataclass
class QuizSpec(FlowSpec):
    """One evaluation question: the question and its options on the face, the answer
    hidden under them until the trainer clicks."""

    reveal: list[Para] = field(default_factory=list)


@dataclass
class TableSpec(Spec):
    header: list[Cell] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    source: Cell = ()


@dataclass
class FigureSpec(Spec):
    image: Path = Path()
    alt: str = ""
    width: float = 1.0  # the author's preferred share of the width
    caption: Cell = ()


@dataclass
class DiagramSpec(Spec):
    diagram: str = ""
    items: list[Item] = field(default_factory=list)
    columns: int = 2
    alt: str = ""
    caption: Cell = ()


@dataclass
class ChartSpec(Spec):
    data: ChartData | None = None
    alt: str = ""
    caption: Cell = ()


@dataclass
class ClosingSpec(Spec):
    lines: list[str] = field(default_factory=list)
