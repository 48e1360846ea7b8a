"""The participant module (PDF): HTML from ``layouts/module/``, laid out by WeasyPrint.

Hands on its page map (unit id → printed page label) as soon as layout is done, so the
deck can cite "Modul hlm. N" while the PDF is still being written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from .base import Handover, Readback, Writer, import_pdf_layout, read_pdf_output

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..document import Document


@dataclass(frozen=True)
class ModuleJob:
    html: str
    root: Path
    resources: str = ""
    """A digest of what the HTML names besides itself (layouts, fonts, images): with the
    HTML, it keys the parts kept between builds (``pdf/parallel.py``)."""


class ModuleWriter(Writer):
    name: ClassVar[str] = "module"
    command: ClassVar[str] = "pdf"
    description: ClassVar[str] = "the participant module (PDF)"
    suffix: ClassVar[str] = "modul.pdf"
    isolated: ClassVar[bool] = True
    for_reading: ClassVar[bool] = True
    intermediate_command: ClassVar[str | None] = "html"
    hidden_fields: ClassVar[frozenset[str]] = frozenset({"facilitator_notes"})
    """An activity's facilitator notes are for trainers (the deck's notes), never printed
    in the participant module."""

    def warm_up(self) -> None:
        import_pdf_layout()

    def weight(self, job: ModuleJob) -> int:
        return len(job.html)

    def prepare(self, doc: Document, ctx: BuildContext, given: Mapping[str, Any]) -> ModuleJob:
        from ..pdf import render_html
        from ..stamp import inputs_digest

        sources = {".yaml", ".yml"}  # the HTML holds what they say
        resources = inputs_digest([f for f in doc.files if f.suffix not in sources],
                                  doc.root, ctx.layouts, ctx.extra_inputs)
        return ModuleJob(render_html(doc, ctx, self.name), doc.root, resources)

    def write(self, job: ModuleJob, ctx: BuildContext, out: Path, handover: Handover) -> None:
        from ..pdf import write_pdf

        write_pdf(job.html, job.root, ctx, out, on_layout=handover,
                  resources=job.resources or None)

    def handover_only(self, doc: Document, ctx: BuildContext) -> Any:
        """The page map from laying the module out, without writing the PDF."""
        from ..pdf import layout_pages, render_html

        return layout_pages(render_html(doc, ctx, self.name), doc.root, ctx)

    def intermediate(self, doc: Document, ctx: BuildContext) -> tuple[Path, bytes]:
        from ..pdf import render_html

        path = self.path(ctx).with_suffix(".html")
        return path, render_html(doc, ctx, self.name).encode("utf-8")

    def read(self, path: Path) -> Readback:
        return read_pdf_output(path)

    def verify(self, doc: Document, own: Readback,
               others: Mapping[str, Readback]) -> list[str]:
        """Every page number the table of contents (and the lists of tables and figures)
        prints is the page that shows that heading or caption."""
        from ..pdf.contents import check_contents

        checked, problems = check_contents(own.detail)
        own.checked += checked
        return problems

