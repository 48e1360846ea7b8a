"""Slide handouts: the deck rendered by LibreOffice, its pages laid onto sheets.

LibreOffice is the one renderer of PPTX that trainers also use, so the handout shows
the slides as they project.  Its pages are placed, as vector pages (text stays text),
into the frames a WeasyPrint sheet from ``layouts/handout/`` draws: three slides with
note lines per sheet, or one slide with its speaker notes (the notes-page variant).
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BuildFailed
from ..yamlfile import safe_load

MM = 72 / 25.4
"""Points per millimetre."""
SOFFICE_TIMEOUT = 300


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float


def load_geometry(layouts: Path) -> dict[str, Any]:
    with (layouts / "handout" / "theme.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = safe_load(fh)
    return data


_RENDERED: dict[tuple[str, str], bytes] = {}


def slides_pdf(pptx: bytes, soffice: str) -> bytes:
    """The deck as LibreOffice prints it: one PDF page per slide; rendered once per deck
    (both handouts of a build use it), as LibreOffice takes seconds to start."""
    import hashlib

    key = (hashlib.sha256(pptx).hexdigest(), soffice)
    if key not in _RENDERED:
        _RENDERED.clear()  # one deck at a time is all a build needs
        _RENDERED[key] = _render(pptx, soffice)
    return _RENDERED[key]


def _render(pptx: bytes, soffice: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="wog-handout-") as tmp:
        folder = Path(tmp)
        deck = folder / "deck.pptx"
        deck.write_bytes(pptx)
        profile = folder / "profile"  # its own profile: builds may run side by side
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(folder), str(deck)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, check=False,
                                  timeout=SOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise BuildFailed(f"LibreOffice did not render the deck within "
                              f"{SOFFICE_TIMEOUT} s") from None
        pdf = folder / "deck.pdf"
        if done.returncode != 0 or not pdf.is_file():
            raise BuildFailed(f"LibreOffice could not render the deck: "
                              f"{(done.stderr or done.stdout).strip()[:300]}")
        return pdf.read_bytes()


@dataclass(frozen=True)
class Slot:
    box: Box
    notes: str | None
    """The speaker notes printed under the slide (notes pages); None: note lines."""


@dataclass(frozen=True)
class Sheet:
    slots: tuple[Slot, ...]


def sheets(slide_notes: Sequence[str], geometry: dict[str, Any],
           notes_pages: bool) -> list[Sheet]:
    """Which slide goes into which frame of which sheet."""
    if notes_pages:
        box = Box(**geometry["notes_page"]["slot"])
        return [Sheet((Slot(box, notes),)) for notes in slide_notes]
    boxes = [Box(**b) for b in geometry["slots"]]
    out = []
    for start in range(0, len(slide_notes), len(boxes)):
        count = min(len(boxes), len(slide_notes) - start)
        out.append(Sheet(tuple(Slot(boxes[i], None) for i in range(count))))
    return out


def background_pdf(html: str, layouts: Path, fetcher: Any = None) -> bytes:
    """The sheets' own text (header, page numbers, notes lines), drawn by WeasyPrint;
    ``fetcher`` confines what the template may read (the writer passes the layouts')."""
    import weasyprint

    from ..pdf.fontconfig import declared_fonts_only
    from ..pdf.upstream import mended_layout, mended_writer

    extra = {"url_fetcher": fetcher} if fetcher is not None else {}
    with mended_layout(), mended_writer():  # its text reads back as written, as the module's does
        return bytes(weasyprint.HTML(string=html, base_url=str(layouts / "handout"),
                                     **extra).write_pdf(font_config=declared_fonts_only()))


def impose(background: bytes, slides: bytes, layout: Sequence[Sheet],
           metadata: dict[str, str]) -> bytes:
    """Each slide page scaled into its frame on its sheet; the sheets' text (header,
    page number, notes) stays before the slides' in reading order."""
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(background)))
    slides_in = PdfReader(io.BytesIO(slides))
    if len(writer.pages) != len(layout):
        raise BuildFailed(f"the handout template made {len(writer.pages)} sheets for "
                          f"{len(layout)}")
    index = 0
    for page, sheet in zip(writer.pages, layout, strict=True):
        height = float(page.mediabox.height)
        for slot in sheet.slots:
            slide = slides_in.pages[index]
            index += 1
            sw, sh = float(slide.mediabox.width), float(slide.mediabox.height)
            box = slot.box
            scale = min(box.width * MM / sw, box.height * MM / sh)
            x = box.x * MM + (box.width * MM - sw * scale) / 2
            y = height - (box.y * MM + box.height * MM) + (box.height * MM - sh * scale) / 2
            ox, oy = float(slide.mediabox.left), float(slide.mediabox.bottom)
            page.merge_transformed_page(
                slide, Transformation().translate(-ox, -oy).scale(scale).translate(x, y))
    writer.add_metadata(metadata)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
