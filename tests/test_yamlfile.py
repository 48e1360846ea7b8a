"""The settings files are read with libyaml's safe loader (``wog_build/yamlfile.py``):
the same data as PyYAML's own safe loader, for every YAML file the layouts ship."""

from __future__ import annotations

import yaml

from wog_build import yamlfile

from .support.paths import ROOT


def test_every_layouts_file_reads_as_pyyaml_reads_it():
    files = sorted((ROOT / "layouts").rglob("*.yaml"))
    assert len(files) > 5
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yamlfile.safe_load(text) == yaml.safe_load(text), path


def test_it_refuses_what_the_safe_loader_refuses():
    """No tag beyond YAML's own: content is data, never code."""
    import pytest

    with pytest.raises(yaml.YAMLError):
        yamlfile.safe_load("x: !!python/object/apply:os.system ['true']\n")
