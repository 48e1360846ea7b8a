"""A dist folder as a test compares it: every file's bytes, and hidden ``.part`` files."""

from __future__ import annotations

from pathlib import Path


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` (in sub-folders and hidden ones too), by its path
    relative to ``out``, with its bytes."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file()}


def part_files(out: Path) -> list[str]:
    """The names of the temporary ``.part`` files in ``out``: what an interrupted write
    may leave behind, and a clean failure never does."""
    return sorted(p.name for p in out.iterdir() if p.name.endswith(".part"))
