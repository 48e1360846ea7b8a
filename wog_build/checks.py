"""What can only be checked on the whole course: ids, citations, cross-references,
indicators, audiences and images.

Runs on the resolved document (:mod:`wog_build.document`), after the shape is valid;
it only reads, and reports every problem at the author's ``file:line:column``.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from .citations import family_name
from .document import Document
from .document.protocol import reserved_id_problem
from .errors import SourceError, warning
from .inline import Cite, InlineText, Link, Ref, Text, parse_inline
from .model import (
    AUDIENCE_ALL,
    AUDIENCE_TRAINERS,
    Chart,
    Diagram,
    Figure,
    Question,
    Reference,
    Section,
    Table,
    Unit,
    walk_with_paths,
)
from .tiling import tiling_problems
from .yamlsource import Path_, SourceMap

ALLOWED_LINK_SCHEMES = ("http://", "https://", "mailto:")
MAX_WORD_CHARS = 500
"""Longer than any word or printed URL: a run of 5 000 characters without a space is a
pasted blob, and laying it out costs the module renderer minutes (quadratic in its
length), so it is refused where it was written."""

MAX_TABLE_COLUMNS = 20
"""The most columns a table may have: a slide four units wide (4:3, the narrowest
template) still gives each of 20 columns room for its widest letter; a wider table
cannot be laid out on a slide without breaking words into single letters."""
MAX_TABLE_CELLS = 10_000
"""The most cells (header included) one table may hold: some 60 printed pages.  Laying
out a table costs memory for every cell at once (a table of a million cells took the
module renderer past 12 GB), so a bigger table is refused where it is written."""


def isbn_problem(value: str) -> str | None:
    """Why ``value`` is not a valid ISBN-13 or ISBN-10 (hyphens and spaces allowed), or
    None.  ISBN-13: digits weighted 1, 3, 1, ... sum to a multiple of 10; ISBN-10:
    digits weighted 10 down to 1 (a final X is 10) sum to a multiple of 11."""
    digits = value.replace("-", "").replace(" ", "").upper()
    if len(digits) == 13 and digits.isdigit():
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
        if total % 10:
            right = (10 - sum(int(d) * (3 if i % 2 else 1)
                              for i, d in enumerate(digits[:12])) % 10) % 10
            return f"has a wrong check digit (the last digit should be {right}); check the number"
        return None
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
        if total % 11:
            return "has a wrong check digit; check the number"
        return None
    return "is not an ISBN: write 13 digits (or 10, the last may be X), hyphens allowed"


class _Checker:
    def __init__(self, doc: Document, smap: SourceMap) -> None:
        self.doc = doc
        self.course = doc.course
        self.smap = smap
        self.errors: list[SourceError] = []
        self.root = doc.root
        self.authors = _authors(doc.course.references)

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
            elif isinstance(value, Table):
                self.table(value, path)
            elif isinstance(value, Diagram):
                self.diagram(value, path)
            elif isinstance(value, Chart):
                self.chart(value, path)
        for path, text in inlines:
            self.inline(text, path, units)
        for ref in self.course.references:
            if ref.url and not ref.url.startswith(ALLOWED_LINK_SCHEMES):
                self.error((*self.path_of(ref), "url"),
                           "a reference url must start with http:// or https://")
        self.isbn()
        if self.course.meta.logo is not None:
            self.image(self.course.meta.logo, ("meta", "logo"))
        if self.course.feedback:
            self.feedback_bands()
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
                    self.add_up(here, section.minutes, [p or 0 for p in parts], "its sub-sections")
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
                self.add_up(("chapters", c), chapter.minutes, [p or 0 for p in parts],
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
        self.add_up(("meta",), jp * MINUTES_PER_JP, [m or 0 for _, m in whole],
                  "BAB I, the chapters and the evaluation", key="duration_jp",
                  said=f"{jp} JP ({jp * MINUTES_PER_JP} minutes)")

    def add_up(self, path: Path_, whole: int, parts: list[int], what: str,
               key: str = "minutes", said: str = "") -> None:
        """Durations have a length but no place in the session, so the parts must only
        sum to the whole (not tile a range: :func:`tiling_problems` cannot see a sum that
        runs past the whole, and the sum with its terms says better what to mend)."""
        if sum(parts) != whole:
            self.error((*path, key), f"{key} is {said or f'{whole} minutes'}, but {what} "
                       f"add up to {sum(parts)} minutes ({' + '.join(map(str, parts))}); "
                       "make them agree")

    def feedback_bands(self) -> None:
        """The bands of *umpan balik* must give every score 0-100 exactly one level."""
        assert self.course.feedback is not None
        rules = self.course.feedback.rules
        for k, rule in enumerate(rules):
            if rule.min_score > rule.max_score:
                self.error(("feedback", "rules", k, "min_score"),
                           f"min_score ({rule.min_score}) is larger than max_score "
                           f"({rule.max_score}); swap them")
        bands = [(r.min_score, r.max_score) for r in rules]
        for problem in tiling_problems(bands, 0, 100, "score band"):
            self.error(("feedback", "rules", problem.index, "min_score"), problem.message)

    def table(self, table: Table, path: Path_) -> None:
        """Every row has the header's number of cells: a row with more would lose its
        extra cells (or break the layout), one with fewer would print a ragged table."""
        width = len(table.header)
        if width > MAX_TABLE_COLUMNS:
            self.error((*path, "header"), f"this table has {width} columns; a table may "
                       f"have at most {MAX_TABLE_COLUMNS} (a slide has no room for more): "
                       "split it into several tables, or turn it so its rows are columns")
            return
        cells = width * (len(table.rows) + 1)
        if cells > MAX_TABLE_CELLS:
            self.error((*path, "rows"), f"this table has {len(table.rows):,} rows of "
                       f"{width} cells ({cells:,} cells with its header); a table may hold "
                       f"at most {MAX_TABLE_CELLS:,} cells: split it into several tables")
            return
        for k, row in enumerate(table.rows):
            if len(row) == width:
                continue
            where = f"row {k + 1} has {len(row)} cell{'s' if len(row) != 1 else ''}, " \
                    f"the header has {width}"
            if len(row) > width:
                hint = ("a ',' inside a cell splits it in two: put that cell in quotes "
                        "(\"a, b\"), or remove the extra cell")
            else:
                hint = "add the missing cell (write \"\" for an empty one)"
            self.error((*path, "rows", k), f"{where}; {hint}")

    def audience(self, unit: Unit, path: Path_) -> None:
        if unit.audience is None:
            return
        names = [unit.audience] if isinstance(unit.audience, str) else unit.audience
        known = [AUDIENCE_ALL, AUDIENCE_TRAINERS, *self.doc.outputs]
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
                        self.error(path, unknown_citation(key, keys, node.narrative),
                                   "@" + key)
            elif isinstance(node, Text) and path[:1] != ("references",):
                self.author_year_text(node.text, path)  # (an entry's note may say how
                # the work was cited elsewhere: that is no citation of it)
            elif isinstance(node, Ref) and node.target not in units:
                close = difflib.get_close_matches(node.target, list(units), n=1)
                hint = f"did you mean '#{close[0]}'?" if close else "no unit has this id"
                self.error(path, f"unknown cross-reference '#{node.target}'; {hint}",
                           "#" + node.target)
            elif isinstance(node, Link) and not node.url.lower().startswith(
                    ALLOWED_LINK_SCHEMES):
                self.link_refused(path, node.url)

    def author_year_text(self, text: str, path: Path_) -> None:
        """Warn where prose types a citation by hand ('Bovens (2007)', '(Bovens, 2007)',
        'Colgan dkk.'): it is not checked against the references, and a work cited so
        may be missing from the Daftar Pustaka."""
        for match in _TYPED_CITATION.finditer(text):
            name = match.group("name") or match.group("pname") or match.group("ename")
            typed = " ".join(match.group(0).split())
            keys = self.authors.get(name.casefold())
            if keys:
                year = re.search(r"\d{4}", typed)
                fitting = [k for k, y in keys if year and str(y) == year.group()] or [
                    k for k, _ in keys]
                narrative = not typed.startswith("(")
                example = (f"@{fitting[0]}" if narrative else f"[@{fitting[0]}]")
                self.warn(path, f"'{typed}' is typed as plain text; write the citation "
                          f"{example} instead, so it is checked and printed alike "
                          f"everywhere", name)
            elif re.search(_ET_AL, typed):
                self.warn(path, f"'{typed}' reads as a citation, but no reference has the "
                          f"author '{name}'; add the work to 'references' and cite it as "
                          "@key", name)

    def warn(self, path: Path_, message: str, needle: str | None = None) -> None:
        mark = self.smap.find(path, needle) if needle else self.smap.at(path)
        self.errors.append(warning(mark.file, mark.line, mark.column, message))

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
        for k, key in enumerate(keys):
            if key in keys[:k]:
                self.error((*path, "options", k, "key"),
                           f"option '{key}' is used twice in this question; give each option "
                           "its own letter")
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
        if q.rubric and q.kind != "essay":
            self.error((*path, "rubric"), f"a rubric scores an essay; a {q.kind} question "
                       "is right or wrong (remove the rubric, or give 'points')")
        total = sum(c.points for c in q.rubric)
        if q.rubric and q.points is not None and q.points != total:
            self.error((*path, "points"), f"points is {q.points}, but the rubric adds up to "
                       f"{total} (" + " + ".join(str(c.points) for c in q.rubric)
                       + "); make them agree, or leave points out")

    def diagram(self, d: Diagram, path: Path_) -> None:
        """What the shape of a diagram cannot say: how many items its kind needs."""
        least = {"cycle": 2, "comparison": 2, "process": 2, "timeline": 2}.get(d.diagram, 1)
        if len(d.items) < least:
            self.error((*path, "items"), f"a {d.diagram} diagram needs at least {least} "
                       f"items; it has {len(d.items)}")
        if d.columns is not None and d.diagram != "matrix":
            self.error((*path, "columns"), f"'columns' sets the cells per row of a matrix; "
                       f"a {d.diagram} diagram has none (remove it)")
        if d.diagram != "hierarchy" and d.diagram != "comparison":
            for k, item in enumerate(d.items):
                if any(c.items for c in item.items):
                    self.error((*path, "items", k, "items"), "only a hierarchy nests items "
                               "more than one level deep; flatten these items")

    def chart(self, c: Chart, path: Path_) -> None:
        """One value per category in every series; a pie is one series of parts."""
        n = len(c.categories)
        for k, series in enumerate(c.series):
            if len(series.values) != n:
                self.error((*path, "series", k, "values"),
                           f"series '{series.name.plain()}' has {len(series.values)} "
                           f"values for {n} categories; give one value per category")
        if c.chart == "pie":
            if len(c.series) != 1:
                self.error((*path, "series"), f"a pie chart shows one series; this one has "
                           f"{len(c.series)} (use a column or bar chart to compare series)")
            elif any(v < 0 for v in c.series[0].values) or sum(c.series[0].values) <= 0:
                self.error((*path, "series", 0, "values"), "a pie chart's values are parts "
                           "of a whole: none may be negative, and they may not all be 0")

    def isbn(self) -> None:
        """An ISBN's check digit is right, so a mistyped number never reaches print."""
        value = self.course.meta.isbn
        if value is None:
            return
        problem = isbn_problem(value)
        if problem:
            self.error(("meta", "isbn"), f"isbn '{value}' {problem}")

    def image(self, rel: str, path: Path_) -> None:
        from .images import file_problem, path_problem

        problem = path_problem(rel, self.root, self.doc.assets) or file_problem(
            (self.root / rel).resolve(), rel)
        if problem:
            self.error(path, problem)


