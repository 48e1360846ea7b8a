"""The evaluation as LMS quiz imports: Moodle XML and GIFT, one writer (one file) each.

Both show only the questions (and, when the course asks for it, the exercises) whose
audience includes them; both are read back for the sync proof: the Moodle XML with
lxml, the GIFT file by undoing its escapes.  See :mod:`wog_build.quiz.items` for the
names and categories that make a re-import land on the same questions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeGuard

from .base import Handover, Promise, Readback, Writer

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..document import Document
    from ..model import Question


def _keyed(unit: Any) -> TypeGuard[Question]:
    """A multiple-choice question, whose answer is the letter of one of its options."""
    from ..model import Question

    return isinstance(unit, Question) and unit.kind == "multiple_choice"


class QuizWriter(Writer):
    """What both quiz formats share: which units they promise, and the name check."""

    family: ClassVar[str | None] = "quiz"

    def promises(self, doc: Document) -> list[Promise]:
        from ..document.texts import unit_texts
        from ..quiz.items import quiz_units

        # a multiple-choice answer is an option's letter, which neither format prints: it
        # marks that option's text right, which verify checks
        return [Promise(u, tuple(unit_texts(doc, u, {"answer"} if _keyed(u) else set())))
                for u in quiz_units(doc, self.name)]

    def verify(self, doc: Document, own: Readback,
               others: Mapping[str, Readback]) -> list[str]:
        """Every question the file names is a question of this source (no stale one), and
        each multiple-choice question marks right the text of the option its key names."""
        from ..quiz.items import question_name, quiz_units
        from ..readback import normalise

        units = {question_name(doc, doc.uid(u)): u for u in quiz_units(doc, self.name)}
        right: dict[str, list[str]] = own.detail
        problems = [f"{self.name}: question '{n}' is not in the source (a stale question?)"
                    for n in right if n not in units]
        problems += [f"{self.name}: question '{n}' is missing"
                     for n in sorted(units.keys() - right.keys())]
        for name, unit in units.items():
            if name in right and _keyed(unit):
                key = next(o for o in unit.options if o.key == unit.answer)
                if normalise(doc.plain(key.text)) not in right[name]:
                    problems.append(f"{self.name}: question '{name}' does not mark option "
                                    f"{key.key} ('{doc.plain(key.text)}') as the right answer")
        return problems

    def prepare(self, doc: Document, ctx: BuildContext, given: Mapping[str, Any]) -> Any:
        from ..quiz.items import quiz_items

        return self.render(quiz_items(doc, self.name), ctx)

    def write(self, job: bytes, ctx: BuildContext, out: Path, handover: Handover) -> None:
        out.write_bytes(job)

    def render(self, items: Any, ctx: BuildContext) -> bytes:
        raise NotImplementedError


def _html_text(fragment: str) -> str:
    """What a participant reads of an HTML fragment (tags gone, entities decoded)."""
    import lxml.html

    return lxml.html.fragment_fromstring(fragment, create_parent="div").text_content() \
        if fragment.strip() else ""


class MoodleWriter(QuizWriter):
    name: ClassVar[str] = "moodle"
    command: ClassVar[str] = "quiz-moodle"
    description: ClassVar[str] = "the evaluation as a Moodle XML question bank import"
    suffix: ClassVar[str] = "kuis-moodle.xml"

    def render(self, items: Any, ctx: BuildContext) -> bytes:
        from ..quiz.moodle import moodle_xml

        return moodle_xml(items, ctx.digest, ctx.version)

    def read(self, path: Path) -> Readback:
        from lxml import etree

        from ..quiz.moodle import DIGEST_COMMENT
        from ..readback import normalise

        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False,
                                                      no_network=True)).getroot()
        digest = ""
        for comment in root.iter(etree.Comment):
            text = (comment.text or "").strip()
            if text.startswith(DIGEST_COMMENT):
                digest = text.removeprefix(DIGEST_COMMENT)
        texts: list[str] = []
        right: dict[str, list[str]] = {}
        for q in root.iter("question"):
            if q.get("type") == "category":
                continue
            marked = right.setdefault(q.findtext("name/text") or "", [])
            for tag in ("questiontext", "answer", "generalfeedback", "graderinfo"):
                for el in q.findall(tag):
                    texts.append(_html_text(el.findtext("text") or ""))
                    if tag == "answer" and el.get("fraction") == "100":
                        marked.append(normalise(texts[-1]))
        return Readback(text=normalise("\n".join(texts)), digest=digest, detail=right)


_ESCAPED = re.compile(r"\\(.)")
_TITLE = re.compile(r"^::((?:[^:\\]|\\.)*)::")


class GiftWriter(QuizWriter):
    name: ClassVar[str] = "gift"
    command: ClassVar[str] = "quiz-gift"
    description: ClassVar[str] = "the evaluation in GIFT (Moodle's plain-text quiz format)"
    suffix: ClassVar[str] = "kuis.gift.txt"

    def render(self, items: Any, ctx: BuildContext) -> bytes:
        from ..quiz.gift import gift_text

        return gift_text(items, ctx.digest, ctx.version).encode("utf-8")

    def read(self, path: Path) -> Readback:
        from ..quiz.gift import DIGEST_COMMENT
        from ..readback import normalise

        digest = ""
        texts: list[str] = []
        right: dict[str, list[str]] = {}
        marked: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(DIGEST_COMMENT):
                digest = line.removeprefix(DIGEST_COMMENT).strip()
            if line.startswith(("//", "$CATEGORY:")):
                continue
            title = _TITLE.match(line)
            if title:
                marked = right.setdefault(_ESCAPED.sub(r"\1", title.group(1)), [])
                line = line[title.end():]
            texts.append(_html_text(_ESCAPED.sub(r"\1", line.replace("[html]", ""))))
            if line.lstrip("\t").startswith("="):  # an unescaped '=' opens a right answer
                marked.append(normalise(_html_text(_ESCAPED.sub(
                    r"\1", line.lstrip("\t")[1:].replace("[html]", "")))))
        return Readback(text=normalise("\n".join(texts)), digest=digest, detail=right)
