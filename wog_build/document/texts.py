"""The reader-visible texts of a unit: what an output promises and the proof looks for."""

from __future__ import annotations

from collections.abc import Iterator, Set
from typing import Any

from ..inline import InlineText
from ..model import Node, Unit
from .document import Document

SKIP_FIELDS = frozenset({"id", "audience", "key", "kind", "indicator", "figure", "alt", "url",
                         "min_score", "max_score", "year", "short_title", "diagram", "chart",
                         "columns", "values", "unit", "width",
                         "minutes", "indicators", "methods", "media"})
"""Fields that hold no reader-visible text of the unit itself (durations and the
learning design show only in the facilitator guide, which promises them itself)."""


def _texts(doc: Document, node: Any, hidden: Set[str]) -> Iterator[str]:
    """The texts of one unit, not descending into the units it contains."""
    for name, info in type(node).model_fields.items():
        if name in SKIP_FIELDS or name in hidden:
            continue
        value = getattr(node, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, InlineText):
                yield doc.plain(item)
            elif isinstance(item, str) and info.alias not in ("list", "numbered"):
                yield item
            elif isinstance(item, Node) and not isinstance(item, Unit):
                yield from _texts(doc, item, hidden)


def unit_texts(doc: Document, unit: Unit, hidden: Set[str] = frozenset()) -> list[str]:
    from ..readback import normalise

    return [t for t in _texts(doc, unit, hidden) if normalise(t)]
