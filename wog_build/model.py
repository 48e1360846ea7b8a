"""The course model: the one place that says what a course is.

The classes double as the source format: field names are the YAML keys an author
writes, and ``wog-build schema`` turns them into the JSON Schema editors use.  The
model knows nothing of HTML or PPTX; renderers only read it.

Every content unit (a block, a key point, a summary line, a question, a glossary
entry, ...) may carry an ``id`` and an ``audience`` (which outputs show it).  What spans
the whole course (derived ids, numbers, labels, where each unit was written) is not
stored here: :mod:`wog_build.document` resolves it once into an immutable document,
and the model stays exactly as the author wrote it (its classes are frozen).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    WithJsonSchema,
    model_validator,
)

from .inline import InlineText, parse_inline

ID_PATTERN = r"^[a-z0-9][a-z0-9_.:-]*$"


def _inline(value: Any) -> InlineText:
    if isinstance(value, InlineText):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("text_expected")
    return parse_inline(str(value))


Inline = Annotated[
    InlineText,
    PlainValidator(_inline),
    WithJsonSchema(
        {"type": ["string", "number"], "description": "Text with inline Markdown"}
    ),
]
"""Author text: Markdown emphasis, links, citations ``[@key]`` and references ``[](#id)``."""


def minutes_field(what: str = "") -> Any:
    """An optional duration in minutes, for the facilitator guide's session plan."""
    extra = f"; {what}" if what else ""
    return Field(None, ge=1, description=f"Estimated time in minutes{extra}")


OUTPUT_NAME_PATTERN = r"^[a-z][a-z0-9_-]*$"
AUDIENCE_ALL = "both"
"""``audience: both`` (or no audience) means every output that shows this kind of unit;
the word predates outputs beyond the module and the deck and keeps old sources valid."""

OutputName = Annotated[str, Field(pattern=OUTPUT_NAME_PATTERN)]
AUDIENCE_TRAINERS = "trainer"
"""``audience: trainer``: every output made for the trainer (the deck's notes and face,
the facilitator guide), never the participant module."""

Audience = OutputName | list[OutputName]
"""An output name (``module``, ``slides``, ... as registered), ``both``, or a list of names."""


class SourceLoc(BaseModel):
    """Where a unit was written: ``file:line:column`` (1-based)."""

    model_config = ConfigDict(frozen=True, defer_build=True)
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class Node(BaseModel):
    """Base of every class of the format: unknown keys are errors, not silently dropped.

    A class with a ``shorthand`` field may be written as a bare string, which fills
    that field: ``- Teks poin`` is ``- point: Teks poin``.
    """

    # built when a course is first validated, not when the module is imported: the
    # layout processes' host imports the model (its jobs name it) but validates nothing,
    # and building every class's validator cost it 0.2 s of CPU beside the main process
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True,
                              defer_build=True)
    shorthand: ClassVar[str | None] = None

    @model_validator(mode="before")
    @classmethod
    def _expand_shorthand(cls, value: Any) -> Any:
        if cls.shorthand and isinstance(value, str | int | float) and not isinstance(value, bool):
            return {cls.shorthand: value}
        return value


class Unit(Node):
    """A content unit: something the sync proof looks for in the outputs."""

    id: Annotated[str | None, Field(pattern=ID_PATTERN)] = None
    audience: Audience | None = Field(
        None, description="Which outputs show it: 'both' (every output; the default), "
        "'trainer' (the trainer's outputs only, never the participant module), "
        "an output name such as 'module' or 'slides', or a list of them")


# --- blocks -------------------------------------------------------------------------


class ListItem(Node):
    shorthand = "text"
    text: Inline
    items: list[ListItem] = []


class Paragraph(Unit):
    shorthand = "paragraph"
    paragraph: Inline


class BulletList(Unit):
    items: list[ListItem] = Field(alias="list", min_length=1)


class NumberedList(Unit):
    items: list[ListItem] = Field(alias="numbered", min_length=1)


class Definition(Unit):
    """A definition: the original wording, an optional translation, and its source."""

    definition: Inline
    term: Inline | None = None
    translation: Inline | None = None
    source: Inline | None = None


class Quote(Unit):
    quote: Inline
    translation: Inline | None = None
    source: Inline | None = None


class Activity(Unit):
    """A game or exercise: numbered as "Box N" in the module, its own slide in the deck."""

    activity: Inline
    purpose: Inline | None = None
    duration: Inline | None = None
    preparation: list[Inline] = []
    steps: list[Inline] = Field(min_length=1)
    discussion: list[Inline] = []
    facilitator_notes: list[Inline] = []
    minutes: int | None = minutes_field("")


class Table(Unit):
    table: Inline = Field(description="The caption")
    header: list[Inline] = Field(min_length=1)
    rows: list[list[Inline]] = Field(min_length=1)
    source: Inline | None = None


class Figure(Unit):
    figure: str = Field(description="Image path, relative to the course folder")
    caption: Inline
    alt: Annotated[str, Field(min_length=1)] = Field(
        description="What the image shows, for readers who cannot see it"
    )
    width: Annotated[float, Field(gt=0, le=1)] | None = Field(
        None, description="Preferred width, as a share of the text width (0.5: half)")
    source: Inline | None = None


class Note(Unit):
    note: Inline
    title: Inline | None = None


DIAGRAM_KINDS = ("process", "cycle", "levels", "hierarchy", "matrix", "comparison",
                 "timeline")
"""The kinds of diagram: drawn as shapes in both outputs, never as a picture."""


class DiagramItem(Node):
    """One box of a diagram: its text; a ``label`` (a timeline's date, a matrix row's
    heading); nested ``items`` (a hierarchy's children, a comparison column's lines)."""

    shorthand = "text"
    text: Inline
    label: Inline | None = None
    items: list[DiagramItem] = []


class Diagram(Unit):
    """A diagram described by its items, drawn natively by each output ("Gambar n.m")."""

    diagram: Literal["process", "cycle", "levels", "hierarchy", "matrix", "comparison",
                     "timeline"] = Field(description="The kind of diagram")
    caption: Inline
    items: list[DiagramItem] = Field(min_length=1)
    columns: Annotated[int, Field(ge=1, le=6)] | None = Field(
        None, description="matrix: cells per row (default: 2)")
    alt: str | None = Field(None, description="What the diagram shows; derived from its "
                            "items when not given")
    source: Inline | None = None


CHART_KINDS = ("bar", "column", "line", "pie")


class ChartSeries(Node):
    name: Inline
    values: list[float] = Field(min_length=1)


class Chart(Unit):
    """A chart from a small table of data: native in the deck, vectors in the module."""

    chart: Literal["bar", "column", "line", "pie"] = Field(description="The kind of chart")
    caption: Inline
    categories: list[Inline] = Field(min_length=1)
    series: list[ChartSeries] = Field(min_length=1)
    unit: str | None = Field(None, description="The unit of the values ('%', 'hari')")
    alt: str | None = Field(None, description="What the chart shows; derived from its "
                            "data when not given")
    source: Inline | None = None


BLOCK_KINDS: tuple[str, ...] = (
    "paragraph",
    "list",
    "numbered",
    "definition",
    "quote",
    "activity",
    "table",
    "figure",
    "note",
    "diagram",
    "chart",
)


def block_kind(value: Any) -> str | None:
    """Which kind of block a mapping is: the first kind key it carries."""
    if isinstance(value, str | int | float | InlineText):
        return "paragraph"
    if isinstance(value, dict):
        for kind in BLOCK_KINDS:
            if kind in value:
                return kind
    if isinstance(value, Unit):
        return next(
            (k for k in BLOCK_KINDS for f in type(value).model_fields.values() if f.alias == k),
            next((k for k in BLOCK_KINDS if k in type(value).model_fields), None),
        )
    return None


Block = Annotated[
    Union[  # noqa: UP007
        Annotated[Paragraph, Tag("paragraph")],
        Annotated[BulletList, Tag("list")],
        Annotated[NumberedList, Tag("numbered")],
        Annotated[Definition, Tag("definition")],
        Annotated[Quote, Tag("quote")],
        Annotated[Activity, Tag("activity")],
        Annotated[Table, Tag("table")],
        Annotated[Figure, Tag("figure")],
        Annotated[Note, Tag("note")],
        Annotated[Diagram, Tag("diagram")],
        Annotated[Chart, Tag("chart")],
    ],
    Discriminator(
        block_kind,
        custom_error_type="block_kind",
        custom_error_message="unknown block",
    ),
]


