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
from ..document.protocol import part_key, sub_part
from ..inline import InlineText
from ..labels import fill
from ..model import (
    Activity,
    Block,
    Chapter,
    Chart,
    Definition,
    Diagram,
    Figure,
    KeyPoint,
    Quote,
    Reference,
    Section,
    Table,
    Unit,
)
from ..visuals.chart import chart_alt, chart_data, data_lines
from ..visuals.diagram import Item, alt_text, items_of
from .measure import Para, Span
from .richtext import Speller
from .specs import (
    ChartSpec,
    ClosingSpec,
    CoverSpec,
    DiagramSpec,
    DividerSpec,
    FigureSpec,
    FlowSpec,
    QuizSpec,
    Spec,
    TableSpec,
)
from .theme import Theme

_SENTENCE = re.compile(r"(?<=[.!?])\s")


def first_sentence(text: str, abbreviations: frozenset[str]) -> str:
    """The text up to the first full stop (or ! or ?) that ends a sentence: not one that
    ends an abbreviation of ``abbreviations``, an initial ("P. Shergold") or a number
    ("1. Januari")."""
    for match in _SENTENCE.finditer(text):
        before = text[:match.start()].split()
        word = before[-1] if before else ""
        stem = word.rstrip(".!?")
        if word.endswith(".") and (word in abbreviations or word.lstrip("(") in abbreviations
                                   or (len(stem) == 1 and stem.isalpha())
                                   or stem.isdigit()):
            continue
        return text[:match.start()]
    return text


T = TypeVar("T")



FLOATS = (Table, Figure, Diagram, Chart)
"""Blocks that get a slide of their own wherever they stand among prose."""

