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


def stamp(source: Path, out: Path, info: Mapping[str, str], identifier: bytes) -> None:
    """Write ``source`` to ``out`` with ``info`` added to its Info dict and ``identifier``
    as the first half of its ``/ID`` (qpdf derives the second from the content)."""
    import pikepdf

    with pikepdf.open(source) as pdf:
        for name, text in info.items():
            pdf.trailer.Info[f"/{name}"] = pikepdf.String(text)
        pdf.trailer.ID = pikepdf.Array([pikepdf.String(identifier)] * 2)
        pdf.save(out, deterministic_id=True, force_version=pdf.pdf_version,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 fix_metadata_version=False)
