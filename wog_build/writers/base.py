"""What a writer is: one output of a course, built from the resolved document alone.

A writer has a name (the word an author writes in ``audience``, the stamp's and the sync
report's key, the release artifact's owner), a CLI command, a file name, the writers
whose hand-over it uses, and four duties:

- :meth:`Writer.prepare` turns the document into a job, in the build's main process;
- :meth:`Writer.write` writes the job to a path the pipeline gives (a temporary file
  the pipeline commits with the rest), and may hand something on to later writers
  (the module hands on its page map) as soon as it has it; it may run in a worker
  process, so the job and the hand-over must pickle;
- :meth:`Writer.promises` says which texts of which units the file must show;
- :meth:`Writer.read` reads the written file back from disk for the sync proof, and
  :meth:`Writer.verify` adds the checks only this kind of file needs.

Writers never import each other, never read the environment and never see processes:
the pipeline (:mod:`wog_build.pipeline`) runs them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..document import Document
    from ..model import Unit

Handover = Callable[[Any], None]


@dataclass(frozen=True)
class Promise:
    """A unit an output must show, and the texts of it a reader must find there."""

    unit: Unit
    texts: tuple[str, ...]
    places: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Texts that must stand in one named part of the output (:attr:`Readback.parts`),
    not merely somewhere in it: the deck's slide faces show a key point, its speaker
    notes the module's prose."""


@dataclass
class Readback:
    """An output as read back from disk: what a reader sees, for the sync proof."""

    text: str
    """Everything a reader of the file sees, in reading order, as one string, normalised
    (:func:`wog_build.readback.normalise`: letters and digits only)."""
    digest: str
    """The source digest the file carries in its metadata ('' when it has none)."""
    detail: Any = None
    """The writer's own reading (pages and labels, slides and notes) for :meth:`verify`."""
    unseen: list[str] = field(default_factory=list)
    """Text in the file no reader can see (invisible, transparent, hairline, white on
    white, off the page): left out of :attr:`text`, and each line a problem of the
    proof, saying where and what."""
    parts: dict[str, str] = field(default_factory=dict)
    """Named parts of :attr:`text` a promise may require a text in (the deck: its slide
    faces and its speaker notes), each normalised like :attr:`text`."""
    checked: int = 0
    """How many page references :meth:`Writer.verify` checked (the module: its table of
    contents and lists; the deck: its "Modul hlm. N")."""


