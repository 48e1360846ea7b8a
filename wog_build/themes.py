"""Themes: an institution's look, read by the module and the deck alike.

A theme is a folder holding a ``theme.yaml`` and the files it names::

    themes/acme/
      theme.yaml      colours (one palette: the module's CSS and the deck), the deck's
                      sizes, text and geometry, a logo, a PowerPoint template, labels
      logo.png
      acme.pptx

Every key is optional: a theme says only what it changes.  The built-in theme is
``layouts/theme.yaml`` (plus the deck's own ``layouts/slides/theme.yaml``); the
project's ``theme`` setting picks the default theme and a course may pick another with
``meta.theme: NAME`` (the folder ``themes/NAME`` of the project).  Files a theme names
must stay inside its folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import BuildFailed
from .fonts import FontFamily
from .yamlfile import safe_load

HEX = re.compile(r"[0-9A-Fa-f]{6}")
NAME = re.compile(r"[a-z][a-z0-9_]*")
THEME_FILE = "theme.yaml"
THEMES_FOLDER = "themes"
FILE_KEYS = ("logo", "template")


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` laid on ``base``: tables merge key by key, anything else replaces."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BuildFailed(f"{path}: cannot be read as YAML ({exc})") from None
    if not isinstance(data, dict):
        raise BuildFailed(f"{path}: a theme file holds keys (colors:, logo:, ...), not a "
                          f"{type(data).__name__}")
    return data


def theme_data(layouts: Path, folder: Path | None) -> dict[str, Any]:
    """The built-in theme (``layouts/theme.yaml``) with the chosen theme laid on it."""
    builtin = layouts / THEME_FILE
    data = read_yaml(builtin) if builtin.is_file() else {}
    if folder is not None:
        data = merge(data, read_yaml(folder / THEME_FILE))
    return data


def palette(layouts: Path, folder: Path | None) -> dict[str, str]:
    """The theme's colours, hex without '#': the module's CSS and the deck read these."""
    colors = theme_data(layouts, folder).get("colors") or {}
    out = {str(k): str(v).lstrip("#") for k, v in colors.items()}
    for name, value in out.items():
        if not HEX.fullmatch(value) or not NAME.fullmatch(name):
            where = (folder or layouts) / THEME_FILE
            raise BuildFailed(f"{where}: colors.{name} '{value}' is not a colour: write six "
                              "hex digits in quotes, e.g. \"1F3A5F\"")
    return out


def chapter_title_case(layouts: Path, folder: Path | None) -> str:
    """The theme's ``chapter_title_case``: ``as_written`` (the default) or ``upper``
    (upper case that keeps mixed-case words such as "WoG"; see typography.py)."""
    from .typography import CASES

    value = str(theme_data(layouts, folder).get("chapter_title_case") or CASES[0])
    if value not in CASES:
        where = (folder or layouts) / THEME_FILE
        raise BuildFailed(f"{where}: chapter_title_case '{value}' is not one of "
                          + ", ".join(CASES))
    return value


def theme_file(folder: Path | None, layouts: Path, key: str) -> Path | None:
    """A file the theme names (``logo``, ``template``), inside the theme's folder."""
    base = folder if folder is not None else layouts
    data = theme_data(layouts, folder)
    value = data.get(key)
    if not value:
        return None
    path = (base / str(value)).resolve()
    if base.resolve() not in path.parents or not path.is_file():
        raise BuildFailed(f"{base / THEME_FILE}: {key} '{value}' is not a file in {base}")
    return path


def theme_labels(folder: Path | None, language: str) -> dict[str, str]:
    """The label overrides a theme gives for ``language``."""
    if folder is None:
        return {}
    labels = read_yaml(folder / THEME_FILE).get("labels") or {}
    chosen = labels.get(language) or {}
    return {str(k): str(v) for k, v in chosen.items()}


