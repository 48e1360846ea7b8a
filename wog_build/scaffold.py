"""Starting a course or a project from the examples in ``layouts/scaffold/``.

``wog-build new COURSE_ID`` copies ``scaffold/course/`` (a complete small course: a
chapter file, a figure, an activity, an evaluation) into ``source/COURSE_ID/``, so it
validates and builds at once; ``wog-build init`` copies ``scaffold/project/`` (settings,
a theme, a Makefile, .gitignore, the CI workflow) into a folder and starts one course.
Both write the JSON Schemas the example's first line names, and refuse to overwrite.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from . import __version__
from .errors import BuildFailed

COURSE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
ID_MARK = "__COURSE_ID__"
VERSION_MARK = "__WOG_VERSION__"
DOTTED = {"gitignore": ".gitignore", "github": ".github"}
"""Kept without their dot in the layouts (so packaging keeps them), given it on copy."""


def _copy_tree(src: Path, dst: Path, marks: dict[str, str]) -> list[Path]:
    written: list[Path] = []
    for path in sorted(src.rglob("*")):
        if path.is_dir():
            continue
        rel = Path(*(DOTTED.get(part, part) for part in path.relative_to(src).parts))
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix in (".yaml", ".toml", ".txt", ".yml", ".md") or path.name == "Makefile" \
                or path.name in DOTTED:
            text = path.read_text(encoding="utf-8")
            for mark, value in marks.items():
                text = text.replace(mark, value)
            target.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(path, target)
        written.append(target)
    return written


def write_schemas(root: Path) -> None:
    """``schema/*.schema.json``, which the examples' first lines name for editors."""
    from .schema import all_schemas

    folder = root / "schema"
    folder.mkdir(exist_ok=True)
    for name, schema in all_schemas().items():
        (folder / name).write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n",
                                   encoding="utf-8")


def new_course(root: Path, course_id: str, layouts: Path) -> Path:
    """``source/<course_id>/`` with the example course; returns its main file."""
    if not COURSE_ID.fullmatch(course_id):
        raise BuildFailed(f"'{course_id}' is not a course id: use lower-case letters, digits "
                          "and '-', starting with a letter or digit (e.g. 'etika-publik')")
    folder = root / "source" / course_id
    if folder.exists():
        raise BuildFailed(f"{folder} already exists; choose another id or remove it")
    _copy_tree(layouts / "scaffold" / "course", folder, {ID_MARK: course_id})
    if not (root / "schema").is_dir():
        write_schemas(root)
    return folder / "course.yaml"


def init_project(root: Path, layouts: Path, first_course: str = "contoh") -> list[Path]:
    """A project in ``root``: settings, a theme, Makefile, .gitignore, CI, schemas and one
    example course.  Refuses a folder that already holds a project."""
    root.mkdir(parents=True, exist_ok=True)
    clashes = [p for p in ("wog-build.toml", "Makefile", "source") if (root / p).exists()]
    if clashes:
        raise BuildFailed(f"{root} already holds {', '.join(clashes)}; run init in an empty "
                          "folder, or 'wog-build new COURSE_ID' to add a course")
    written = _copy_tree(layouts / "scaffold" / "project", root, {VERSION_MARK: __version__})
    write_schemas(root)
    written.append(new_course(root, first_course, layouts))
    return written
