"""Release artifacts: every course built, proven in sync, with checksums and a manifest.

A training institute must be able to say which module version a class used and get
back exactly the same file from the same tag, so the release folder holds only
reproducible bytes: the artifacts, ``SHA256SUMS`` and a ``manifest.json`` without
timestamps.  The release folder is assembled beside its final place and swapped in
whole, so a failed release never leaves a half-written one.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__, build, sync
from .context import make_context
from .document import Document
from .errors import BuildFailed, OutOfSync
from .loader import load_course
from .options import Options
from .pipeline.lock import build_lock
from .writers.registry import select as select_writers

TAG = re.compile(r"^(?:(?P<course>[a-z0-9][a-z0-9-]*)-)?v(?P<version>[0-9A-Za-z][0-9A-Za-z.+-]*)$")


@dataclass(frozen=True)
class Artifact:
    path: Path
    sha256: str
    size: int


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def select(courses: list[Document], tag: str | None) -> list[Document]:
    """The courses a tag releases: ``v1.0.0`` all (each must be at 1.0.0), ``wog-v1.0.0``
    one.  A tag that does not match the source's version is refused, never guessed."""
    if not tag:
        return courses
    match = TAG.match(tag)
    if not match:
        raise BuildFailed(f"tag '{tag}' is not a release tag; use v<version> "
                          "(e.g. v1.0.0) or <course-id>-v<version>")
    wanted = match.group("course")
    chosen = [c for c in courses if wanted in (None, c.id)]
    if not chosen:
        raise BuildFailed(f"tag '{tag}' names course '{wanted}', which is not in source/")
    for course in chosen:
        if course.meta.version != match.group("version"):
            raise BuildFailed(
                f"tag '{tag}' does not match course '{course.id}' version "
                f"{course.meta.version}; set meta.version to {match.group('version')} "
                f"or tag v{course.meta.version}")
    return chosen


def make_release(course_files: list[Path], release_dir: Path, tag: str | None = None,
                 dist: Path | None = None, options: Options | None = None) -> dict[str, Any]:
    """Build every course with every registered writer, prove each in sync, and swap in a
    release folder holding their outputs, ``SHA256SUMS`` and ``manifest.json``."""
    options = options or Options()
    if release_dir.exists() and (not release_dir.is_dir() or (
            any(release_dir.iterdir()) and not (release_dir / "manifest.json").is_file())):
        raise BuildFailed(f"{release_dir} is not an earlier release folder (it has no "
                          "manifest.json), and a release replaces its folder whole; "
                          "choose a new or empty folder with --release-dir")
    chosen = select([load_course(f, options.layouts, strict=options.strict,
                                 options=options)
                     for f in course_files], tag)
    selection = select_writers(None, dict(options.tools))
    writers = selection.writers
    staging = release_dir.with_name(f".{release_dir.name}.part")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    entries = []
    try:
        for doc in chosen:
            ctx = make_context(doc, dist / doc.id if dist else None, options=options)
            files = []
            # the course's folder is held from its build until its outputs are copied
            with build_lock(ctx.out_dir, doc.id, options.wait):
                build.build(doc, ctx)
                report = sync.check_course(doc, ctx, writers)
                if not report.ok:
                    raise OutOfSync(sync.problems(report))
                for writer in writers:
                    artifact = writer.path(ctx)
                    target = staging / artifact.name
                    shutil.copyfile(artifact, target)
                    files.append({"name": artifact.name, "output": writer.name,
                                  "size": target.stat().st_size, "sha256": sha256(target)})
            entries.append({"id": doc.id, "title": doc.meta.title,
                            "version": doc.version, "source_digest": report.digest_source,
                            "files": files})
        manifest: dict[str, Any] = {"tool": "wog-build", "tool_version": __version__,
                                    "tag": tag or "", "courses": entries}
        if selection.skipped:  # said in the manifest, so a release never hides a gap
            manifest["skipped"] = selection.skipped
        (staging / "manifest.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        sums = sorted((sha256(p), p.name) for p in staging.iterdir() if p.is_file())
        (staging / "SHA256SUMS").write_text("".join(f"{h}  {n}\n" for h, n in sums),
                                            encoding="utf-8")
        old = release_dir.with_name(f".{release_dir.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if release_dir.exists():
            release_dir.rename(old)
        staging.rename(release_dir)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest
