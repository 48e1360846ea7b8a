"""The questions an LMS quiz export holds, with every text already turned into HTML.

Both quiz writers (Moodle XML, GIFT) read these items, never the model, so a question's
stem, options, right answer and feedback cannot differ between the two files.

Import behaviour (what a trainer who re-imports after an edit gets):

- every question is named ``<course>:<uid>`` and carries that as its Moodle
  ``idnumber``; the uid is the author's id or the resolver's derived one, so it stays
  the same when the wording changes;
- questions sit in a category per course and, under it, per success indicator (the
  exercises, when exported, per chapter); categories are named by ids, not titles, so
  a retitled course or indicator lands in the same category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from markupsafe import Markup, escape

from ..document import Document
from ..inline import Cite, Code, Emph, InlineText, Link, Node, Ref, Strong, Text
from ..model import Exercise, Question

Kind = Literal["multichoice", "truefalse", "essay"]
LINK_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Choice:
    html: str
    correct: bool


@dataclass(frozen=True)
class Category:
    path: tuple[str, ...]
    """Category names under the course's question bank, top first (ids)."""
    info: str
    """What the category holds, as a reader names it (HTML)."""


@dataclass(frozen=True)
class Item:
    uid: str
    name: str
    kind: Kind
    category: Category
    stem: str
    choices: tuple[Choice, ...] = ()
    truth: bool | None = None
    feedback: str = ""
    """General feedback (the explanation), shown after the attempt (HTML)."""
    model_answer: str = ""
    """An essay's model answer and its scoring rubric, for the grader (HTML)."""
    shuffle: bool = True
    points: int = 1
    """What the question is worth (Moodle's default grade)."""


def inline_html(doc: Document, text: InlineText | str | None) -> str:
    """Author text as HTML: emphasis, code and links kept, citations and cross-
    references spelled out (an LMS has no module pages to link to), everything escaped."""
    if text is None:
        return ""
    if isinstance(text, str):
        return str(escape(text))
    return str(_nodes(doc, text.nodes))


def _nodes(doc: Document, nodes: tuple[Node, ...]) -> Markup:
    return Markup("").join(_node(doc, n) for n in nodes)


def _node(doc: Document, node: Node) -> Markup:
    if isinstance(node, Text):
        return escape(node.text)
    if isinstance(node, Code):
        return Markup("<code>{}</code>").format(node.text)
    if isinstance(node, Strong):
        return Markup("<strong>{}</strong>").format(_nodes(doc, node.children))
    if isinstance(node, Emph):
        return Markup("<em>{}</em>").format(_nodes(doc, node.children))
    if isinstance(node, Link):
        inner = _nodes(doc, node.children) or escape(node.url)
        if node.url.startswith(LINK_SCHEMES):
            return Markup('<a href="{}">{}</a>').format(node.url, inner)
        return inner
    if isinstance(node, Cite):
        return escape(doc.cite_text(node))
    if isinstance(node, Ref):
        return _nodes(doc, node.children) if node.children else escape(
            doc.label_of(node.target))
    raise TypeError(f"unknown inline node {node!r}")


_SPACE = re.compile(r"\s+")


def _flat(html: str) -> str:
    """One line: GIFT ends a question at a blank line, Moodle shows newlines as spaces."""
    return _SPACE.sub(" ", html).strip()


def question_name(doc: Document, uid: str) -> str:
    return f"{doc.id}:{uid}"


def quiz_items(doc: Document, output: str) -> list[Item]:
    """The evaluation's questions ``output`` shows, then (when the course asks for it)
    each chapter's exercises ``output`` shows, as essay questions."""
    evaluation = doc.evaluation
    if evaluation is None:
        return []
    indicators = {i.id: i for i in doc.introduction.indicators}
    items: list[Item] = []
    for q in doc.visible(evaluation.questions, output):
        uid = doc.uid(q)
        indicator = indicators.get(q.indicator)
        category = Category((doc.id, q.indicator), _flat(inline_html(
            doc, indicator.text if indicator else q.indicator)))
        items.append(_question(doc, q, uid, category, evaluation.shuffle_options))
    if evaluation.export_exercises:
        exercises_label = doc.labels["exercises"]
        for chapter in doc.visible(doc.chapters, output):
            info = f"{exercises_label} {doc.label(chapter)} {inline_html(doc, chapter.title)}"
            category = Category((doc.id, f"{exercises_label.lower()}-{doc.uid(chapter)}"),
                                _flat(info))
            for ex in doc.visible(chapter.exercises, output):
                items.append(_exercise(doc, ex, category))
    return items


def quiz_units(doc: Document, output: str) -> list[Question | Exercise]:
    """The units :func:`quiz_items` turns into questions, in the same order."""
    evaluation = doc.evaluation
    if evaluation is None:
        return []
    units: list[Question | Exercise] = list(doc.visible(evaluation.questions, output))
    if evaluation.export_exercises:
        for chapter in doc.visible(doc.chapters, output):
            units += doc.visible(chapter.exercises, output)
    return units


def _question(doc: Document, q: Question, uid: str, category: Category,
              shuffle: bool) -> Item:
    base = Item(uid=uid, name=question_name(doc, uid), kind="essay", category=category,
                stem=_flat(inline_html(doc, q.question)),
                feedback=_flat(inline_html(doc, q.explanation)), points=doc.points(q))
    if q.kind == "multiple_choice":
        key = str(q.answer).upper()
        choices = tuple(Choice(_flat(inline_html(doc, o.text)), o.key.upper() == key)
                        for o in q.options)
        return replace(base, kind="multichoice", choices=choices, shuffle=shuffle)
    if q.kind == "true_false":
        return replace(base, kind="truefalse", truth=bool(q.answer))
    model = inline_html(doc, str(q.answer))
    if q.rubric:
        model += (f"<p>{escape(doc.labels['rubric'])} ({escape(doc.points_text(q))}):</p><ul>"
                  + "".join(f"<li>{inline_html(doc, c.text)} "
                            f"({escape(doc.points_text(c.points))})</li>" for c in q.rubric)
                  + "</ul>")
    return replace(base, model_answer=_flat(model), points=doc.points(q))


def _exercise(doc: Document, ex: Exercise, category: Category) -> Item:
    uid = doc.uid(ex)
    return Item(uid=uid, name=question_name(doc, uid), kind="essay", category=category,
                stem=_flat(inline_html(doc, ex.question)),
                model_answer=_flat(inline_html(doc, ex.answer)))
