"""The facilitator guide's content, from the document and the deck's slide list.

Two parts, after the LAN's templates: the learning-design table (*Rancang Bangun
Pembelajaran Mata Pelatihan*: per success indicator its topics, methods, media, time
in JP and references) and a session plan per chapter (which slides to show in each
part, for how long, each activity's preparation, steps, discussion and debrief, the
exercises with their answers), then how to run and score the evaluation.  The
templates in ``layouts/guide/`` lay this out; this module only gathers it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..document import Document
from ..document.durations import (
    activities,
    chapter_minutes,
    course_minutes,
    jp,
    section_minutes,
)
from ..document.protocol import SlideRef, parse_slide_name
from ..inline import Cite, InlineText
from ..model import Activity, Chapter, Exercise, Indicator, Reference, Section, iter_units


@dataclass(frozen=True)
class DesignRow:
    """One row of the learning-design table."""

    indicator: Indicator | None
    chapters: tuple[Chapter, ...]
    methods: tuple[InlineText, ...]
    media: tuple[InlineText, ...]
    jp: str
    references: tuple[str, ...]
    minutes: int | None = None


@dataclass
class Part:
    """One row of a chapter's session plan: a section (or the chapter's own frame)."""

    label: str
    title: InlineText | None
    depth: int
    minutes: int | None
    slides: list[SlideRef] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)


@dataclass
class ChapterPlan:
    chapter: Chapter
    minutes: int | None
    parts: tuple[Part, ...]
    exercises: tuple[Exercise, ...]


def _cited(doc: Document, node: Any) -> list[Reference]:
    keys: list[str] = []
    for value in _inlines(node):
        for n in value.walk():
            if isinstance(n, Cite):
                keys += [k for k in n.keys if k not in keys]
    return [r for k in keys if (r := doc.reference(k)) is not None]


def _inlines(node: Any) -> list[InlineText]:
    from ..model import walk_with_paths

    return [v for _, v in walk_with_paths(node) if isinstance(v, InlineText)]


def short_reference(doc: Document, ref: Reference) -> str:
    """"Shergold, 2004": as the module cites it, enough to find it in its Daftar Pustaka."""
    return doc.cite_text(Cite((ref.key,)))[1:-1]


def design_rows(doc: Document, output: str) -> list[DesignRow]:
    chapters = doc.visible(doc.chapters, output)
    rows: list[DesignRow] = []
    for indicator in doc.introduction.indicators:
        mine = tuple(c for c in chapters if indicator.id in c.indicators)
        minutes = [chapter_minutes(c) for c in mine]
        refs: list[str] = []
        for c in mine:
            refs += [s for r in _cited(doc, c) if (s := short_reference(doc, r)) not in refs]
        rows.append(DesignRow(
            indicator, mine,
            tuple(dict.fromkeys(m for c in mine for m in c.methods)),
            tuple(dict.fromkeys(m for c in mine for m in c.media)),
            jp(sum(m for m in minutes if m is not None), doc.labels["decimal_mark"])
            if mine and None not in minutes else "", tuple(refs),
            minutes=sum(m for m in minutes if m is not None) if mine and None not in minutes
            else None))
    return rows


def session_plans(doc: Document, slides: Sequence[SlideRef], output: str
                  ) -> list[ChapterPlan]:
    """Each chapter's parts, each with the slides that show its units, in deck order."""
    owner: dict[int, Part] = {}
    plans: list[ChapterPlan] = []
    for chapter in doc.visible(doc.chapters, output):
        frame = Part("", None, 0, None)
        for unit in iter_units(chapter):
            owner[id(unit)] = frame
        parts = [frame]

        def visit(items: list[Section], depth: int, parts: list[Part]) -> None:
            for section in doc.visible(items, output):
                part = Part(doc.label(section), section.title, depth,
                            section_minutes(section), [],
                            doc.visible(activities(section), output))
                parts.append(part)
                for unit in iter_units(section):
                    owner[id(unit)] = part
                visit(section.sections, depth + 1, parts)

        visit(chapter.sections, 0, parts)
        plans.append(ChapterPlan(chapter, chapter_minutes(chapter), tuple(parts),
                                 tuple(doc.visible(chapter.exercises, output))))
    for slide in slides:
        tag = parse_slide_name(slide.name)
        shown = doc.unit(tag.uid) if tag and tag.uid else None
        if shown is not None and id(shown) in owner:
            owner[id(shown)].slides.append(slide)
    for plan in plans:  # the chapter's own slides open it (title) and close it (summary)
        frame, *sections = plan.parts
        first = min((s.number for p in sections for s in p.slides), default=None)
        opening = Part(doc.labels["guide_chapter_open"], None, 0, None,
                       [s for s in frame.slides if first is None or s.number < first])
        closing = Part(doc.labels["guide_chapter_close"], None, 0, None,
                       [s for s in frame.slides if s not in opening.slides])
        plan.parts = tuple(p for p in (opening, *sections, closing)
                           if p.slides or p in sections)
    return plans


def guide_context(doc: Document, slides: Sequence[SlideRef], output: str) -> dict[str, Any]:
    """Everything the guide's template needs besides the labels and the layout."""
    intro_minutes = doc.introduction.minutes
    evaluation = doc.evaluation
    eval_minutes = evaluation.minutes if evaluation else None
    mark = doc.labels["decimal_mark"]

    def as_jp(minutes: int | None) -> str:
        return jp(minutes, mark)

    return {
        "design": design_rows(doc, output),
        "intro_jp": as_jp(intro_minutes),
        "eval_jp": as_jp(eval_minutes),
        "total_jp": as_jp(course_minutes(doc.course)),
        "total_minutes": course_minutes(doc.course),
        "course_jp": doc.meta.duration_jp,
        "plans": session_plans(doc, slides, output),
        "intro_minutes": intro_minutes,
        "eval_minutes": eval_minutes,
        "jp": as_jp,
    }
