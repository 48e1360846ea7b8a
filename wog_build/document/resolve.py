"""The transforms that turn a validated source model into a :class:`Document`.

Run once, after the shape is valid and before any check that spans the course: they
fix what every output must agree on (derived ids, numbers, printed labels, which
outputs show each unit, where each unit was written, which files the outputs depend
on).  Nothing here judges the author's text; :mod:`wog_build.checks` does that on the
resolved document.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..labels import Labels
from ..model import (
    AUDIENCE_ALL,
    AUDIENCE_TRAINERS,
    Activity,
    Chapter,
    Chart,
    Course,
    Diagram,
    Figure,
    Numbered,
    Section,
    SourceLoc,
    Table,
    Unit,
    iter_units,
    walk_with_paths,
)
from ..typography import Quotes, typeset
from ..yamlsource import SourceMap
from .document import Document, UnitInfo
from .protocol import roman


@dataclass
class _Draft:
    uid: str = ""
    number: str = ""
    label: str = ""
    default: frozenset[str] | None = None
    ids: tuple[str, ...] = field(default=())


class _Resolver:
    def __init__(self, course: Course, labels: Labels, outputs: Sequence[str],
                 reading: Sequence[str], trainers: Sequence[str] = ()) -> None:
        self.course = course
        self.labels = labels
        self.outputs = frozenset(outputs)
        self.reading = frozenset(reading) & self.outputs
        self.trainers = frozenset(trainers) & self.outputs
        self.drafts: dict[int, _Draft] = {id(u): _Draft() for u in iter_units(course)}

    def d(self, unit: Unit) -> _Draft:
        return self.drafts[id(unit)]

    # --- ids and numbers ---------------------------------------------------------------

    def blocks(self, prefix: str, blocks: Iterable[Unit]) -> None:
        for k, block in enumerate(blocks, 1):
            self.d(block).uid = f"{prefix}.b{k}"

    def numbered(self, unit: Numbered, uid: str, number: str, label: str) -> None:
        draft = self.d(unit)
        draft.uid, draft.number, draft.label = uid, number, label
        # an author's id does not take away the numbered one: a reference by number
        # survives naming the chapter or section later
        draft.ids = (unit.id, uid) if unit.id and unit.id != uid else (unit.id or uid,)

    def section(self, section: Section, number: str) -> None:
        uid = f"bab{number}"
        self.numbered(section, uid, number, f"{self.labels['section']} {number}")
        for k, point in enumerate(section.key_points, 1):
            self.d(point).uid = f"{uid}.kp{k}"
        self.blocks(uid, section.blocks)
        for m, sub in enumerate(section.sections, 1):
            self.section(sub, f"{number}.{m}")

    def ids(self) -> None:
        course = self.course
        self.blocks("kata-pengantar", course.foreword.text)
        intro = course.introduction
        for name in ("background", "description", "benefits", "method", "study_guide"):
            self.blocks(f"pendahuluan.{name}", getattr(intro, name))
        for i, chapter in enumerate(course.chapters):
            n = str(i + 2)  # BAB I is the introduction
            self.numbered(chapter, f"bab{n}", n,
                          f"{self.labels['chapter']} {roman(int(n))}")
            self.blocks(f"bab{n}", chapter.intro)
            for m, section in enumerate(chapter.sections, 1):
                self.section(section, f"{n}.{m}")
            for k, point in enumerate(chapter.summary, 1):
                self.d(point).uid = f"bab{n}.rangkuman{k}"
            for k, exercise in enumerate(chapter.exercises, 1):
                self.d(exercise).uid = f"bab{n}.latihan{k}"
        if course.evaluation:
            self.blocks("evaluasi", course.evaluation.instructions)
            for k, question in enumerate(course.evaluation.questions, 1):
                draft = self.d(question)
                draft.uid, draft.number = f"evaluasi.q{k}", str(k)
        if course.feedback:
            self.blocks("umpan-balik", course.feedback.text)
            for k, rule in enumerate(course.feedback.rules, 1):
                self.d(rule).uid = f"umpan-balik.r{k}"
        for k, entry in enumerate(course.glossary, 1):
            self.d(entry).uid = f"glosarium.{k}"
        for ref in course.references:
            self.d(ref).uid = f"pustaka.{ref.key}"
        for k, reg in enumerate(course.regulations, 1):
            self.d(reg).uid = f"regulasi.{k}"

    def floats(self) -> None:
        """Tables and figures per chapter (BAB I counts as chapter 1), boxes course-wide:
        both outputs print the same numbers, so they are fixed here, once.  Diagrams and
        charts are figures: one "Gambar" sequence, in reading order."""
        parts: list[tuple[str, Any]] = [("1", self.course.introduction)]
        parts += [(self.d(c).number, c) for c in self.course.chapters]
        for number, part in parts:
            counts: dict[type[Unit], int] = {Table: 0, Figure: 0}
            for unit in iter_units(part):
                kind = Figure if isinstance(unit, Diagram | Chart) else type(unit)
                if kind in counts:
                    counts[kind] += 1
                    draft = self.d(unit)
                    draft.number = f"{number}.{counts[kind]}"
                    key = "table" if kind is Table else "figure"
                    draft.label = f"{self.labels[key]} {draft.number}"
        boxes = 0
        for unit in iter_units(self.course):
            if isinstance(unit, Activity):
                boxes += 1
                draft = self.d(unit)
                draft.number, draft.label = str(boxes), f"{self.labels['box']} {boxes}"

    # --- outputs ------------------------------------------------------------------------

    def own_outputs(self, unit: Unit, default: frozenset[str]) -> frozenset[str]:
        if unit.audience is None:
            return default
        names = [unit.audience] if isinstance(unit.audience, str) else unit.audience
        chosen: set[str] = set()
        for name in names:
            # an unknown name is reported by the checks; here it simply shows nowhere
            if name == AUDIENCE_ALL:
                chosen |= self.outputs
            elif name == AUDIENCE_TRAINERS:
                chosen |= self.trainers
            else:
                chosen |= {name} & self.outputs
        return frozenset(chosen)

    def reading_only(self) -> None:
        """Front and back matter a trainer does not present (the foreword, the glossary,
        the feedback rules) default to the outputs made for reading (the module); an
        explicit ``audience`` wins."""
        course = self.course
        units: list[Unit] = [*course.foreword.text, *course.glossary]
        if course.feedback:
            units += [*course.feedback.text, *course.feedback.rules]
        for unit in units:
            self.d(unit).default = self.reading

    def visibility(self) -> dict[int, frozenset[str]]:
        """Each unit's outputs: its own audience, within the outputs of the unit that
        holds it (a module-only section keeps its key points off the deck too)."""
        shown: dict[int, frozenset[str]] = {}

        def visit(node: Any, within: frozenset[str]) -> None:
            if isinstance(node, Unit):
                default = self.d(node).default
                within = within & self.own_outputs(node, within if default is None
                                                   else default)
                shown[id(node)] = within
            if isinstance(node, list):
                for item in node:
                    visit(item, within)
            elif hasattr(type(node), "model_fields"):
                for name in type(node).model_fields:
                    visit(getattr(node, name), within)

        visit(self.course, self.outputs)
        return shown


def image_files(course: Course, root: Path, assets: Path | None = None) -> list[Path]:
    """The images the figures name that exist inside the course folder or the shared
    assets folder: the outputs depend on them as on the YAML files (the checks report
    the ones that do not)."""
    from ..images import path_problem

    found: list[Path] = []
    for unit in iter_units(course):
        if isinstance(unit, Figure) and path_problem(unit.figure, root, assets) is None:
            target = (root / unit.figure).resolve()
            if target not in found:
                found.append(target)
    if course.meta.logo is not None:  # the cover's logo
        logo = (root / course.meta.logo).resolve()
        if logo.is_relative_to(root) and logo.is_file() and logo not in found:
            found.append(logo)
    return found


def resolve(course: Course, *, labels: Labels, outputs: Sequence[str],
            reading: Sequence[str] = (), trainers: Sequence[str] = (),
            files: Sequence[Path] = (), root: Path | None = None,
            smap: SourceMap | None = None, assets: Path | None = None,
            chapter_title_case: str = "as_written") -> Document:
    """The resolved, read-only document of ``course`` for the registered ``outputs``, of
    which ``reading`` are made to be read through (they show the front and back matter
    by default), and ``trainers`` made for the trainer (``audience: trainer``)."""
    root = (root or Path.cwd()).resolve()
    # the author's straight quotes become the language's marks once, here: every output
    # prints the same text, and the source keeps what the author typed
    course = typeset(course, Quotes.from_labels(labels))
    r = _Resolver(course, labels, outputs, reading, trainers)
    r.ids()
    r.floats()
    r.reading_only()
    shown = r.visibility()
    locs: dict[int, SourceLoc] = {}
    if smap is not None:
        for path, value in walk_with_paths(course):
            if isinstance(value, Unit):
                mark = smap.at(path)
                locs[id(value)] = SourceLoc(file=mark.file, line=mark.line, column=mark.column)
    order = tuple(iter_units(course))
    infos: list[UnitInfo] = []
    for unit in order:
        draft = r.d(unit)
        uid = unit.id or draft.uid
        ids = draft.ids if isinstance(unit, Chapter | Section) else (uid,)
        infos.append(UnitInfo(uid=uid, ids=ids, number=draft.number, label=draft.label,
                              outputs=shown[id(unit)], loc=locs.get(id(unit))))
    all_files = [Path(f) for f in files]
    assets = assets.resolve() if assets is not None else None
    all_files += [f for f in image_files(course, root, assets) if f not in all_files]
    return Document(course=course, labels=labels, outputs=tuple(outputs),
                    files=tuple(all_files), root=root, _order=order, _infos=tuple(infos),
                    assets=assets, chapter_title_case=chapter_title_case)