class KeyPoint(Unit):
    shorthand = "point"
    point: Inline


# --- structure ----------------------------------------------------------------------


class Numbered(Unit):
    """A chapter or a section: numbered by the resolver; with an author's id it stays
    addressable by its numbered id too (``bab2.1``)."""


class Section(Numbered):
    """A numbered section of a chapter.

    ``key_points`` are the short lines shown on the slide face (and as a key-points box
    in the module); the blocks are the module's prose, and become the speaker notes.
    """

    title: Inline
    key_points: list[KeyPoint] = []
    blocks: list[Block] = []
    sections: list[Section] = []
    minutes: int | None = minutes_field("its sub-sections add up to it")


class Exercise(Unit):
    shorthand = "question"
    question: Inline
    answer: Inline | None = None


class SummaryPoint(Unit):
    """One line of a chapter's *rangkuman*."""

    shorthand = "point"
    point: Inline


class Chapter(Numbered):
    title: Inline
    short_title: Inline | None = None
    intro: list[Block] = []
    sections: list[Section] = Field(min_length=1)
    summary: list[SummaryPoint] = []
    exercises: list[Exercise] = []
    minutes: int | None = minutes_field("its sections add up to it")
    indicators: list[Annotated[str, Field(pattern=ID_PATTERN)]] = Field(
        [], description="The success indicators this chapter teaches (ids), for the "
        "facilitator guide's learning-design table")
    methods: list[Inline] = Field([], description="Learning methods (ceramah, diskusi, ...)")
    media: list[Inline] = Field([], description="Media and teaching aids")


class Indicator(Unit):
    """A success indicator (*indikator keberhasilan*); questions name it by id."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    text: Inline


class Introduction(Node):
    """BAB I Pendahuluan. The list of *materi pokok* is derived from the chapters."""

    background: list[Block] = Field(min_length=1)
    description: list[Block] = Field(min_length=1)
    benefits: list[Block] = []
    competency: Inline
    indicators: list[Indicator] = Field(min_length=1)
    method: list[Block] = []
    study_guide: list[Block] = []
    minutes: int | None = minutes_field("for BAB I")


class Foreword(Node):
    text: list[Block] = Field(min_length=1)
    signatory: Inline
    place_date: Inline | None = None


class Option(Node):
    key: Annotated[str, Field(pattern=r"^[A-Za-z]$")]
    text: Inline


class RubricCriterion(Node):
    """One line of an essay's scoring rubric: what an answer shows, and its points."""

    points: Annotated[int, Field(ge=1, le=100)]
    text: Inline


class Question(Unit):
    kind: Literal["multiple_choice", "true_false", "essay"]
    indicator: Annotated[str, Field(pattern=ID_PATTERN)]
    question: Inline
    options: list[Option] = []
    answer: Annotated[str | bool, Field(description="Option key, true/false, or model answer")]
    explanation: Inline | None = None
    points: Annotated[int, Field(ge=1, le=100)] | None = Field(
        None, description="What the question is worth (default 1; an essay with a rubric: "
        "the rubric's total)")
    rubric: list[RubricCriterion] = Field(
        [], description="essay: the scoring rubric, what an answer shows and its points")


class FeedbackRule(Unit):
    """One row of *umpan balik*: a score range and what the participant does next."""

    min_score: Annotated[int, Field(ge=0, le=100)]
    max_score: Annotated[int, Field(ge=0, le=100)]
    level: Inline
    action: Inline


class Evaluation(Node):
    instructions: list[Block] = []
    questions: list[Question] = Field(min_length=1)
    minutes: int | None = minutes_field("for the evaluation")
    shuffle_options: bool = Field(
        True, description="LMS quiz export: shuffle the options of multiple-choice questions")
    export_exercises: bool = Field(
        False, description="LMS quiz export: add each chapter's exercises (as essay "
        "questions, in a category per chapter) after the evaluation")


