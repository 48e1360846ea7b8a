"""The facilitator guide (*Panduan Fasilitator*, PDF): the learning-design table and a
session plan per chapter, from ``layouts/guide/`` with WeasyPrint.

It cites the deck's slides by number and title ("Tayangan 12: 2.1 Pendahuluan"), so
it is built with the deck and uses its hand-over; the sync proof checks each cited
number against the deck read back from disk.  A trainer output: it shows the
facilitator notes, the answers and the answer key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from .base import Handover, Promise, Readback, Writer, import_pdf_layout, read_pdf_output

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..document import Document
    from ..document.protocol import DeckHandover


@dataclass(frozen=True)
class GuideJob:
    html: str
    base: str


class GuideWriter(Writer):
    name: ClassVar[str] = "guide"
    command: ClassVar[str] = "guide"
    description: ClassVar[str] = "the facilitator guide (PDF)"
    suffix: ClassVar[str] = "panduan-fasilitator.pdf"
    needs: ClassVar[tuple[str, ...]] = ("slides",)
    builds_with: ClassVar[tuple[str, ...]] = ("slides",)
    for_trainers: ClassVar[bool] = True
    """A trainer output: it shows what an author marks ``audience: trainer``."""
    isolated: ClassVar[bool] = True
    """Laid out in its own process (seconds of one core), forked from the workers' host
    where WeasyPrint is imported already, while this process goes on."""

    def warm_up(self) -> None:
        import_pdf_layout()

    def weight(self, job: GuideJob) -> int:
        return len(job.html)

    def prepare(self, doc: Document, ctx: BuildContext, given: Mapping[str, Any]
                ) -> GuideJob:
        import jinja2
        from markupsafe import Markup

        from ..document.protocol import slide_ref
        from ..errors import BuildFailed
        from ..guide import guide_context
        from ..model import BulletList, NumberedList, Paragraph, Unit
        from ..pdf.html import css_url, font_faces, font_stack
        from ..pdf.inline_html import InlineRenderer
        from ..templates import environment

        deck: DeckHandover | None = given.get("slides")
        if deck is None:
            raise BuildFailed("the guide needs the deck built in the same run "
                              "(`wog-build guide` builds both)")
        render = InlineRenderer(doc)

        def block_text(block: Unit) -> Markup:
            if isinstance(block, Paragraph):
                return render(block.paragraph)
            if isinstance(block, BulletList | NumberedList):
                return Markup(" ").join(render(i.text) for i in block.items)
            from ..document.texts import unit_texts

            return render(" ".join(unit_texts(doc, block)))

        folder = ctx.layouts / "guide"
        env = environment(folder, autoescape=True, undefined=jinja2.StrictUndefined)
        env.filters["t"] = render
        env.filters["css_url"] = css_url
        env.filters["visible"] = lambda items: doc.visible(items, self.name)
        html = env.get_template("guide.html.j2").render(
            lang=doc.language, meta=doc.meta, L=ctx.labels, version=doc.version,
            tool_version=ctx.tool_version, date_w3c=ctx.date.strftime("%Y-%m-%dT%H:%M:%SZ"),
            css=(folder / "guide.css").read_text(encoding="utf-8"),
            font_stack=font_stack(ctx), fonts=font_faces(ctx),
            intro=doc.introduction,
            intro_label=doc.introduction_label, evaluation=doc.evaluation,
            feedback=doc.feedback, label=doc.label, number=doc.number, truth=doc.truth,
            points=doc.points_text, block_text=block_text,
            slide_ref=lambda n, title: slide_ref(ctx.labels, n, title),
            **guide_context(doc, deck.slides, self.name))
        return GuideJob(html, folder.as_uri() + "/")

    def write(self, job: GuideJob, ctx: BuildContext, out: Path, handover: Handover) -> None:
        from ..pdf import cached_pdf, make_fetcher
        from ..stamp import inputs_digest

        # written as the module is (identifier, tagging, fonts, clock, Info), and
        # confined like it: the layouts (and their font files) and nothing else; laid out
        # again only when its HTML or the layouts changed (most edits change neither)
        cached_pdf(job.html, ctx, base_url=job.base, fetcher=make_fetcher(ctx.layouts, ctx),
                   out=out, output=self.name,
                   resources=inputs_digest([], ctx.layouts, ctx.layouts, ctx.extra_inputs))

    def promises(self, doc: Document) -> list[Promise]:
        """The chapters, sections, activities (every step, note and question for
        discussion), exercises with answers, evaluation questions with their key and
        explanation, indicators and scoring rules the guide shows."""
        from ..document.texts import unit_texts
        from ..model import (
            Activity,
            Chapter,
            Exercise,
            FeedbackRule,
            Indicator,
            Question,
            Section,
        )

        out: list[Promise] = []
        for unit in doc.units_for(self.name):
            if isinstance(unit, Chapter | Section):
                out.append(Promise(unit, (doc.plain(unit.title),)))
            elif isinstance(unit, Activity | Exercise | Indicator | FeedbackRule):
                out.append(Promise(unit, tuple(unit_texts(doc, unit))))
            elif isinstance(unit, Question):  # the key: the right answer, not the stem
                texts = [doc.plain(unit.explanation)] if unit.explanation else []
                if unit.kind == "multiple_choice":
                    texts += [doc.plain(o.text) for o in unit.options if o.key == unit.answer]
                elif unit.kind == "essay":
                    texts.append(str(unit.answer))
                    texts += [doc.plain(c.text) for c in unit.rubric]
                out.append(Promise(unit, tuple(t for t in texts if t)))
        return out

    def read(self, path: Path) -> Readback:
        return read_pdf_output(path)

    def verify(self, doc: Document, own: Readback,
               others: Mapping[str, Readback]) -> list[str]:
        """Every "Tayangan N: title" the guide prints is slide N of the deck on disk,
        and slide N has that title."""
        from ..document.protocol import slide_ref_pattern
        from ..readback import DeckText, PdfText, normalise

        deck_back = others.get("slides")
        if deck_back is None:
            return []
        deck: DeckText = deck_back.detail
        pdf: PdfText = own.detail
        pattern = slide_ref_pattern(doc.labels)
        problems: list[str] = []
        for page_no, page in enumerate(pdf.pages, 1):
            matches = list(pattern.finditer(page))
            for i, match in enumerate(matches):
                end = matches[i + 1].start() if i + 1 < len(matches) else len(page)
                said = normalise(page[match.end():end])
                number = int(match.group(1))
                own.checked += 1
                if not 1 <= number <= len(deck.slides):
                    problems.append(f"guide page {page_no} cites slide {number}; the deck "
                                    f"has {len(deck.slides)}")
                    continue
                title = deck.slides[number - 1].title
                if not said.startswith(normalise(title)):
                    problems.append(f"guide page {page_no} cites slide {number} as "
                                    f"'{page[match.end():end].strip()[:40]}', but slide "
                                    f"{number} is '{title[:40]}'")
        return problems
