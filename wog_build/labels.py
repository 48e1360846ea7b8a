"""The label catalogue: every word an output prints comes from ``layouts/labels/<lang>.yaml``.

A label that joins words with a value is a pattern, so each language keeps its own word
order: ``summary_title: "Rangkuman {chapter}"`` in Indonesian, ``"Summary of {chapter}"``
in English.  :func:`fill` puts the values in; a pattern naming a value the caller does
not give, or a stray brace, is an error naming the catalogue and the key.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from pathlib import Path

from .yamlfile import safe_load


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


def fill(labels: Mapping[str, str], key: str, **values: str) -> str:
    """The label ``key`` with its ``{name}`` fields replaced by ``values``."""
    pattern = labels[key]
    where = getattr(labels, "_path", "the labels")
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None]
    except ValueError as exc:
        raise KeyError(f"label '{key}' in {where} is not a valid pattern: {exc}") from None
    unknown = [f for f in fields if f not in values]
    if unknown:
        raise KeyError(f"label '{key}' in {where} names {{{unknown[0]}}}; it may use "
                       + ", ".join(f"{{{v}}}" for v in values))
    return pattern.format(**values)


def load_labels(layouts: Path, language: str,
                overrides: Mapping[str, str] | None = None) -> Labels:
    """The catalogue of ``language``, with a theme's ``overrides`` laid on it."""
    path = layouts / "labels" / f"{language}.yaml"
    with path.open(encoding="utf-8") as fh:
        values = safe_load(fh)
    merged = {str(k): str(v) for k, v in values.items()}
    merged.update(overrides or {})
    return Labels(language, merged, path)
