"""The parts' PDFs assembled into one book with pikepdf (qpdf).

What a single pass writes once for the whole book is rebuilt here from the parts:

- pages in book order, with the blank versos a single pass would insert before a part
  that must begin on a right-hand page;
- one outline: each part's top-level bookmarks in order (every part begins with its own
  top-level heading, so no bookmark spans two parts);
- named destinations: each name from the part that holds the anchor (the other parts
  hold a placeholder so WeasyPrint kept their links to it, see ``partlayout.keep_links``);
- page labels (roman front matter, arabic from BAB I);
- one structure tree (tagged PDF): one Document element over every part's elements,
  the parent tree renumbered (pages 0…n−1, then link annotations, as WeasyPrint does);
- the front part's metadata (Info, XMP), language and viewer preferences.

The output depends only on the parts' bytes: the identifier's first half is the front part's
(the module's permanent one, from the digest), the second qpdf derives from the content.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .finish import page_label_tree
from .identity import save

PAGE_BOXES = ("/MediaBox", "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox")
CATALOG_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences")


@dataclass(frozen=True)
class PartFile:
    path: Path
    holds: frozenset[str]  # the anchors laid out in this part (not placeholders)
    blank_before: bool = False


def _label_tree(pikepdf: Any, start: int) -> Any:
    tree = page_label_tree(start)  # the single pass's own rule, as pydyf objects
    nums: list[Any] = []
    for item in tree["Nums"]:
        if isinstance(item, int):
            nums.append(item)
        else:
            nums.append(pikepdf.Dictionary({f"/{k}": (pikepdf.Name(v) if isinstance(v, str)
                                                     else v) for k, v in item.items()}))
    return pikepdf.Dictionary(Nums=pikepdf.Array(nums))


def _blank_page(pikepdf: Any, dest: Any, like: Any, tagged: bool, index: int) -> Any:
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, Resources=pikepdf.Dictionary(),
                              Contents=dest.make_stream(b""))
    for key in PAGE_BOXES:
        if key in like:
            page[key] = pikepdf.Array(list(like[key]))
    if tagged:
        page.Tabs = pikepdf.Name.S
        page.StructParents = index
    return dest.make_indirect(page)


def _copy(dest: Any, src: Any, obj: Any) -> Any:
    """``obj`` of ``src`` as an object of ``dest`` (a direct dictionary or array is made
    indirect in ``src`` first: qpdf copies only indirect objects across files)."""
    import pikepdf

    if isinstance(obj, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream):
        return dest.copy_foreign(obj if obj.is_indirect else src.make_indirect(obj))
    return obj


def assemble(parts: Sequence[PartFile], out: Path, main_start: int, tagged: bool,
             info: Mapping[str, str] | None = None, identifier: bytes | None = None) -> None:
    """Write the book to ``out`` from ``parts`` (the front matter first), with the
    build's identity: ``info`` added to the front part's Info dict, and ``identifier``
    (else the front part's) as the first half of the PDF's ``/ID``.  So no part holds
    what changes with any edit of the source, and an unchanged part is reused."""
    import pikepdf

    dest = pikepdf.Pdf.new()
    sources = [pikepdf.open(part.path) for part in parts]
    try:
        front = sources[0]
        outline_items: list[Any] = []
        names: dict[str, Any] = {}
        doc_elem = dest.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, K=pikepdf.Array()))
        page_nums: list[tuple[int, Any]] = []
        annotations: list[Any] = []
        index = 0
        for part, src in zip(parts, sources, strict=True):
            if part.blank_before:
                blank = _blank_page(pikepdf, dest, src.pages[0].obj, tagged, index)
                dest.pages.append(pikepdf.Page(blank))
                if tagged:
                    page_nums.append((index, pikepdf.Array()))
                index += 1
            first = index
            where: dict[tuple[int, int], Any] = {}
            for page in src.pages:
                dest.pages.append(page)
                copied = dest.pages[-1].obj
                where[page.obj.objgen] = copied
                if tagged:
                    copied.StructParents = index
                index += 1
            if "/Outlines" in src.Root and "/First" in src.Root.Outlines:
                item = dest.copy_foreign(src.Root.Outlines).First
                while True:
                    outline_items.append(item)
                    if "/Next" not in item:
                        break
                    item = item.Next
            dests = src.Root.Names.get("/Dests") if "/Names" in src.Root else None
            if dests is not None:
                flat = dests.Names
                for at in range(0, len(flat), 2):
                    name = str(flat[at])
                    if name in part.holds and name not in names:
                        target = flat[at + 1]
                        names[name] = pikepdf.Array(
                            [where[target[0].objgen], *list(target)[1:]])
            if tagged and "/StructTreeRoot" in src.Root:
                root = dest.copy_foreign(src.Root.StructTreeRoot)
                for kid in root.K[0].K:
                    kid.P = doc_elem
                    doc_elem.K.append(kid)
                nums = root.ParentTree.Nums
                pages_here = len(src.pages)
                for at in range(0, len(nums), 2):
                    key = int(nums[at])
                    if key < pages_here:
                        page_nums.append((first + key, nums[at + 1]))
                    else:
                        annotations.append(nums[at + 1])
        catalog = dest.Root
        for entry in CATALOG_KEYS:
            if entry in front.Root:
                catalog[entry] = _copy(dest, front, front.Root[entry])
        if "/Metadata" in front.Root:
            catalog.Metadata = dest.copy_foreign(front.Root.Metadata)
        dest.trailer.Info = _copy(dest, front, front.trailer.Info)
        catalog.PageLabels = _label_tree(pikepdf, main_start)
        if outline_items:
            outlines = dest.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
            for before, item in zip([None, *outline_items], outline_items, strict=False):
                item.Parent = outlines
                if before is not None:
                    before.Next = item
                    item.Prev = before
                elif "/Prev" in item:
                    del item.Prev
            if "/Next" in outline_items[-1]:
                del outline_items[-1].Next
            outlines.First, outlines.Last = outline_items[0], outline_items[-1]
            outlines.Count = sum(1 + max(int(item.get("/Count", 0)), 0)
                                 for item in outline_items)
            catalog.Outlines = outlines
        if names:
            flat_names: list[Any] = []
            for name in sorted(names):
                flat_names += [pikepdf.String(name), names[name]]
            catalog.Names = pikepdf.Dictionary(
                Dests=dest.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(flat_names))))
        if tagged:
            tree_nums: list[Any] = []
            for key, value in page_nums:
                tree_nums += [key, value]
            for key, annotation in enumerate(annotations, start=index):
                annotation.StructParent = key
                tree_nums += [key, annotation]
            parent_tree = dest.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(tree_nums)))
            root_elem = dest.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array([doc_elem]),
                ParentTree=parent_tree))
            doc_elem.P = root_elem
            catalog.StructTreeRoot = root_elem
        if identifier is None and "/ID" in front.trailer:
            identifier = bytes(front.trailer.ID[0])
        save(dest, out, info or {}, identifier,  # the module's permanent identifier
             version=front.pdf_version)
    finally:
        for src in sources:
            src.close()
        dest.close()
