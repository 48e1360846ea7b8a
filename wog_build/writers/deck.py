"""The trainer's deck (PPTX), drawn with python-pptx from ``layouts/slides/``.

Uses the module's page map when the module is built in the same run, so every content
slide cites its module page; the sync proof then checks those citations against the
module read back from disk, and that every slide names a unit of this source.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from .base import Handover, Promise, Readback, Writer

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

    def promises(self, doc: Document) -> list[Promise]:
        """Every unit the deck shows, and which of its texts stand on a slide face and
        which in the speaker notes (:mod:`wog_build.slides.places`)."""
        from ..slides.places import places_of, unit_places

        where = unit_places(doc)
        return [Promise(p.unit, p.texts,
                        places_of(doc, p.unit, where.get(id(p.unit)),
                                  self.hidden_fields).items())
                for p in super().promises(doc)]

    def read(self, path: Path) -> Readback:
        from ..readback import read_deck
        from ..slides.places import FACE, NOTES

        deck = read_deck(path)
        return Readback(text="".join(s.normalised for s in deck.slides),
                        digest=deck.identifier, detail=deck,
                        parts={FACE: "".join(s.face_normalised for s in deck.slides),
                               NOTES: "".join(s.notes_normalised for s in deck.slides)})

    def verify(self, doc: Document, own: Readback,
               others: Mapping[str, Readback]) -> list[str]:
        """Every slide names a unit of this source, and every "Modul hlm. N" it prints
        points at the module page that shows what it cites: the slide's own reference
        (footer and notes) the page of its first line when the module prints that line
        (a section's first key point, which may begin the page after its heading), else
        the page its named unit starts on; a reference beside a line (the agenda's
        chapters) the page of that line."""
        from ..directions import contains
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
            page = pdf.page_index(page_label)  # (right-to-left text: by its letters)
            return page is not None and contains(pdf.normalised[page], probe)

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
                if first and on_page(first, page_label):
                    continue  # (tried first: searching the whole book per slide is slow)
                if first and contains(everywhere, first):
                    problems.append(f"slide {slide.number} says {label} {page_label}, "
                                    f"but its first line '{first_line[:40]}' is not on "
                                    "that page")
                elif texts and not on_page(normalise(texts[0])[:40], page_label):
                    problems.append(f"slide {slide.number} says {label} {page_label}, but "
                                    f"'{texts[0][:40]}' ({tag.uid}) is not on that page")
        problems += self.units_on_their_slides(doc, deck)
        if pdf is not None and citing and not cited:
            problems.append(f"the deck cites no module page ('{label} N') on any of its "
                            f"{citing} content slides: it was built without the module's "
                            "page map; build it again (wog-build slides or build)")
        return problems

    def units_on_their_slides(self, doc: Document, deck: Any) -> list[str]:
        """Each slide named for a unit shows that unit: its face texts on the face of
        the slide (or of the continuation slides that follow it), its notes texts in
        their notes; the same for what rides on its slide (a section's key points and
        prose).  A unit can name more than one slide (a section's own, and the slide of
        a block the module does not show, which cites the section's page): then those
        slides together show it.  Two slides whose bodies or notes were swapped fail
        here, though every text is still somewhere in the deck."""
        from ..document.protocol import parse_slide_name
        from ..readback import DeckText, SlideText, normalise
        from ..slides.places import FACE, places_of, riders, unit_places
        from ..sync import found_in

        slides = cast(DeckText, deck).slides
        tags = [parse_slide_name(s.name) for s in slides]
        runs: dict[str, list[SlideText]] = {}  # uid -> its slides and their continuations
        continued: set[int] = set()
        current: list[SlideText] | None = None
        for slide, tag in zip(slides, tags, strict=True):
            if tag is not None and tag.kind.endswith("-continued") and current is not None:
                current.append(slide)
                continued.add(slide.number)
                continue
            current = None
            if tag is not None and tag.uid is not None and doc.has_id(tag.uid):
                current = runs.setdefault(tag.uid, [])
                current.append(slide)
        where = unit_places(doc)
        named = set(runs)
        problems: list[str] = []
        for uid, run in runs.items():
            unit = doc.unit(uid)
            if unit is None:
                continue
            heads = [s for s in run if s.number not in continued]
            said = (f"slide {heads[0].number} ({heads[0].name})" if len(heads) == 1 else
                    "slides " + ", ".join(str(s.number) for s in heads)
                    + f" (named for {uid})")
            face = "".join(s.face_normalised for s in run)
            notes = "".join(s.notes_normalised for s in run)
            for shown in [unit, *riders(doc, unit, named, self.name)]:
                for place, texts in places_of(doc, shown, where.get(id(shown)),
                                              self.hidden_fields).items():
                    hay, what = (face, "face") if place == FACE else (notes, "notes")
                    lost = next((t for t in texts if not found_in(normalise(t), hay)), None)
                    if lost is not None:
                        problems.append(
                            f"{doc.loc(shown)}: {said} does not show '{lost[:50]}' of "
                            f"{doc.uid(shown)} in its {what}"
                            + (" (it names that unit)" if shown is unit else
                               f" (it shows {uid}, which holds it)"))
                        break
        return problems
