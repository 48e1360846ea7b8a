"""A built PDF (module, guide, handout) read back as its reader gets it, with pypdf
(never the product's own ``wog_build.readback``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader


def page_texts(pdf: Path | PdfReader) -> list[str]:
    """The text pypdf extracts from each page, in page order ("" for a page without)."""
    reader = pdf if isinstance(pdf, PdfReader) else PdfReader(pdf)
    return [page.extract_text() or "" for page in reader.pages]


def pdf_text(pdf: Path | PdfReader, sep: str = "\n") -> str:
    """The text of every page, one page after another, joined by ``sep``."""
    return sep.join(page_texts(pdf))


def page_labels(reader: PdfReader) -> list[str]:
    """The printed label of each page ("i", "ii", ..., "1", "2", ...)."""
    return list(reader.page_labels)


def outline_items(outline: list[Any]) -> list[Any]:
    """The bookmarks of a (nested) pypdf outline, flattened in reading order."""
    items = []
    for item in outline:
        items.extend(outline_items(item) if isinstance(item, list) else [item])
    return items
