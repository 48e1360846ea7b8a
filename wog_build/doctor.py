"""Check what the machine must have before a build, and say how to get what is missing.

Run by the Makefile after it installs the virtual environment, so that a missing system
library gives the exact install command instead of an import error deep in a build.
"""

from __future__ import annotations

import sys

from .fonts import load_fonts
from .paths import SettingsError, find_project_root, resolve_layouts

PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b"


def problems() -> list[str]:
    found = []
    try:
        from .pdf.libraries import import_weasyprint

        import_weasyprint()
    except OSError as exc:
        found.append(f"WeasyPrint cannot load Pango ({exc}).\n"
                     f"  install it with: sudo apt-get install {PANGO_PACKAGES}")
    try:  # the layouts this project builds with name the fonts
        layouts = resolve_layouts(None, find_project_root())
    except SettingsError as exc:
        return [*found, str(exc)]
    fonts = load_fonts(layouts)
    if fonts.missing():
        found.append(f"fonts missing: {', '.join(str(p) for p in fonts.missing())}\n"
                     f"  {fonts.install_hint()}")
    return found


def main() -> int:
    found = problems()
    for problem in found:
        print(f"wog-build doctor: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
