"""The label catalogue: every word an output prints comes from ``layouts/labels/<lang>.yaml``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import yaml


class Labels(Mapping[str, str]):
    """Read-only labels of one language; a missing key names the catalogue to fix."""

    def __init__(self, language: str, values: dict[str, str], path: Path) -> None:
        self.language = language
        self._values = values
        self._path = path

    def __getitem__(self, key: str) -> str:
        try:
            return self._values[key]
        except KeyError:
            raise KeyError(f"label '{key}' is missing from {self._path}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def load_labels(layouts: Path, language: str) -> Labels:
    path = layouts / "labels" / f"{language}.yaml"
    with path.open(encoding="utf-8") as fh:
        values = yaml.safe_load(fh)
    return Labels(language, {str(k): str(v) for k, v in values.items()}, path)
