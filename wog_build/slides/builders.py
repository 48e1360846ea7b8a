"""One function per slide kind: the course, read in deck order, as slide specs.

Only units meant for the slides (``audience.in_slides``) appear.  What a trainer says
rather than shows (the module's prose, answers, facilitator notes) becomes the notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TypeVar

from ..citations import apa_entry, sorted_references
from ..document import Document
from ..document.protocol import part_key
from ..inline import InlineText
from ..labels import fill
from ..model import (
    Activity,
    Block,
    Chapter,
    Definition,
    Figure,
    Quote,
    Reference,
    Section,
    Table,
    Unit,
)
from .measure import Para, Span
from .richtext import Speller
from .specs import ClosingSpec, CoverSpec, DividerSpec, FigureSpec, FlowSpec, Spec, TableSpec
from .theme import Theme

_SENTENCE = re.compile(r"(?<=[.!?])\s")


T = TypeVar("T")


class Builder:
    def __init__(self, doc: Document, output: str, theme: Theme) -> None:
        self.doc = doc
        self.output = output
        self.labels: Mapping[str, str] = doc.labels
        self.theme = theme
        self.say = Speller(doc)
        self.tight = theme.text["paragraph_after_tight"]

    def visible(self, units: Iterable[T]) -> list[T]:
        """The units of ``units`` this deck shows."""
        return self.doc.visible(units, self.output)

    # --- paragraph helpers ---------------------------------------------------------

    def para(self, spans: Iterable[Span], size: str = "body", **kw: object) -> Para:
        return Para(tuple(spans), self.theme.size(size), **kw)  # type: ignore[arg-type]

    def bullet(self, text: InlineText | None, size: str = "body", level: int = 0) -> Para:
        return self.para(self.say.spans(text), size, bullet=self.theme.bullet, level=level)

    def numbered(self, text: InlineText | None, n: int, size: str = "body") -> Para:
        return self.para(self.say.spans(text), size, number=n)

    def heading(self, text: str, size: str = "body") -> Para:
        return self.para((Span(text),), size, bold=True, color="primary")

    def plain_para(self, text: str, size: str = "body", **kw: object) -> Para:
        return self.para((Span(text),), size, **kw)

    def notes_of(self, blocks: Iterable[Block]) -> list[str]:
        lines: list[str] = []
        for block in self.visible(blocks):
            lines += self.say.block_lines(block, self.theme.bullet)
        return [line for line in lines if line.strip()]

    def truth(self, value: bool) -> str:
        return self.doc.truth(value)

    def short(self, text: str) -> str:
        """A face line: the first sentence, cut to the theme's word count."""
        words = _SENTENCE.split(text)[0].split()
        limit = self.theme.limit("intro_face_words")
        return " ".join(words[:limit]) + (self.theme.ellipsis if len(words) > limit else "")

    def label(self, unit: Unit) -> str:
        return self.doc.label(unit)

    # --- the deck --------------------------------------------------------------------

    def deck(self) -> list[Spec]:
        specs: list[Spec] = [self.cover(), self.agenda(), self.objectives(), self.introduction()]
        for chapter in self.visible(self.doc.chapters):
            specs += self.chapter(chapter)
        specs += self.evaluation()
        specs += self.glossary()
        specs += self.regulations()
        specs += self.references()
        specs.append(self.closing())
        return [s for s in specs if s is not None]

    def cover(self) -> CoverSpec:
        m = self.doc.meta
        lab = self.labels
        lines = [m.programme]
        if m.agenda:
            lines.append(m.agenda)
        lines.append(m.publisher)
        edition = f"{m.edition}{self.theme.separator}" if m.edition else ""
        lines.append(f"{edition}{lab['version']} {m.version}{self.theme.separator}{m.year}")
        notes = [m.title] + ([m.subtitle] if m.subtitle else [])
        foreword = self.doc.foreword
        notes += self.notes_of(foreword.text)
        return CoverSpec("title", m.title, notes=notes, subtitle=m.subtitle or "", lines=lines,
                         logo_alt=m.publisher)

    def agenda(self) -> FlowSpec:
        groups, texts, notes = [], [], []
        for chapter in self.visible(self.doc.chapters):
            head = self.doc.label(chapter)
            title = self.say.plain(chapter.title)
            group = [self.para((Span(f"{head} ", bold=True), *self.say.spans(chapter.title)),
                               bullet=self.theme.bullet)]
            notes.append(f"{head} {title}")
            for section in self.visible(chapter.sections) if self.theme.agenda_sections else []:
                group.append(replace(self.bullet(section.title, "body_dense", level=1),
                                     space_after=self.tight))
                notes.append(f"    {self.doc.number(section)} {self.say.plain(section.title)}")
            groups.append(group)
            texts.append(f"{head} {title}")
        return FlowSpec("agenda", self.labels["agenda"], notes=[self.labels["materi_pokok"],
                        *notes], groups=groups, group_texts=texts,
                        anchors=[part_key("pendahuluan")],  # the materi pokok are in BAB I
                        max_items=self.theme.limit("agenda_items_per_slide"))

    def objectives(self) -> FlowSpec:
        intro = self.doc.introduction
        lab = self.labels
        groups = [[self.heading(lab["competency"]), self.para(self.say.spans(intro.competency))],
                  [self.heading(lab["indicators"])]]
        notes = [lab["competency"], self.say.plain(intro.competency), lab["indicators"]]
        for ind in self.visible(intro.indicators):
            groups.append([self.bullet(ind.text)])
            notes.append(f"{self.theme.bullet} {self.say.plain(ind.text)}")
        return FlowSpec("objectives", lab["objectives"], notes=notes, groups=groups,
                        group_texts=[" ".join(p.text for p in g) for g in groups],
                        max_items=self.theme.limit("items_per_slide"),
                        anchors=[*(self.doc.uid(i) for i in self.visible(intro.indicators)),
                                 part_key("pendahuluan")])

    def introduction(self) -> FlowSpec:
        intro = self.doc.introduction
        parts = [("background", intro.background), ("description", intro.description),
                 ("benefits", intro.benefits), ("method", intro.method),
                 ("study_guide", intro.study_guide)]
        groups, notes, anchors = [], [], []
        for key, blocks in parts:
            shown = self.visible(blocks)
            if not shown:
                continue
            lines = self.notes_of(shown)
            notes += [self.labels[key], *lines]
            anchors += [self.doc.uid(b) for b in shown]
            first = self.short(lines[0]) if lines else ""
            groups.append([self.para((Span(f"{self.labels[key]}: ", bold=True), Span(first)),
                                     bullet=self.theme.bullet)])
        return FlowSpec("introduction", self.labels["introduction"], notes=notes,
                        groups=groups, group_texts=[g[0].text for g in groups],
                        max_items=self.theme.limit("key_points_per_slide"),
                        anchors=[*anchors, part_key("pendahuluan")])

    # --- chapters ----------------------------------------------------------------------

    def chapter(self, chapter: Chapter) -> list[Spec]:
        number = self.doc.label(chapter)
        title = self.say.plain(chapter.title)
        notes = [f"{number} {title}"]
        if chapter.short_title is not None:
            notes.append(self.say.plain(chapter.short_title))
        notes += self.notes_of(chapter.intro)
        notes += [f"{self.doc.number(s)} {self.say.plain(s.title)}"
                  for s in self.visible(chapter.sections)]
        specs: list[Spec] = [DividerSpec("chapter", title, notes=notes, number=number,
                                         anchors=[self.doc.uid(chapter)])]
        for section in self.visible(chapter.sections):
            specs += self.section(section, chapter)
        summary = self.visible(chapter.summary)
        if summary:
            specs.append(self.items_slide(
                "summary", fill(self.labels, "summary_title", chapter=number),
                [[self.bullet(p.point)] for p in summary],
                [f"{self.theme.bullet} {self.say.plain(p.point)}" for p in summary],
                [*(self.doc.uid(p) for p in summary), self.doc.uid(chapter)]))
        exercises = self.visible(chapter.exercises)
        if exercises:
            notes = []
            for n, ex in enumerate(exercises, 1):
                notes.append(f"{n}. {self.say.plain(ex.question)}")
                if ex.answer is not None:
                    notes.append(f"{self.labels['answer']}: {self.say.plain(ex.answer)}")
            specs.append(self.items_slide(
                "exercises", fill(self.labels, "exercises_title", chapter=number),
                [[self.numbered(ex.question, n)] for n, ex in enumerate(exercises, 1)],
                notes, [*(self.doc.uid(e) for e in exercises), self.doc.uid(chapter)]))
        return specs

    def items_slide(self, kind: str, title: str, groups: list[list[Para]], notes: list[str],
                    anchors: list[str], size_limit: str = "items_per_slide") -> FlowSpec:
        return FlowSpec(kind, title, notes=notes, groups=groups,
                        group_texts=[" ".join(p.text for p in g) for g in groups],
                        max_items=self.theme.limit(size_limit), anchors=anchors)

    def section(self, section: Section, chapter: Chapter) -> list[Spec]:
        title = f"{self.doc.number(section)} {self.say.plain(section.title)}"
        anchors = [self.doc.uid(section), self.doc.uid(chapter)]
        blocks = self.visible(section.blocks)
        prose = [b for b in blocks if not isinstance(b, Activity | Table | Figure
                                                     | Definition | Quote)]
        points = self.visible(section.key_points)
        notes = self.notes_of(prose) or [title]
        if points:
            groups = [[self.bullet(p.point)] for p in points]
        else:  # no key points: show the opening sentence of each paragraph of prose
            groups = [[self.plain_para(self.short(line), bullet=self.theme.bullet)]
                      for line in self.notes_of(prose)[:3]] or [[self.plain_para(title)]]
        specs: list[Spec] = [FlowSpec(
            "section", title, notes=notes, groups=groups,
            group_texts=[" ".join(p.text for p in g) for g in groups],
            max_items=self.theme.limit("key_points_per_slide"), anchors=anchors)]
        for block in blocks:
            if isinstance(block, Definition | Quote):
                specs.append(self.definition(block, anchors))
            elif isinstance(block, Activity):
                specs.append(self.activity(block, anchors))
            elif isinstance(block, Table):
                specs.append(self.table(block, anchors))
            elif isinstance(block, Figure):
                specs.append(self.figure(block, anchors))
        for sub in self.visible(section.sections):
            specs += self.section(sub, chapter)
        return specs

    def definition(self, block: Definition | Quote, anchors: list[str]) -> FlowSpec:
        lab = self.labels
        if isinstance(block, Definition):
            title = lab["definition"]
            if block.term is not None:
                title = f"{title}: {self.say.plain(block.term)}"
            text = block.definition
        else:
            title, text = lab["quote"], block.quote
        groups = [[self.para(self.say.spans(text, italic=True), color="primary")]]
        if block.translation is not None:
            groups.append([self.para((Span(f"{lab['translation']}: ", bold=True),
                                      *self.say.spans(block.translation)), "body_dense")])
        if block.source is not None:
            groups.append([self.para((Span(f"{lab['source']}: "),
                                      *self.say.spans(block.source)), "body_dense",
                                     color="muted")])
        return FlowSpec(block.__class__.__name__.lower(), title,
                        notes=self.say.block_lines(block, self.theme.bullet), groups=groups,
                        group_texts=[" ".join(p.text for p in g) for g in groups],
                        max_items=len(groups), anchors=[self.doc.uid(block), *anchors],
                        side_by_side=block.translation is not None)

    def activity(self, block: Activity, anchors: list[str]) -> FlowSpec:
        lab = self.labels
        title = f"{self.label(block)} {self.say.plain(block.activity)}"
        groups = [[self.heading(lab["steps"])]]
        groups += [[self.numbered(step, n)] for n, step in enumerate(block.steps, 1)]
        notes = [title]
        for key, value in (("purpose", block.purpose), ("duration", block.duration)):
            if value is not None:
                notes.append(f"{lab[key]}: {self.say.plain(value)}")
        for key, items in (("preparation", block.preparation), ("discussion", block.discussion),
                           ("facilitator_notes", block.facilitator_notes)):
            if items:
                notes.append(lab[key])
                notes += [f"{self.theme.bullet} {self.say.plain(i)}" for i in items]
        return FlowSpec("activity", title, notes=notes, groups=groups,
                        group_texts=[" ".join(p.text for p in g) for g in groups],
                        max_items=self.theme.limit("items_per_slide"),
                        anchors=[self.doc.uid(block), *anchors])

    def table(self, block: Table, anchors: list[str]) -> TableSpec:
        title = f"{self.label(block)} {self.say.plain(block.table)}"
        source: tuple[Span, ...] = ()
        notes = [title]
        if block.source is not None:
            source = (Span(f"{self.labels['source']}: "), *self.say.spans(block.source))
            notes.append(f"{self.labels['source']}: {self.say.plain(block.source)}")
        return TableSpec("table", title, notes=notes,
                         anchors=[self.doc.uid(block), *anchors],
                         header=[self.say.spans(h, bold=True) for h in block.header],
                         rows=[[self.say.spans(c) for c in row] for row in block.rows],
                         source=source)

    def figure(self, block: Figure, anchors: list[str]) -> FigureSpec:
        title = f"{self.label(block)} {self.say.plain(block.caption)}"
        caption: tuple[Span, ...] = ()
        notes = [title, block.alt]
        if block.source is not None:
            caption = (Span(f"{self.labels['source']}: "), *self.say.spans(block.source))
            notes.append(f"{self.labels['source']}: {self.say.plain(block.source)}")
        return FigureSpec("figure", title, notes=notes,
                          anchors=[self.doc.uid(block), *anchors],
                          image=self.doc.root / block.figure, alt=block.alt,
                          caption=caption)

    # --- back matter -------------------------------------------------------------------

    def evaluation(self) -> list[Spec]:
        ev = self.doc.evaluation
        if ev is None:
            return []
        lab = self.labels
        questions = self.visible(ev.questions)
        notes = self.notes_of(ev.instructions)
        groups = []
        for q in questions:
            group = [self.numbered(q.question, int(self.doc.number(q)), "body_dense")]
            for opt in q.options:
                group.append(self.para((Span(f"{opt.key}. "), *self.say.spans(opt.text)),
                                       "body_dense", level=1, space_after=self.tight))
            if q.kind == "true_false":
                choice = f"{self.truth(True)} / {self.truth(False)}"
                group.append(self.plain_para(choice, "body_dense", level=1))
            groups.append(group)
            answer = q.answer if isinstance(q.answer, str) else self.truth(q.answer)
            notes.append(f"{self.doc.number(q)}. {lab['answer']}: {answer}")
            if q.explanation is not None:
                notes.append(self.say.plain(q.explanation))
        fb = self.doc.feedback
        if fb is not None:
            notes += self.notes_of(fb.text)
            for rule in self.visible(fb.rules):
                notes.append(f"{rule.min_score}–{rule.max_score}: {self.say.plain(rule.level)}"
                             f"{self.theme.separator}{self.say.plain(rule.action)}")
        if not questions:
            return []
        return [self.items_slide("evaluation", lab["evaluation"], groups, notes,
                                 [self.doc.uid(q) for q in questions] + [part_key("evaluasi")])]

    def glossary(self) -> list[Spec]:
        entries = self.visible(self.doc.glossary)
        if not entries:
            return []
        groups = [[self.para((*self.say.spans(e.term, bold=True), Span(": "),
                              *self.say.spans(e.definition)), "body_dense")] for e in entries]
        notes = [f"{self.say.plain(e.term)}: {self.say.plain(e.definition)}" for e in entries]
        return [self.items_slide("glossary", self.labels["glossary"], groups, notes,
                                 [self.doc.uid(e) for e in entries])]

    def regulations(self) -> list[Spec]:
        regs = self.visible(self.doc.regulations)
        if not regs:
            return []
        groups, notes = [], []
        for r in regs:
            spans = list(self.say.spans(r.title))
            groups.append([self.para(spans, "body_dense", bullet=self.theme.bullet)])
            notes.append(" ".join(p.text for p in groups[-1]))
        return [self.items_slide("regulations", self.labels["regulations"], groups, notes,
                                 [self.doc.uid(r) for r in regs])]

    def references(self) -> list[Spec]:
        refs = self.visible(sorted_references(self.doc))
        if not refs:
            return []
        groups = [[self.para(self.apa(r), "body_dense")] for r in refs]
        notes = [" ".join(p.text for p in g) for g in groups]
        return [self.items_slide("references", self.labels["references"], groups, notes,
                                 [self.doc.uid(r) for r in refs])]

    def apa(self, ref: Reference) -> list[Span]:
        spans: list[Span] = []
        for piece in apa_entry(ref, self.labels):
            if isinstance(piece.text, str):
                spans.append(Span(piece.text, italic=piece.italic))
            else:
                spans += self.say.spans(piece.text, italic=piece.italic)
        spans[-1] = Span(spans[-1].text.rstrip(), spans[-1].bold, spans[-1].italic)
        return spans

    def closing(self) -> Spec:
        m = self.doc.meta
        return ClosingSpec("closing", self.labels["closing"],
                           notes=[self.labels["closing"], m.title],
                           lines=[m.title, m.publisher])
