"""No-op rebuilds: a record, beside the outputs, of the inputs each output was built from.

An author rebuilds after every edit and CI rebuilds every course on every push; when
nothing an output depends on has changed (course files, included files and images,
``layouts/``, the tool's version), the build does no work at all.  The check must stay
far cheaper than a build, so it reads the record and hashes the files it lists: it
never parses the course or imports a renderer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from . import __version__

STAMP_NAME = ".wog-build-stamp.json"


def layout_files(layouts: Path) -> list[Path]:
    return sorted(p for p in layouts.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def inputs_digest(course_files: Iterable[Path], root: Path, layouts: Path) -> str:
    """sha256 over the course's files, the layouts and the tool version.

    Paths enter relative to their folder, so the checkout's location does not matter.
    """
    h = hashlib.sha256()
    h.update(f"wog-build {__version__}\n".encode())
    entries = [("course", Path(f), root) for f in course_files]
    entries += [("layouts", f, layouts) for f in layout_files(layouts)]
    for kind, path, base in sorted(entries, key=lambda e: (e[0], str(e[1].relative_to(e[2])))):
        data = path.read_bytes()
        h.update(f"{kind}/{path.relative_to(base).as_posix()} {len(data)}\n".encode())
        h.update(data)
    return h.hexdigest()


def _stamp_path(out_dir: Path) -> Path:
    return out_dir / STAMP_NAME


def record(out_dir: Path, kind: str, output: Path, digest: str, course_files: Iterable[Path],
           root: Path, layouts: Path) -> None:
    """Note that ``output`` (kind 'pdf' or 'pptx') was built from inputs with ``digest``."""
    path = _stamp_path(out_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    stat = output.stat()
    data.update({"root": str(root), "layouts": str(layouts),
                 "files": [str(Path(f).relative_to(root)) for f in course_files]})
    data.setdefault("outputs", {})[kind] = {
        "path": str(output), "digest": digest, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    path.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")


def up_to_date(out_dir: Path, kinds: Iterable[str], root: Path, layouts: Path) -> bool:
    """Whether every output of ``kinds`` exists, untouched, and was built from the inputs
    as they are now (the same course folder and layouts)."""
    try:
        data = json.loads(_stamp_path(out_dir).read_text(encoding="utf-8"))
        if data["root"] != str(root) or data["layouts"] != str(layouts):
            return False
        digest = inputs_digest([root / f for f in data["files"]], root, layouts)
        for kind in kinds:
            out = data["outputs"][kind]
            stat = Path(out["path"]).stat()
            if (out["digest"], out["size"], out["mtime_ns"]) != (
                    digest, stat.st_size, stat.st_mtime_ns):
                return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True
