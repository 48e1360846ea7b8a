"""What each slide says, before it is measured and drawn.

The builders turn the course into these specs; the renderer flows them onto slides.
Keeping the two apart lets one flow rule (continuation slides) serve every kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
    side_by_side: bool = False
    """Its first group beside the rest (a text and its translation): a template's
    two-content layout, when it has one and both sides fit."""


@dataclass
class TableSpec(Spec):
    header: list[Cell] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    source: Cell = ()


@dataclass
class FigureSpec(Spec):
    image: Path = Path()
    alt: str = ""
    caption: Cell = ()


@dataclass
class ClosingSpec(Spec):
    lines: list[str] = field(default_factory=list)
