"""What a reader of a module PDF sees, read back with pypdf and pikepdf (not with the
code that wrote it): text per page, page labels, the outline (titles, nesting, target
pages and heights), named destinations, every link and where it leads, the structure
tree's roles with the page each element is on, and the metadata.  Two builds that give
equal views differ only in bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pikepdf
from pypdf import PdfReader


def _outline(reader: PdfReader, items: list[Any], depth: int, out: list[Any]) -> list[Any]:
    for item in items:
        if isinstance(item, list):
            _outline(reader, item, depth + 1, out)
        else:
            out.append((depth, item.title, reader.get_destination_page_number(item),
                        round(float(item.top or 0), 1)))
    return out


def reader_view(path: Path) -> dict[str, Any]:
    reader = PdfReader(path)
    pdf = pikepdf.open(path)
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    dests: dict[str, tuple[int, float]] = {}
    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        flat = pdf.Root.Names.Dests.Names
        for at in range(0, len(flat), 2):
            target = flat[at + 1]
            dests[str(flat[at])] = (pages[target[0].objgen], round(float(target[3]), 1))
    links = []
    for index, page in enumerate(pdf.pages):
        for annot in page.obj.get("/Annots", []):
            rect = [round(float(x), 1) for x in annot.Rect]
            if "/Dest" in annot:
                links.append((index, str(annot.Dest), dests.get(str(annot.Dest)), rect))
            else:
                links.append((index, str(annot.A.URI), None, rect))
    roles: list[tuple[int, str, int | None]] = []

    def walk(element: Any, depth: int) -> None:
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            return
        page = pages.get(element.Pg.objgen) if "/Pg" in element else None
        roles.append((depth, str(element.S), page))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid, depth + 1)

    if "/StructTreeRoot" in pdf.Root:
        walk(pdf.Root.StructTreeRoot.K[0], 0)
    view = {
        "texts": [page.extract_text() for page in reader.pages],
        "labels": list(reader.page_labels),
        "outline": _outline(reader, reader.outline, 0, []),
        "dests": dests,
        "links": links,
        "roles": roles,
        "struct_pages": sorted({p for _, _, p in roles if p is not None}),
        "info": {str(k): str(v) for k, v in pdf.docinfo.items()},
        "lang": str(pdf.Root.get("/Lang")),
        "tagged": "/StructTreeRoot" in pdf.Root,
    }
    pdf.close()
    return view
