"""The build's identity stamped on a PDF written without it.

The digest, version and tool in the Info dict and the permanent ``/ID`` change with any
edit of the source, while most of an output's pages do not.  A PDF laid out without them
can be kept and reused (:func:`wog_build.pdf.cached_pdf`); this writes it with them, the
same way whether it was just laid out or came from the cache, as the module's assembly
does for its parts (:mod:`.assemble`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any


def stamp(source: Path, out: Path, info: Mapping[str, str], identifier: bytes) -> None:
    """Write ``source`` to ``out`` with ``info`` added to its Info dict and ``identifier``
    as the first half of its ``/ID``."""
    import pikepdf

    with pikepdf.open(source) as pdf:
        save(pdf, out, info, identifier)


def save(pdf: Any, out: Path | IO[bytes], info: Mapping[str, str], identifier: bytes | None,
         version: str | None = None) -> None:
    """Save the pikepdf ``pdf`` to ``out`` (a file or a stream) as every PDF of the
    build is saved: ``info`` added to its Info dict, ``identifier`` (when given) the
    first half of its ``/ID`` (qpdf keeps it and derives the second half from the
    content, so the bytes depend on nothing but the content), its own PDF version (or
    ``version``), objects in streams."""
    import pikepdf

    for name, text in info.items():
        pdf.trailer.Info[f"/{name}"] = pikepdf.String(text)
    if identifier is not None:
        pdf.trailer.ID = pikepdf.Array([pikepdf.String(identifier)] * 2)
    pdf.save(out, deterministic_id=True, force_version=version or pdf.pdf_version,
             object_stream_mode=pikepdf.ObjectStreamMode.generate,
             fix_metadata_version=False)