class Feedback(Node):
    text: list[Block] = []
    rules: list[FeedbackRule] = []


class GlossaryEntry(Unit):
    term: Inline
    definition: Inline


class Reference(Unit):
    """A bibliography entry (APA 7); cited in text as ``[@key]``."""

    key: Annotated[str, Field(pattern=r"^[\w][\w:./-]*$")]
    authors: list[str] = Field(min_length=1, description="'Family, G.' or an organisation")
    year: int | str
    title: Inline
    container: Inline | None = Field(None, description="Journal, book or site")
    publisher: Inline | None = None
    url: str | None = None
    note: Inline | None = None


class Regulation(Unit):
    """A law or regulation, written as its full title ("Undang-Undang Nomor 25 Tahun 2009
    tentang Pelayanan Publik"), so no renderer has to join its parts."""

    shorthand = "title"
    title: Inline


class Meta(Node):
    title: str
    subtitle: str | None = None
    short_title: str | None = Field(None, description="Slide footer and running header")
    programme: str
    agenda: str | None = Field(None, description="As printed: 'Agenda III: Kedudukan ...'")
    publisher: str
    edition: str | None = None
    year: int
    city: str | None = None
    authors: list[str] = Field([], description="Penyusun: who wrote the module")
    editors: list[str] = Field([], description="Penyunting")
    reviewers: list[str] = Field([], description="Reviewer (penelaah)")
    designers: list[str] = Field([], description="Desain: cover and layout")
    isbn: str | None = Field(None, description="ISBN-13 or ISBN-10, hyphens allowed; "
                             "its check digit is verified")
    copyright: str | None = Field(None, description="The copyright holder on the imprint "
                                  "page (default: the publisher)")
    logo: str | None = Field(None, description="A PNG or JPEG in the course folder for the "
                             "cover (default: layouts/module/logo.png when there is one)")
    version: Annotated[str, Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+-]*$", max_length=32)]
    date: dt.date | None = Field(None, description="Date of this version; pins build dates")
    language: Literal["id", "en"] = "id"
    keywords: list[str] = []
    theme: Annotated[str | None, Field(
        None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
        description="The project's theme (the folder themes/<name>) this course is drawn "
        "with, instead of the project's default")] = None
    duration_jp: int | None = Field(
        None, ge=1, description="The course's length in jam pelajaran (45 minutes each); "
        "BAB I, the chapters and the evaluation add up to it")
    changes: list[Inline] = Field(
        [], description="What this version changes from the previous one, a line each "
        "(the module's imprint page lists them)")


class Course(Node):
    """A whole course, as loaded from its main file and the files it includes."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64,
                             description="Names the output folder and files: at most 64 "
                             "characters")]
    meta: Meta
    foreword: Foreword
    introduction: Introduction
    chapters: list[Chapter] = Field(min_length=1)
    evaluation: Evaluation | None = None
    feedback: Feedback | None = None
    glossary: list[GlossaryEntry] = []
    references: list[Reference] = []
    regulations: list[Regulation] = []

    @property
    def short_title(self) -> str:
        return self.meta.short_title or self.meta.title

    def units(self) -> Iterator[Unit]:
        """Every content unit, in reading order."""
        yield from iter_units(self)


def fields_by_key(node: BaseModel) -> Iterator[tuple[str, Any]]:
    """A node's fields under the keys the author writes (aliases where there are any)."""
    for name, info in type(node).model_fields.items():
        yield info.alias or name, getattr(node, name)


def walk_with_paths(value: Any, path: tuple[str | int, ...] = ()
                    ) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every value under ``value`` with its path in the source tree (YAML keys and list
    indices), in reading order: how the source map and the model meet."""
    yield path, value
    if isinstance(value, BaseModel):
        for key, child in fields_by_key(value):
            yield from walk_with_paths(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from walk_with_paths(child, (*path, i))


def iter_units(node: Any) -> Iterator[Unit]:
    if isinstance(node, Unit):
        yield node
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from iter_units(getattr(node, name))
    elif isinstance(node, list):
        for item in node:
            yield from iter_units(item)