def check_folder(folder: Path, said: str) -> Path:
    if not (folder / THEME_FILE).is_file():
        raise BuildFailed(f"{said}: {folder} is not a theme (it has no {THEME_FILE}); "
                          f"make one with a {THEME_FILE} (colors:, logo:, template:, labels:)")
    return folder.resolve()


def choose(course_theme: str | None, project_root: Path | None,
           default: Path | None) -> Path | None:
    """The theme folder a course is built with: its own ``meta.theme`` (a folder under
    the project's ``themes/``), else the project's default, else None (built-in)."""
    if course_theme:
        root = (project_root or Path.cwd()).resolve()
        folder = (root / THEMES_FOLDER / course_theme).resolve()
        if root not in folder.parents:
            raise BuildFailed(f"meta.theme '{course_theme}' leaves the project {root}")
        return check_folder(folder, f"meta.theme '{course_theme}'")
    if default is not None:
        return check_folder(default, "the project's 'theme' setting")
    return None


def css_variables(colors: dict[str, str]) -> str:
    """The palette as CSS custom properties (``--primary: #1F3A5F``), for the module."""
    return "".join(f"--{name.replace('_', '-')}: #{value}; " for name, value in colors.items())


FONT_STYLES = ("regular", "bold", "italic", "bold_italic")


def theme_fallback_fonts(layouts: Path, folder: Path | None) -> tuple[FontFamily, ...]:
    """The fallback fonts a theme declares (``fonts: fallback:``), in order::

        fonts:
          fallback:
            - family: DejaVu Sans          # the name the module's CSS and the deck use
              files: {regular: fonts/DejaVuSans.ttf, bold: fonts/DejaVuSans-Bold.ttf}
              license: fonts/LICENSE       # required: the font ships with its licence

    Paths are relative to the folder of the ``theme.yaml`` that declares the list (the
    chosen theme's, else the built-in one in ``layouts/``) and must stay inside it, so
    every fallback font is in the inputs' digest."""
    own = read_yaml(folder / THEME_FILE) if folder is not None else {}
    if isinstance(own.get("fonts"), dict) and "fallback" in own["fonts"]:
        base, data = folder, own
    else:
        builtin = layouts / THEME_FILE
        base, data = layouts, read_yaml(builtin) if builtin.is_file() else {}
    assert base is not None
    fonts = data.get("fonts") or {}
    where = base / THEME_FILE
    if not isinstance(fonts, dict):
        raise BuildFailed(f"{where}: 'fonts' holds keys (fallback:), not a "
                          f"{type(fonts).__name__}")
    entries = fonts.get("fallback") or []
    if not isinstance(entries, list):
        raise BuildFailed(f"{where}: fonts.fallback is a list of fonts ('- family: ...')")
    return tuple(_fallback_font(base, where, k, entry) for k, entry in enumerate(entries))


def _fallback_font(base: Path, where: Path, k: int, entry: Any) -> FontFamily:
    said = f"{where}: fonts.fallback[{k}]"
    if not isinstance(entry, dict) or not entry.get("family") or not isinstance(
            entry.get("files"), dict) or "regular" not in entry["files"]:
        raise BuildFailed(f"{said} needs 'family', 'files' (at least 'regular: PATH') and "
                          "'license'")
    unknown = [s for s in entry["files"] if s not in FONT_STYLES]
    if unknown:
        raise BuildFailed(f"{said}.files: unknown style '{unknown[0]}'; styles: "
                          + ", ".join(FONT_STYLES))

    def inside(value: Any, key: str) -> Path:
        path = (base / str(value)).resolve()
        if base.resolve() not in path.parents or not path.is_file():
            raise BuildFailed(f"{said}.{key} '{value}' is not a file in {base}")
        return path

    if not entry.get("license"):
        raise BuildFailed(f"{said} has no 'license': name the font's licence file, shipped "
                          "beside it")
    family = str(entry["family"])
    return FontFamily(role=f"fallback{k}", family=family,
                      office_name=str(entry.get("office_name") or family),
                      files={style: inside(p, f"files.{style}")
                             for style, p in entry["files"].items()},
                      license=inside(entry["license"], "license"))
