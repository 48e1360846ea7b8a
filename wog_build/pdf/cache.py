"""The caches beside the outputs (``<out>/.cache/<output>/``) that let a rebuild skip layout.

A file there is named by the digest of everything it is made from, including
:func:`layout_code`, so a change in any of them is a different name.  A build reads what
it needs, writes what it laid out under a temporary name and renames it when complete
(:meth:`PartCache.land`), removes what it wrote if it fails (:meth:`PartCache.discard`)
and what it never read once it succeeds (:meth:`PartCache.prune`): the cache holds the
last build's files only.  The module's parts (:mod:`.parallel`) and whole outputs
(:func:`wog_build.pdf.cached_pdf`, the guide) share it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from .partlayout import PartLayout


def digest(*pieces: str) -> str:
    """SHA-256 of ``pieces``, each ended by NUL so that ("ab", "c") is not ("a", "bc")."""
    h = hashlib.sha256()
    for piece in pieces:
        h.update(piece.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@functools.cache
def code_digest(folder: Path, pattern: str = "*.py") -> str:
    """The digest of the code in ``folder`` (files matching ``pattern``, ``**/*.py`` for
    its sub-packages too): what a cache keeps is not reused after the code that made it
    changed, even under the same version number (a checkout)."""
    h = hashlib.sha256()
    for path in sorted(folder.glob(pattern)):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def layout_code() -> str:
    """The digest of this package's code (the mends to WeasyPrint among it): a part laid
    out by other code is not reused."""
    return code_digest(Path(__file__).parent)


class PartCache:
    """What parts' layouts found, and their PDFs, by key; files never read are removed
    after a build (:meth:`prune`), so the cache holds one build's parts."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.existed = folder.is_dir()
        self.created: list[Path] = []

    def _path(self, name: str) -> Path:
        self.used.add(name)
        return self.folder / name

    def layout(self, key: str) -> PartLayout | None:
        path = self._path(f"{key}.json")
        try:
            data = json.loads(path.read_text("utf-8"))
            return PartLayout(int(data["pages"]),
                              tuple((str(n), int(i)) for n, i in data["anchors"]),
                              str(data["first_break"]), int(data["first_number"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def keep_layout(self, key: str, layout: PartLayout) -> None:
        path = self._path(f"{key}.json")
        tmp = self.staging(path)
        tmp.write_text(json.dumps(asdict(layout)), "utf-8")
        self.land(tmp, path)

    def pdf(self, key: str, start: int) -> Path:
        return self._path(f"{key}-{start}.pdf")

    def staging(self, path: Path) -> Path:
        """Where ``path`` is written before it lands (:meth:`land`)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        self.created.append(tmp)
        return tmp

    def land(self, tmp: Path, path: Path) -> None:
        tmp.replace(path)
        self.created.append(path)

    def discard(self) -> None:
        """A failed build leaves the folder as it found it: what it wrote is removed."""
        for path in self.created:
            with contextlib.suppress(OSError):
                path.unlink()
        if not self.existed:
            for folder in (self.folder, self.folder.parent):
                with contextlib.suppress(OSError):
                    folder.rmdir()

    def prune(self) -> None:
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self.used:
                with contextlib.suppress(OSError):
                    path.unlink()
