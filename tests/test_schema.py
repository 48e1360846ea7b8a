"""The committed JSON Schemas are the ones the model generates, and they accept real sources."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from wog_build.cli import main
from wog_build.schema import SCHEMA_DIR, all_schemas, course_schema

from .support.paths import FIXTURES, FULL_COURSE, ROOT


@pytest.mark.parametrize("name", sorted(all_schemas()))
def test_committed_schema_is_current(name):
    committed = json.loads((ROOT / SCHEMA_DIR / name).read_text(encoding="utf-8"))
    assert committed == all_schemas()[name], f"{name} is stale: run `make schema` and commit it"


def test_schema_command_prints_the_course_schema(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == course_schema()


def _source_files():
    fixture = sorted((FIXTURES / "full").glob("*.yaml"))
    return [*fixture, *sorted((ROOT / "source").glob("*/*.yaml"))]


@pytest.mark.parametrize("path", _source_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_source_files_validate_against_the_schema_they_name(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema="), path
    target = (path.parent / first.split("=", 1)[1]).resolve()
    assert target.parent == (ROOT / SCHEMA_DIR).resolve()
    schema = json.loads(target.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    jsonschema.validate(data, schema)


def test_schema_rejects_what_the_loader_rejects():
    data = yaml.safe_load(FULL_COURSE.read_text(encoding="utf-8"))
    data["meta"]["subtitel"] = "salah eja"
    with pytest.raises(jsonschema.ValidationError, match="subtitel"):
        jsonschema.validate(json.loads(json.dumps(data, default=str)), course_schema())


def test_schema_accepts_shorthand():
    key_point = course_schema()["$defs"]["KeyPoint"]
    assert {"type": "string"} in key_point["anyOf"]
