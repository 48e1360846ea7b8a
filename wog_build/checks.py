"""What can only be checked on the whole course: ids, citations, cross-references,
indicators, audiences and images.

Runs on the resolved document (:mod:`wog_build.document`), after the shape is valid;
it only reads, and reports every problem at the author's ``file:line:column``.
"""

from __future__ import annotations

import difflib
from typing import Any

from .document import Document
from .document.protocol import reserved_id_problem
from .errors import SourceError
from .inline import Cite, InlineText, Link, Ref
from .model import (
    AUDIENCE_ALL,
    Figure,
    Question,
    Reference,
    Section,
    Unit,
    walk_with_paths,
)
from .yamlsource import Path_, SourceMap

ALLOWED_LINK_SCHEMES = ("http://", "https://", "mailto:")
MAX_WORD_CHARS = 500
"""Longer than any word or printed URL: a run of 5 000 characters without a space is a
pasted blob, and laying it out costs the module renderer minutes (quadratic in its
length), so it is refused where it was written."""
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


class _Checker:
    def __init__(self, doc: Document, smap: SourceMap) -> None:
        self.doc = doc
        self.course = doc.course
        self.smap = smap
        self.errors: list[SourceError] = []
        self.root = doc.root

    def error(self, path: Path_, message: str, needle: str | None = None) -> None:
        mark = self.smap.find(path, needle) if needle else self.smap.at(path)
        self.errors.append(SourceError(mark.file, mark.line, mark.column, message))

    def run(self) -> list[SourceError]:
        units: dict[str, Path_] = {}
        inlines: list[tuple[Path_, InlineText]] = []
        for path, value in walk_with_paths(self.course):
            id_path = (*path, "id") if isinstance(value, Unit) and value.id else path
            if isinstance(value, Unit) and value.id and reserved_id_problem(value.id):
                self.error(id_path, f"id '{value.id}': {reserved_id_problem(value.id)}")
            if isinstance(value, Unit):
                self.audience(value, path)
            if isinstance(value, Reference) and not value.id:
                uid = self.doc.uid(value)
                clash = units.get(uid)
                by_key = clash is not None and clash[-1:] == ("key",)
                self.unique(units, uid, (*path, "key"),
                            f"reference key '{value.key}'" if by_key or clash is None else "",
                            "keys" if by_key else "ids")
            elif isinstance(value, Unit):
                uid = self.doc.uid(value)
                for name in self.doc.ids(value):  # the author's id, then a numbered one
                    self.unique(units, name, id_path if name == uid else path)
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
        self.durations()
        self.chapter_indicators()
        return self.errors

    def chapter_indicators(self) -> None:
        """A chapter's ``indicators`` name indicators of BAB I."""
        known = [i.id for i in self.course.introduction.indicators]
        for c, chapter in enumerate(self.course.chapters):
            for k, name in enumerate(chapter.indicators):
                if name not in known:
                    close = difflib.get_close_matches(name, known, n=1)
                    hint = f"did you mean '{close[0]}'?" if close else (
                        "indicators: " + ", ".join(known))
                    self.error(("chapters", c, "indicators", k),
                               f"unknown indicator '{name}'; {hint}")

    def durations(self) -> None:
        """The parts add up to the whole: sub-sections to their section, sections to
        their chapter, BAB I, the chapters and the evaluation to the course's JP; the
        activities of a section fit in it.  Each mismatch is reported where the whole
        was written, with the sum of its parts."""
        from .document.durations import (
            MINUTES_PER_JP,
            activities,
            chapter_minutes,
            section_minutes,
        )

        def sections(path: Path_, items: list[Section]) -> None:
            for j, section in enumerate(items):
                here = (*path, "sections", j)
                parts = [section_minutes(s) for s in section.sections]
                if section.minutes is not None and parts and None not in parts:
                    self.tile(here, section.minutes, [p or 0 for p in parts], "its sub-sections")
                timed = [a.minutes for a in activities(section) if a.minutes is not None]
                own = section_minutes(section)
                if own is not None and sum(timed) > own:
                    self.error((*here, "minutes") if section.minutes else here,
                               f"the activities of this section take {sum(timed)} minutes, "
                               f"more than its {own}; lengthen the section or shorten them")
                sections(here, section.sections)

        for c, chapter in enumerate(self.course.chapters):
            parts = [section_minutes(s) for s in chapter.sections]
            if chapter.minutes is not None and None not in parts:
                self.tile(("chapters", c), chapter.minutes, [p or 0 for p in parts],
                          "its sections")
            sections(("chapters", c), chapter.sections)
        jp = self.course.meta.duration_jp
        if jp is None:
            return
        whole = [("BAB I (introduction.minutes)", self.course.introduction.minutes)]
        whole += [(f"chapter {c + 2}", chapter_minutes(ch))
                  for c, ch in enumerate(self.course.chapters)]
        if self.course.evaluation is not None:
            whole.append(("the evaluation (evaluation.minutes)",
                          self.course.evaluation.minutes))
        untimed = [name for name, m in whole if m is None]
        if untimed:
            self.error(("meta", "duration_jp"), f"duration_jp is {jp} JP, but "
                       f"{', '.join(untimed)} has no minutes; give every part its minutes")
            return
        self.tile(("meta",), jp * MINUTES_PER_JP, [m or 0 for _, m in whole],
                  "BAB I, the chapters and the evaluation", key="duration_jp",
                  said=f"{jp} JP ({jp * MINUTES_PER_JP} minutes)")

    def tile(self, path: Path_, whole: int, parts: list[int], what: str,
             key: str = "minutes", said: str = "") -> None:
        if sum(parts) != whole:
            self.error((*path, key), f"{key} is {said or f'{whole} minutes'}, but {what} "
                       f"add up to {sum(parts)} minutes ({' + '.join(map(str, parts))}); "
                       "make them agree")

    def audience(self, unit: Unit, path: Path_) -> None:
        if unit.audience is None:
            return
        names = [unit.audience] if isinstance(unit.audience, str) else unit.audience
        known = [AUDIENCE_ALL, *self.doc.outputs]
        where = (*path, "audience")
        if not names:
            self.error(where, "'audience' names no output; write 'both' or an output name ("
                       + ", ".join(self.doc.outputs) + ")")
        for k, name in enumerate(names):
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "outputs: " + ", ".join(
                    known)
                self.error(where if isinstance(unit.audience, str) else (*where, k),
                           f"unknown output '{name}' in 'audience'; {hint}")

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


def check(doc: Document, smap: SourceMap) -> list[SourceError]:
    """Every problem of the resolved course, located; an empty list when it can be built."""
    return _Checker(doc, smap).run()
