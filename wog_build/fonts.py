"""The fonts named in ``layouts/fonts.yaml``: where their files are, and whether they are
installed.  Both renderers take font files from here, never from a font search."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import BuildFailed


@dataclass(frozen=True)
class FontFamily:
    role: str
    family: str
    office_name: str
    files: dict[str, Path]

    def file(self, style: str = "regular") -> Path:
        return self.files[style]


@dataclass(frozen=True)
class Fonts:
    debian_package: str
    families: dict[str, FontFamily]

    def __getitem__(self, role: str) -> FontFamily:
        return self.families[role]

    def missing(self) -> list[Path]:
        return [f for fam in self.families.values() for f in fam.files.values() if not f.is_file()]

    def require(self) -> None:
        missing = self.missing()
        if missing:
            raise BuildFailed(
                f"font file {missing[0]} is not installed; install it with: "
                f"sudo apt-get install {self.debian_package}"
            )


def load_fonts(layouts: Path) -> Fonts:
    data = yaml.safe_load((layouts / "fonts.yaml").read_text(encoding="utf-8"))
    families = {
        role: FontFamily(
            role=role,
            family=str(spec["family"]),
            office_name=str(spec.get("office_name", spec["family"])),
            files={style: Path(p) for style, p in spec["files"].items()},
        )
        for role, spec in data["families"].items()
    }
    return Fonts(debian_package=str(data["debian_package"]), families=families)
