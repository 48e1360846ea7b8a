"""Where things are: the project root, its settings, the layouts and the output folder.

wog-build runs from an installed package, so nothing here is found relative to the
package except its own layouts.  A project is the folder the command runs from, or the
nearest folder above it marked by a ``wog-build.toml`` (or a ``pyproject.toml`` with a
``[tool.wog-build]`` table); its outputs go to ``<project>/dist/<course-id>/``.  Both
config files take the same keys, paths relative to the project root::

    layouts = "layouts"   # this project's layouts (default: the packaged ones)
    dist = "out"          # where dist/<course-id>/ goes (default: "dist")
    strict = true         # source warnings are errors (default: false)
    theme = "themes/acme" # the default theme folder (default: the built-in theme)
    assets = "assets"     # images any course may use (default: none)

Kept free of heavy imports (only the standard library, tomllib only when a config file
is there) so a no-op build starts fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

CONFIG_FILE = "wog-build.toml"
PYPROJECT_FILE = "pyproject.toml"
TOOL_TABLE = "wog-build"
SETTING_KEYS = ("layouts", "dist", "strict", "theme", "assets")
PATH_KEYS = ("layouts", "dist", "theme", "assets")
# what a layouts folder must hold; a folder without them is not one (a typo, or a
# project's own folder of something else)
LAYOUT_ENTRIES = ("fonts.yaml", "labels", "module", "slides")


class SettingsError(ValueError):
    """A project setting or ``--layouts`` that cannot be used; the message names the file
    or option and says what to change."""


@dataclass(frozen=True)
class ProjectSettings:
    layouts: Path | None  # None: the packaged layouts
    dist: Path
    config: Path | None = None  # the file they were read from, if any
    strict: bool = False  # source warnings are errors
    theme: Path | None = None  # the default theme folder; None: the built-in theme
    assets: Path | None = None  # the shared assets folder; None: none


def default_layouts() -> Path:
    """The packaged layouts: ``wog_build/layouts`` in an installed wheel; in a checkout
    (an editable install, or running from the source tree) the top-level ``layouts/``
    that the wheel is made from."""
    package = Path(__file__).resolve().parent
    packaged = package / "layouts"
    checkout = package.parent
    if not packaged.is_dir() and (checkout / PYPROJECT_FILE).is_file() \
            and (checkout / "layouts").is_dir():
        return checkout / "layouts"
    return packaged


DEFAULT_LAYOUTS = default_layouts()


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc}); fix it or remove it") from exc
    except OSError as exc:
        raise SettingsError(f"{path}: cannot be read ({exc.strerror})") from exc


def _tool_table(pyproject: Path) -> Any:
    """The ``[tool.wog-build]`` table of a pyproject.toml, None when it has none.  Only
    a file that mentions wog-build is parsed, so a broken pyproject.toml of some other
    project above this one is never read."""
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if TOOL_TABLE not in text:
        return None
    tool = _read_toml(pyproject).get("tool")
    return tool.get(TOOL_TABLE) if isinstance(tool, dict) else None


def find_project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the current folder) that holds
    ``wog-build.toml`` or a ``pyproject.toml`` with ``[tool.wog-build]``; else ``start``."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
        pyproject = folder / PYPROJECT_FILE
        if pyproject.is_file() and _tool_table(pyproject) is not None:
            return folder
    return start


def _setting(config: Path, key: str) -> str:
    """How the file names a setting: ``dist`` in wog-build.toml, ``tool.wog-build.dist``
    in pyproject.toml."""
    return key if config.name == CONFIG_FILE else f"tool.{TOOL_TABLE}.{key}"


def project_settings(root: Path) -> ProjectSettings:
    """The settings of the project at ``root``: from ``wog-build.toml``, else from the
    ``[tool.wog-build]`` table of ``pyproject.toml``, else the defaults."""
    root = Path(root).resolve()
    config = root / CONFIG_FILE
    table: Any
    if config.is_file():
        table = _read_toml(config)
    else:
        config = root / PYPROJECT_FILE
        table = _tool_table(config) if config.is_file() else None
        if table is None:
            return ProjectSettings(layouts=None, dist=root / "dist")
        if not isinstance(table, dict):
            raise SettingsError(f"{config}: 'tool.{TOOL_TABLE}' must be a table: write "
                                f"[tool.{TOOL_TABLE}] with the keys under it")
    for key in table:
        if key not in SETTING_KEYS:
            known = " and ".join(f"'{_setting(config, k)}'" for k in SETTING_KEYS)
            raise SettingsError(f"{config}: unknown key '{_setting(config, key)}'; "
                                f"the keys are {known}")
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise SettingsError(f"{config}: '{_setting(config, 'strict')}' must be true or false "
                            "(without quotes)")
    values: dict[str, Path] = {}
    for key in PATH_KEYS:
        if key not in table:
            continue
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            raise SettingsError(f"{config}: '{_setting(config, key)}' must be a folder path "
                                f"in quotes, relative to {root} (e.g. {key} = \"{key}\")")
        values[key] = root / value
    for key in ("theme", "assets"):
        folder = values.get(key)
        if folder is not None and not folder.resolve().is_relative_to(root):
            raise SettingsError(f"{config}: '{_setting(config, key)}' leaves the project "
                                f"{root}: give a folder inside it")
        if folder is not None and not folder.is_dir():
            raise SettingsError(f"{config}: '{_setting(config, key)}': {folder} is not a "
                                "folder; create it or correct the path")
    return ProjectSettings(layouts=values.get("layouts"), dist=values.get("dist", root / "dist"),
                           config=config, strict=strict, theme=values.get("theme"),
                           assets=values.get("assets"))


def _layouts_problem(path: Path) -> str | None:
    if not path.exists():
        return f"{path} does not exist"
    if not path.is_dir():
        return f"{path} is not a folder"
    missing = [name for name in LAYOUT_ENTRIES if not (path / name).exists()]
    if missing:
        return f"{path} is not a layouts folder (it has no {', '.join(missing)})"
    return None


def _copy_hint(what: str) -> str:
    return (f"copy the packaged layouts ({default_layouts()}) and change what you need, "
            f"or leave the {what} out to use them as they are")


def resolve_layouts(cli_value: str | Path | None, root: Path) -> Path:
    """The layouts a build uses: ``--layouts`` (relative to the current folder), else the
    project's ``layouts`` setting (relative to its root), else the packaged layouts."""
    if cli_value:
        path = Path(cli_value).expanduser().resolve()
        problem = _layouts_problem(path)
        if problem:
            raise SettingsError(f"--layouts {cli_value}: {problem}; give a layouts folder: "
                                f"{_copy_hint('option')}")
        return path
    settings = project_settings(root)
    if settings.layouts is not None and settings.config is not None:
        path = settings.layouts.resolve()
        problem = _layouts_problem(path)
        if problem:
            raise SettingsError(f"{settings.config}: '{_setting(settings.config, 'layouts')}'"
                                f": {problem}; correct the path, or {_copy_hint('setting')}")
        return path
    path = default_layouts()
    problem = _layouts_problem(path)
    if problem:
        raise SettingsError(f"the packaged layouts are missing: {problem}; reinstall "
                            "wog-build, or give a layouts folder with --layouts")
    return path


def default_out_dir(course_id: str, root: Path | None = None) -> Path:
    """``<dist>/<course-id>``: the project's ``dist`` setting, by default ``<root>/dist``,
    where the root is that of the current folder when not given."""
    return project_settings(root or find_project_root()).dist / course_id


def quick_course_id(course_file: Path) -> str | None:
    """The course id from the main file alone, without loading the course; None when the
    file cannot say (the full load will then report why)."""
    import yaml

    from .yamlfile import safe_load

    try:
        data = safe_load(course_file.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        return None
    import re

    course_id = data.get("id") if isinstance(data, dict) else None
    # only an id the loader would accept may name a folder (no '..', no '/', no 300 chars)
    if isinstance(course_id, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", course_id):
        return course_id
    return None
