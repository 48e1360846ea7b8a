"""What passes ``validate`` builds: no table, options or score bands an author may write
can pass the checks and then make the build fail (exit 1).

Before the shape checks, a table row with an unquoted comma (one cell more than the
header) passed ``validate`` and crashed the build with ``IndexError``, exit 1, no
location.  Hypothesis writes tables (rows of any width, typed as flow lists by hand, so
commas split cells, or quoted), questions (option keys that may repeat, answers that
may miss) and feedback bands (any ranges) into the small valid course; whenever
``validate`` accepts the result, ``build`` must exit 0 and its outputs prove in sync.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from wog_build.cli import main
from wog_build.errors import EXIT_INVALID_SOURCE, EXIT_OK
from wog_build.options import SERIAL_ENV, TAGGED_ENV
from wog_build.writers.registry import writers

from .support.courses import private_folder
from .support.paths import BAD_BASE

pytestmark = pytest.mark.slow

BASE = BAD_BASE
BLOCK_AT = "          - note: Catatan untuk peserta."
QUESTION = """    - kind: true_false
      indicator: ind-a
      question: Konsep A itu penting.
      answer: true"""

WORD = st.text(st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=8)
CELL = st.lists(WORD, min_size=1, max_size=3).map(" ".join)
"""Text an author types in a cell; a comma between cells comes from the row's form."""


@st.composite
def table(draw: st.DrawFn) -> str:
    width = draw(st.integers(1, 4))
    header = [draw(CELL) for _ in range(width)]
    lines = ["          - table: Tabel uji", f"            header: {json.dumps(header)}",
             "            rows:"]
    for _ in range(draw(st.integers(1, 4))):
        cells = draw(st.lists(CELL, min_size=1, max_size=5))
        if draw(st.booleans()):  # typed by hand: ', ' inside a cell splits it
            if draw(st.booleans()):
                cells = [", ".join(cells[:2]), *cells[2:]]
            lines.append("              - [" + ", ".join(cells) + "]")
        else:
            lines.append("              - " + json.dumps(cells, ensure_ascii=False))
    return "\n".join(lines)


@st.composite
def question(draw: st.DrawFn) -> str:
    keys = draw(st.lists(st.sampled_from("ABCD"), min_size=1, max_size=4))
    options = "\n".join(f"        - {{key: {k}, text: {json.dumps(draw(CELL))}}}"
                        for k in keys)
    answer = draw(st.sampled_from([*keys, "E"]))
    return ("    - kind: multiple_choice\n      indicator: ind-a\n"
            f"      question: Mana yang benar?\n      options:\n{options}\n"
            f"      answer: {answer}")


@st.composite
def bands(draw: st.DrawFn) -> str:
    cuts = sorted(draw(st.sets(st.integers(1, 100), max_size=3)))
    ranges = [(a, b - 1) for a, b in zip([0, *cuts], [*cuts, 101], strict=True)]
    if draw(st.booleans()):  # sometimes nudge one edge: an overlap or a gap
        k = draw(st.integers(0, len(ranges) - 1))
        a, b = ranges[k]
        ranges[k] = (max(0, a + draw(st.integers(-3, 3))), b)
    rules = "\n".join(f"    - {{min_score: {a}, max_score: {b}, level: L{i}, action: Lanjut.}}"
                      for i, (a, b) in enumerate(ranges))
    return f"feedback:\n  rules:\n{rules}\n"


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with private_folder("course") as path:
        yield path


EXAMPLES = int(os.environ.get("WOG_VALID_BUILD_EXAMPLES", "5"))


def validate_then_build(folder: Path, text: str, capsys: pytest.CaptureFixture[str]) -> bool:
    """Write ``text`` as the course; when ``validate`` accepts it, ``build`` must succeed
    and prove its outputs.  Says whether it built."""
    (folder / "course.yaml").write_text(text, encoding="utf-8")
    out = folder / "dist"
    shutil.rmtree(out, ignore_errors=True)
    with mock.patch.dict(os.environ, {TAGGED_ENV: "0", SERIAL_ENV: "1"}):
        code = main(["validate", str(folder / "course.yaml")])
        err = capsys.readouterr().err
        assert code in (EXIT_OK, EXIT_INVALID_SOURCE), err
        if code != EXIT_OK:
            assert err.strip().endswith("nothing was built"), err
            return False
        code = main(["build", str(folder / "course.yaml"), "--out", str(out), "--force"])
        err = capsys.readouterr().err
    assert code == EXIT_OK, f"{err}\n--- source ---\n{text}"
    # the sync report and every output that needs no optional program (tests run without
    # LibreOffice): the module, the deck, the guide and the quiz exports today
    assert sorted(p.suffix for p in out.iterdir() if not p.name.startswith(".")) == sorted(
        [".json", *(Path(w.suffix).suffix for w in writers() if w.tool is None)])
    return True


SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(block=table())
def test_tables_that_validate_build(folder, block, capsys):
    validate_then_build(folder, BASE.read_text(encoding="utf-8").replace(
        BLOCK_AT, block + "\n" + BLOCK_AT), capsys)


@SETTINGS
@given(q=question())
@example(q="    - kind: multiple_choice\n      indicator: ind-a\n      question: Mana yang benar?\n"
           "      options:\n        - {key: C, text: \"0\"}\n        - {key: A, text: \"0\"}\n"
           "      answer: C")  # found by Hypothesis: the proof looked for the letter 'C'
def test_questions_that_validate_build(folder, q, capsys):
    validate_then_build(folder, BASE.read_text(encoding="utf-8").replace(QUESTION, q), capsys)


@SETTINGS
@given(feedback=bands())
def test_feedback_bands_that_validate_build(folder, feedback, capsys):
    validate_then_build(folder, BASE.read_text(encoding="utf-8").replace(
        "evaluation:\n", feedback + "evaluation:\n"), capsys)
