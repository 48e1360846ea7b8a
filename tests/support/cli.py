"""Running ``wog-build``: as an author does, in a subprocess, or in-process.

A subprocess is the real thing (its own environment, exit code, a traceback would
really show); ``wog_build.cli.main`` in-process is quick and lets a test monkeypatch
the renderers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from wog_build.cli import main

from .paths import ROOT

SERIAL_ENV = "WOG_BUILD_SERIAL"
"""Set by ``tests/conftest.py`` for the whole session: builds inside the test process
run in one process (see the fixture ``serial_builds_in_process``)."""
TOOLS_ENV = "WOG_BUILD_TOOLS"
"""``0`` builds no output that needs an outside program (the handouts' LibreOffice)."""


_NOT_AN_AUTHORS = (SERIAL_ENV, "SOURCE_DATE_EPOCH", "WOG_BUILD_DEBUG")


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for ``python -m wog_build`` in a subprocess: as an author has it
    (without the test session's serial switch, a reproducible-build date, or the debug
    switch that would print tracebacks the tests look for), but without the LibreOffice
    outputs (seconds each; tests/test_handout.py builds them) unless
    ``WOG_BUILD_TOOLS="1"`` is passed; ``extra`` is added on top."""
    env = {k: v for k, v in os.environ.items() if k not in _NOT_AN_AUTHORS}
    env[TOOLS_ENV] = "0"
    env.update(extra)
    return env


def cli_command(*args: str) -> list[str]:
    """The command line of ``wog-build args...``, run by this very Python."""
    return [sys.executable, "-m", "wog_build", *args]


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``wog-build args...`` in a subprocess (environment :func:`cli_env` with ``env``
    on top) and return it finished, its output captured as text."""
    return subprocess.run(cli_command(*args), cwd=cwd, env=cli_env(**(env or {})),
                          capture_output=True, text=True, timeout=timeout)


class Ran(NamedTuple):
    """An in-process run: exit code and what it printed."""

    code: int
    out: str
    err: str


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> Ran:
    """Run ``wog_build.cli.main(args)`` in this process and return its exit code and
    what it printed, and only that: whatever ``capsys`` held before is dropped first."""
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return Ran(code, captured.out, captured.err)
