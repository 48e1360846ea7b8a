"""Outputs read back as soon as they are written, for the proof that follows.

The proof reads every output back from disk once the set has landed.  Reading a
3,000-page module or a deck of 10,000 slides takes tens of seconds each; done at the
end, after every writer, it is the build's serial tail: one core reading while the
other waits.  So each output is read from its staged file the moment that file is
complete (the module in its own worker, while this process draws the deck), and the
reading is kept with the SHA-256 of the bytes it read.  The proof hashes the landed
file and takes the early reading only when the bytes are the same: the same bytes read
the same, so the proof still vouches for exactly what is on disk, and any change after
the early read (a tampered file, a failed rename) is read anew.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..writers.base import Readback, Writer


@dataclass(frozen=True)
class EarlyRead:
    """An output's reading and the digest of the bytes it was read from."""

    sha256: str
    readback: Readback


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def read_early(writer: Writer, path: Path) -> EarlyRead | None:
    """``writer``'s output at ``path`` read back now (the staged file, complete); None
    when it cannot be read, which the proof then finds and reports in its own words."""
    try:
        return EarlyRead(file_sha256(path), writer.read(path))
    except Exception:
        return None


def read_landed(writer: Writer, path: Path, early: EarlyRead | None) -> Readback:
    """The output at ``path`` as the proof reads it: the early reading if the file still
    holds the bytes it was read from, else read now."""
    if early is not None and file_sha256(path) == early.sha256:
        return early.readback
    return writer.read(path)
