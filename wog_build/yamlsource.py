"""Reading course YAML into plain data while remembering where every value was written.

PyYAML's composer gives every node its position; we turn nodes into plain Python data
ourselves, so that only plain scalars, mappings and lists can ever come out (no object
construction, no aliases to expand), duplicate keys are reported, and every value's
``file:line:column`` stays on record in a :class:`SourceMap` for later error messages.
Includes (``- include: bab2.yaml``) are spliced in here, so later stages see one tree
whose locations still point into the right file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from .errors import CourseInvalid, SourceError, warning

try:
    import yaml.cyaml as _cyaml

    _CParser: Any = getattr(_cyaml, "CParser", None)
except ImportError:  # PyYAML built without LibYAML: the Python parser alone
    _CParser = None
_Events: Any = _CParser or yaml.parser.Parser

Path_ = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_TEXT_CHARS = 100_000
"""One piece of text longer than this (some 30 printed pages in one paragraph) is a
mistake (a pasted file, a missing line break), not a course: refused where it starts."""
_SURROGATE = re.compile("[\ud800-\udfff]")
"""Half of a UTF-16 pair: only an escape (``"\\ud83d"``) can write one; no output can
encode it."""
_TRAILING_COMMENT = re.compile(r"( +)#(.*)")
"""What follows unquoted text on its line when YAML read the rest as a comment."""
MAX_VALUES = 500_000
"""Values (every section, key point, block, line of text and key's value) the course may
hold once its includes are expanded: ten times the largest course this tool was measured
on (10,000 sections).  Includes of includes multiply (a file that includes another ten
times, itself included ten times, ...), so a few kilobytes of YAML could expand to
millions of sections and gigabytes of memory; the count stops the read as it passes."""
MAX_DEPTH = 64
"""Deeper nesting than any course needs (a real one stays under 25 levels); refused
before the composer's recursion can overflow the stack."""


class ExpansionLimit(CourseInvalid):
    """The expanded course passed :data:`MAX_VALUES`: the read stops at once (an include
    that fails otherwise is reported and the read goes on)."""


@dataclass(frozen=True)
class Mark:
    file: str
    line: int  # 1-based
    column: int  # 1-based
    start: int  # character offsets into the file's text
    end: int


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of the loaded tree was written."""

    values: dict[Path_, Mark] = field(default_factory=dict)
    keys: dict[Path_, Mark] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def at(self, path: Path_, key: bool = False) -> Mark:
        """The mark of the deepest written node on ``path`` (the key itself if asked)."""
        if key and tuple(path) in self.keys:
            return self.keys[tuple(path)]
        path = tuple(path)
        while path and path not in self.values:
            path = path[:-1]
        return self.values[path]

    def find(self, path: Path_, needle: str) -> Mark:
        """The mark of ``needle`` inside the value at ``path``, or the value's own mark."""
        mark = self.at(path)
        text = self.texts.get(mark.file, "")
        offset = text.find(needle, mark.start, max(mark.end, mark.start + len(needle)))
        if offset < 0:
            return mark
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return Mark(mark.file, line, column, offset, offset + len(needle))


def display_path(path: Path) -> str:
    """The path as the author would type it: relative to the working folder when inside."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


class _Refusing(yaml.composer.Composer):
    """A composer that refuses aliases where they are written, before any expansion,
    and nesting deeper than :data:`MAX_DEPTH`, before the recursion can overflow."""

    _depth = 0
    if TYPE_CHECKING:  # the parser's, either one's
        def check_event(self, *choices: Any) -> bool: ...
        def peek_event(self) -> Any: ...

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            line = event.start_mark.buffer[event.end_mark.pointer:].split("\n", 1)[0] \
                if event.start_mark.buffer else ""
            if line.strip() and not line.lstrip().startswith(("#", ",", "]", "}")):
                raise yaml.MarkedYAMLError(
                    problem=_starts_with("*", "an alias"), problem_mark=event.start_mark)
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (*name) are not allowed in a course file; "
                "write the content out in full",
                problem_mark=event.start_mark,
            )
        if self._depth >= MAX_DEPTH:
            raise yaml.MarkedYAMLError(
                problem=f"lists and keys are nested more than {MAX_DEPTH} levels deep here; "
                "a course never needs that many",
                problem_mark=self.peek_event().start_mark,
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Loader(_Refusing, yaml.SafeLoader):
    """The safe loader, all in Python: its errors are the ones the messages below are
    written for, so a file the fast loader refuses is read again with it."""


class _FastLoader(_Refusing, _Events, SafeConstructor, Resolver):
    """The same safe reading with LibYAML's scanner and parser (C): a course of a few
    thousand lines is read in a tenth of the time, the same nodes at the same lines and
    columns (tested against :class:`_Loader` on every course file of the tests); the
    composer, the refusals and the tags stay this module's own, in Python."""

    def __init__(self, stream: str) -> None:
        _CParser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def compose_scalar_node(self, anchor: Any) -> ScalarNode:
        node = super().compose_scalar_node(anchor)
        node.style = node.style or None  # a plain scalar: None, as the Python parser says
        return node


def _starts_with(char: str, meaning: str) -> str:
    return (f"a text cannot start with '{char}' unless quoted ('{char}' starts {meaning} in "
            "YAML); put the whole text in quotes (\"...\")")


def _tag(tag: str) -> str:
    """A tag as the author wrote it: ``!!python/name:os.system``, not its long form."""
    long_form = "tag:yaml.org,2002:"
    return "!!" + tag.removeprefix(long_form) if tag.startswith(long_form) else tag


def _err(file: str, line: int, col: int, message: str) -> CourseInvalid:
    return CourseInvalid([SourceError(file, line, col, message)])


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _decode(raw: bytes, name: str) -> str:
    if not raw.strip():
        raise _err(name, 1, 1, "the file is empty; a course file starts with 'id:' and 'meta:'")
    if len(raw) > MAX_FILE_BYTES:
        raise _err(name, 1, 1, f"the file is larger than {MAX_FILE_BYTES // 2**20} MB; "
                   "split the course into included files")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _err(name, 1, 1, "the file is saved as UTF-16; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _err(name, 1, 1, "the file starts with a byte-order mark (BOM); "
                   "save it as UTF-8 without BOM")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _position(raw[:nul].decode("utf-8", "replace"), nul)
        raise _err(name, line, col, "the file contains a NUL byte; is it a text file?")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", "replace")
        line, col = _position(prefix, len(prefix))
        raise _err(name, line, col, f"the file is not UTF-8 (byte 0x{raw[exc.start]:02X}); "
                   "save it as UTF-8") from None
    hidden = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if hidden:
        line, col = _position(text, hidden.start())
        raise _err(name, line, col, f"the file contains the invisible control character "
                   f"U+{ord(hidden.group()):04X} here, which YAML does not allow; delete it")
    for number, line_text in enumerate(text.split("\n"), 1):
        if len(line_text) > MAX_TEXT_CHARS:  # checked before the (slow) YAML scanner runs
            raise _err(name, number, 1, _too_long(len(line_text), "this line"))
    return text


def _too_long(chars: int, what: str) -> str:
    return (f"{what} is {chars:,} characters long; one text may hold at most "
            f"{MAX_TEXT_CHARS:,}: split it into paragraphs")


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    if "'\\t'" in problem or "\\t" in problem:
        return "a tab is used for indentation here; YAML needs spaces"
    if "quoted scalar" in context:
        return "a quote opened here is never closed"
    if "flow sequence" in context:
        return ("a list opened with '[' here is never closed with ']' "
                "(or an item in it needs quotes)")
    if "flow mapping" in context:
        return ("keys opened with '{' here are never closed with '}' "
                "(or a value in it needs quotes)")
    if "another document" in problem:
        return ("a second YAML document starts here ('---'); a course file holds one "
                "document: remove the '---' line")
    if "nested more than" in problem:
        return problem
    if "mapping values are not allowed" in problem:
        return ("unexpected ':' here; check the indentation, or put text that contains "
                "': ' in quotes")
    if "expected <block end>" in problem or "expected <block sequence end>" in problem:
        return "this line does not line up with the lines above; check its indentation"
    if "could not find expected ':'" in problem:
        return "a key here has no ':' after it; check the indentation or add the ':'"
    if "anchors and aliases" in problem or problem.startswith("a text cannot start"):
        return problem
    if "cannot start any token" in problem:
        char = problem.split("'")[1] if "'" in problem else "this character"
        return (f"text cannot start with '{char}' unquoted; put the whole text in quotes "
                "(\"...\")")
    if "found duplicate anchor" in problem:
        return "anchors (&name) are not allowed in a course file"
    if "scanning an anchor" in context or "scanning an alias" in context:
        return _starts_with("&" if "anchor" in context else "*", "an anchor or alias")
    if "scanning a tag" in context:
        return _starts_with("!", "a tag")
    if "scanning a directive" in context:
        return _starts_with("%", "a directive")
    if "scanning a block scalar" in context:
        return ("'|' or '>' opens a block of text and must end its line (the text goes on "
                "the lines below, indented); to begin a text with it, put the whole text in "
                "quotes (\"...\")")
    if "escape" in problem:
        return ("a '\\' in double-quoted text starts an escape such as \\n or \\\" and this "
                "one is not valid; write '\\\\' for a backslash, or use single quotes")
    return ("YAML cannot read this; check the indentation, and put text that starts with a "
            "special character or holds ': ' or ' #' in quotes (\"...\")")


def _unclosed_quote(text: str, before_line: int) -> tuple[int, int] | None:
    """The first line above an error with an odd number of double quotes where YAML
    really opened a quoted text: most syntax errors far below such a line come from a
    quote opened there and never closed (it swallowed lines up to the next quote).

    A quotation mark inside unquoted or ``>-`` text is just a character; a quotation
    that wraps over two lines there puts an odd count on each line, so the guess is
    trusted only when the scanner started a multi-line quoted text at that very place.
    """
    opened = _multiline_quotes(text)
    for number, line in enumerate(text.splitlines()[:before_line], 1):
        stripped = line.split(" #", 1)[0].replace('\\"', "")
        if "'" in stripped.split('"', 1)[0]:
            continue  # a single-quoted text may hold a double quote
        if stripped.count('"') % 2 and (number, line.index('"') + 1) in opened:
            return number, line.index('"') + 1
    return None


def _multiline_quotes(text: str) -> set[tuple[int, int]]:
    """Where the scanner began a double-quoted text that ends on a later line, up to the
    first syntax error (line and column, 1-based)."""
    starts: set[tuple[int, int]] = set()
    scanner = _Loader(text)
    try:
        while True:
            token = scanner.get_token()
            if token is None or isinstance(token, yaml.StreamEndToken):
                break
            if (isinstance(token, yaml.ScalarToken) and token.style == '"'
                    and token.end_mark.line > token.start_mark.line):
                starts.add((token.start_mark.line + 1, token.start_mark.column + 1))
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return starts


def _over_indented(text: str, line: int) -> tuple[int, int] | None:
    """Where ``line`` (1-based) is indented deeper than the line above it while that line
    already holds its value: YAML then reads it as more of that value, and only fails
    at the next ':'.  Returns the position of the line's first character."""
    lines = text.splitlines()
    if not 1 < line <= len(lines):
        return None
    here = lines[line - 1]
    above = next((t for t in reversed(lines[: line - 1])
                  if t.strip() and not t.lstrip().startswith("#")), "")
    body = above.strip()
    indent = len(here) - len(here.lstrip(" "))
    if not above or body.endswith(":") or body in ("-", "|", ">"):
        return None  # the line above opens a nested value: deeper is right there
    if indent > len(above) - len(above.lstrip(" ")):
        return line, indent + 1
    return None


def _clip(text: str, width: int = 30) -> str:
    """The start of ``text`` for a message, cut at a word."""
    text = text.strip()
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0] + "..."


