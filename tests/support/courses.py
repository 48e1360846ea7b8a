"""Course sources for tests: write one into a folder, copy a fixture course, the README's
example.

Tests that change a course always work on a private copy (``tmp_path``): the fixtures in
``tests/fixtures/`` are shared by every test and every xdist worker.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .paths import FULL, ROOT


def write_course(folder: Path, text: str, name: str = "course.yaml") -> Path:
    """Write ``text`` as ``folder/name`` (the folder is made if missing); its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def copy_course(folder: Path, source: Path = FULL) -> Path:
    """Copy the course folder ``source`` (the full fixture unless told) to ``folder``;
    the path of the copy's ``course.yaml``."""
    shutil.copytree(source, folder)
    return folder / "course.yaml"


def readme_example() -> str:
    """The complete minimal course shown in the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### A complete minimal course", 1)[1]
    match = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert match, "the README lost its example course"
    return match.group(1)


@contextmanager
def private_folder(name: str, source: Path | None = None) -> Iterator[Path]:
    """A folder ``name`` in a fresh temporary directory, a copy of ``source`` (or empty),
    removed afterwards: for module-scoped fixtures and Hypothesis tests, which cannot use
    the function-scoped ``tmp_path``."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / name
        if source is None:
            folder.mkdir()
        else:
            shutil.copytree(source, folder)
        yield folder
