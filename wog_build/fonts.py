"""The fonts named in ``layouts/fonts.yaml``: where their files are, and whether they are
there.  Every writer takes font files from here, never from a font search.  The default
layouts ship their fonts (relative paths); a theme may name system fonts by absolute
path and the Debian package that installs them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import BuildFailed
from .yamlfile import safe_load


@dataclass(frozen=True)
class FontFamily:
    role: str
    family: str
    office_name: str
    files: dict[str, Path]

    license: Path | None = None
    """The font's licence file (a fallback font a theme declares must ship with it)."""

    def file(self, style: str = "regular") -> Path:
        """The file of ``style``; a fallback font may have only its regular file (the
        renderers then slant or embolden it themselves)."""
        return self.files.get(style) or self.files["regular"]


@dataclass(frozen=True)
class Fonts:
    debian_package: str | None
    families: dict[str, FontFamily]
    fallback: tuple[FontFamily, ...] = ()
    """The theme's fallback fonts, in order: for the characters the main family lacks
    (Arabic, CJK, ...).  Declared, shipped and in the digest like the main family."""

    @property
    def declared(self) -> tuple[FontFamily, ...]:
        """Every family the outputs may draw with: the main ones, then the fallbacks."""
        return (*self.families.values(), *self.fallback)

    def __getitem__(self, role: str) -> FontFamily:
        return self.families[role]

    def missing(self) -> list[Path]:
        return [f for fam in self.declared for f in fam.files.values() if not f.is_file()]

    def require(self) -> None:
        missing = self.missing()
        if missing:
            raise BuildFailed(f"font file {missing[0]} is not there; {self.install_hint()}")

    def install_hint(self) -> str:
        if self.debian_package:
            return f"install it with: sudo apt-get install {self.debian_package}"
        return "put the file there, or correct its path in the layouts' fonts.yaml"


def load_fonts(layouts: Path, theme: Path | None = None) -> Fonts:
    """The fonts of ``layouts/fonts.yaml``, with the fallback fonts the theme declares
    (the theme folder ``theme``, else the built-in ``layouts/theme.yaml``)."""
    from .themes import theme_fallback_fonts

    data = safe_load((layouts / "fonts.yaml").read_text(encoding="utf-8"))
    families = {
        role: FontFamily(
            role=role,
            family=str(spec["family"]),
            office_name=str(spec.get("office_name", spec["family"])),
            files={style: layouts / Path(p) for style, p in spec["files"].items()},
        )
        for role, spec in data["families"].items()
    }
    package = data.get("debian_package")
    return Fonts(debian_package=str(package) if package else None, families=families,
                 fallback=theme_fallback_fonts(layouts, theme))
