"""Inline Markdown, parsed once at load time into a small tree.

Renderers walk these nodes; they never see Markdown.  Raw HTML and images are not
part of the inline language: ``<script>`` stays the literal text ``<script>``, so
content can never become markup.  Citations (``[@key]``, ``[@a; @b, hlm. 5]``, the
narrative ``@key`` and the year-only ``[-@key]``) and
cross-references (``[label](#unit-id)``, or ``[](#unit-id)`` to use the target's own
label) are first-class nodes so that both outputs resolve them the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Emph:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Link:
    url: str
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Cite:
    """A citation: ``[@a; @b, hlm. 5]`` reads "(A, 2004; B, 2007, hlm. 5)"; a narrative
    one, ``@a`` in running text, "A (2004)"; ``[-@a]`` only the year, "(2004)", after
    the author's name was written out."""

    keys: tuple[str, ...]
    locator: str | None = None
    narrative: bool = False
    year_only: bool = False


@dataclass(frozen=True)
class Ref:
    """A cross-reference to another unit of the course by its id."""

    target: str
    children: tuple[Node, ...] = ()


Node = Text | Code | Strong | Emph | Link | Cite | Ref


@dataclass(frozen=True)
class InlineText:
    """A piece of author text: the Markdown as written and the parsed tree."""

    source: str
    nodes: tuple[Node, ...] = field(default=())

    def __str__(self) -> str:
        return self.plain()

    def plain(
        self,
        cite: Callable[[Cite], str] | None = None,
        ref: Callable[[Ref], str] | None = None,
    ) -> str:
        """The text a reader sees, with citations and references spelled by the callers."""
        return plain_text(self.nodes, cite, ref)

    def walk(self) -> Iterator[Node]:
        yield from walk(self.nodes)


def walk(nodes: tuple[Node, ...]) -> Iterator[Node]:
    for node in nodes:
        yield node
        children = getattr(node, "children", None)
        if children:
            yield from walk(children)


def plain_text(
    nodes: tuple[Node, ...],
    cite: Callable[[Cite], str] | None = None,
    ref: Callable[[Ref], str] | None = None,
) -> str:
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Text | Code):
            parts.append(node.text)
        elif isinstance(node, Cite):
            parts.append(cite(node) if cite else "(" + "; ".join(node.keys) + ")")
        elif isinstance(node, Ref):
            if node.children:
                parts.append(plain_text(node.children, cite, ref))
            else:
                parts.append(ref(node) if ref else node.target)
        else:
            parts.append(plain_text(node.children, cite, ref))
    return "".join(parts)


_CITE_RE = re.compile(
    r"\[(-?)(@[\w][\w:./-]*(?:\s*;\s*-?@[\w][\w:./-]*)*)(?:\s*,\s*([^\]\n]+))?\]"
)
_NARRATIVE_RE = re.compile(r"@([\w](?:[\w:./-]*[\w])?)")
"""A key in running text; a final '.', ':', '/' or '-' is the sentence's, not the key's."""


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith(("[@", "[-@"), state.pos):
        return False
    match = _CITE_RE.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        keys = tuple(k.strip().lstrip("-@").rstrip(".") for k in match.group(2).split(";"))
        token.meta = {"keys": keys, "locator": (match.group(3) or "").strip() or None,
                      "narrative": False, "year_only": bool(match.group(1))}
    state.pos = match.end()
    return True


_BEFORE_CITE = "([{\"'“‘*_/—–-"
"""What may stand right before a narrative ``@key``: a space, an opening bracket or
quote, emphasis; not a letter (an e-mail address) nor '>' or ':' (code, CSS)."""


def _narrative_rule(state: StateInline, silent: bool) -> bool:
    """``@key`` in running text, after a space or an opening mark (see _BEFORE_CITE)."""
    if state.src[state.pos] != "@" or (state.pos and not (
            state.src[state.pos - 1].isspace() or state.src[state.pos - 1] in _BEFORE_CITE)):
        return False
    match = _NARRATIVE_RE.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"keys": (match.group(1),), "locator": None, "narrative": True,
                      "year_only": False}
    state.pos = match.end()
    return True


class _MarkdownIt(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        # markdown-it silently leaves links with schemes it deems unsafe (file:, javascript:)
        # as bracketed text; keeping every link a Link node lets the loader refuse them
        # where they were written.  Renderers only make http(s) and mailto links live.
        return True


def _parser() -> MarkdownIt:
    md = _MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_inline", "entity"])
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.inline.ruler.before("link", "narrative_citation", _narrative_rule)
    return md


_MD = _parser()


def _build(tokens: list[Token], pos: int, close: str | None) -> tuple[tuple[Node, ...], int]:
    out: list[Node] = []
    while pos < len(tokens):
        tok = tokens[pos]
        if close is not None and tok.type == close:
            return tuple(out), pos + 1
        if tok.type == "text":
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + tok.content)
            else:
                out.append(Text(tok.content))
            pos += 1
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(Text(" "))
            pos += 1
        elif tok.type == "code_inline":
            out.append(Code(tok.content))
            pos += 1
        elif tok.type == "citation":
            out.append(Cite(tok.meta["keys"], tok.meta["locator"], tok.meta["narrative"],
                            tok.meta["year_only"]))
            pos += 1
        elif tok.type == "strong_open":
            children, pos = _build(tokens, pos + 1, "strong_close")
            out.append(Strong(children))
        elif tok.type == "em_open":
            children, pos = _build(tokens, pos + 1, "em_close")
            out.append(Emph(children))
        elif tok.type == "link_open":
            href = str(tok.attrs.get("href", ""))
            children, pos = _build(tokens, pos + 1, "link_close")
            if href.startswith("#"):
                out.append(Ref(href[1:], children))
            else:
                out.append(Link(href, children))
        else:  # anything else is kept as the text it was written as
            out.append(Text(tok.content))
            pos += 1
    return _merge(out), pos


def _merge(nodes: list[Node]) -> tuple[Node, ...]:
    merged: list[Node] = []
    for node in nodes:
        if merged and isinstance(node, Text) and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + node.text)
        else:
            merged.append(node)
    return tuple(merged)


def parse_inline(source: str) -> InlineText:
    """Parse one piece of author text; surrounding white space and line breaks fold."""
    text = " ".join(source.split())
    tokens = _MD.parseInline(text)
    children = tokens[0].children if tokens and tokens[0].children else []
    nodes, _ = _build(children, 0, None)
    return InlineText(source=source, nodes=nodes)