FOLDED_ITEM = ("this '- ' line is read as more of the text above it, not as a list item: "
               "the item above starts further left; indent every '- ' of the list alike")


def _folded_item(text: str, line: int) -> tuple[int, int] | None:
    """Where '- ' lines below an item are indented deeper than it, so YAML folds them
    into its text until a ':' stops it at ``line`` (1-based): the first such line."""
    lines = text.splitlines()
    if not 1 < line <= len(lines):
        return None
    indent = len(lines[line - 1]) - len(lines[line - 1].lstrip(" "))
    first = line
    while first > 1:
        above = lines[first - 2]
        body = above.lstrip(" ")
        if not body.startswith("- ") or len(above) - len(body) != indent:
            break
        first -= 1
    if not lines[line - 1].lstrip(" ").startswith("- ") or first < 2:
        return None
    holder = lines[first - 2]
    body = holder.lstrip(" ")
    if body.startswith("- ") and len(holder) - len(body) < indent and body[2:].strip():
        return first, indent + 1
    return None


_OPENERS = {"[": "a list", "{": "keys", '"': "a quoted text", "'": "a quoted text"}


def _text_after_closer(text: str, line: int) -> tuple[int, int, str] | None:
    """A value on ``line`` that starts with a bracket or a quote closed before the line
    ends, with more text after it (``- [Catatan] teks``, ``- "Kerja" adalah ...``): YAML
    took the bracket or quote for the whole value.  Its position and what to change."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    match = re.match(r"^( *(?:- +)*(?:[\w.-]+: +)?)(.)", lines[line - 1])
    if not match or match.group(2) not in _OPENERS:
        return None
    char = match.group(2)
    what = _OPENERS[char]
    value = lines[line - 1][match.end(1):]
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    hint = quoted if char != '"' else f"'{value}' (single quotes outside the double ones)"
    closer = {"[": "]", "{": "}"}.get(char, char)
    return (line, match.end(1) + 1,
            f"YAML reads a text that starts with {char} as {what} ending at the matching "
            f"{closer}, so the words after it cannot follow; put the whole text in quotes: "
            f"{hint}")


def _colon_in_text(text: str, line: int, col: int) -> str | None:
    """'key: text: more' on one line, the error at the second ':': the text needs quotes."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    match = re.match(r"^ *(?:- +)*([\w.-]+): +(\S.*)$", lines[line - 1])
    if not match or match.start(2) >= col or match.group(2)[:1] in "\"'[{|>":
        return None
    value = match.group(2).split(" #", 1)[0].rstrip()
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (f"the ': ' inside this text makes YAML read it as another key; put the whole "
            f"text in quotes: {match.group(1)}: {quoted}")


