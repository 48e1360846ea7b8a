"""Author text as styled spans (slide face) and as plain lines (speaker notes).

Citations and cross-references are spelled by ``wog_build.citations`` so the deck reads
exactly like the module: "(Shergold, 2004)", "Bagian 2.2".
"""

from __future__ import annotations

from collections.abc import Mapping

from ..document import Document
from ..inline import Cite, Code, Emph, InlineText, Link, Node, Ref, Strong, Text
from ..model import (
    Block,
    BulletList,
    Definition,
    ListItem,
    Note,
    NumberedList,
    Paragraph,
    Quote,
)
from .measure import Span


class Speller:
    """Turns the model's inline text into what a reader of the deck sees."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.labels: Mapping[str, str] = doc.labels

    def plain(self, text: InlineText | None) -> str:
        return self.doc.plain(text)

    def spans(self, text: InlineText | None, bold: bool = False,
              italic: bool = False) -> tuple[Span, ...]:
        if text is None:
            return ()
        out: list[Span] = []
        self._walk(text.nodes, bold, italic, out)
        merged: list[Span] = []
        for s in out:
            if merged and (merged[-1].bold, merged[-1].italic) == (s.bold, s.italic):
                merged[-1] = Span(merged[-1].text + s.text, s.bold, s.italic)
            elif s.text:
                merged.append(s)
        return tuple(merged)

    def _walk(self, nodes: tuple[Node, ...], bold: bool, italic: bool,
              out: list[Span]) -> None:
        for node in nodes:
            if isinstance(node, Text | Code):
                out.append(Span(node.text, bold, italic))
            elif isinstance(node, Cite):
                out.append(Span(self.doc.cite_text(node), bold, italic))
            elif isinstance(node, Ref):
                if node.children:
                    self._walk(node.children, bold, italic, out)
                else:
                    out.append(Span(self.doc.label_of(node.target), bold, italic))
            elif isinstance(node, Strong):
                self._walk(node.children, True, italic, out)
            elif isinstance(node, Emph):
                self._walk(node.children, bold, True, out)
            elif isinstance(node, Link):
                self._walk(node.children, bold, italic, out)

    # --- notes --------------------------------------------------------------------

    def block_lines(self, block: Block, bullet: str) -> list[str]:
        """A prose block as plain lines for the speaker notes."""
        lab = self.labels
        if isinstance(block, Paragraph):
            return [self.plain(block.paragraph)]
        if isinstance(block, BulletList):
            return self._items(block.items, bullet, numbered=False)
        if isinstance(block, NumberedList):
            return self._items(block.items, bullet, numbered=True)
        if isinstance(block, Definition | Quote):
            label = lab["definition"] if isinstance(block, Definition) else lab["quote"]
            text = block.definition if isinstance(block, Definition) else block.quote
            head = label
            if isinstance(block, Definition) and block.term is not None:
                head = f"{label}: {self.plain(block.term)}"
            lines = [head, self.plain(text)]
            if block.translation is not None:
                lines.append(f"{lab['translation']}: {self.plain(block.translation)}")
            if block.source is not None:
                lines.append(f"{lab['source']}: {self.plain(block.source)}")
            return lines
        if isinstance(block, Note):
            head = lab["note"] + (f": {self.plain(block.title)}" if block.title else "")
            return [head, self.plain(block.note)]
        return []

    def _items(self, items: list[ListItem], bullet: str, numbered: bool,
               depth: int = 0) -> list[str]:
        lines: list[str] = []
        for n, item in enumerate(items, 1):
            mark = f"{n}." if numbered else bullet
            lines.append(f"{'    ' * depth}{mark} {self.plain(item.text)}")
            lines += self._items(item.items, bullet, numbered, depth + 1)
        return lines
