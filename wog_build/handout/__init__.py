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


def _key(pptx: bytes, soffice: str) -> tuple[str, str]:
    import hashlib

    return hashlib.sha256(pptx).hexdigest(), soffice


class Rendering:
    """LibreOffice printing a deck to PDF, started now and waited for later
    (:meth:`result`): it takes seconds (a minute for a deck of 400 slides), which the
    sheets' own drawing spends meanwhile.  :meth:`stop` ends it if it is still at work
    (a failed or interrupted build leaves no LibreOffice behind) and removes its
    folder."""

    def __init__(self, pptx: bytes, soffice: str) -> None:
        self.key = _key(pptx, soffice)
        self._folder = tempfile.TemporaryDirectory(prefix="wog-handout-")
        folder = Path(self._folder.name)
        deck = folder / "deck.pptx"
        deck.write_bytes(pptx)
        self._pdf = folder / "deck.pdf"
        profile = folder / "profile"  # its own profile: builds may run side by side
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(folder), str(deck)]
        self._process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         text=True)

    def result(self) -> bytes:
        """The deck's PDF (kept for the build's other handout), once LibreOffice is done."""
        try:
            out, err = self._process.communicate(timeout=SOFFICE_TIMEOUT)
            if self._process.returncode != 0 or not self._pdf.is_file():
                raise BuildFailed(f"LibreOffice could not render the deck: "
                                  f"{(err or out).strip()[:300]}")
            pdf = self._pdf.read_bytes()
        except subprocess.TimeoutExpired:
            raise BuildFailed(f"LibreOffice did not render the deck within "
                              f"{SOFFICE_TIMEOUT} s") from None
        finally:
            self.stop()
        _RENDERED.clear()  # one deck at a time is all a build needs
        _RENDERED[self.key] = pdf
        return pdf

    def stop(self) -> None:
        """End LibreOffice if it is still at work, and remove its folder (again: no-op)."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
        self._folder.cleanup()


def render(pptx: bytes, soffice: str) -> Rendering | None:
    """LibreOffice started on the deck, or None when this build already has its PDF
    (both handouts of a build print the same deck)."""
    return None if _key(pptx, soffice) in _RENDERED else Rendering(pptx, soffice)


def slides_pdf(pptx: bytes, soffice: str, rendering: Rendering | None = None) -> bytes:
    """The deck as LibreOffice prints it: one PDF page per slide; rendered once per deck
    (both handouts of a build use it), as LibreOffice takes seconds to start."""
    if rendering is not None:  # started for this deck: its key was looked up then
        return rendering.result()
    kept = _RENDERED.get(_key(pptx, soffice))
    return kept if kept is not None else Rendering(pptx, soffice).result()


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
    """Each slide page scaled into its frame on its sheet (as large as the frame allows,
    centred), drawn as a form of its own; the sheets' text (header, page number, notes)
    stays before the slides' in reading order.  qpdf computes each form's placement:
    merging each slide's page into its sheet instead (pypdf) copied and renamed the
    resources the slides share for every slide, half a minute for WoG's 62 slides and
    more than ten minutes for ten times as many; placed, half a second and two seconds."""
    import pikepdf

    from ..pdf.identity import save

    sheets_pdf = pikepdf.open(io.BytesIO(background))
    slides_in = pikepdf.open(io.BytesIO(slides))
    if len(sheets_pdf.pages) != len(layout):
        raise BuildFailed(f"the handout template made {len(sheets_pdf.pages)} sheets for "
                          f"{len(layout)}")
    index = 0
    for page, sheet in zip(sheets_pdf.pages, layout, strict=True):
        # its own resources (WeasyPrint's sheets share theirs): a sheet names its slides
        # only, each by its number, so the same deck gives the same bytes
        resources = pikepdf.Dictionary(dict(page.obj.Resources.items()))
        resources.XObject = pikepdf.Dictionary(dict(resources.get("/XObject", {}).items()))
        page.obj.Resources = resources
        top = float(page.mediabox[3])
        placed = []
        for slot in sheet.slots:
            index += 1
            form = slides_in.pages[index - 1].as_form_xobject()
            name = page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(f"/Slide{index}"))
            box = slot.box
            left, upper = box.x * MM, top - box.y * MM
            placed.append(page.calc_form_xobject_placement(
                form, name, pikepdf.Rectangle(left, upper - box.height * MM,
                                              left + box.width * MM, upper),
                allow_shrink=True, allow_expand=True))
        page.contents_add(b"q\n", prepend=True)  # the sheet's own drawing, closed
        page.contents_add(b"Q\n" + b"".join(placed))
        page.contents_coalesce()
    buffer = io.BytesIO()
    save(sheets_pdf, buffer, {k.lstrip("/"): v for k, v in metadata.items()}, None)
    return buffer.getvalue()
