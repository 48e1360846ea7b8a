"""What can only be checked on the whole course: ids, numbers, citations, references,
indicators and images; and where each unit was written.

Runs after the shape is valid.  It also fixes what both outputs must agree on and so
cannot be left to a renderer: derived ids, chapter and section numbers, box, table and
figure numbers.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .errors import SourceError
from .inline import Cite, InlineText, Link, Ref
from .model import (
    Activity,
    Audience,
    Course,
    Figure,
    Node,
    Question,
    Reference,
    Section,
    SourceLoc,
    Table,
    Unit,
)
from .yamlsource import Path_, SourceMap

ALLOWED_LINK_SCHEMES = ("http://", "https://", "mailto:")
MAX_WORD_CHARS = 500
"""Longer than any word or printed URL: a run of 5 000 characters without a space is a
pasted blob, and laying it out costs the module renderer minutes (quadratic in its
length), so it is refused where it was written."""
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


def _fields(node: BaseModel) -> Iterator[tuple[str, Any]]:
    for name, info in type(node).model_fields.items():
        yield info.alias or name, getattr(node, name)


def _walk(value: Any, path: Path_) -> Iterator[tuple[Path_, Any]]:
    """Every value of the model with its path in the source tree (YAML keys and indices)."""
    yield path, value
    if isinstance(value, BaseModel):
        for key, child in _fields(value):
            yield from _walk(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _walk(child, (*path, i))


def _blocks(prefix: str, blocks: Sequence[Unit]) -> None:
    for k, block in enumerate(blocks, 1):
        block._uid = f"{prefix}.b{k}"


def _number_section(section: Section, number: str) -> None:
    section._uid, section._number = f"bab{number}", number
    for k, point in enumerate(section.key_points, 1):
        point._uid = f"{section._uid}.kp{k}"
    _blocks(section._uid, section.blocks)
    for m, sub in enumerate(section.sections, 1):
        _number_section(sub, f"{number}.{m}")


def _module_by_default(units: list[Any]) -> None:
    """Front and back matter a trainer does not present: module only, unless the author
    says otherwise with an explicit ``audience``."""
    for unit in units:
        if isinstance(unit, Unit) and "audience" not in unit.model_fields_set:
            unit.audience = Audience.module


def _assign_ids(course: Course) -> None:
    _module_by_default(course.foreword.text)
    _module_by_default(course.glossary)
    if course.feedback:
        _module_by_default([*course.feedback.text, *course.feedback.rules])
    _blocks("kata-pengantar", course.foreword.text)
    intro = course.introduction
    for name in ("background", "description", "benefits", "method", "study_guide"):
        _blocks(f"pendahuluan.{name}", getattr(intro, name))
    for i, chapter in enumerate(course.chapters):
        n = str(i + 2)  # BAB I is the introduction
        chapter._uid, chapter._number = f"bab{n}", n
        _blocks(chapter._uid, chapter.intro)
        for m, section in enumerate(chapter.sections, 1):
            _number_section(section, f"{n}.{m}")
        for k, point in enumerate(chapter.summary, 1):
            point._uid = f"bab{n}.rangkuman{k}"
        for k, exercise in enumerate(chapter.exercises, 1):
            exercise._uid = f"bab{n}.latihan{k}"
    if course.evaluation:
        _blocks("evaluasi", course.evaluation.instructions)
        for k, question in enumerate(course.evaluation.questions, 1):
            question._uid, question._number = f"evaluasi.q{k}", str(k)
    if course.feedback:
        _blocks("umpan-balik", course.feedback.text)
        for k, rule in enumerate(course.feedback.rules, 1):
            rule._uid = f"umpan-balik.r{k}"
    for k, entry in enumerate(course.glossary, 1):
        entry._uid = f"glosarium.{k}"
    for ref in course.references:
        ref._uid = f"pustaka.{ref.key}"
    for k, reg in enumerate(course.regulations, 1):
        reg._uid = f"regulasi.{k}"


def _number_floats(course: Course) -> None:
    boxes = 0
    chapters: list[tuple[str, Any]] = [("1", course.introduction)]
    chapters += [(c.number, c) for c in course.chapters]
    for number, chapter in chapters:
        tables = figures = 0
        for _, value in _walk(chapter, ()):
            if isinstance(value, Table):
                tables += 1
                value._number = f"{number}.{tables}"
            elif isinstance(value, Figure):
                figures += 1
                value._number = f"{number}.{figures}"
    for unit in course.units():
        if isinstance(unit, Activity):
            boxes += 1
            unit._number = str(boxes)


class _Checker:
    def __init__(self, course: Course, smap: SourceMap) -> None:
        self.course = course
        self.smap = smap
        self.errors: list[SourceError] = []
        self.root = Path(course.root)

    def error(self, path: Path_, message: str, needle: str | None = None) -> None:
        mark = self.smap.find(path, needle) if needle else self.smap.at(path)
        self.errors.append(SourceError(mark.file, mark.line, mark.column, message))

    def run(self) -> list[SourceError]:
        units: dict[str, Path_] = {}
        inlines: list[tuple[Path_, InlineText]] = []
        for path, value in _walk(self.course, ()):
            if isinstance(value, Node):
                mark = self.smap.at(path)
                value._loc = SourceLoc(file=mark.file, line=mark.line, column=mark.column)
            id_path = (*path, "id") if isinstance(value, Unit) and value.id else path
            if isinstance(value, Reference) and not value.id:
                self.unique(units, value.uid, (*path, "key"), f"reference key '{value.key}'",
                            "keys")
            elif isinstance(value, Unit):
                for uid in value.ids:  # the author's id, then a numbered one if any
                    self.unique(units, uid, id_path if uid == value.uid else path)
            if isinstance(value, InlineText):
                inlines.append((path, value))
            elif isinstance(value, Question):
                self.question(value, path)
            elif isinstance(value, Figure):
                self.image(value.figure, (*path, "figure"))
        for path, text in inlines:
            self.inline(text, path, units)
        for ref in self.course.references:
            if ref.url and not ref.url.startswith(ALLOWED_LINK_SCHEMES):
                self.error((*self.path_of(ref), "url"),
                           "a reference url must start with http:// or https://")
        if self.course.feedback:
            for k, rule in enumerate(self.course.feedback.rules):
                if rule.min_score > rule.max_score:
                    self.error(("feedback", "rules", k, "min_score"),
                               "min_score is larger than max_score")
        return self.errors

    def path_of(self, ref: Any) -> Path_:
        return ("references", self.course.references.index(ref))

    def unique(self, seen: dict[str, Path_], uid: str, path: Path_, what: str = "",
               kind: str = "ids") -> None:
        if uid in seen:
            first = self.smap.at(seen[uid])
            where = self.smap.at(path)
            at = f"line {first.line}" if first.file == where.file else (
                f"{first.file}:{first.line}")
            self.error(path, f"duplicate {what or f'id {uid!r}'} (first used on {at}); "
                       f"{kind} must be unique in the course")
        else:
            seen[uid] = path

    def inline(self, text: InlineText, path: Path_, units: dict[str, Path_]) -> None:
        keys = [r.key for r in self.course.references]
        long_word = next((w for w in text.plain().split() if len(w) > MAX_WORD_CHARS), None)
        if long_word:
            self.error(path, f"a word of {len(long_word):,} characters without a space cannot "
                       f"be broken into lines; split it (at most {MAX_WORD_CHARS:,})",
                       long_word[:20])
        for node in text.walk():
            if isinstance(node, Cite):
                for key in node.keys:
                    if key not in keys:
                        close = difflib.get_close_matches(key, keys, n=1)
                        hint = f"did you mean '@{close[0]}'?" if close else (
                            "add it to 'references' or correct the key")
                        self.error(path, f"unknown citation '@{key}'; {hint}", "@" + key)
            elif isinstance(node, Ref) and node.target not in units:
                close = difflib.get_close_matches(node.target, list(units), n=1)
                hint = f"did you mean '#{close[0]}'?" if close else "no unit has this id"
                self.error(path, f"unknown cross-reference '#{node.target}'; {hint}",
                           "#" + node.target)
            elif isinstance(node, Link) and not node.url.lower().startswith(
                    ALLOWED_LINK_SCHEMES):
                self.link_refused(path, node.url)

    def link_refused(self, path: Path_, url: str) -> None:
        self.error(path, f"link '{url}' is not allowed; links must start with "
                   "http://, https:// or mailto:", url)

    def question(self, q: Question, path: Path_) -> None:
        indicators = [i.id for i in self.course.introduction.indicators]
        if q.indicator not in indicators:
            close = difflib.get_close_matches(q.indicator, indicators, n=1)
            hint = f"did you mean '{close[0]}'?" if close else (
                "indicators: " + ", ".join(indicators))
            self.error((*path, "indicator"), f"unknown indicator '{q.indicator}'; {hint}")
        keys = [o.key for o in q.options]
        if q.kind == "multiple_choice":
            if len(q.options) < 2:
                self.error(path, "a multiple_choice question needs at least 2 options")
            elif str(q.answer) not in keys:
                self.error((*path, "answer"), f"answer '{q.answer}' is not one of the "
                           f"options ({', '.join(keys)})")
        elif q.kind == "true_false" and not isinstance(q.answer, bool):
            self.error((*path, "answer"), "a true_false answer must be true or false")
        elif q.kind == "essay" and not isinstance(q.answer, str):
            self.error((*path, "answer"), "an essay answer must be a model answer text")

    def image(self, rel: str, path: Path_) -> None:
        if rel.startswith(("/", "\\")) or "://" in rel or (len(rel) > 1 and rel[1] == ":"):
            self.error(path, f"image path '{rel}' must be relative to the course folder")
            return
        target = (self.root / rel).resolve()
        if not target.is_relative_to(self.root):
            self.error(path, f"image path '{rel}' leaves the course folder; keep images "
                       "inside it")
            return
        if target.is_dir():
            self.error(path, f"image '{rel}' is a folder; name the image file in it")
            return
        if not target.is_file():
            self.error(path, f"image '{rel}' does not exist")
            return
        with target.open("rb") as fh:
            head = fh.read(16)
        kind = next((k for sig, k in IMAGE_SIGNATURES.items() if head.startswith(sig)), None)
        if kind is None:
            self.error(path, f"image '{rel}' is not a PNG or JPEG file; convert it to PNG")
            return
        try:
            from PIL import Image

            with Image.open(target) as img:
                img.verify()
        except Exception:
            self.error(path, f"image '{rel}' is damaged and cannot be read")
            return
        if str(target) not in self.course._files:  # the outputs depend on it, as on YAML
            self.course._files += (str(target),)


def annotate_and_check(course: Course, smap: SourceMap) -> list[SourceError]:
    _assign_ids(course)
    _number_floats(course)
    return _Checker(course, smap).run()
