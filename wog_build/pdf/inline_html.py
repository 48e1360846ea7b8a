"""Inline nodes → HTML, in Python, with every piece of author text escaped.

Author text never reaches Jinja as template source and never becomes markup: each
``Text`` node goes through :func:`markupsafe.escape`, and only the tags written here
(emphasis, code, links, citations, cross-references) are added around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

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


class InlineRenderer:
    """Turns :class:`InlineText` into escaped HTML; callable as a Jinja filter."""

    def __init__(self, doc: Document, no_hyphen: re.Pattern[str] | None = None) -> None:
        self.doc = doc
        self.labels: Mapping[str, str] = doc.labels
        self.no_hyphen = no_hyphen

    def __call__(self, text: InlineText | str | None) -> Markup:
        if text is None:
            return Markup("")
        if isinstance(text, str):
            return self.text(text)
        return self.nodes(text.nodes)

    def apa(self, ref: Reference) -> Markup:
        """A Daftar Pustaka entry, from the one APA formatter both outputs share."""
        out: list[Markup] = []
        for piece in apa_entry(ref, self.labels):
            html = self(piece.text)
            if piece.link and isinstance(piece.text, str) and piece.text.startswith(LINK_SCHEMES):
                html = Markup('<a class="ext url" href="{}">{}</a>').format(piece.text, html)
            out.append(Markup("<em>{}</em>").format(html) if piece.italic else html)
        return Markup("").join(out)

    def nodes(self, nodes: tuple[Node, ...]) -> Markup:
        return Markup("").join(self.node(n) for n in nodes)

    def text(self, value: str) -> Markup:
        if self.no_hyphen is None:
            return escape(value)
        out: list[Markup] = []
        last = 0
        for match in self.no_hyphen.finditer(value):
            out.append(escape(value[last:match.start()]))
            out.append(Markup('<span class="nohyphen">{}</span>').format(match.group(0)))
            last = match.end()
        out.append(escape(value[last:]))
        return Markup("").join(out)

    def node(self, node: Node) -> Markup:
        if isinstance(node, Text):
            return self.text(node.text)
        if isinstance(node, Code):
            return Markup("<code>{}</code>").format(node.text)
        if isinstance(node, Strong):
            return Markup("<strong>{}</strong>").format(self.nodes(node.children))
        if isinstance(node, Emph):
            return Markup("<em>{}</em>").format(self.nodes(node.children))
        if isinstance(node, Link):
            inner = self.nodes(node.children) or self.text(node.url)
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
