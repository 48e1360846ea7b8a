"""Inline nodes → HTML, in Python, with every piece of author text escaped.

Author text never reaches Jinja as template source and never becomes markup: each
``Text`` node goes through :func:`markupsafe.escape`, and only the tags written here
(emphasis, code, links, citations, cross-references) are added around it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from markupsafe import Markup, escape

from ..citations import apa_entry, cite_pieces
from ..document import Document
from ..document.protocol import unit_anchor
from ..inline import Cite, Code, Emph, InlineText, Link, Node, Ref, Strong, Text
from ..model import Reference

LINK_SCHEMES = ("http://", "https://", "mailto:")


def no_hyphen_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern matching whole words the layout says must never be hyphenated."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)",
                      re.IGNORECASE)


def keep_with_number_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """The space after any of ``words`` ('Gambar', 'hlm.', 'No.') when a number (arabic
    or roman) or another of the words follows: it becomes a no-break space."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{alt})(?P<space>\s+)(?=\d|[IVXLC]+\b|(?:{alt})(?!\w))")


SOFT_HYPHEN = "\u00ad"
NO_BREAK_SPACE = "\u00a0"
_WORD = re.compile(r"[^\W\d_]+")
_LAST_WORD = re.compile(r"\S*$")
_SHORT_COMPOUND = re.compile(r"(?<![\w-])[^\W\d_]{1,2}-[^\W\d_]+")


class InlineRenderer:
    """Turns :class:`InlineText` into escaped HTML; callable as a Jinja filter.

    With ``syllabify`` (the course language's rule, :mod:`wog_build.syllables`) every
    lowercase word of running text gets a soft hyphen at each place it may break, and
    the layout hyphenates at those only (``hyphens: manual``).  Left unbroken: italics
    (foreign terms), capitalised words (names, acronyms), words on the no-hyphen list,
    the last word of a text (no stub such as 'nya.' on a paragraph's last line) and
    whatever a template renders with :meth:`unbroken` (table cells, originals in
    another language)."""

    def __init__(self, doc: Document, no_hyphen: re.Pattern[str] | None = None,
                 syllabify: Callable[[str], str] | None = None,
                 keep_with_number: re.Pattern[str] | None = None) -> None:
        self.doc = doc
        self.labels: Mapping[str, str] = doc.labels
        self.no_hyphen = no_hyphen
        self.syllabify = syllabify
        self.keep_with_number = keep_with_number
        self.breaking = True

    def __call__(self, text: InlineText | str | None) -> Markup:
        if text is None:
            return Markup("")
        html = self.text(text) if isinstance(text, str) else self.nodes(text.nodes)
        if SOFT_HYPHEN in html[-80:]:  # the text's last word stays whole
            html = Markup(_LAST_WORD.sub(lambda m: m.group(0).replace(SOFT_HYPHEN, ""),
                                         str(html), count=1))
        return html

    def unbroken(self, text: InlineText | str | None) -> Markup:
        """The text with no break inside a word: a table cell (its column widens to its
        longest word instead), an original in another language."""
        before, self.breaking = self.breaking, False
        try:
            return self(text)
        finally:
            self.breaking = before

    def words(self, value: str) -> str:
        """Soft hyphens in the lowercase words of ``value`` (plain text, not escaped)."""
        if self.syllabify is None or not self.breaking:
            return value
        syllabify = self.syllabify
        return _WORD.sub(lambda m: m.group(0) if not m.group(0).islower()
                         else syllabify(m.group(0)), value)

    def spaces(self, value: str) -> str:
        if self.keep_with_number is None:
            return value
        return self.keep_with_number.sub(
            lambda m: m.group(0).replace(m.group("space"), NO_BREAK_SPACE), value)

    def apa(self, ref: Reference) -> Markup:
        """A Daftar Pustaka entry, from the one APA formatter both outputs share; never
        hyphenated (titles in many languages, names, addresses)."""
        out: list[Markup] = []
        for piece in apa_entry(ref, self.labels):
            html = self.unbroken(piece.text)
            if piece.link and isinstance(piece.text, str) and piece.text.startswith(LINK_SCHEMES):
                html = Markup('<a class="ext url" href="{}">{}</a>').format(piece.text, html)
            out.append(Markup("<em>{}</em>").format(html) if piece.italic else html)
        return Markup("").join(out)

    def nodes(self, nodes: tuple[Node, ...]) -> Markup:
        return Markup("").join(self.node(n) for n in nodes)

    def text(self, value: str) -> Markup:
        value = self.spaces(value)
        spans: list[tuple[int, int, str]] = []
        if self.no_hyphen is not None:
            spans += [(m.start(), m.end(), "nohyphen") for m in self.no_hyphen.finditer(value)]
        if self.syllabify is not None:  # 'E-Government' never leaves 'E-' on a line
            spans += [(m.start(), m.end(), "nobreak") for m in _SHORT_COMPOUND.finditer(value)]
        out: list[Markup] = []
        last = 0
        for start, end, kind in sorted(spans):
            if start < last:
                continue
            out.append(escape(self.words(value[last:start])))
            out.append(Markup('<span class="{}">{}</span>').format(kind, value[start:end]))
            last = end
        out.append(escape(self.words(value[last:])))
        return Markup("").join(out)

    def node(self, node: Node) -> Markup:
        if isinstance(node, Text):
            return self.text(node.text)
        if isinstance(node, Code):
            return Markup("<code>{}</code>").format(node.text)
        if isinstance(node, Strong):
            return Markup("<strong>{}</strong>").format(self.nodes(node.children))
        if isinstance(node, Emph):  # italics: a foreign term or a title, never broken
            before, self.breaking = self.breaking, False
            try:
                return Markup("<em>{}</em>").format(self.nodes(node.children))
            finally:
                self.breaking = before
        if isinstance(node, Link):  # a link's words and an address are never broken
            before, self.breaking = self.breaking, False
            try:
                inner = self.nodes(node.children) or self.text(node.url)
            finally:
                self.breaking = before
            if node.url.startswith(LINK_SCHEMES):
                return Markup('<a class="ext" href="{}">{}</a>').format(node.url, inner)
            return inner
        if isinstance(node, Cite):
            return self.cite(node)
        if isinstance(node, Ref):
            inner = self.nodes(node.children) if node.children else self.text(
                self.doc.label_of(node.target))
            return Markup('<a class="ref" href="#{}">{}</a>').format(
                unit_anchor(node.target), inner)
        raise TypeError(f"unknown inline node {node!r}")

    def cite(self, node: Cite) -> Markup:
        """The exact text of :func:`cite_text`, with each work linked to its entry."""
        parts = []
        for text, ref in cite_pieces(self.doc, node):
            if ref is None:
                parts.append(escape(text))
            else:
                parts.append(Markup('<a class="cite" href="#{}">{}</a>').format(
                    unit_anchor(self.doc.uid(ref)), text))
        return Markup('<span class="citation">{}</span>').format(Markup("").join(parts))
