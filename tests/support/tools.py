"""System programs some tests need (LibreOffice, qpdf, poppler, Node): a test whose
program is missing is skipped and says which one and how to get it, never passed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

INSTALL = {
    "soffice": "LibreOffice (soffice): apt-get install libreoffice-impress",
    "qpdf": "qpdf: apt-get install qpdf",
    "pdftotext": "pdftotext: apt-get install poppler-utils",
    "pdftoppm": "pdftoppm: apt-get install poppler-utils",
    "pdffonts": "pdffonts: apt-get install poppler-utils",
    "node": "Node: .ci/run installs it",
    "make": "make: apt-get install make",
}
"""What to install for each program (`.ci/run` installs them all)."""


def missing(*tools: str) -> list[str]:
    """The programs of ``tools`` that are not on PATH."""
    return [tool for tool in tools if shutil.which(tool) is None]


def _reason(tools: list[str]) -> str:
    return "missing " + "; ".join(INSTALL.get(tool, tool) for tool in tools)


def needs(*tools: str) -> pytest.MarkDecorator:
    """A mark: skip the test, saying why, unless every one of ``tools`` is on PATH."""
    lacking = missing(*tools)
    return pytest.mark.skipif(bool(lacking), reason=_reason(lacking))


def require(*tools: str) -> None:
    """Inside a test or fixture: skip it, saying why, unless every one of ``tools`` is
    on PATH."""
    lacking = missing(*tools)
    if lacking:
        pytest.skip(_reason(lacking))


def soffice_convert(path: Path, out: Path, to: str = "pdf") -> Path:
    """Convert ``path`` (a deck) with headless LibreOffice into ``out`` (its own profile
    there, so parallel runs do not share one); the converted file. Fails the test with
    LibreOffice's own words when it cannot."""
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{out / 'lo-profile'}",
                           "--headless", "--convert-to", to, "--outdir", str(out), str(path)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return out / f"{path.stem}.{to}"
