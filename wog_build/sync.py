"""The sync proof: every output, read back from disk, holds the same course.

Sharing one source is not proof: a writer can drop a block, a template can keep a
sample slide, one output can be rebuilt while another is not.  So ``wog-build check``
verifies, on the built files, for every registered writer:

1. every unit the output promises (:meth:`Writer.promises`) is in the text read back
   from it (:meth:`Writer.read`);
2. the file carries the digest of the current source and layouts;
3. what only that kind of file can get wrong (:meth:`Writer.verify`): for the deck,
   that every slide names a unit of this source and that every "Modul hlm. N" points
   at a module page that shows that unit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .atomic import write_bytes_atomic
from .context import BuildContext, source_digest
from .directions import finds
from .document import Document
from .model import iter_units
from .pipeline.early import EarlyRead, read_landed
from .writers.base import Readback, Writer
from .writers.registry import get

PAGE_CHARS = 1500
"""Fewer letters and digits than a page of the module holds: a text may be cut once per
this many characters (a paragraph over ten pages is cut ten times)."""


def pieces_for(needle: str) -> int:
    """How many pieces a text may be cut into on its way across pages: a page break
    between every two pages it can span, and a couple more for list markers."""
    return 3 + len(needle) // PAGE_CHARS


def found_in(needle: str, hay: str, pieces: int | None = None, min_piece: int = 12) -> bool:
    """Whether ``needle`` is in ``hay``, allowing it to be cut into pieces in order.

    A paragraph that runs over a page break is interrupted by the running header, the
    page number and list markers; it is still the paragraph, in order.
    """
    return _find(needle, hay, 0, len(hay), pieces or pieces_for(needle), min_piece) >= 0


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
    one pass per unit.  A unit not in the window ahead is looked for further on, and the
    cursor follows it there: titles are first found in a table of contents that can be
    longer than the window, and the text under them after it (had the cursor stayed in
    the contents, every later unit would cost a search of the whole book).  A unit
    placed before the cursor (an out-of-order element) is still found by a search of the
    whole text, and leaves the cursor where it was."""

    WINDOW = 200_000

    def __init__(self, text: str) -> None:
        self.text = text
        self.cursor = 0

    def finds(self, needle: str) -> bool:
        start = max(0, self.cursor - self.WINDOW // 8)
        pieces = pieces_for(needle)
        window = max(self.WINDOW, 2 * len(needle))
        end = _find(needle, self.text, start, min(len(self.text), self.cursor + window),
                    pieces, 12)
        if end < 0:  # further on: the reader skipped ahead (past a long table of
            # contents, where the titles were found first); the cursor follows it
            end = _find(needle, self.text, self.cursor, len(self.text), pieces, 12)
        if end < 0:  # before: out of order, or missing; the cursor stays where it is
            return _find(needle, self.text, 0, len(self.text), pieces, 12) >= 0
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
    """Units found / expected in one part of the course, per output."""

    name: str
    expected: dict[str, int] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)


@dataclass
class OutputReport:
    path: str
    digest: str = ""
    references_checked: int = 0


@dataclass
class Report:
    course: str
    version: str
    digest_source: str
    outputs: dict[str, OutputReport] = field(default_factory=dict)
    groups: list[GroupCount] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.problems)

    @property
    def references_checked(self) -> int:
        return sum(o.references_checked for o in self.outputs.values())

    def to_json(self) -> str:
        data = asdict(self)
        data["ok"] = self.ok
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Report:
        data = json.loads(text)
        return cls(course=data["course"], version=data["version"],
                   digest_source=data["digest_source"],
                   outputs={k: OutputReport(**v) for k, v in data["outputs"].items()},
                   groups=[GroupCount(**g) for g in data["groups"]],
                   missing=[Missing(**m) for m in data["missing"]],
                   problems=list(data["problems"]))


def _groups(doc: Document) -> list[tuple[str, Any]]:
    """The parts of the course the report counts units in, as a reader names them."""
    labels = doc.labels
    parts: list[tuple[str, Any]] = [
        (labels["foreword"], doc.foreword),
        (f"{doc.introduction_label} {labels['introduction']}", doc.introduction)]
    parts += [(f"{doc.label(c)} {c.title.plain()}", c) for c in doc.chapters]
    parts += [(labels["evaluation"], [doc.evaluation, doc.feedback]),
              (labels["glossary"], doc.glossary),
              (labels["references"], doc.references),
              (labels["regulations"], doc.regulations)]
    return parts


