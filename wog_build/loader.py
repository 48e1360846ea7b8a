"""YAML → course model, with every problem reported at the author's ``file:line:column``.

Three stages, each collecting all of its errors before it stops the load:
1. :mod:`yamlsource` reads the files (syntax, encoding, duplicate keys, includes);
2. pydantic checks the shape against :mod:`model`, and its errors are put into the
   author's words and located through the source map;
3. :mod:`document` resolves what spans the whole course (ids, numbers, labels,
   audiences) into an immutable document, and :mod:`checks` reports what is wrong in
   it (ids, citations, references, indicators, audiences, images).
"""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from . import checks, themes
from .document import Document, resolve
from .errors import CourseInvalid, SourceError
from .model import BLOCK_KINDS, Course, Node
from .options import Options
from .yamlsource import SourceMap, read_tree

_BLOCK_CLASSES: dict[str, type[BaseModel]] = {}


def _block_classes() -> dict[str, type[BaseModel]]:
    if not _BLOCK_CLASSES:
        from . import model

        for cls in vars(model).values():
            if isinstance(cls, type) and issubclass(cls, Node):
                for name, info in cls.model_fields.items():
                    if (info.alias or name) in BLOCK_KINDS:
                        _BLOCK_CLASSES.setdefault(info.alias or name, cls)
    return _BLOCK_CLASSES


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types an annotation may hold (Optional, Annotated, unions opened)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(tp) for t in _unwrap(arg)]
    return [tp]


def _step(tp: Any, comp: str | int) -> tuple[Any, bool]:
    """Follow one component of a pydantic error location; say if it is a real data key."""
    options = _unwrap(tp)
    if isinstance(comp, int):
        for opt in options:
            if typing.get_origin(opt) is list:
                return typing.get_args(opt)[0], True
        return None, True
    classes = _block_classes()
    if comp in classes and len(options) > 1 and all(o in classes.values() for o in options):
        return classes[comp], False  # a discriminator tag, not a key the author wrote
    for opt in options:
        if isinstance(opt, type) and issubclass(opt, BaseModel):
            for name, info in opt.model_fields.items():
                if comp in (info.alias, name):
                    return info.annotation, True
    if any(isinstance(o, type) and issubclass(o, BaseModel) for o in options):
        return None, True  # a key the model does not know
    return tp, False  # a union member's name ('str', 'bool', ...)


def _resolve(loc: tuple[str | int, ...]) -> tuple[tuple[str | int, ...], Any]:
    path: list[str | int] = []
    tp: Any = Course
    for comp in loc:
        tp, real = _step(tp, comp)
        if real:
            path.append(comp)
    return tuple(path), tp


def _allowed_keys(tp: Any) -> list[str]:
    for opt in _unwrap(tp):
        if isinstance(opt, type) and issubclass(opt, BaseModel):
            return [info.alias or name for name, info in opt.model_fields.items()]
    return []


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "keys (a mapping)"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (yes/no)"
    if isinstance(value, int | float):
        return f"the number {value}"
    return "text"


