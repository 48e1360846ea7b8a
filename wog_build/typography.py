"""Typographic quotes and heading case: what the renderer prints for the author's text.

Authors type straight quotes (``"``, ``'``) because every keyboard and YAML editor has
them; readers expect the quotation marks of their language.  The quote characters are
labels (``quote_open``, ``quote_close``, ``quote_open_inner``, ``quote_close_inner``,
``apostrophe`` in ``layouts/labels/<lang>.yaml``), so a language or a theme may choose
others (« », „ “).  :func:`typeset` turns every straight quote of the author's text into
them once, when the document is resolved, so every output (module, deck, guide, quiz)
prints the same marks; code spans and link addresses are never touched, and the source
keeps its straight quotes.

:func:`upper_keeping_acronyms` is the theme's ``chapter_title_case: upper``: upper case
done in Python (a CSS ``text-transform`` would print "WoG" as "WOG"), keeping every
word written with a capital after its first letter ("WoG", "e-KTP", "iPhone") as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from .inline import Cite, Code, Emph, InlineText, Link, Node, Ref, Strong, Text

M = TypeVar("M", bound=BaseModel)

QUOTE_LABELS = ("quote_open", "quote_close", "quote_open_inner", "quote_close_inner",
                "apostrophe")
"""The label keys that give a language's quotation marks."""

TYPESET_STR_FIELDS = frozenset({"alt", "title", "subtitle", "programme", "agenda",
                                "edition", "answer"})
"""Plain-text (not inline Markdown) fields a reader sees (an essay's model answer is
one): typeset too.  Ids, keys, paths, addresses, versions and dates are never touched."""

_OPENERS = frozenset("([{<“‘«‹„—–-/=")
"""After these (or a space, or the start) a quote opens."""


@dataclass(frozen=True)
class Quotes:
    """One language's marks: double (outer) and single (inner) pairs, the apostrophe."""

    open: str = "“"
    close: str = "”"
    open_inner: str = "‘"
    close_inner: str = "’"
    apostrophe: str = "’"

    @classmethod
    def from_labels(cls, labels: Mapping[str, str]) -> Quotes:
        """The marks the label catalogue gives; a catalogue without them keeps the
        straight quotes (nothing is changed)."""
        if not all(k in labels for k in QUOTE_LABELS):
            return cls('"', '"', "'", "'", "'")
        return cls(*(labels[k] for k in QUOTE_LABELS))

    @property
    def straight(self) -> bool:
        return (self.open, self.close, self.open_inner, self.close_inner,
                self.apostrophe) == ('"', '"', "'", "'", "'")


def smarten(text: str, quotes: Quotes, before: str = "") -> str:
    """``text`` with its straight quotes turned into ``quotes``; ``before`` is the
    character the reader sees right before it (the end of the previous node)."""
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    prev = before
    for i, ch in enumerate(text):
        if ch in "\"'":
            nxt = text[i + 1] if i + 1 < len(text) else ""
            # at the end of a node the next character is unknown ("*" of emphasis
            # follows): what stands before decides
            opening = (not prev or prev.isspace() or prev in _OPENERS) \
                and not nxt.isspace()
            if ch == '"':
                ch = quotes.open if opening else quotes.close
            elif prev.isalnum() and nxt.isalnum():
                ch = quotes.apostrophe        # Australia's, Jum'at
            else:
                ch = quotes.open_inner if opening else quotes.close_inner
        out.append(ch)
        prev = ch
    return "".join(out)


def smarten_nodes(nodes: tuple[Node, ...], quotes: Quotes) -> tuple[Node, ...]:
    """The nodes with their text typeset; code spans and link addresses as written."""
    prev = [""]

    def walk(items: tuple[Node, ...]) -> tuple[Node, ...]:
        out: list[Node] = []
        for node in items:
            if isinstance(node, Text):
                out.append(Text(smarten(node.text, quotes, prev[0])))
                prev[0] = node.text[-1:] or prev[0]
            elif isinstance(node, Code):
                out.append(node)
                prev[0] = node.text[-1:] or prev[0]
            elif isinstance(node, Cite):
                out.append(node)
                prev[0] = ")"
            elif isinstance(node, Strong):
                out.append(Strong(walk(node.children)))
            elif isinstance(node, Emph):
                out.append(Emph(walk(node.children)))
            elif isinstance(node, Link):
                shown = "".join(c.text for c in node.children if isinstance(c, Text))
                out.append(node if shown == node.url else Link(node.url, walk(node.children)))
                prev[0] = "x"
            elif isinstance(node, Ref):
                out.append(Ref(node.target, walk(node.children)))
                prev[0] = "x"
            else:  # pragma: no cover - every node kind is handled above
                out.append(node)
        return tuple(out)

    return walk(nodes)


def typeset_inline(text: InlineText, quotes: Quotes) -> InlineText:
    """The author's text as printed; ``source`` stays as written (checks quote it)."""
    nodes = smarten_nodes(text.nodes, quotes)
    return text if nodes == text.nodes else InlineText(source=text.source, nodes=nodes)


def typeset(model: M, quotes: Quotes) -> M:
    """A copy of ``model`` whose reader-visible texts carry the language's quotation
    marks: every inline text, and the plain-text fields of :data:`TYPESET_STR_FIELDS`."""
    if quotes.straight:
        return model

    def value(name: str, v: Any) -> Any:
        if isinstance(v, InlineText):
            return typeset_inline(v, quotes)
        if isinstance(v, BaseModel):
            return node(v)
        if isinstance(v, list):
            return [value(name, item) for item in v]
        if isinstance(v, str) and name in TYPESET_STR_FIELDS:
            return smarten(v, quotes)
        return v

    def node(m: BaseModel) -> BaseModel:
        # every field that came back as a new object (lists always do): the copy is one
        # tree, so the units the resolver numbers are the units the writers print
        changed = {name: new for name in type(m).model_fields
                   if (new := value(name, getattr(m, name))) is not getattr(m, name)}
        return m.model_copy(update=changed) if changed else m

    result = node(model)
    assert isinstance(result, type(model))
    return result


CASES = ("as_written", "upper")
"""The theme's ``chapter_title_case``: as the author wrote it, or upper case."""

def keeps_case(word: str) -> bool:
    """Whether upper-casing must leave ``word`` alone: it mixes cases with a capital
    after its first letter ("WoG", "e-KTP", "iPhone"), so its case is its spelling."""
    return (any(c.islower() for c in word) and any(c.isupper() for c in word[1:]))


def upper_keeping_acronyms(text: str) -> str:
    """``text`` in upper case, except the words :func:`keeps_case` keeps."""
    return re.sub(r"\S+", lambda m: m.group(0) if keeps_case(m.group(0))
                  else m.group(0).upper(), text)


def upper_nodes(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    """The nodes with their text upper-cased word by word (:func:`upper_keeping_acronyms`);
    a word split across nodes ("*Whole* of") is judged by its part in each node."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(Text(upper_keeping_acronyms(node.text)))
        elif isinstance(node, Strong):
            out.append(Strong(upper_nodes(node.children)))
        elif isinstance(node, Emph):
            out.append(Emph(upper_nodes(node.children)))
        else:
            out.append(node)
    return tuple(out)


def heading_case(text: InlineText, case: str) -> InlineText:
    """A chapter title as the theme's ``chapter_title_case`` prints it."""
    if case != "upper":
        return text
    return InlineText(source=text.source, nodes=upper_nodes(text.nodes))
