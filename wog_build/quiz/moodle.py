"""Moodle XML (the question bank's import format) from the quiz items.

Every text is HTML in a CDATA section (``format="html"``), so emphasis and links reach
the LMS as formatting and no Markdown syntax reaches a participant.  The source digest
and version stand in a leading comment, where Moodle's importer ignores them.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from .items import Category, Item

DIGEST_COMMENT = "WogSourceDigest: "
VERSION_COMMENT = "WogVersion: "


def category_path(category: Category) -> str:
    """``$course$/top/<names>``: Moodle reads "/" as a level, "//" as a slash in a name."""
    return "/".join(["$course$", "top", *(n.replace("/", "//") for n in category.path)])


def _text(parent: etree._Element, tag: str, html: str | None, fmt: str | None = "html",
          **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tag)
    if fmt:
        el.set("format", fmt)
    for key, value in attrs.items():
        el.set(key, value)
    text = etree.SubElement(el, "text")
    if html is not None:
        text.text = etree.CDATA(html) if fmt == "html" and html else html
    return el


def _plain(parent: etree._Element, tag: str, value: str) -> None:
    etree.SubElement(parent, tag).text = value


def _category(quiz: etree._Element, category: Category) -> None:
    q = etree.SubElement(quiz, "question", type="category")
    _text(q, "category", category_path(category), fmt=None)
    _text(q, "info", category.info)
    _plain(q, "idnumber", "/".join(category.path))


def _question(quiz: etree._Element, item: Item) -> None:
    q = etree.SubElement(quiz, "question", type=item.kind)
    _text(q, "name", item.name, fmt=None)
    _text(q, "questiontext", item.stem)
    _text(q, "generalfeedback", item.feedback)
    _plain(q, "defaultgrade", str(item.points))
    _plain(q, "penalty", "0" if item.kind != "multichoice" else "0.3333333")
    _plain(q, "hidden", "0")
    _plain(q, "idnumber", item.name)
    if item.kind == "multichoice":
        _plain(q, "single", "true")
        _plain(q, "shuffleanswers", "true" if item.shuffle else "false")
        _plain(q, "answernumbering", "ABCD")
        for choice in item.choices:
            a = _text(q, "answer", choice.html, fraction="100" if choice.correct else "0")
            _text(a, "feedback", "")
    elif item.kind == "truefalse":
        for value in (True, False):
            a = _text(q, "answer", "true" if value else "false", fmt="moodle_auto_format",
                      fraction="100" if value == item.truth else "0")
            _text(a, "feedback", "")
    else:
        _plain(q, "responseformat", "editor")
        _plain(q, "responserequired", "1")
        _plain(q, "responsefieldlines", "10")
        _plain(q, "attachments", "0")
        _text(q, "graderinfo", item.model_answer)
        _text(q, "responsetemplate", "")


def moodle_xml(items: Sequence[Item], digest: str, version: str) -> bytes:
    quiz = etree.Element("quiz")
    quiz.append(etree.Comment(f" {DIGEST_COMMENT}{digest} "))
    quiz.append(etree.Comment(f" {VERSION_COMMENT}{version} "))
    current: Category | None = None
    for item in items:
        if item.category != current:
            _category(quiz, item.category)
            current = item.category
        _question(quiz, item)
    return etree.tostring(quiz, xml_declaration=True, encoding="UTF-8", pretty_print=True)
