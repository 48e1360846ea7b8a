"""The immutable resolved course and its queries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from ..errors import SourceError
from ..inline import Cite, InlineText
from ..labels import Labels
from ..model import (
    Chapter,
    Course,
    Evaluation,
    Feedback,
    Foreword,
    GlossaryEntry,
    Introduction,
    Meta,
    Node,
    Question,
    Reference,
    Regulation,
    SourceLoc,
    Unit,
)

T = TypeVar("T")
H = TypeVar("H", InlineText, str)


@dataclass(frozen=True)
class UnitInfo:
    """What the resolver fixed for one unit."""

    uid: str
    """The author's id, or one derived from the unit's position (``bab2.1.b3``)."""
    ids: tuple[str, ...]
    """Every id a cross-reference, an anchor or a slide may name the unit by."""
    number: str
    """"2" for BAB II, "2.1" for a section or Tabel 2.1, "1" for Box 1; "" if unnumbered."""
    label: str
    """How the unit is named in print: "BAB II", "Bagian 2.1", "Box 1", "Tabel 2.1"."""
    outputs: frozenset[str]
    """The outputs that show this unit (its own audience within its parent's)."""
    loc: SourceLoc | None
    """Where the author wrote it."""


@dataclass(frozen=True, eq=False)
class Document:
    """One course, resolved for a set of outputs.  Read-only: nothing changes it after
    :func:`~wog_build.document.resolve` made it."""

    course: Course
    labels: Labels
    outputs: tuple[str, ...]
    files: tuple[Path, ...]
    """Every file the outputs depend on: the course's YAML files and its images."""
    root: Path
    """The course folder; includes stay inside it, images too (or in ``assets``)."""
    _order: tuple[Unit, ...]
    """Every unit in reading order."""
    _infos: tuple[UnitInfo, ...]
    """What the resolver fixed for each unit of ``_order``, in the same order."""
    warnings: tuple[SourceError, ...] = ()
    """What the loader warned about (sorted by place): the course builds, but YAML's
    reading of these places is likely not what the author meant."""
    assets: Path | None = None
    """The project's shared assets folder: images any course may take (README, "Shared
    assets"); None: images stay inside the course folder."""
    chapter_title_case: str = "as_written"
    """How chapter headings are printed: as the author wrote them, or ``upper`` (the
    theme's ``chapter_title_case``; mixed-case words such as "WoG" are kept)."""
    _info: Mapping[int, UnitInfo] = field(init=False, repr=False)
    _index: Mapping[str, Unit] = field(init=False, repr=False)
    _references: Mapping[str, Reference] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # derived, never stored: object identities do not survive pickling (a writer may
        # run in a worker process), the order of the units does
        info = {id(u): i for u, i in zip(self._order, self._infos, strict=True)}
        index: dict[str, Unit] = {}
        for unit, unit_info in zip(self._order, self._infos, strict=True):
            for name in unit_info.ids:
                index.setdefault(name, unit)
        object.__setattr__(self, "_info", MappingProxyType(info))
        object.__setattr__(self, "_index", MappingProxyType(index))
        object.__setattr__(self, "_references", MappingProxyType(
            {r.key: r for r in self.course.references}))

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()
                if k not in ("_info", "_index", "_references")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)
        self.__post_init__()

    # --- the course ---------------------------------------------------------------------

    @property
    def id(self) -> str:
        return self.course.id

    @property
    def meta(self) -> Meta:
        return self.course.meta

    @property
    def version(self) -> str:
        return self.course.meta.version

    @property
    def language(self) -> str:
        return self.course.meta.language

    @property
    def short_title(self) -> str:
        return self.course.meta.short_title or self.course.meta.title

    @property
    def foreword(self) -> Foreword:
        return self.course.foreword

    @property
    def introduction(self) -> Introduction:
        return self.course.introduction

    @property
    def chapters(self) -> list[Chapter]:
        return self.course.chapters

    @property
    def evaluation(self) -> Evaluation | None:
        return self.course.evaluation

    @property
    def feedback(self) -> Feedback | None:
        return self.course.feedback

    @property
    def glossary(self) -> list[GlossaryEntry]:
        return self.course.glossary

    @property
    def references(self) -> list[Reference]:
        return self.course.references

    @property
    def regulations(self) -> list[Regulation]:
        return self.course.regulations

    # --- units --------------------------------------------------------------------------

    def info(self, unit: Unit) -> UnitInfo:
        try:
            return self._info[id(unit)]
        except KeyError:
            raise KeyError(f"{type(unit).__name__} is not part of this document") from None

    def uid(self, unit: Unit) -> str:
        return self.info(unit).uid

    def ids(self, unit: Unit) -> tuple[str, ...]:
        return self.info(unit).ids

    def number(self, unit: Unit) -> str:
        return self.info(unit).number

    def label(self, unit: Unit) -> str:
        return self.info(unit).label

    def loc(self, unit: Unit) -> SourceLoc | None:
        return self.info(unit).loc

    def alias(self, unit: Unit) -> str | None:
        """A chapter's or section's numbered id when the author named it otherwise."""
        ids = self.info(unit).ids
        return ids[1] if len(ids) > 1 else None

    def units(self) -> tuple[Unit, ...]:
        """Every content unit, in reading order."""
        return self._order

    def unit(self, uid: str) -> Unit | None:
        """The unit with this id (author's or derived), if any."""
        return self._index.get(uid)

    def has_id(self, uid: str) -> bool:
        return uid in self._index

    def reference(self, key: str) -> Reference | None:
        return self._references.get(key)

    # --- per-output views ---------------------------------------------------------------

    def shows(self, node: Any, output: str) -> bool:
        """Whether ``output`` shows this unit; parts that are not units always show."""
        return not isinstance(node, Unit) or output in self.info(node).outputs

    def visible(self, items: Iterable[T], output: str) -> list[T]:
        return [item for item in items if self.shows(item, output)]

    def units_for(self, output: str) -> list[Unit]:
        """The units ``output`` promises to show, in reading order."""
        return [u for u, i in zip(self._order, self._infos, strict=True) if output in i.outputs]

    # --- words --------------------------------------------------------------------------

    @property
    def introduction_label(self) -> str:
        """"BAB I": the introduction is the first chapter of the book."""
        from .protocol import roman

        return f"{self.labels['chapter']} {roman(1)}"

    def truth(self, value: bool) -> str:
        """The word for true or false ("Benar", "Salah")."""
        return self.labels["answer_true" if value else "answer_false"]

    def points(self, question: Question) -> int:
        """What a question is worth: its rubric's total, its ``points``, else 1."""
        if question.rubric:
            return sum(c.points for c in question.rubric)
        return question.points or 1

    def points_text(self, value: int | Question) -> str:
        """"3 poin": a number of points (or a question's) as the labels write it."""
        from ..labels import fill

        n = value if isinstance(value, int) else self.points(value)
        return fill(self.labels, "points", n=str(n))

    def max_score(self) -> int:
        """The evaluation's highest score: every question's points."""
        questions = self.evaluation.questions if self.evaluation else []
        return sum(self.points(q) for q in questions)

    def label_of(self, uid: str) -> str:
        """What a cross-reference to ``uid`` reads as; the id itself for an unnumbered unit."""
        unit = self.unit(uid)
        return (self.label(unit) or uid) if unit is not None else uid

    def cite_text(self, cite: Cite) -> str:
        from ..citations import cite_text

        return cite_text(self, cite)

    def chapter_heading(self, text: H) -> H:
        """A chapter's title (or BAB I's label) as its heading prints it: the theme's
        ``chapter_title_case``."""
        from ..typography import heading_case, upper_keeping_acronyms

        if self.chapter_title_case != "upper":
            return text
        if isinstance(text, InlineText):
            return heading_case(text, self.chapter_title_case)  # type: ignore[return-value]
        return upper_keeping_acronyms(text)

    def plain(self, text: InlineText | None) -> str:
        """Author text as a reader sees it, citations and cross-references spelled out."""
        if text is None:
            return ""
        return text.plain(cite=self.cite_text, ref=lambda r: self.label_of(r.target))


def walk_nodes(node: Any) -> Iterable[Node]:
    """Every model node under ``node``, depth first in reading order."""
    if isinstance(node, Node):
        yield node
        for name in type(node).model_fields:
            yield from walk_nodes(getattr(node, name))
    elif isinstance(node, Sequence) and not isinstance(node, str | InlineText):
        for item in node:
            yield from walk_nodes(item)
