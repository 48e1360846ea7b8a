"""Shared fixtures: the fixture courses and a build context that writes into tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from wog_build.context import BuildContext, make_context
from wog_build.loader import load_course
from wog_build.model import Course

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
FULL_COURSE = FIXTURES / "full" / "course.yaml"


@pytest.fixture(scope="session")
def full_course() -> Course:
    return load_course(FULL_COURSE)


def context_for(course: Course, out_dir: Path) -> BuildContext:
    return make_context(course, out_dir)