def check_course(doc: Document, ctx: BuildContext, writers: Sequence[Writer],
                 early: Mapping[str, EarlyRead] | None = None) -> Report:
    """Read every output of ``writers`` back from disk and compare it with the document.
    ``early``: outputs the build read as it wrote them, used where the file on disk is
    still those bytes (:mod:`wog_build.pipeline.early`)."""
    report = Report(course=doc.id, version=doc.version,
                    digest_source=source_digest(doc, ctx.layouts,
                                                  ctx.extra_inputs))
    read: dict[str, Readback] = {}
    for writer in writers:
        path = writer.path(ctx)
        entry = report.outputs[writer.name] = OutputReport(str(path))
        if not path.is_file():
            report.problems.append(f"{path} is not built; run `make all`")
            continue
        read[writer.name] = back = read_landed(writer, path, (early or {}).get(writer.name))
        entry.digest = back.digest
        report.problems += [f"{path}: {line}" for line in back.unseen]
        if back.digest != report.digest_source:
            report.problems.append(f"{path} was built from another source or layout "
                                   f"(digest {back.digest[:12] or 'missing'}, source "
                                   f"{report.digest_source[:12]}); rebuild it")
    group_of = {id(u): name for name, part in _groups(doc) for u in iter_units(part)}
    counts = {name: GroupCount(name) for name, _ in _groups(doc)}
    for writer in writers:
        if writer.name not in read:
            continue
        reader = Reader(read[writer.name].text)
        part_readers = {name: Reader(text) for name, text in read[writer.name].parts.items()}
        for promise in writer.promises(doc):
            group = counts[group_of[id(promise.unit)]]
            lost = [t for t in promise.texts if not finds(reader, t)]
            misplaced = [(place, t) for place, texts in promise.places for t in texts
                         if place in part_readers and not finds(part_readers[place], t)]
            group.expected[writer.name] = group.expected.get(writer.name, 0) + 1
            group.found[writer.name] = group.found.get(writer.name, 0) + \
                (not lost and not misplaced)
            if lost:
                report.missing.append(Missing(doc.uid(promise.unit), writer.name,
                                              str(doc.loc(promise.unit)), lost[0][:80]))
            elif misplaced:
                place, text = misplaced[0]
                report.missing.append(Missing(doc.uid(promise.unit), place,
                                              str(doc.loc(promise.unit)), text[:80]))
    report.groups = list(counts.values())
    others = dict(read)
    names = {w.name for w in writers}
    for writer in writers:  # an output built alone is checked against the current others
        for need in writer.needs:
            if need in names or need in others:
                continue
            path = get(need).path(ctx)
            if path.is_file():
                back = get(need).read(path)
                if back.digest == report.digest_source:
                    others[need] = back
    for writer in writers:
        if writer.name in read:
            own = read[writer.name]
            report.problems += writer.verify(doc, own, others)
            report.outputs[writer.name].references_checked = own.checked
    return report


def print_report(report: Report, say: Callable[[str], None]) -> None:
    say(f"{report.course} {report.version}: sync check")
    width = max(len(g.name) for g in report.groups)
    names = list(report.outputs)
    say(f"  {'':{width}}  " + "  ".join(f"{n:<9}" for n in names))
    for g in report.groups:
        cells = [f"{g.found[n]:>4}/{g.expected[n]:<4}" if g.expected.get(n) else "   -     "
                 for n in names]
        say(f"  {g.name[:width]:{width}}  " + "  ".join(cells))
    each = ", ".join(f"{name} {o.references_checked}" for name, o in report.outputs.items()
                     if o.references_checked)
    say(f"  page references checked: {report.references_checked}"
        + (f" ({each})" if each else ""))


def problems(report: Report) -> list[str]:
    lines = list(report.problems)
    lines += [f"{m.source}: {m.uid} is missing from the {m.output} ('{m.text}')"
              for m in report.missing]
    return lines


def report_path(ctx: BuildContext) -> Path:
    return ctx.out_dir / f"{ctx.course_id}-{ctx.version}-sync.json"


def write_report(report: Report, ctx: BuildContext) -> Path:
    path = report_path(ctx)
    write_bytes_atomic(path, report.to_json().encode("utf-8"))
    return path