_NAME = r"[A-Z][\w'’-]+"
_YEAR = r"(?:\d{4}[a-z]?|t\.t\.|n\.d\.)"
_ET_AL = r"(?:dkk\.|et al\.)"
_TYPED_CITATION = re.compile(
    rf"(?<![\w@])(?P<name>{_NAME})(?:\s+(?:{_ET_AL}|(?:&|dan|and)\s+{_NAME}))?\s*\(\s*{_YEAR}"
    rf"[^()]*\)"
    rf"|\(\s*(?P<pname>{_NAME})(?:\s+(?:{_ET_AL}|(?:&|dan|and)\s+{_NAME}))?,\s*{_YEAR}[^()]*\)"
    rf"|(?<![\w@])(?P<ename>{_NAME})\s+{_ET_AL}"
)
"""Author-year text typed by hand: 'Nama (2004)', '(Nama, 2004)', 'Nama dkk.'."""


def _authors(references: list[Reference]) -> dict[str, list[tuple[str, int | str]]]:
    """Every family name (or organisation) of the references, folded, with the keys and
    years of its works."""
    found: dict[str, list[tuple[str, int | str]]] = {}
    for ref in references:
        for author in ref.authors:
            found.setdefault(family_name(author).casefold(), []).append((ref.key, ref.year))
    return found


