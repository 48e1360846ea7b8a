"""The safe YAML loader for the files the build reads as settings (themes, fonts, labels,
styles, print settings) and for a quick look at a course file: libyaml's when PyYAML was
built with it, else PyYAML's own.  Both build the same data from the same text (the same
constructor), libyaml's in a seventh of the time: the build reads some twenty-five such
files.  A course's own files are read by :mod:`.yamlsource`, which keeps each value's line
and column."""

from __future__ import annotations

from typing import IO, Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream: str | IO[str]) -> Any:
    """The data of one YAML document, read safely (no tags beyond YAML's own)."""
    return yaml.load(stream, Loader=SafeLoader)