class Builder:
    def __init__(self, doc: Document, output: str, theme: Theme) -> None:
        self.doc = doc
        self.output = output
        self.labels: Mapping[str, str] = doc.labels
        self.theme = theme
        self.say = Speller(doc)
        self.tight = theme.text["paragraph_after_tight"]
        self.abbreviations = frozenset(doc.labels.get("abbreviations", "").split())

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
        """A face line: the first sentence, cut to the theme's word count.  A sentence
        never ends at an abbreviation ("UU No. 20", "hlm. 5", "dkk."), and a lead-in
        ("... berikut:") ends in an ellipsis rather than a colon that introduces nothing."""
        words = first_sentence(text, self.abbreviations).split()
        limit = self.theme.limit("intro_face_words")
        line = " ".join(words[:limit])
        if len(words) > limit or line.endswith(":"):
            return line.rstrip(":").rstrip() + self.theme.ellipsis
        return line

    def label(self, unit: Unit) -> str:
        return self.doc.label(unit)

    # --- the deck --------------------------------------------------------------------

    def deck(self) -> list[Spec]:
        specs: list[Spec] = [self.cover(), self.agenda(), self.objectives(), self.introduction(),
                             *self.introduction_floats()]
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
        lines: list[list[str | None]] = []
        for chapter in self.visible(self.doc.chapters):
            head = self.doc.label(chapter)
            title = self.say.plain(chapter.title)
            group = [self.para((Span(f"{head} ", bold=True), *self.say.spans(chapter.title)),
                               bullet=self.theme.bullet)]
            line: list[str | None] = [self.doc.uid(chapter)]
            notes.append(f"{head} {title}")
            for section in self.visible(chapter.sections) if self.theme.agenda_sections else []:
                group.append(replace(self.bullet(section.title, "body_dense", level=1),
                                     space_after=self.tight))
                line.append(self.doc.uid(section))
                notes.append(f"    {self.doc.number(section)} {self.say.plain(section.title)}")
            groups.append(group)
            lines.append(line)
            texts.append(f"{head} {title}")
        return FlowSpec("agenda", self.labels["agenda"], notes=[self.labels["materi_pokok"],
                        *notes], groups=groups, group_texts=texts,
                        anchors=[part_key(sub_part("pendahuluan", "materi_pokok"))],
                        group_anchors=[self.doc.uid(c) for c in self.visible(self.doc.chapters)],
                        para_anchors=lines, cite_groups=True,
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
                        # named by its first line's part: the competency may end a page
                        # and the indicators begin the next
                        anchors=[part_key(sub_part("pendahuluan", "competency")),
                                 *(self.doc.uid(i) for i in self.visible(intro.indicators)),
                                 part_key("pendahuluan")],
                        group_anchors=[part_key(sub_part("pendahuluan", "competency")),
                                       part_key(sub_part("pendahuluan", "indicators")),
                                       *(self.doc.uid(i) for i in self.visible(intro.indicators))])

    def introduction(self) -> FlowSpec:
        intro = self.doc.introduction
        parts = [("background", intro.background), ("description", intro.description),
                 ("benefits", intro.benefits), ("method", intro.method),
                 ("study_guide", intro.study_guide)]
        groups, notes, anchors = [], [], []
        firsts: list[str | None] = []
        for key, blocks in parts:
            shown = self.visible(blocks)
            if not shown:
                continue
            lines = self.notes_of(shown)
            notes += [self.labels[key], *lines]
            anchors += [self.doc.uid(b) for b in shown]
            firsts.append(part_key(sub_part("pendahuluan", key)))
            first = self.short(lines[0]) if lines else ""
            groups.append([self.para((Span(f"{self.labels[key]}: ", bold=True), Span(first)),
                                     bullet=self.theme.bullet)])
        return FlowSpec("introduction", self.labels["introduction"], notes=notes,
                        groups=groups, group_texts=[g[0].text for g in groups],
                        max_items=self.theme.limit("key_points_per_slide"),
                        anchors=[*anchors, part_key("pendahuluan")], group_anchors=[*firsts])

    def introduction_floats(self) -> list[Spec]:
        """BAB I's tables, figures, diagrams and charts get slides of their own, as a
        section's do (its prose is the notes of the introduction slide)."""
        intro = self.doc.introduction
        specs: list[Spec] = []
        for key in ("background", "description", "benefits", "method", "study_guide"):
            anchors = [part_key(sub_part("pendahuluan", key)), part_key("pendahuluan")]
            specs += self.floats(getattr(intro, key), anchors)
        return specs

    def floats(self, blocks: Iterable[Block], anchors: list[str]) -> list[Spec]:
        """The tables, figures, diagrams and charts among prose (BAB I's, a chapter's
        opening), each a slide of its own: prose is read from the notes, but a table or
        chart read aloud is not shown."""
        specs: list[Spec] = []
        for block in self.visible(blocks):
            if isinstance(block, Table):
                specs.append(self.table(block, anchors))
            elif isinstance(block, Figure | Diagram | Chart):
                specs.append(self.visual(block, anchors))
        return specs

    # --- chapters ----------------------------------------------------------------------

    def chapter(self, chapter: Chapter) -> list[Spec]:
        number = self.doc.label(chapter)
        title = self.say.plain(chapter.title)
        notes = [f"{number} {title}"]
        if chapter.short_title is not None:
            notes.append(self.say.plain(chapter.short_title))
        notes += self.notes_of(b for b in chapter.intro if not isinstance(b, FLOATS))
        notes += [f"{self.doc.number(s)} {self.say.plain(s.title)}"
                  for s in self.visible(chapter.sections)]
        specs: list[Spec] = [DividerSpec("chapter", title, notes=notes, number=number,
                                         anchors=[self.doc.uid(chapter)])]
        specs += self.floats(chapter.intro, [self.doc.uid(chapter)])
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
                        max_items=self.theme.limit(size_limit), anchors=anchors,
                        group_anchors=list(anchors[:len(groups)]))

    def section(self, section: Section, chapter: Chapter) -> list[Spec]:
        title = f"{self.doc.number(section)} {self.say.plain(section.title)}"
        anchors = [self.doc.uid(section), self.doc.uid(chapter)]
        blocks = self.visible(section.blocks)
        prose = [b for b in blocks if not isinstance(b, Activity | Table | Figure | Diagram
                                                     | Chart | Definition | Quote)]
        points = self.visible(section.key_points)
        notes = self.trainer_notes(section, chapter, points, self.notes_of(prose)) or [title]
        if points:
            groups = [[self.bullet(p.point)] for p in points]
        else:  # no key points: show the opening sentence of each paragraph of prose
            groups = [[self.plain_para(self.short(line), bullet=self.theme.bullet)]
                      for line in self.notes_of(prose)[:3]] or [[self.plain_para(title)]]
        visual = next((b for b in blocks if isinstance(b, Figure | Diagram | Chart)), None)
        beside: Spec | None = None
        if visual is not None and points:  # key points beside the section's first visual
            beside = self.visual(visual, anchors)
        specs: list[Spec] = [FlowSpec(
            "section", title, notes=notes, groups=groups,
            group_texts=[" ".join(p.text for p in g) for g in groups],
            max_items=self.theme.limit("key_points_per_slide"), anchors=anchors,
            beside=beside, group_anchors=[self.doc.uid(p) for p in points])]
        for block in blocks:
            if beside is not None and block is visual:
                continue
            if isinstance(block, Definition | Quote):
                specs.append(self.definition(block, anchors, self.say.plain(section.title)))
            elif isinstance(block, Activity):
                specs.append(self.activity(block, anchors))
            elif isinstance(block, Table):
                specs.append(self.table(block, anchors))
            elif isinstance(block, Figure):
                specs.append(self.figure(block, anchors))
            elif isinstance(block, Diagram):
                specs.append(self.diagram(block, anchors))
            elif isinstance(block, Chart):
                specs.append(self.chart(block, anchors))
        for sub in self.visible(section.sections):
            specs += self.section(sub, chapter)
        return specs

    def trainer_notes(self, section: Section, chapter: Chapter, points: list[KeyPoint],
                      prose: list[str]) -> list[str]:
        """Notes a trainer can present from: talking points (the key points), a question
        for the room (the chapter's exercise that goes with this section, and a prompt
        to connect it to the participants' own work), then the module's prose to read."""
        lab = self.labels
        notes: list[str] = []
        if points:
            notes.append(lab["talking_points"])
            notes += [f"{self.theme.bullet} {self.say.plain(p.point)}" for p in points]
            exercises = self.visible(chapter.exercises)
            sections = self.visible(chapter.sections)
            # by identity: comparing sections by value costs their whole content each
            k = next((i for i, s in enumerate(sections) if s is section), 0)
            notes.append(lab["ask_room"])
            if exercises:
                notes.append(f"{self.theme.bullet} "
                             f"{self.say.plain(exercises[k % len(exercises)].question)}")
            notes.append(f"{self.theme.bullet} {lab['ask_room_default']}")
        if prose:
            notes += ([lab["module_text"]] if points else []) + prose
        return notes

    def definition(self, block: Definition | Quote, anchors: list[str],
                   context: str = "") -> FlowSpec:
        """A definition or quotation with a title that says what it is about (the term,
        else the section, else the source), and the language the theme says leads: the
        course's own (the translation) by default, the original under it."""
        lab = self.labels
        if isinstance(block, Definition):
            label, text = lab["definition"], block.definition
            about = self.say.plain(block.term) if block.term is not None else ""
        else:
            label, text = lab["quote"], block.quote
            about = ""
        source = self.say.plain(block.source) if block.source is not None else ""
        # a definition is about its term; a quotation about its section (its source,
        # often a long citation, is printed under it anyway)
        about = about or context or source
        title = f"{label}: {about}" if about else label
        original = self.para(self.say.spans(text, italic=True), color="primary")
        groups = [[original]]
        if block.translation is not None:
            if self.theme.translation_leads:
                groups = [[self.para(self.say.spans(block.translation), color="primary")],
                          [self.para((Span(f"{lab['original']}: ", bold=True),
                                      *self.say.spans(text, italic=True)), "body_dense")]]
            else:
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
                          width=block.width or 1.0,
                          caption=caption)

    def visual(self, block: Figure | Diagram | Chart, anchors: list[str]) -> Spec:
        if isinstance(block, Figure):
            return self.figure(block, anchors)
        if isinstance(block, Diagram):
            return self.diagram(block, anchors)
        return self.chart(block, anchors)

    def source_spans(self, source: InlineText | None) -> tuple[Span, ...]:
        if source is None:
            return ()
        return (Span(f"{self.labels['source']}: "), *self.say.spans(source))

    def diagram(self, block: Diagram, anchors: list[str]) -> DiagramSpec:
        """A diagram's own slide; its notes say what it shows, item by item, so a
        trainer can talk it through."""
        title = f"{self.label(block)} {self.say.plain(block.caption)}"
        items = items_of(self.doc, block)
        alt = block.alt or alt_text(self.labels[f"diagram_{block.diagram}"], items)
        notes = [title, alt]

        def lines(entries: list[Item], depth: int) -> None:
            for item in entries:
                head = f"{item.label}: {item.text}" if item.label else item.text
                notes.append(f"{'    ' * depth}{self.theme.bullet} {head}")
                lines(list(item.children), depth + 1)

        lines(items, 0)
        if block.source is not None:
            notes.append(f"{self.labels['source']}: {self.say.plain(block.source)}")
        return DiagramSpec("diagram", title, notes=notes,
                           anchors=[self.doc.uid(block), *anchors], diagram=block.diagram,
                           items=items, columns=block.columns or 2, alt=alt,
                           caption=self.source_spans(block.source))

    def chart(self, block: Chart, anchors: list[str]) -> ChartSpec:
        """A chart's own slide; its notes hold the data, a line per category."""
        title = f"{self.label(block)} {self.say.plain(block.caption)}"
        data = chart_data(self.doc, block)
        alt = block.alt or chart_alt(self.labels[f"chart_{block.chart}"], data)
        notes = [title, self.labels["chart_data"] + ":",
                 *(f"{self.theme.bullet} {line}" for line in data_lines(data))]
        if block.alt:
            notes.insert(1, block.alt)
        if block.source is not None:
            notes.append(f"{self.labels['source']}: {self.say.plain(block.source)}")
        return ChartSpec("chart", title, notes=notes, anchors=[self.doc.uid(block), *anchors],
                         data=data, alt=alt, caption=self.source_spans(block.source))

    # --- back matter -------------------------------------------------------------------

    def evaluation(self) -> list[Spec]:
        """A slide per question, its options on the face and its answer revealed on a
        click; the answer and its explanation in the notes.  The instructions open the
        first question's notes, the feedback rules close the last one's."""
        ev = self.doc.evaluation
        if ev is None:
            return []
        lab = self.labels
        questions = self.visible(ev.questions)
        specs: list[Spec] = []
        for k, q in enumerate(questions):
            number = self.doc.number(q)
            groups = [[self.para(self.say.spans(q.question), "body", bold=False)]]
            for opt in q.options:
                groups.append([self.para((Span(f"{opt.key}. ", bold=True),
                                          *self.say.spans(opt.text)), "body",
                                         level=1, space_after=self.tight * 3)])
            if q.kind == "true_false":
                groups.append([self.plain_para(f"{self.truth(True)} / {self.truth(False)}",
                                               "body_dense", level=1)])
            if isinstance(q.answer, bool):
                answer: tuple[Span, ...] = (Span(self.truth(q.answer)),)
            elif q.kind == "multiple_choice":
                opt_text = next((o.text for o in q.options if o.key == q.answer), None)
                answer = (Span(f"{q.answer}. "), *self.say.spans(opt_text))
            else:  # an essay's model answer, as the author wrote it
                answer = (Span(str(q.answer)),)
            reveal = [self.para((Span(f"{lab['answer']}: ", bold=True), *answer),
                                "body_dense", color="accent")]
            notes = self.notes_of(ev.instructions) if k == 0 else []
            notes.append(f"{lab['question']} {number}: {self.say.plain(q.question)}")
            notes.append(f"{lab['answer']}: {''.join(s.text for s in answer)}")
            if q.explanation is not None:
                notes.append(self.say.plain(q.explanation))
            if q.rubric:
                notes.append(f"{lab['rubric']} ({self.doc.points_text(q)}):")
                notes += [f"{self.theme.bullet} {self.say.plain(c.text)} "
                          f"({self.doc.points_text(c.points)})" for c in q.rubric]
            if k == len(questions) - 1:
                notes += self.feedback_notes()
            specs.append(QuizSpec(
                "evaluation", f"{lab['evaluation']}{self.theme.separator}"
                f"{lab['question']} {number}", notes=notes, groups=groups,
                group_texts=[" ".join(p.text for p in g) for g in groups],
                max_items=len(groups), reveal=reveal,
                anchors=[self.doc.uid(q), part_key("evaluasi")]))
        return specs

    def feedback_notes(self) -> list[str]:
        fb = self.doc.feedback
        if fb is None:
            return []
        notes = self.notes_of(fb.text)
        for rule in self.visible(fb.rules):
            notes.append(f"{rule.min_score}–{rule.max_score}: {self.say.plain(rule.level)}"
                         f"{self.theme.separator}{self.say.plain(rule.action)}")
        return notes

    def glossary(self) -> list[Spec]:
        entries = self.visible(self.doc.glossary)
        if not entries:
            return []
        groups = [[self.para((*self.say.spans(e.term, bold=True), Span(": "),
                              *self.say.spans(e.definition)), "body_dense")] for e in entries]
        notes = [f"{self.say.plain(e.term)}: {self.say.plain(e.definition)}" for e in entries]
        return [self.items_slide("glossary", self.labels["glossary"], groups, notes,
                                 [self.doc.uid(e) for e in entries])]

    def compact(self, groups: list[list[Para]], limit: str) -> list[list[Para]]:
        """The first entries of a long back-matter list, as many as the theme's ``limit``
        allows, and a line saying how many more the module lists (the notes hold them
        all, so a trainer can still read any of them out)."""
        cap = int(self.theme.limits.get(limit, len(groups)))
        if len(groups) <= cap:
            return groups
        more = self.labels["more_in_module"].replace("{n}", str(len(groups) - cap))
        return [*groups[:cap], [self.plain_para(f"{self.theme.ellipsis} {more}",
                                                "body_dense", color="muted")]]

    def regulations(self) -> list[Spec]:
        regs = self.visible(self.doc.regulations)
        if not regs:
            return []
        groups, notes = [], []
        for r in regs:
            spans = list(self.say.spans(r.title))
            groups.append([self.para(spans, "body_dense", bullet=self.theme.bullet)])
            notes.append(" ".join(p.text for p in groups[-1]))
        return [self.items_slide("regulations", self.labels["regulations"],
                                 self.compact(groups, "regulations_on_slides"), notes,
                                 [self.doc.uid(r) for r in regs])]

    def references(self) -> list[Spec]:
        refs = self.visible(sorted_references(self.doc))
        if not refs:
            return []
        groups = [[self.para(self.apa(r), "body_dense")] for r in refs]
        notes = [" ".join(p.text for p in g) for g in groups]
        return [self.items_slide("references", self.labels["references"],
                                 self.compact(groups, "references_on_slides"), notes,
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