def unknown_citation(key: str, keys: list[str], narrative: bool = False) -> str:
    close = difflib.get_close_matches(key, keys, n=1)
    hint = f"did you mean '@{close[0]}'?" if close else (
        "add it to 'references' or correct the key")
    if narrative and not close:
        hint += " (for a plain '@' in the text, write '\\@')"
    return f"unknown citation '@{key}'; {hint}"


_NOT_TEXT = {"id", "key", "url", "figure", "audience", "kind", "indicator", "authors", "year"}
"""Keys whose values are names, paths or numbers, never text with citations in it."""


def check_loaded_parts(data: Any, smap: SourceMap) -> list[SourceError]:
    """The checks that still make sense when the course's shape is wrong somewhere, on
    what was read: citations and links in every text.  Without them an author fixes a
    misspelt key only to be told of a bad citation next; with them every problem comes
    at once.  (Cross-references and ids need the resolved course and wait for it.)"""
    refs = data.get("references") if isinstance(data, dict) else None
    # no list to check citations against: a misspelt 'references:' says so itself
    keys = None if not isinstance(refs, list) else [
        r["key"] for r in refs if isinstance(r, dict) and isinstance(r.get("key"), str)]
    errors: list[SourceError] = []

    def error(path: Path_, message: str, needle: str) -> None:
        mark = smap.find(path, needle)
        errors.append(SourceError(mark.file, mark.line, mark.column, message))

    def walk(value: Any, path: Path_) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in _NOT_TEXT:
                    walk(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*path, i))
        elif isinstance(value, str) and ("@" in value or "](" in value):
            for node in parse_inline(value).walk():
                if isinstance(node, Cite) and keys is not None:
                    for key in node.keys:
                        if key not in keys:
                            error(path, unknown_citation(key, keys), "@" + key)
                elif isinstance(node, Link) and not node.url.lower().startswith(
                        ALLOWED_LINK_SCHEMES):
                    error(path, f"link '{node.url}' is not allowed; links must start with "
                          "http://, https:// or mailto:", node.url)

    walk(data, ())
    return errors


def check(doc: Document, smap: SourceMap) -> list[SourceError]:
    """Every problem of the resolved course, located; an empty list when it can be built."""
    return _Checker(doc, smap).run()
