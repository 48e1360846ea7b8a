"""Byte-for-byte reproducible packaging of the deck.

python-pptx stamps zip entries with the current time; the same source must give the
same file, so the package is rewritten with the build date on every entry, a fixed
entry order (content types first, then the package relationships, then by name) and
fixed file attributes.  Core properties carry the source digest and the version, which
the sync proof reads back to tell which source a deck was built from.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from pptx.presentation import Presentation as PresentationType

FIRST = ("[Content_Types].xml", "_rels/.rels")
CORE_LIMIT = 255  # python-pptx refuses longer core-property strings


def _cap(text: str) -> str:
    return text if len(text) <= CORE_LIMIT else text[: CORE_LIMIT - 1].rstrip() + "\u2026"


def set_core_properties(prs: PresentationType, *, title: str, author: str, subject: str,
                        keywords: str, language: str, date: dt.datetime, digest: str,
                        version: str) -> None:
    cp = prs.core_properties
    cp.title = _cap(title)
    cp.author = _cap(author)
    cp.last_modified_by = _cap(author)
    cp.subject = _cap(subject)
    cp.keywords = _cap(keywords)
    cp.language = language
    naive = date.astimezone(dt.UTC).replace(tzinfo=None)
    cp.created = cp.modified = cp.last_printed = naive
    cp.revision = 1
    cp.identifier = digest
    cp.version = version
    cp.category = ""
    cp.comments = ""
    cp.content_status = ""


def deterministic_zip(data: bytes, date: dt.datetime) -> bytes:
    stamp = max(date.astimezone(dt.UTC), dt.datetime(1980, 1, 1, tzinfo=dt.UTC))
    when = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        infos = src.infolist()
        entries = {info.filename: src.read(info) for info in infos}
    if len(entries) != len(infos):  # two parts of one name: one would be lost here
        from collections import Counter

        from ..errors import BuildFailed

        twice = sorted(n for n, k in Counter(i.filename for i in infos).items() if k > 1)
        raise BuildFailed(f"internal: the deck holds {', '.join(twice[:3])} twice")
    order = [n for n in FIRST if n in entries] + sorted(n for n in entries if n not in FIRST)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            dst.writestr(info, entries[name], compresslevel=9)
    return out.getvalue()