def _parse(text: str, name: str) -> Node | None:
    if _CParser is not None:
        fast = _FastLoader(text)
        try:
            return fast.get_single_node()
        except yaml.YAMLError:
            pass  # read again below, for the messages written for the Python parser
        finally:
            fast.dispose()
    try:
        loader = _Loader(text)
    except yaml.YAMLError as exc:  # the reader's own checks; _decode should pre-empt them
        raise _err(name, 1, 1, "invalid YAML: " + " ".join(str(exc).split())) from None
    loader.name = name
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        context = exc.context or ""
        opened_at = any(k in context for k in ("quoted scalar", "flow sequence", "flow mapping",
                                               "simple key"))
        mark = exc.context_mark if opened_at else None
        mark = mark or exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        quote = _unclosed_quote(text, line - 1)
        if quote and "quoted scalar" not in context:
            raise _err(name, *quote, "a quote opened here is never closed") from None
        opener = _text_after_closer(text, line)
        if opener and any(k in (exc.problem or "") for k in (
                "expected <block end>", "expected <block sequence end>",
                "could not find expected ':'")):
            raise _err(name, *opener) from None
        colon = _colon_in_text(text, line, col)
        if colon and "mapping values are not allowed" in (exc.problem or ""):
            raise _err(name, line, col, colon) from None
        folded = _folded_item(text, line)
        if folded and "mapping values are not allowed" in (exc.problem or ""):
            raise _err(name, *folded, FOLDED_ITEM) from None
        deeper = _over_indented(text, line)
        if deeper and "mapping values are not allowed" in (exc.problem or ""):
            raise _err(name, *deeper, "this line is indented deeper than the line above, so "
                       "YAML reads it as more of that line's text; line it up with the "
                       "lines above it") from None
        raise _err(name, line, col, _syntax_message(exc)) from None
    except yaml.YAMLError as exc:
        raise _err(name, 1, 1, "invalid YAML: " + " ".join(str(exc).split())) from None
    finally:
        loader.dispose()


