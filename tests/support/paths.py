"""Where things are: the repository, the fixture courses, the WoG course and the
bad-input corpus."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
LAYOUTS = ROOT / "layouts"
FIXTURES = TESTS / "fixtures"
FULL = FIXTURES / "full"
"""The fixture course with every block kind: the one most tests build."""
FULL_COURSE = FULL / "course.yaml"
WOG = ROOT / "source" / "wog" / "course.yaml"
"""The first real course, Whole of Government."""
BAD = TESTS / "bad"
"""The bad-input corpus: one author mistake per folder (see its README)."""
BAD_BASE = BAD / "_base" / "course.yaml"
"""The valid course every bad-input case is one mistake away from."""
