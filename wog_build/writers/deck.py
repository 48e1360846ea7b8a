"""The trainer's deck (PPTX), drawn with python-pptx from ``layouts/slides/``.

Uses the module's page map when the module is built in the same run, so every content
slide cites its module page; the sync proof then checks those citations against the
module read back from disk, and that every slide names a unit of this source.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from .base import Handover, Readback, Writer

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..document import Document


class DeckWriter(Writer):
    name: ClassVar[str] = "slides"
    command: ClassVar[str] = "slides"
    description: ClassVar[str] = "the trainer's deck (PPTX)"
    suffix: ClassVar[str] = "bahan-tayang.pptx"
    needs: ClassVar[tuple[str, ...]] = ("module",)
    for_trainers: ClassVar[bool] = True
    hidden_fields: ClassVar[frozenset[str]] = frozenset({"answer", "explanation"})

    def prepare(self, doc: Document, ctx: BuildContext, given: Mapping[str, Any]) -> bytes:
        from ..slides import render_deck

        return render_deck(doc, ctx, given.get("module"), self.name)

    def write(self, job: bytes, ctx: BuildContext, out: Path, handover: Handover) -> None:
        import io

        from ..document.protocol import DeckHandover, SlideRef
        from ..readback import read_deck

        out.write_bytes(job)
        deck = read_deck(io.BytesIO(job))  # the slides as drawn, numbers and titles
        handover(DeckHandover(job, tuple(SlideRef(s.number, s.name, s.title, s.notes)
                                         for s in deck.slides)))

    def read(self, path: Path) -> Readback:
        from ..readback import read_deck

        deck = read_deck(path)
        return Readback(text="".join(s.normalised for s in deck.slides),
                        digest=deck.identifier, detail=deck)

    def verify(self, doc: Document, own: Readback,
               others: Mapping[str, Readback]) -> list[str]:
        """Every slide names a unit of this source, and every "Modul hlm. N" it prints
        points at the module page that shows what it cites: the slide's own reference
        (footer and notes) the page of its first line when the module prints that line
        (a section's first key point, which may begin the page after its heading), else
        the page its named unit starts on; a reference beside a line (the agenda's
        chapters) the page of that line."""
        from ..document.protocol import page_ref_pattern, parse_slide_name
        from ..document.texts import unit_texts
        from ..readback import DeckText, PdfText, normalise

        deck: DeckText = own.detail
        module = others.get("module")
        pdf: PdfText | None = module.detail if module is not None else None
        page_ref = page_ref_pattern(doc.labels)
        label = doc.labels["module_page"]
        problems: list[str] = []

        def on_page(probe: str, page_label: str) -> bool:
            if pdf is None:
                return False
            page = pdf.page_index(page_label)
            return page is not None and probe in pdf.normalised[page]

        everywhere = "".join(pdf.normalised) if pdf is not None else ""
        cited = 0
        citing = 0  # content slides that name a unit: each should cite its module page
        for slide in deck.slides:
            tag = parse_slide_name(slide.name)
            if tag is None:
                first = slide.face.splitlines()[0][:40] if slide.face else ""
                problems.append(f"slide {slide.number} ('{first}') was not built from this "
                                "source (a leftover template or stale slide?)")
                continue
            if tag.uid and not doc.has_id(tag.uid):
                problems.append(f"slide {slide.number} shows '{tag.uid}', which the source "
                                "no longer has (a stale slide?)")
                continue
            if pdf is None:
                continue
            cited += len(set(page_ref.findall(slide.face + "\n" + slide.notes)))
            citing += tag.uid is not None
            own_refs: set[str] = set()
            for line in (slide.face + "\n" + slide.notes).splitlines():
                for match in page_ref.finditer(line):
                    before = normalise(line[:match.start()])[:40]
                    if before and line in slide.body:  # a line's own reference
                        own.checked += 1
                        if not on_page(before, match.group(1)):
                            problems.append(f"slide {slide.number} says {label} "
                                            f"{match.group(1)} beside '{line[:40]}', which "
                                            "is not on that page")
                    else:
                        own_refs.add(match.group(1))
            # a continuation slide cites its own first line's page, not its unit's start
            continued = tag.kind.endswith("-continued")
            unit = doc.unit(tag.uid) if tag.uid and not continued else None
            texts = (unit_texts(doc, unit) or [""]) if unit is not None else []
            first_line = page_ref.sub("", slide.body.strip().split("\n", 1)[0])
            first = normalise(first_line)[:40]
            for page_label in sorted(own_refs):
                # the slide cites where what it shows first is printed: its first line
                # (a section's first key point may start the page after its heading),
                # else the start of its unit
                own.checked += 1
                if first and first in everywhere:
                    if not on_page(first, page_label):
                        problems.append(f"slide {slide.number} says {label} {page_label}, "
                                        f"but its first line '{first_line[:40]}' is not on "
                                        "that page")
                elif texts and not on_page(normalise(texts[0])[:40], page_label):
                    problems.append(f"slide {slide.number} says {label} {page_label}, but "
                                    f"'{texts[0][:40]}' ({tag.uid}) is not on that page")
        if pdf is not None and citing and not cited:
            problems.append(f"the deck cites no module page ('{label} N') on any of its "
                            f"{citing} content slides: it was built without the module's "
                            "page map; build it again (wog-build slides or build)")
        return problems
