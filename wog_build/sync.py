"""The sync proof: module and deck, read back from disk, hold the same course.

Sharing one source is not proof: a renderer can drop a block, a template can keep a
sample slide, one output can be rebuilt while the other is not.  So ``wog-build check``
verifies, on the built files:

1. every unit meant for the module is in the PDF's text, and every unit meant for the
   slides is in the deck's slide or notes text;
2. every slide says which unit of the source it shows (its name), and that unit exists:
   a slide that does not is a leftover template or a stale slide;
3. the PDF, the deck and the current source carry the same source digest;
4. every "Modul hlm. N" on a slide points at a module page that shows that unit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .atomic import write_bytes_atomic
from .citations import plain
from .context import BuildContext, source_digest
from .inline import InlineText
from .model import Course, Node, Unit, iter_units
from .readback import DeckText, PdfText, normalise, read_deck, read_pdf

# Fields that hold no reader-visible text of the unit itself.
_SKIP_FIELDS = {"id", "audience", "key", "kind", "indicator", "figure", "alt", "url",
                "min_score", "max_score", "year", "short_title"}
# What the module shows but the deck does not: the answer key.
_MODULE_ONLY_FIELDS = {"answer", "explanation"}
SLIDE_TAG = re.compile(r"^wog:(?P<kind>[a-z_-]+)(?::(?P<uid>.+))?$")


def _texts(course: Course, node: Any, labels: Mapping[str, str], output: str) -> Iterator[str]:
    """The reader-visible texts of one unit, not descending into the units it contains."""
    for name, info in type(node).model_fields.items():
        if name in _SKIP_FIELDS or (output == "slides" and name in _MODULE_ONLY_FIELDS):
            continue
        value = getattr(node, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, InlineText):
                yield plain(course, item, labels)
            elif isinstance(item, str) and info.alias not in ("list", "numbered"):
                yield item
            elif isinstance(item, Node) and not isinstance(item, Unit):
                yield from _texts(course, item, labels, output)


def unit_texts(course: Course, unit: Unit, labels: Mapping[str, str], output: str) -> list[str]:
    return [t for t in _texts(course, unit, labels, output) if normalise(t)]


def found_in(needle: str, hay: str, pieces: int = 3, min_piece: int = 12) -> bool:
    """Whether ``needle`` is in ``hay``, allowing it to be cut into a few pieces in order.

    A paragraph that runs over a page break is interrupted by the running header, the
    page number and list markers; it is still the paragraph, in order.
    """
    return _find(needle, hay, 0, len(hay), pieces, min_piece) >= 0


def _find(needle: str, hay: str, start: int, end: int, pieces: int, min_piece: int) -> int:
    """Where ``needle`` ends in ``hay[start:end]`` (cut into up to ``pieces``), or -1."""
    at = hay.find(needle, start, end)
    if at >= 0:
        return at + len(needle)
    if pieces <= 1:
        return -1
    lo, hi = 0, len(needle)
    while lo < hi:  # the longest prefix of needle found in the window
        mid = (lo + hi + 1) // 2
        if hay.find(needle[:mid], start, end) >= 0:
            lo = mid
        else:
            hi = mid - 1
    if lo < min_piece:
        return -1
    after = hay.find(needle[:lo], start, end) + lo
    return _find(needle[lo:], hay, after, end, pieces - 1, min_piece)


class Reader:
    """Finds units in an output's text the way a reader goes through it: from where the
    last unit was found, onwards.  Units come in the source's order and mostly stand in
    that order in the output, so a course costs about one pass over the text instead of
    one pass per unit; a unit placed elsewhere (an answer in the key at the back) is
    still found by a search of the whole text."""

    WINDOW = 200_000

    def __init__(self, text: str) -> None:
        self.text = text
        self.cursor = 0

    def finds(self, needle: str) -> bool:
        start = max(0, self.cursor - self.WINDOW // 8)
        end = _find(needle, self.text, start, min(len(self.text), self.cursor + self.WINDOW),
                    3, 12)
        if end < 0:  # out of order, or missing; the cursor stays with the reading order
            return _find(needle, self.text, 0, len(self.text), 3, 12) >= 0
        self.cursor = end
        return True


@dataclass
class Missing:
    uid: str
    output: str
    source: str
    text: str


@dataclass
class GroupCount:
    name: str
    module_expected: int = 0
    module_found: int = 0
    slides_expected: int = 0
    slides_found: int = 0


@dataclass
class Report:
    course: str
    version: str
    pdf: str
    pptx: str
    digest_source: str
    digest_pdf: str
    digest_pptx: str
    groups: list[GroupCount] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    foreign_slides: list[str] = field(default_factory=list)
    page_refs_checked: int = 0
    page_refs_wrong: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.foreign_slides or self.page_refs_wrong or self.problems)

    def to_json(self) -> str:
        data = asdict(self)
        data["ok"] = self.ok
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _groups(course: Course, labels: Mapping[str, str]) -> Iterator[tuple[str, Any]]:
    from .citations import roman

    yield labels["foreword"], course.foreword
    yield f"{labels['chapter']} I {labels['introduction']}", course.introduction
    for chapter in course.chapters:
        yield f"{labels['chapter']} {roman(int(chapter.number))} {chapter.title.plain()}", chapter
    yield labels["evaluation"], [course.evaluation, course.feedback]
    yield labels["glossary"], course.glossary
    yield labels["references"], course.references
    yield labels["regulations"], course.regulations


def _uid_index(course: Course) -> dict[str, Unit]:
    return {uid: unit for unit in course.units() for uid in unit.ids}


def check_course(course: Course, ctx: BuildContext) -> Report:
    labels = ctx.labels
    report = Report(course=course.id, version=course.meta.version, pdf=str(ctx.pdf_path),
                    pptx=str(ctx.pptx_path), digest_source=source_digest(course, ctx.layouts),
                    digest_pdf="", digest_pptx="")
    pdf = deck = None
    for path in (ctx.pdf_path, ctx.pptx_path):
        if not path.is_file():
            report.problems.append(f"{path} is not built; run `make all`")
    if ctx.pdf_path.is_file():
        pdf = read_pdf(ctx.pdf_path)
        report.digest_pdf = pdf.metadata.get("/WogSourceDigest", "")
    if ctx.pptx_path.is_file():
        deck = read_deck(ctx.pptx_path)
        report.digest_pptx = deck.identifier
    for name, digest in (("module", report.digest_pdf), ("deck", report.digest_pptx)):
        path = ctx.pdf_path if name == "module" else ctx.pptx_path
        if path.is_file() and digest != report.digest_source:
            report.problems.append(f"{path} was built from another source or layout "
                                   f"(digest {digest[:12] or 'missing'}, source "
                                   f"{report.digest_source[:12]}); rebuild it")
    pdf_reader = Reader("".join(pdf.normalised) if pdf else "")
    deck_reader = Reader("".join(s.normalised for s in deck.slides) if deck else "")
    for name, part in _groups(course, labels):
        group = GroupCount(name)
        for unit in iter_units(part):
            for output, wanted, reader, present in (
                ("module", unit.audience.in_module, pdf_reader, pdf is not None),
                ("slides", unit.audience.in_slides, deck_reader, deck is not None),
            ):
                if not wanted or not present:
                    continue
                texts = unit_texts(course, unit, labels, output)
                lost = [t for t in texts if not reader.finds(normalise(t))]
                ok = not lost
                if output == "module":
                    group.module_expected += 1
                    group.module_found += ok
                else:
                    group.slides_expected += 1
                    group.slides_found += ok
                if lost:
                    report.missing.append(Missing(unit.uid, output, str(unit.loc), lost[0][:80]))
        report.groups.append(group)
    if deck is not None:
        _check_slides(course, deck, pdf, labels, report)
    return report


def _check_slides(course: Course, deck: DeckText, pdf: PdfText | None,
                  labels: Mapping[str, str], report: Report) -> None:
    index = _uid_index(course)
    page_ref = re.compile(re.escape(labels["module_page"]) + r"\s*([0-9]+|[ivxlcdm]+)\b")
    for slide in deck.slides:
        tag = SLIDE_TAG.match(slide.name)
        if not tag:
            report.foreign_slides.append(
                f"slide {slide.number} ('{slide.face.splitlines()[0][:40] if slide.face else ''}')"
                " was not built from this source (a leftover template or stale slide?)")
            continue
        uid = tag.group("uid")
        if uid and uid not in index:
            report.foreign_slides.append(f"slide {slide.number} shows '{uid}', which the source "
                                         "no longer has (a stale slide?)")
            continue
        refs = set(page_ref.findall(slide.face + "\n" + slide.notes))
        if not refs or pdf is None or not uid:
            continue
        unit = index[uid]
        texts = unit_texts(course, unit, labels, "module") or [""]
        probe = normalise(texts[0])[:40]
        for label in refs:
            report.page_refs_checked += 1
            page = pdf.page_index(label)
            if page is None or probe not in pdf.normalised[page]:
                report.page_refs_wrong.append(
                    f"slide {slide.number} says {labels['module_page']} {label}, but "
                    f"'{texts[0][:40]}' ({uid}) is not on that page")


def print_report(report: Report, say: Any) -> None:
    say(f"{report.course} {report.version}: sync check")
    width = max(len(g.name) for g in report.groups)
    say(f"  {'':{width}}  module      slides")
    for g in report.groups:
        slides = f"{g.slides_found:>4}/{g.slides_expected:<4}" if g.slides_expected else "   -     "
        say(f"  {g.name[:width]:{width}}  {g.module_found:>4}/{g.module_expected:<4}  {slides}")
    say(f"  page references checked: {report.page_refs_checked}")


def problems(report: Report) -> list[str]:
    lines = list(report.problems)
    lines += [f"{m.source}: {m.uid} is missing from the {m.output} ('{m.text}')"
              for m in report.missing]
    lines += report.foreign_slides + report.page_refs_wrong
    return lines


def write_report(report: Report, ctx: BuildContext) -> Path:
    path = ctx.out_dir / f"{ctx.course_id}-{ctx.version}-sync.json"
    write_bytes_atomic(path, report.to_json().encode("utf-8"))
    return path
