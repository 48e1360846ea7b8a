"""A dist folder as a test compares it: every file's bytes, and hidden ``.part`` files."""

from __future__ import annotations

from pathlib import Path

CACHE = ".cache"
"""The module's parts kept for the next build (``pdf/parallel.py``): not an output, and a
build that fails after the module was laid out may leave its parts there for the next."""


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` (in sub-folders and hidden ones too) but the parts'
    cache, by its path relative to ``out``, with its bytes."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.relative_to(out).parts[0] != CACHE}


def part_files(out: Path) -> list[str]:
    """The names of the temporary ``.part`` files in ``out``: what an interrupted write
    may leave behind, and a clean failure never does."""
    return sorted(p.name for p in out.iterdir() if p.name.endswith(".part"))
