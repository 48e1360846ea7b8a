"""Whatever an author's editor does to a valid course file, the loader answers in words.

Random mutations of the fixture course (a deleted, duplicated or swapped line, shifted or
tabbed indentation, a value of another type, stray bytes, a cut-off file) must either
still load, or raise :class:`CourseInvalid` whose every error points at a real place in
a real file with a non-empty message: never a traceback.

Profiles live in :mod:`tests.hypothesis_profiles` (``HYPOTHESIS_PROFILE=thorough`` for
10 000 examples per property).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wog_build.document import Document
from wog_build.errors import CourseInvalid
from wog_build.loader import load_course

from . import hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from .support.courses import private_folder
from .support.paths import FIXTURES
from .support.paths import WOG as WOG_COURSE

SOURCE = FIXTURES / "full"
FILES = ("course.yaml", "bab2.yaml")

REPLACEMENT_VALUES = [
    "123", "1.5", "-7", "true", "no", "null", "~", "[]", "{}", '""', "''", "2026-13-45",
    "2026-02-30", "0x_", "1e999", ".nan", "- a", "&a x", "*a", "!!python/name:os.system",
    "!!binary aGVsbG8=", "!!set {a}", "|", ">", "'", '"', "[", "{", "@x", "%x", "`x", "? a",
    "<< : {}", "[@nope]", "[](#nope)", "[x](file:///etc/passwd)", "a: b: c", "\t", "---",
    "...", "#", "a" * 300,
]


@st.composite
def mutation(draw: st.DrawFn) -> tuple:
    kind = draw(st.sampled_from(
        ["delete", "duplicate", "swap", "indent", "dedent", "tab", "value", "bytes",
         "truncate"]))
    return (kind, draw(st.integers(0, 10_000)), draw(st.integers(0, 10_000)),
            draw(st.sampled_from(REPLACEMENT_VALUES)), draw(st.binary(min_size=1, max_size=6)),
            draw(st.integers(1, 6)))


def mutate(raw: bytes, change: tuple) -> bytes:
    """Apply one editor accident; line indices wrap so every draw hits a real line."""
    kind, i, j, value, junk, width = change
    lines = raw.split(b"\n")
    n = len(lines)
    a, b = i % n, j % n
    if kind == "delete":
        del lines[a]
    elif kind == "duplicate":
        lines.insert(a, lines[a])
    elif kind == "swap":
        lines[a], lines[b] = lines[b], lines[a]
    elif kind == "indent":
        lines[a] = b" " * width + lines[a]
    elif kind == "dedent":
        lines[a] = lines[a][min(width, len(lines[a]) - len(lines[a].lstrip(b" "))):]
    elif kind == "tab":
        stripped = lines[a].lstrip(b" ")
        lines[a] = b"\t" + stripped if stripped else lines[a]
    elif kind == "value":
        key, sep, _ = lines[a].partition(b": ")
        lines[a] = key + b": " + value.encode() if sep else lines[a] + b" " + value.encode()
    elif kind == "bytes":
        offset = i % (len(raw) + 1)
        return raw[:offset] + junk + raw[offset:]
    elif kind == "truncate":
        return raw[: i % (len(raw) + 1)]
    return b"\n".join(lines)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with private_folder("course", SOURCE) as folder:
        yield folder


def assert_answers_in_words(folder: Path) -> None:
    try:
        course = load_course(folder / "course.yaml")
    except CourseInvalid as exc:
        assert exc.errors, "CourseInvalid without a single error"
        texts = {Path(f).name: (folder / f).read_bytes().decode("utf-8", "replace")
                 for f in FILES}
        for err in exc.errors:
            assert err.file, err
            assert err.line >= 1 and err.column >= 1, err
            assert err.message.strip() and "\n" not in err.message, err
            name = Path(err.file).name
            if name in texts:  # the place exists in the file it names
                assert err.line <= texts[name].count("\n") + 1, err
    else:
        assert isinstance(course, Document)


@given(target=st.sampled_from(FILES), changes=st.lists(mutation(), min_size=1, max_size=3))
@example(target="course.yaml", changes=[("value", 7, 0, "2026-13-45", b"x", 1)])
@example(target="course.yaml", changes=[("value", 2, 0, "[" * 5, b"x", 1)])
@example(target="bab2.yaml", changes=[("bytes", 0, 0, "x", b"\xff\xfe", 1)])
def test_mutated_sources_load_or_fail_in_words(workdir, target, changes):
    original = (SOURCE / target).read_bytes()
    raw = original
    for change in changes:
        raw = mutate(raw, change)
    (workdir / target).write_bytes(raw)
    try:
        assert_answers_in_words(workdir)
    finally:
        (workdir / target).write_bytes(original)


@given(text=st.text(max_size=200))
def test_any_text_as_a_paragraph_loads_or_fails_in_words(workdir, text):
    """Any text an author may type (quoted, so YAML keeps it whole) into a paragraph."""
    original = (SOURCE / "bab2.yaml").read_bytes()
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    mutated = original.replace(b"- Pengantar bab konsep.", b"- " + quoted.encode("utf-8",
                                                                               "surrogatepass"))
    assert mutated != original
    (workdir / "bab2.yaml").write_bytes(mutated)
    try:
        assert_answers_in_words(workdir)
    finally:
        (workdir / "bab2.yaml").write_bytes(original)


def test_unmutated_fixture_loads(workdir):
    assert isinstance(load_course(workdir / "course.yaml"), Document)


# --- the two silent losses: ' #' after text, and an out-dented first list item ----------

PLAIN_TEXT = re.compile(r"^ *(?:- +|[a-z_]+: +)(?![\"'\[{>|&*!%@`#-])[^#:\"'\n]*\w \w[^#:\"'\n]*$")
"""A line whose value is unquoted text of two words or more (no ':', '#' or quotes)."""
PLAIN_ITEM = re.compile(r"^ *- +(?![\"'\[{>|&*!%@`#-])[^#:\"'\n]*\w[^#:\"'\n]*$")
"""A list item of unquoted text."""


WOG = WOG_COURSE.parent
WOG_FILES = tuple(sorted(p.name for p in WOG.glob("*.yaml")))


def _hash_sites(name: str) -> list[tuple[int, int]]:
    """(line index, offset) of every word after the first in plain text values."""
    lines = (SOURCE / name).read_text(encoding="utf-8").split("\n")
    sites = []
    for i, line in enumerate(lines):
        if not PLAIN_TEXT.match(line):
            continue
        value_at = re.match(r"^ *(?:- +|[a-z_]+: +)", line)
        assert value_at
        sites += [(i, m.start(1)) for m in re.finditer(r" (\w)", line)
                  if m.start() > value_at.end()]
    return sites


def _lists(name: str) -> list[tuple[int, int]]:
    """(first item, last item) line indices of block lists of plain one-line text items
    directly under a 'key:' (or '- key:') line, two or more items long, in the WoG
    course (the fixture's lists are too short to fold)."""
    lines = (WOG / name).read_text(encoding="utf-8").split("\n")
    found = []
    i = 1
    while i < len(lines):
        key = re.match(r"^( *(?:- +)?)[a-z_]+:$", lines[i - 1])
        item = re.match(r"^( *)- ", lines[i])
        if key and item and len(item.group(1)) == len(key.group(1)) + 2:
            j = i
            while j < len(lines) and lines[j].startswith(item.group(0)) and PLAIN_ITEM.match(
                    lines[j]):
                j += 1
            if j - i >= 2:
                found.append((i, j - 1))
            i = j + 1
        else:
            i += 1
    return found


HASH_SITES = [(name, site) for name in FILES for site in _hash_sites(name)]
LISTS = [(name, span) for name in WOG_FILES for span in _lists(name)]


def problems_of(folder: Path) -> list[tuple[str, int]]:
    """(file name, line) of every error or warning loading the course gives."""
    try:
        doc = load_course(folder / "course.yaml")
    except CourseInvalid as exc:
        return [(Path(e.file).name, e.line) for e in exc.errors]
    return [(Path(w.file).name, w.line) for w in doc.warnings]


def test_the_mutation_sites_exist():
    assert len(HASH_SITES) >= 20 and len(LISTS) >= 3


@given(site=st.sampled_from(HASH_SITES))
def test_hash_after_text_is_never_silent(workdir, site):
    """' #' typed before a word of unquoted text makes the rest of the line a comment:
    a warning (or an error) at that very line, never a silently shorter text."""
    name, (i, offset) = site
    original = (SOURCE / name).read_bytes()
    lines = original.decode("utf-8").split("\n")
    lines[i] = lines[i][:offset] + "#" + lines[i][offset:]
    (workdir / name).write_bytes("\n".join(lines).encode("utf-8"))
    try:
        assert (name, i + 1) in problems_of(workdir), lines[i]
    finally:
        (workdir / name).write_bytes(original)


@pytest.fixture(scope="module")
def wogdir() -> Iterator[Path]:
    with private_folder("wog", WOG) as folder:
        yield folder


@settings(max_examples=min(30, len(LISTS)))
@given(span=st.sampled_from(LISTS))
def test_outdented_first_item_is_never_silent(wogdir, span):
    """A list's first '- ' out-dented by two spaces folds the items below it into its
    text: a warning or an error inside the list, never fewer items in silence."""
    name, (first, last) = span
    original = (WOG / name).read_bytes()
    lines = original.decode("utf-8").split("\n")
    lines[first] = lines[first][2:]
    (wogdir / name).write_bytes("\n".join(lines).encode("utf-8"))
    try:
        assert any(f == name and first + 1 <= line <= last + 1
                   for f, line in problems_of(wogdir)), lines[first:last + 1]
    finally:
        (wogdir / name).write_bytes(original)
