"""Shared fixtures: the fixture courses, a build context that writes into tmp_path, the
deck's font widths.  The plain helpers the tests share are in ``tests/support/``."""

from __future__ import annotations

from pathlib import Path

import pytest

from wog_build.context import BuildContext, make_context
from wog_build.document import Document
from wog_build.loader import load_course

from .support.cli import SERIAL_ENV, TOOLS_ENV, cli_env  # noqa: F401  (older imports)
from .support.fit import FontWidths
from .support.paths import FIXTURES, FULL_COURSE, ROOT, TESTS  # noqa: F401  (older imports)

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
    with pytest.MonkeyPatch.context() as env:
        env.setenv(SERIAL_ENV, "1")
        # as on a machine without LibreOffice: the handouts take seconds each, so only
        # the tests that ask for them (tests/test_handout.py) build them
        env.setenv(TOOLS_ENV, "0")
        yield


@pytest.fixture(scope="session", autouse=True)
def templates_compiled_apart(tmp_path_factory: pytest.TempPathFactory):
    """The suite's compiled templates (``wog_build/templates.py``) are kept in a folder of
    its own, never in the user's cache; builds run through the command line inherit it."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        yield


@pytest.fixture(scope="session")
def full_course() -> Document:
    return load_course(FULL_COURSE)


def context_for(course: Document, out_dir: Path) -> BuildContext:
    return make_context(course, out_dir)


@pytest.fixture(scope="session")
def widths() -> FontWidths:
    """The deck's body font (the packaged layouts' ``sans``), measured with fontTools."""
    from wog_build.context import DEFAULT_LAYOUTS
    from wog_build.fonts import load_fonts

    return FontWidths(load_fonts(DEFAULT_LAYOUTS)["sans"].files)
