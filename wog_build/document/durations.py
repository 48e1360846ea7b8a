"""Durations: what the author gave, and the totals the facilitator guide prints.

A course's length is in *jam pelajaran* (JP, 45 minutes); BAB I, each chapter and the
evaluation are in minutes, a chapter's sections add up to it and a section's
sub-sections to the section; the activities of a section fit inside it.  The checks
(:meth:`wog_build.checks._Checker.durations`) refuse a course whose parts do not add
up, so the totals below can be trusted by every writer.
"""

from __future__ import annotations

from ..model import Activity, Chapter, Course, Section

MINUTES_PER_JP = 45
"""One *jam pelajaran* (the LAN's unit of training time)."""


def section_minutes(section: Section) -> int | None:
    """The section's own figure, else the sum of its sub-sections' (None: unknown)."""
    if section.minutes is not None:
        return section.minutes
    parts = [section_minutes(s) for s in section.sections]
    return sum(p for p in parts if p is not None) if parts and None not in parts else None


def chapter_minutes(chapter: Chapter) -> int | None:
    if chapter.minutes is not None:
        return chapter.minutes
    parts = [section_minutes(s) for s in chapter.sections]
    return sum(p for p in parts if p is not None) if None not in parts else None


def activities(section: Section) -> list[Activity]:
    """The activities written in the section itself (not its sub-sections)."""
    return [b for b in section.blocks if isinstance(b, Activity)]


def course_minutes(course: Course) -> int | None:
    """The minutes the parts add up to: BAB I, every chapter, the evaluation."""
    parts = [course.introduction.minutes, *(chapter_minutes(c) for c in course.chapters)]
    if course.evaluation is not None:
        parts.append(course.evaluation.minutes)
    known = [p for p in parts if p is not None]
    return sum(known) if known else None


def jp(minutes: int | None, decimal_mark: str = ".") -> str:
    """Minutes as JP, as the learning-design table prints them ("2", "1,5" with the
    Indonesian decimal mark); '' when unknown."""
    if minutes is None:
        return ""
    text = f"{minutes / MINUTES_PER_JP:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", decimal_mark)
