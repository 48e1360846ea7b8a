"""The shared palette and drawing rules, read from ``layouts/visuals.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BuildFailed
from ..yamlfile import safe_load

VISUALS_FILE = "visuals.yaml"
_HEX = re.compile(r"[0-9A-F]{6}")


@dataclass(frozen=True)
class VisualStyle:
    """Colours (hex, no '#') and the diagram rules; lengths are shares or points."""

    colors: dict[str, str]
    series: tuple[str, ...]
    diagram: dict[str, float]
    module: dict[str, float]

    def color(self, name: str) -> str:
        return self.colors[name]

    def series_color(self, k: int) -> str:
        return self.series[k % len(self.series)]


def load_style(layouts: Path, theme: Path | None = None) -> VisualStyle:
    """The drawing rules of ``visuals.yaml`` with the theme's palette (``layouts/theme.yaml``
    and the course's theme folder): the one place both outputs take their colours from."""
    from ..themes import palette

    path = layouts / VISUALS_FILE
    try:
        data: Any = safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BuildFailed(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        colors = {k: v.upper() for k, v in palette(layouts, theme).items()}
        series = tuple(str(v).lstrip("#").upper() for v in data["series"])
        diagram = {str(k): float(v) for k, v in data["diagram"].items()}
        module = {str(k): float(v) for k, v in data["module"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BuildFailed(f"{path}: needs 'series', 'diagram' and 'module' "
                          f"as in the packaged layouts ({exc})") from None
    bad = next((v for v in [*colors.values(), *series] if not _HEX.fullmatch(v)), None)
    if bad is not None:
        raise BuildFailed(f"{path}: colour '{bad}' is not six hex digits (RRGGBB)")
    if not series:
        raise BuildFailed(f"{path}: 'series' names no colour")
    return VisualStyle(colors=colors, series=series, diagram=diagram, module=module)