@dataclass
class _Reader:
    root: Path
    smap: SourceMap = field(default_factory=SourceMap)
    files: list[Path] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceError] = field(default_factory=list)
    _scalars: yaml.SafeLoader = field(default_factory=lambda: yaml.SafeLoader(""))
    _parsed: dict[str, Node] = field(default_factory=dict)
    """Each file is read and parsed once, however often it is included."""
    _split: dict[str, list[str]] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)
    _targets: dict[tuple[str, str], Path | str] = field(default_factory=dict)
    _known: dict[str, Path] = field(default_factory=dict)
    _failed: set[str] = field(default_factory=set)
    _count: int = 0
    """Values converted so far, counted across includes (see :data:`MAX_VALUES`)."""

    def read_file(self, path: Path, at: Path_, stack: tuple[Path, ...]) -> Any:
        key = str(path)
        node = self._parsed.get(key)
        name = self._names.get(key) or self._names.setdefault(key, display_path(path))
        if node is None:
            text = _decode(path.read_bytes(), name)
            parsed = _parse(text, name)
            if parsed is None:
                raise _err(name, 1, 1, "the file holds no content (only comments?)")
            node = self._parsed[key] = parsed
            self.smap.texts[name] = text
            self.files.append(path)
        return self.convert(node, at, name, (*stack, path))

    def _lines(self, name: str) -> list[str]:
        """The lines of a file read (split once: a file has thousands of scalars)."""
        if name not in self._split:
            self._split[name] = self.smap.texts[name].split("\n")
        return self._split[name]

    def _counted(self, node: Node, name: str, stack: tuple[Path, ...]) -> None:
        """Count one more value of the expanded course; stop the whole read the moment
        the count passes :data:`MAX_VALUES`, before anything more is expanded."""
        self._count += 1
        if self._count <= MAX_VALUES:
            return
        chain = " -> ".join(self._names.get(str(p), p.name) for p in stack)
        through = f" (reached through the includes {chain})" if len(stack) > 1 else ""
        raise ExpansionLimit([SourceError(
            name, node.start_mark.line + 1, node.start_mark.column + 1,
            f"the course holds more than {MAX_VALUES:,} values (sections, key points, "
            f"blocks, lines of text) once its includes are expanded{through}; that is the "
            "limit of the expanded course: include each file only where its content "
            "belongs (a file included several times is copied each time), or split the "
            "course into several courses")])

    def mark(self, node: Node, name: str) -> Mark:
        return Mark(name, node.start_mark.line + 1, node.start_mark.column + 1,
                    node.start_mark.index, node.end_mark.index)

    def convert(self, node: Node, at: Path_, name: str, stack: tuple[Path, ...]) -> Any:
        self._counted(node, name, stack)
        self.smap.values[at] = self.mark(node, name)
        if isinstance(node, ScalarNode):
            if node.tag not in _PLAIN_TAGS:
                as_text = (f"; if '{node.tag} {node.value}' is text, put it all in quotes"
                           if node.tag.startswith("!") and not node.tag.startswith("!!")
                           and isinstance(node.value, str) and node.value else
                           "; write plain text")
                self.errors.append(SourceError(name, node.start_mark.line + 1,
                                               node.start_mark.column + 1,
                                               f"the YAML tag '{_tag(node.tag)}' is not allowed "
                                               f"in a course file{as_text}"))
                return None
            if len(node.value) > MAX_TEXT_CHARS:
                self.errors.append(SourceError(name, node.start_mark.line + 1,
                                               node.start_mark.column + 1,
                                               _too_long(len(node.value), "this text")))
                return None
            surrogate = _SURROGATE.search(node.value)
            if surrogate:
                code = ord(surrogate.group())
                self.errors.append(SourceError(
                    name, node.start_mark.line + 1, node.start_mark.column + 1,
                    f"'\\u{code:04X}' is half of a UTF-16 surrogate pair, which YAML does "
                    "not join into one character; write the character itself, or its code "
                    "as '\\U' with eight digits (\\U0001F600)"))
                return None
            value = self._scalar(node, name)
            if node.style is None and isinstance(value, str) and value:
                self._misread(node, name)
            elif node.style is None and value is None and not node.value:
                self._emptied(node, name)
            elif isinstance(value, int | float) and not isinstance(value, bool) \
                    and str(value) != node.value:
                self.warnings.append(warning(
                    name, node.start_mark.line + 1, node.start_mark.column + 1,
                    f"'{node.value}' is read as the number {value}; if it is text (a time, "
                    f"a code, a version), put it in quotes: \"{node.value}\""))
            return value
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self._bad_tag(node, name)
            return [self.convert(child, (*at, i), name, stack)
                    for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                self._bad_tag(node, name)
                return {}
            return self.convert_mapping(node, at, name, stack)
        raise AssertionError(node)  # pragma: no cover - the composer makes no other nodes

    def _scalar(self, node: ScalarNode, name: str) -> Any:
        """The scalar's value; a value that looks like a date or number but is none
        (``2026-13-45``, ``0x_``) is the author's mistake, not a crash."""
        try:
            return self._scalars.construct_object(node)
        except (ValueError, OverflowError):
            kind = "date" if node.tag.endswith(":timestamp") else "number"
            hint = ("write a real date as YYYY-MM-DD" if kind == "date"
                    else "put it in quotes if it is text")
            self.errors.append(SourceError(name, node.start_mark.line + 1,
                                           node.start_mark.column + 1,
                                           f"'{node.value}' is not a valid {kind}; {hint}"))
            return None

    def _misread(self, node: ScalarNode, name: str) -> None:
        """Warn where YAML's reading of unquoted text almost surely differs from what
        the author meant: a ``#`` that cut the text short, or list items folded into it."""
        text = self.smap.texts[name]
        end = node.end_mark.index
        line_end = text.find("\n", end)
        rest = text[end: len(text) if line_end < 0 else line_end]
        comment = _TRAILING_COMMENT.match(rest)
        if comment and ((not comment.group(2)[:1].isspace() and comment.group(2))
                        or (len(comment.group(1)) == 1 and " " in node.value)):
            line, col = _position(text, end + len(comment.group(1)))
            self.warnings.append(warning(
                name, line, col, f"'{_clip('#' + comment.group(2))}' is read as a YAML "
                "comment and left out of the text; to keep it, put the whole text in "
                "quotes (\"...\"), or write it as a '>-' block"))
        lines = self._lines(name)
        for number in range(node.start_mark.line + 1, node.end_mark.line + 1):
            body = lines[number].lstrip(" ")
            if body.startswith("- ") or body == "-":
                self.warnings.append(warning(
                    name, number + 1, len(lines[number]) - len(body) + 1, FOLDED_ITEM))
                break

    def _emptied(self, node: ScalarNode, name: str) -> None:
        """``key: #1 text``: the text after the ':' is a comment, the key is empty."""
        text = self.smap.texts[name]
        end = node.end_mark.index
        line_end = text.find("\n", end)
        rest = text[end: len(text) if line_end < 0 else line_end]
        comment = _TRAILING_COMMENT.match(rest)
        if comment and comment.group(2)[:1] not in ("", " ", "\t"):
            line, col = _position(text, end + len(comment.group(1)))
            self.warnings.append(warning(
                name, line, col, f"'{_clip('#' + comment.group(2))}' is read as a YAML "
                "comment, so this value is empty; to keep it as text, put it in quotes "
                "(\"...\")"))

    def _bad_tag(self, node: Node, name: str) -> None:
        self.errors.append(SourceError(name, node.start_mark.line + 1, node.start_mark.column + 1,
                                       f"the YAML tag '{_tag(node.tag)}' is not allowed in a "
                                       "course file; write plain text"))

    def convert_mapping(self, node: MappingNode, at: Path_, name: str,
                        stack: tuple[Path, ...]) -> Any:
        keys = [k for k, _ in node.value]
        if (len(keys) == 1 and isinstance(keys[0], ScalarNode) and keys[0].value == "include"
                and keys[0].tag == "tag:yaml.org,2002:str"):
            return self.include(node.value[0][1], at, name, stack)
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.errors.append(SourceError(
                    name, line, col, "merge keys ('<<') are not allowed in a course file"))
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                self.errors.append(SourceError(name, line, col, "a key must be plain text"))
                continue
            key = str(key_node.value)
            if key == "<<":
                self.errors.append(SourceError(
                    name, line, col, "merge keys ('<<') are not allowed in a course file"))
                continue
            if key in first:
                self.errors.append(SourceError(name, line, col,
                                               f"duplicate key '{key}' (first written on line "
                                               f"{first[key]}); keep only one"))
                continue
            first[key] = line
            self.smap.keys[(*at, key)] = self.mark(key_node, name)
            out[key] = self.convert(value_node, (*at, key), name, stack)
        return out

    def include(self, value: Node, at: Path_, name: str, stack: tuple[Path, ...]) -> Any:
        line, col = value.start_mark.line + 1, value.start_mark.column + 1
        if not isinstance(value, ScalarNode) or not isinstance(value.value, str) or not value.value:
            self.errors.append(SourceError(name, line, col, "'include' takes a file name"))
            return None
        target = self._target(stack[-1], value.value)
        if isinstance(target, str):
            self.errors.append(SourceError(name, line, col, target))
            return None
        if any(target is p for p in stack):  # paths are canonical: see _target
            chain = " -> ".join(p.name for p in (*stack[stack.index(target):], target))
            self.errors.append(SourceError(name, line, col, f"include cycle: {chain}"))
            return None
        if str(target) in self._failed:
            return None  # its errors are reported once
        try:
            return self.read_file(target, at, stack)
        except ExpansionLimit:
            raise
        except CourseInvalid as exc:
            self._failed.add(str(target))
            self.errors.extend(exc.errors)
            return None

    def _target(self, including: Path, name: str) -> Path | str:
        """The file an include in ``including`` names, or why it cannot be included;
        worked out once per file and name (a file named thousands of times is looked up
        on disk once)."""
        key = (str(including), name)
        if key not in self._targets:
            target = (including.parent / name).resolve()
            if Path(name).is_absolute() or not target.is_relative_to(self.root):
                self._targets[key] = (f"included file '{name}' is outside the course "
                                      "folder; keep included files beside the course file")
            elif not target.is_file():
                self._targets[key] = f"included file '{name}' does not exist"
            else:
                self._targets[key] = self._known.setdefault(str(target), target)
        return self._targets[key]


def read_tree(path: Path) -> tuple[Any, SourceMap, list[Path], list[SourceError]]:
    """Read a course's main file (and what it includes) into data, a source map, the
    files read and the warnings (places where YAML's reading is likely not what the
    author meant)."""
    path = path.resolve()
    reader = _Reader(root=path.parent)
    reader._known[str(path)] = path
    name = display_path(path)
    if not path.is_file():
        raise _err(name, 1, 1, "no such course file")
    data = reader.read_file(path, (), ())
    if reader.errors:
        raise CourseInvalid(reader.errors + reader.warnings)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise _err(name, 1, 1, f"the top of a course file must be keys ('id:', 'meta:', ...), "
                   f"not {kind}")
    return data, reader.smap, reader.files, reader.warnings