def _message(err: ErrorDetails, path: tuple[str | int, ...], parent_tp: Any) -> str:
    kind = err["type"]
    field = next((c for c in reversed(path) if isinstance(c, str)), "value")
    value = err.get("input")
    if kind == "missing":
        return f"missing required key '{path[-1]}'"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(parent_tp)
        close = difflib.get_close_matches(str(path[-1]), allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(allowed)}"
        return f"unknown key '{path[-1]}'; {hint}"
    if kind == "block_kind":
        keys = list(value) if isinstance(value, dict) else []
        close = [m for k in keys for m in difflib.get_close_matches(str(k), BLOCK_KINDS, n=1)]
        hint = f"did you mean '{close[0]}'?" if close else "start it with one of: " + ", ".join(
            BLOCK_KINDS)
        return f"this block has no known kind; {hint}"
    if kind in ("value_error", "string_type") and value is None and (
            kind == "string_type" or "text_expected" in err.get("msg", "")):
        return f"'{field}' is empty; write its text after the ':'"
    if kind == "value_error" and "text_expected" in err.get("msg", ""):
        return f"'{field}' must be text, not {_describe(value)}"
    if kind == "string_type":
        hint = f"; put it in quotes: \"{value}\"" if isinstance(value, int | float) else ""
        return f"'{field}' must be text, not {_describe(value)}{hint}"
    if kind in ("list_type",):
        return f"'{field}' must be a list (lines starting with '- '), not {_describe(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"'{field}' must be keys (a mapping), not {_describe(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"'{field}' must be a whole number, not {_describe(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"'{field}' must be true or false"
    if kind == "string_pattern_mismatch":
        if field in ("id", "indicator"):
            return (f"'{value}' is not a valid id; use lowercase letters, digits and "
                    "'-', '_', '.' or ':'")
        return f"'{value}' is not a valid {field}"
    if kind == "too_short":
        if isinstance(value, str):
            return f"'{field}' must not be empty"
        return f"'{field}' needs at least {err.get('ctx', {}).get('min_length', 1)} item(s)"
    if kind == "string_too_long":
        return (f"'{field}' is too long ({len(str(value))} characters); write at most "
                f"{err.get('ctx', {}).get('max_length')}")
    if kind in ("literal_error", "enum"):
        return f"'{field}' must be one of: {err['ctx']['expected']}"
    if kind.startswith("date"):
        return f"'{field}' must be a date written as YYYY-MM-DD"
    if kind == "greater_than_equal":
        return f"'{field}' must be at least {err['ctx']['ge']}, not {value}"
    if kind == "less_than_equal":
        return f"'{field}' must be at most {err['ctx']['le']}, not {value}"
    # any other check of the format: say what was found and where the keys are described
    return (f"'{field}' cannot be {_describe(value)} here; see what it takes in the "
            "README's 'The course format'")


def _schema_errors(exc: ValidationError, smap: SourceMap, data: Any) -> list[SourceError]:
    found: dict[tuple[Any, ...], SourceError] = {}
    errors = exc.errors(include_url=False)
    unknown: dict[tuple[Any, ...], list[str]] = {}
    for err in errors:
        if err["type"] == "extra_forbidden":
            path, _ = _resolve(tuple(err["loc"]))
            unknown.setdefault(path[:-1], []).append(str(path[-1]))
    misread: dict[tuple[Any, ...], SourceError] = {}
    for err in errors:
        item_path, item_tp = _resolve(tuple(err["loc"]))
        if err["type"] == "extra_forbidden":
            item_path, item_tp = _resolve(tuple(err["loc"])[:-1])
        elif err["type"] != "block_kind":
            continue
        problem = _text_read_as_key(_raw(data, item_path), item_tp, item_path, smap)
        if problem:
            misread.setdefault(item_path, problem)
    for err in errors:
        path, _ = _resolve(tuple(err["loc"]))
        parent_path, parent_tp = _resolve(tuple(err["loc"])[:-1])
        if any(path[:len(item)] == item for item in misread):
            continue  # one line says it: the text needs quotes
        if err["type"] == "missing" and difflib.get_close_matches(
                str(path[-1]), unknown.get(path[:-1], []), n=1, cutoff=0.6):
            continue  # the misspelt key's "did you mean" says it already
        if err["type"] == "extra_forbidden":
            mark = smap.at(path, key=True)
        elif err["type"] == "missing":
            mark = smap.at(parent_path)
        else:
            mark = smap.at(path)
        message = _message(err, path, parent_tp)
        # a union reports each alternative; the author needs one line per place
        found.setdefault((mark.file, mark.line, mark.column, path),
                         SourceError(mark.file, mark.line, mark.column, message))
    return list(found.values()) + list(misread.values())


def _raw(data: Any, path: tuple[str | int, ...]) -> Any:
    """The value the author wrote at ``path`` of the loaded tree (None if absent)."""
    for comp in path:
        if isinstance(data, dict):
            data = data.get(comp)
        elif isinstance(data, list) and isinstance(comp, int) and comp < len(data):
            data = data[comp]
        else:
            return None
    return data


def _text_read_as_key(value: Any, tp: Any, path: tuple[str | int, ...],
                      smap: SourceMap) -> SourceError | None:
    """A list item meant as text (a paragraph, a key point, a list line) that holds
    ': ' ("Catatan: ..."), which YAML reads as a key and its value: one located line
    that says to quote it, instead of 'unknown key' or 'no known kind'."""
    if not (isinstance(value, dict) and len(value) == 1 and path
            and isinstance(path[-1], int)):
        return None
    key, text = next(iter(value.items()))
    if not isinstance(text, str | int | float) or isinstance(text, bool):
        return None
    classes = [o for o in _unwrap(tp) if isinstance(o, type) and issubclass(o, Node)]
    if not any(c.shorthand for c in classes) and not set(classes) & set(
            _block_classes().values()):
        return None
    known = [*BLOCK_KINDS, *(k for c in classes for k in _allowed_keys(c))]
    if difflib.get_close_matches(str(key), known, n=1, cutoff=0.6):
        return None  # a misspelt key: its own message says 'did you mean'
    mark = smap.at((*path, str(key)), key=True)
    whole = f"{key}: {text}"
    shown = whole if len(whole) <= 40 else whole[:40].rsplit(" ", 1)[0] + " ..."
    return SourceError(mark.file, mark.line, mark.column,
                       f"the ': ' after '{key}' makes YAML read this text as a key; quote "
                       f"the whole text: - \"{shown}\"")


def load_course(path: str | Path, layouts: Path | None = None,
                outputs: Sequence[str] | None = None, strict: bool = False,
                options: Options | None = None) -> Document:
    """Load, resolve and fully check one course; raises :class:`CourseInvalid` with every
    problem.  ``layouts`` gives the label catalogue the printed labels come from;
    ``outputs`` the output names an ``audience`` may use (the registered writers).

    Warnings (places where YAML's reading is almost surely not what the author meant)
    travel with the document (``Document.warnings``), and beside the errors when there
    are any; ``strict`` makes every warning an error."""
    from .labels import load_labels
    from .paths import DEFAULT_LAYOUTS
    from .writers.registry import writers

    path = Path(path)
    data, smap, files, warnings = read_tree(path)
    try:
        course = Course.model_validate(data)
    except ValidationError as exc:
        found = _schema_errors(exc, smap, data) + checks.check_loaded_parts(data, smap)
        raise CourseInvalid(_strict(found + warnings, strict)) from None
    theme = themes.choose(course.meta.theme, options.project_root, options.theme) \
        if options is not None else None
    labels = load_labels((layouts or DEFAULT_LAYOUTS).resolve(), course.meta.language,
                         themes.theme_labels(theme, course.meta.language))
    registered = writers()
    names = [w.name for w in registered] if outputs is None else list(outputs)
    doc = resolve(course, labels=labels, outputs=names,
                  reading=[w.name for w in registered if w.for_reading],
                  trainers=[w.name for w in registered if w.for_trainers],
                  files=files, root=path.resolve().parent, smap=smap,
                  assets=options.assets if options is not None else None)
    problems = _strict(checks.check(doc, smap) + warnings
                       + _glyph_warnings(course, smap, layouts, theme), strict)
    if any(not p.is_warning for p in problems):
        raise CourseInvalid(problems)
    return dataclasses.replace(doc, warnings=tuple(sorted(set(problems))))


def _glyph_warnings(course: Course, smap: SourceMap, layouts: Path | None,
                    theme: Path | None) -> list[SourceError]:
    """Characters no font of the theme has (they would print as boxes), and figure
    labels the module cannot shape."""
    from .glyphs import course_coverage, coverage_warnings, drawing_warnings
    from .paths import DEFAULT_LAYOUTS

    coverage = course_coverage((layouts or DEFAULT_LAYOUTS).resolve(), theme)
    found = coverage_warnings(course, smap, coverage) if coverage is not None else []
    return found + drawing_warnings(course, smap)


def _strict(problems: list[SourceError], strict: bool) -> list[SourceError]:
    return [p.as_error() for p in problems] if strict else problems
