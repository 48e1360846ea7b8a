"""A plain-text outline: an output that exists only in the test suite.

It is everything a new output needs (see CONTRIBUTING.md): this one module and one
``register`` call.  The tests show it is built, stamped, released, listed by the CLI and
proven by the sync loop without any change to wog_build.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from wog_build.context import BuildContext
from wog_build.document import Document
from wog_build.model import Chapter, Section
from wog_build.readback import normalise
from wog_build.writers.base import Handover, Promise, Readback, Writer

DIGEST_LINE = "digest: "


class OutlineWriter(Writer):
    name: ClassVar[str] = "outline"
    command: ClassVar[str] = "outline"
    description: ClassVar[str] = "a plain-text outline"
    suffix: ClassVar[str] = "outline.txt"
    needs: ClassVar[tuple[str, ...]] = ("module",)

    def shown(self, doc: Document) -> list[Chapter | Section]:
        return [u for u in doc.units_for(self.name) if isinstance(u, Chapter | Section)]

    def prepare(self, doc: Document, ctx: BuildContext, given: Mapping[str, Any]) -> str:
        pages = given.get("module") or {}
        lines = [f"{DIGEST_LINE}{ctx.digest}", doc.meta.title]
        for unit in self.shown(doc):
            page = pages.get(doc.uid(unit))
            at = f" ... {page}" if page else ""
            lines.append(f"{doc.label(unit)} {doc.plain(unit.title)}{at}")
        return "\n".join(lines) + "\n"

    def write(self, job: str, ctx: BuildContext, out: Path, handover: Handover) -> None:
        out.write_text(job, encoding="utf-8")

    def promises(self, doc: Document) -> list[Promise]:
        return [Promise(u, (doc.plain(u.title),)) for u in self.shown(doc)]

    def read(self, path: Path) -> Readback:
        lines = path.read_text(encoding="utf-8").splitlines()
        digest = lines[0].removeprefix(DIGEST_LINE) if lines else ""
        return Readback(text=normalise("\n".join(lines[1:])), digest=digest, detail=lines)
