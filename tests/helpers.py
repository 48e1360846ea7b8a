"""Small helpers for tests that write course sources."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import ROOT


def readme_example() -> str:
    """The complete minimal course shown in the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### A complete minimal course", 1)[1]
    match = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert match, "the README lost its example course"
    return match.group(1)


def write_course(folder: Path, text: str, name: str = "course.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
