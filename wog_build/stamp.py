"""No-op rebuilds: a record, beside the outputs, of the inputs each output was built from.

An author rebuilds after every edit and CI rebuilds every course on every push; when
nothing an output depends on has changed (the course's main file, the files it
includes, its images, the layouts, the tool's version), the build does no work at all.
The check must stay far cheaper than a build, so it reads the record and hashes the
files it lists: it never parses the course or imports a writer.  The record is written
only after the outputs were proven in sync, so it never vouches for an unproven output.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from . import __version__

STAMP_NAME = ".wog-build-stamp.json"


def layout_files(layouts: Path) -> list[Path]:
    return sorted(p for p in layouts.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def inputs_digest(course_files: Iterable[Path], root: Path, layouts: Path,
                  extras: Iterable[Path] = ()) -> str:
    """sha256 over the course's files, the layouts and the tool version.

    Paths enter relative to their folder, so the checkout's location does not matter.
    """
    h = hashlib.sha256()
    h.update(f"wog-build {__version__}\n".encode())
    entries = [("course", Path(f), root) for f in course_files]
    entries += [("layouts", f, layouts) for f in layout_files(layouts)]
    for extra in map(Path, extras):  # a file (a template) or a folder (a theme)
        found = layout_files(extra) if extra.is_dir() else [extra]
        entries += [(f"extra:{extra.name}", f, extra if extra.is_dir() else extra.parent)
                    for f in found]
    def rel(path: Path, base: Path) -> str:  # a shared asset lies outside the course
        return Path(os.path.relpath(path, base)).as_posix()

    for kind, path, base in sorted(entries, key=lambda e: (e[0], rel(e[1], e[2]))):
        data = path.read_bytes()
        h.update(f"{kind}/{rel(path, base)} {len(data)}\n".encode())
        h.update(data)
    return h.hexdigest()


def _stamp_path(out_dir: Path) -> Path:
    return out_dir / STAMP_NAME


def _read(out_dir: Path) -> dict[str, object]:
    try:
        data = json.loads(_stamp_path(out_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def record(out_dir: Path, outputs: dict[str, Path], digest: str, course_file: Path,
           course_files: Iterable[Path], root: Path, layouts: Path,
           settings: dict[str, object], extras: Iterable[Path] = (),
           given: Iterable[Path] = (), assets: Path | None = None) -> None:
    """Note that each output (by writer name) was built, and proven, from inputs with
    ``digest``; other outputs' records are kept.  ``extras``: every input outside the
    course and the layouts; ``given``: those the options named (the next build's plan
    knows only these before it loads the course)."""
    data = _read(out_dir)
    if (data.get("main"), data.get("root"), data.get("layouts"), data.get("settings"),
            data.get("given", [])) != (course_file.name, str(root), str(layouts), settings,
                                       [str(e) for e in given]):
        data = {}
    data.update({"root": str(root), "layouts": str(layouts), "main": course_file.name,
                 "settings": settings,
                 "extras": [str(e) for e in extras], "given": [str(e) for e in given],
                 "assets": str(assets) if assets is not None else None,
                 "files": [os.path.relpath(f, root) for f in course_files]})
    entries = data.setdefault("outputs", {})
    assert isinstance(entries, dict)
    for name, output in outputs.items():
        stat = output.stat()
        entries[name] = {"path": output.name, "digest": digest, "size": stat.st_size,
                         "mtime_ns": stat.st_mtime_ns}
    _stamp_path(out_dir).write_text(json.dumps(data, indent=1, sort_keys=True),
                                    encoding="utf-8")


def up_to_date(out_dir: Path, kinds: Iterable[str], course_file: Path, layouts: Path,
               settings: dict[str, object], extras: Iterable[Path] = ()) -> bool:
    """Whether every output of ``kinds`` exists in ``out_dir``, untouched, and was built
    and proven from the inputs as they are now (the same main file, course folder,
    layouts and byte-changing settings)."""
    root = course_file.resolve().parent
    data = _read(out_dir)
    try:
        if (data["main"], data["root"], data["layouts"], data["settings"]) != (
                course_file.name, str(root), str(layouts), settings):
            return False
        if data.get("given", []) != [str(e) for e in extras]:
            return False
        recorded = data.get("extras", [])
        if not isinstance(recorded, list):
            return False
        extras = [Path(str(e)) for e in recorded]
        files = [root / str(f) for f in data["files"]]  # type: ignore[attr-defined]
        assets = data.get("assets")
        if not all(f.resolve().is_relative_to(root) or (
                isinstance(assets, str) and f.resolve().is_relative_to(assets)) for f in files):
            return False  # a record that names files outside the course is not ours
        digest = inputs_digest(files, root, layouts, extras)
        for kind in kinds:
            out = data["outputs"][kind]  # type: ignore[index]
            name = Path(out["path"]).name  # only a name: never a path the stamp points at
            stat = (out_dir / name).stat()
            if (out["digest"], out["size"], out["mtime_ns"]) != (
                    digest, stat.st_size, stat.st_mtime_ns):
                return False
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return True
