"""Shared fixtures: the fixture courses and a build context that writes into tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wog_build.context import BuildContext, make_context
from wog_build.document import Document
from wog_build.loader import load_course

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
FULL_COURSE = FIXTURES / "full" / "course.yaml"


SERIAL_ENV = "WOG_BUILD_SERIAL"
TOOLS_ENV = "WOG_BUILD_TOOLS"


BUILD_MODULES = {"test_release", "test_rebuild", "test_sync", "test_wog_course", "test_handout",
                 "test_slides", "test_cli", "test_guide", "test_quiz_export", "test_install"}
"""Modules whose tests build outputs (besides those marked ``slow``)."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark ``build`` every test that renders a module or deck (``slow``, or in a module of
    builds, or one of the bad-input builds), so ``pytest -m "not build"`` (``make
    test-fast``) is the edit-test loop's fast lane."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if (item.get_closest_marker("slow") or module in BUILD_MODULES
                or item.name.startswith(("test_build_leaves", "test_real_command"))):
            item.add_marker(pytest.mark.build)


@pytest.fixture(scope="session", autouse=True)
def serial_builds_in_process():
    """Builds inside the test process run in one process: a forked worker would inherit
    pytest-xdist's channel to its controller, which does not survive a fork.  Builds run
    through the command line in a subprocess (``cli_env``) keep their parallel worker,
    as authors run them."""
    previous = {name: os.environ.get(name) for name in (SERIAL_ENV, TOOLS_ENV)}
    os.environ[SERIAL_ENV] = "1"
    # as on a machine without LibreOffice: the handouts take seconds each, so only the
    # tests that ask for them (tests/test_handout.py) build them
    os.environ[TOOLS_ENV] = "0"
    yield
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for ``python -m wog_build`` in a subprocess: as an author has it,
    but without the LibreOffice outputs (seconds each; tests/test_handout.py builds them)
    unless ``WOG_BUILD_TOOLS="1"`` is passed."""
    env = {k: v for k, v in os.environ.items() if k not in (SERIAL_ENV, "SOURCE_DATE_EPOCH")}
    env[TOOLS_ENV] = "0"
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def full_course() -> Document:
    return load_course(FULL_COURSE)


def context_for(course: Document, out_dir: Path) -> BuildContext:
    return make_context(course, out_dir)
