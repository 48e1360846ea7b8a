"""Printable slide handouts (PDF): three slides per sheet with note lines, or one
slide with its speaker notes per sheet.

Both render the deck handed on by the deck writer with LibreOffice, so they are
optional outputs: ``build`` leaves them out (and says so) on a machine without
LibreOffice, and ``wog-build handout`` stops with the install command.  The sync proof
checks the sheet count and that every slide's title stands on its sheet, in order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from .base import Handover, Promise, Readback, Writer, read_pdf_output

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..document import Document
    from ..document.protocol import DeckHandover

LIBREOFFICE_INSTALL = "sudo apt-get install --no-install-recommends libreoffice-impress"


@dataclass(frozen=True)
class HandoutJob:
    html: str
    pptx: bytes
    layout: tuple[Any, ...]
    metadata: dict[str, str]


class HandoutWriter(Writer):
    name: ClassVar[str] = "handout"
    command: ClassVar[str] = "handout"
    description: ClassVar[str] = "the slide handout, three slides a page with note lines (PDF)"
    suffix: ClassVar[str] = "handout.pdf"
    needs: ClassVar[tuple[str, ...]] = ("slides",)
    builds_with: ClassVar[tuple[str, ...]] = ("slides",)
    tool: ClassVar[str | None] = "soffice"
    tool_install: ClassVar[str] = LIBREOFFICE_INSTALL
    notes_pages: ClassVar[bool] = False
    title_label: ClassVar[str] = "handout"

    def prepare(self, doc: Document, ctx: BuildContext, given: Mapping[str, Any]
                ) -> HandoutJob:
        import jinja2

        from ..document.protocol import DIGEST_KEY, VERSION_KEY
        from ..errors import BuildFailed
        from ..handout import load_geometry, sheets
        from ..pdf.html import css_url, font_faces, font_stack
        from ..templates import environment

        deck: DeckHandover | None = given.get("slides")
        if deck is None:
            raise BuildFailed(f"the {self.name} needs the deck built in the same run "
                              f"(`wog-build {self.command}` builds both)")
        geometry = load_geometry(ctx.layouts)
        layout = sheets([s.notes for s in deck.slides], geometry, self.notes_pages)
        folder = ctx.layouts / "handout"
        env = environment(folder, autoescape=True, undefined=jinja2.StrictUndefined)
        env.filters["css_url"] = css_url
        labels = dict(ctx.labels)
        html = env.get_template("handout.html.j2").render(
            lang=doc.language, title=doc.meta.title, L={**labels,
                                                         "handout": labels[self.title_label]},
            version_label=f"{labels['version']} {doc.version}",
            css=(folder / "handout.css").read_text(encoding="utf-8"),
            font_stack=font_stack(ctx), fonts=font_faces(ctx), sheets=layout,
            notes=geometry["notes"], notes_page=geometry["notes_page"])
        metadata = {"/Title": f"{doc.meta.title} – {labels[self.title_label]}",
                    f"/{DIGEST_KEY}": ctx.digest, f"/{VERSION_KEY}": doc.version}
        return HandoutJob(html, deck.pptx, tuple(layout), metadata)

    def write(self, job: HandoutJob, ctx: BuildContext, out: Path, handover: Handover) -> None:
        from ..errors import BuildFailed
        from ..handout import background_pdf, impose, render, slides_pdf
        from ..pdf import make_fetcher

        soffice = ctx.options.tool("soffice")
        if soffice is None:
            raise BuildFailed(f"LibreOffice is not installed; install it with: "
                              f"{LIBREOFFICE_INSTALL}")
        rendering = render(job.pptx, soffice)  # LibreOffice prints the deck meanwhile
        try:
            sheets = background_pdf(job.html, ctx.layouts, make_fetcher(ctx.layouts, ctx))
            slides = slides_pdf(job.pptx, soffice, rendering)
        finally:
            if rendering is not None:
                rendering.stop()
        out.write_bytes(impose(sheets, slides, job.layout, job.metadata))

    def promises(self, doc: Document) -> list[Promise]:
        """Every chapter and section title the deck shows (the handout shows the deck)."""
        from ..model import Chapter, Section

        return [Promise(u, (doc.plain(u.title),)) for u in doc.units_for("slides")
                if isinstance(u, Chapter | Section) and doc.shows(u, self.name)]

    def read(self, path: Path) -> Readback:
        return read_pdf_output(path)

    def per_sheet(self) -> int:
        return 1 if self.notes_pages else 3

    def verify(self, doc: Document, own: Readback,
               others: Mapping[str, Readback]) -> list[str]:
        """One sheet per three slides (one per slide for notes pages), and each slide's
        title on its sheet, in the deck's order."""
        from ..readback import DeckText, PdfText, normalise

        deck_back = others.get("slides")
        if deck_back is None:
            return []
        deck: DeckText = deck_back.detail
        pdf: PdfText = own.detail
        per = self.per_sheet()
        want = math.ceil(len(deck.slides) / per)
        if len(pdf.pages) != want:
            return [f"{self.name}: {len(pdf.pages)} pages for {len(deck.slides)} slides "
                    f"(expected {want})"]
        problems = []
        for slide in deck.slides:
            sheet = (slide.number - 1) // per
            title = normalise(slide.title)
            own.checked += 1
            if title and title not in pdf.normalised[sheet]:
                problems.append(f"{self.name}: page {sheet + 1} lacks slide {slide.number} "
                                f"('{slide.title[:40]}')")
        return problems


class HandoutNotesWriter(HandoutWriter):
    name: ClassVar[str] = "handout-notes"
    command: ClassVar[str] = "handout-notes"
    description: ClassVar[str] = "the notes pages, one slide and its notes a page (PDF)"
    suffix: ClassVar[str] = "handout-catatan.pdf"
    notes_pages: ClassVar[bool] = True
    title_label: ClassVar[str] = "handout_notes_page"