class Writer(ABC):
    name: ClassVar[str]
    """The output's name: ``audience`` values, stamp kinds, sync columns, release files."""
    command: ClassVar[str]
    """The CLI subcommand (and Makefile target) that builds this output alone."""
    description: ClassVar[str]
    """What the output is, for ``--help``: "the participant module (PDF)"."""
    suffix: ClassVar[str]
    """The file name after ``<course>-<version>-``: "modul.pdf"."""
    needs: ClassVar[tuple[str, ...]] = ()
    """Writers whose hand-over this one uses when they are built in the same run."""
    isolated: ClassVar[bool] = False
    """Slow and CPU-bound: worth its own process while the others are drawn."""
    for_reading: ClassVar[bool] = False
    """Made to be read through (the module): shows the front and back matter (foreword,
    glossary, feedback) that units do not name an ``audience`` for."""
    for_trainers: ClassVar[bool] = False
    """Made for the trainer (the deck): shows what an author marks ``audience: trainer``."""
    hidden_fields: ClassVar[frozenset[str]] = frozenset()
    """Fields of a unit this output does not show (the deck keeps answers in the notes'
    answer lines, not as the unit's own text)."""
    builds_with: ClassVar[tuple[str, ...]] = ()
    """Outputs this one cannot be built without (the handout renders the deck): its
    command builds them too."""
    tool: ClassVar[str | None] = None
    """A program this output needs that a machine may lack (LibreOffice's ``soffice``):
    without it, ``build`` skips the output and says so, and its own command stops with
    :attr:`tool_install`."""
    tool_install: ClassVar[str] = ""
    """The exact command that installs :attr:`tool`."""
    family: ClassVar[str | None] = None
    """A CLI command (and Makefile target) that builds this output with its siblings:
    ``quiz`` builds the Moodle XML and the GIFT file."""
    intermediate_command: ClassVar[str | None] = None
    """A CLI command writing an intermediate form for debugging (the module's HTML)."""

    def path(self, ctx: BuildContext) -> Path:
        return ctx.out_dir / self.filename(ctx.course_id, ctx.version)

    def filename(self, course_id: str, version: str) -> str:
        return f"{course_id}-{version}-{self.suffix}"

    def warm_up(self) -> None:  # noqa: B027 - optional: most writers import nothing slow
        """Import what :meth:`write` needs; run in a worker while the course loads."""

    def weight(self, job: Any) -> int:
        """How much an isolated writer's ``job`` holds while it is written, in characters
        of the document it lays out (its memory grows with them): jobs whose weights
        together stay under :data:`~wog_build.pipeline.run.SIDE_BY_SIDE` run side by side,
        heavier ones one at a time."""
        return 0

    @abstractmethod
    def prepare(self, doc: Document, ctx: BuildContext, given: Mapping[str, Any]) -> Any:
        """The job for :meth:`write`, from the document and the hand-overs in ``given``."""

    @abstractmethod
    def write(self, job: Any, ctx: BuildContext, out: Path, handover: Handover) -> None:
        """Write the output to ``out``; call ``handover`` with what later writers need."""

    def handover_only(self, doc: Document, ctx: BuildContext) -> Any:
        """What :meth:`write` would hand on, without writing the output: for a later
        writer built alone when no current hand-over is kept beside the outputs.
        The default writes into a temporary file and throws it away."""
        import tempfile

        got: list[Any] = [None]
        with tempfile.TemporaryDirectory() as tmp:
            self.write(self.prepare(doc, ctx, {}), ctx, Path(tmp) / self.suffix,
                       lambda value: got.__setitem__(0, value))
        return got[0]

    def intermediate(self, doc: Document, ctx: BuildContext) -> tuple[Path, bytes]:
        raise NotImplementedError(f"{self.name} has no intermediate form")

    def promises(self, doc: Document) -> list[Promise]:
        """Every unit this output shows, with the texts a reader must find."""
        from ..document.texts import unit_texts

        return [Promise(unit, tuple(unit_texts(doc, unit, self.hidden_fields)))
                for unit in doc.units_for(self.name)]

    @abstractmethod
    def read(self, path: Path) -> Readback:
        """The file as a reader sees it."""

    def verify(self, doc: Document, own: Readback,
               others: Mapping[str, Readback]) -> list[str]:
        """Problems only this kind of output can have (e.g. a slide from another source)."""
        return []


def import_pdf_layout() -> None:
    """WeasyPrint and the layout code (seconds of imports): a PDF writer's ``warm_up``,
    done once in the workers' host while the course loads, with what lays a document
    out in parts, assembles it and reads it back (imported otherwise by each worker
    the host forks, at the end of its work)."""
    import pypdfium2  # noqa: F401

    from ..pdf.libraries import import_weasyprint

    import_weasyprint()

    from .. import pdf, readback  # noqa: F401
    from ..pdf import assemble, parallel  # noqa: F401


def read_pdf_output(path: Path) -> Readback:
    """A PDF output as its reader sees it (PDFium's text, page labels) with the source
    digest from its Info dictionary: how every PDF writer reads its file back."""
    from ..document.protocol import DIGEST_KEY
    from ..readback import read_pdf

    pdf = read_pdf(path)
    return Readback(text="".join(pdf.normalised),
                    digest=pdf.metadata.get(f"/{DIGEST_KEY}", ""), detail=pdf,
                    unseen=list(pdf.unseen))
