"""The deck's look, read from ``layouts/slides/theme.yaml``.

Python code holds no colours, sizes or font names: they all come from the theme file
and ``layouts/fonts.yaml``, so an institution can restyle the deck without code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BuildFailed
from ..fonts import FontFamily, load_fonts
from ..themes import merge, theme_data, theme_file
from ..yamlfile import safe_load

PT_PER_IN = 72


@dataclass(frozen=True)
class Theme:
    """Every number the deck is drawn with; lengths in points."""

    width: float
    height: float
    font: FontFamily
    colors: dict[str, str]
    sizes: dict[str, float]
    text: dict[str, float]
    geometry: dict[str, float]
    limits: dict[str, float]
    bullet: str
    ellipsis: str
    separator: str
    template: Path | None
    logo: Path | None
    languages: dict[str, str]
    agenda_sections: bool
    translation_leads: bool
    """A definition or quotation with a translation shows the translation first (the
    course's language), the original under it; False: the original first."""
    fallback: tuple[FontFamily, ...] = ()
    """The theme's fallback fonts: they measure, and the runs name them for, the
    characters ``font`` lacks (see :mod:`wog_build.glyphs`)."""

    def color(self, name: str) -> str:
        return self.colors[name]

    def size(self, name: str) -> float:
        return float(self.sizes[name])

    @property
    def margin_x(self) -> float:
        return float(self.geometry["margin_x"])

    @property
    def content_width(self) -> float:
        return self.width - 2 * self.margin_x

    @property
    def footer_top(self) -> float:
        return self.height - float(self.geometry["footer_height"])

    @property
    def body_bottom(self) -> float:
        return self.footer_top - float(self.geometry["footer_gap"])

    def limit(self, name: str) -> int:
        return int(self.limits[name])


def _optional_file(base: Path, value: Any, key: str) -> Path | None:
    if not value:
        return None
    path = (base / str(value)).resolve()
    if base.resolve() not in path.parents or not path.is_file():
        raise BuildFailed(f"{base / 'theme.yaml'}: {key} '{value}' is not a file in {base}")
    return path


def _themed_file(layouts: Path, folder: Path | None, base: Path, slide: dict[str, Any],
                 data: dict[str, Any], key: str) -> Path | None:
    """A logo or template: the chosen theme's (in its folder), else the built-in
    theme's (in layouts/), else the deck's own setting (in layouts/slides/)."""
    if folder is not None and theme_data(layouts, folder).get(key) != \
            theme_data(layouts, None).get(key):
        return theme_file(folder, layouts, key)
    if theme_data(layouts, None).get(key):
        return theme_file(None, layouts, key)
    return _optional_file(base, slide.get(key) or data.get(key), key)


def template_file(path: Path) -> Path:
    """A template given on the command line: it must be a PPTX file."""
    if not path.is_file() or path.suffix.lower() not in (".pptx", ".potx"):
        raise BuildFailed(f"{path}: --template needs a PowerPoint file (.pptx or .potx)")
    return path.resolve()


def load_theme(layouts: Path, template: Path | None = None,
               folder: Path | None = None) -> Theme:
    """Read the theme; refuse one that would let body text fall below its minimum.
    The deck's own ``slides/theme.yaml`` with the theme (the built-in
    ``layouts/theme.yaml``, and the theme ``folder`` chosen for the course) laid on it;
    ``template`` (``--template FILE``) replaces the theme's own template."""
    base = layouts / "slides"
    path = base / "theme.yaml"
    data = merge(safe_load(path.read_text(encoding="utf-8")),
                 theme_data(layouts, folder))
    fonts = load_fonts(layouts, folder)
    fonts.require()
    sizes = {k: float(v) for k, v in data["sizes"].items()}
    for key in ("body", "body_dense", "table", "caption", "diagram", "chart"):
        if key in sizes and sizes[key] < sizes["body_min"]:
            raise BuildFailed(f"{path}: sizes.{key} {sizes[key]} is below body_min")
    if sizes["title_min"] > sizes["title"]:
        raise BuildFailed(f"{path}: sizes.title_min is larger than sizes.title")
    slide = data["slide"]
    return Theme(
        width=float(slide["width_in"]) * PT_PER_IN,
        height=float(slide["height_in"]) * PT_PER_IN,
        font=fonts[str(data.get("font_role", "sans"))],
        colors={k: str(v).lstrip("#") for k, v in data["colors"].items()},
        sizes=sizes,
        text={k: float(v) for k, v in data["text"].items()},
        geometry={k: float(v) for k, v in data["geometry"].items()},
        limits={k: float(v) for k, v in data["limits"].items()},
        bullet=str(data.get("bullet", "-")),
        ellipsis=str(data.get("ellipsis", "...")),
        separator=str(data.get("separator", " - ")),
        template=template_file(template) if template is not None else
        _themed_file(layouts, folder, base, slide, data, "template"),
        logo=_themed_file(layouts, folder, base, slide, data, "logo"),
        languages={str(k): str(v) for k, v in data["languages"].items()},
        agenda_sections=bool(data.get("agenda_sections", True)),
        translation_leads=str(data.get("lead_language", "translation")) != "original",
        fallback=fonts.fallback,
    )
