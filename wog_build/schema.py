"""The JSON Schema of the course format, for editors (yaml-language-server) and review.

Generated from the model, so it cannot disagree with the loader; the committed copies in
``schema/`` are checked against it by the tests.  A course's main file names
``course.schema.json``; a chapter kept in a file of its own names ``chapter.schema.json``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from . import model

SCHEMA_DIR = "schema"
SCHEMAS: dict[str, type[BaseModel]] = {
    "course.schema.json": model.Course,
    "chapter.schema.json": model.Chapter,
}
SCHEMA_PATH = f"{SCHEMA_DIR}/course.schema.json"

INCLUDE = {
    "type": "object",
    "description": "Take this item from another file of the course folder",
    "properties": {"include": {"type": "string"}},
    "required": ["include"],
    "additionalProperties": False,
}


def _schema_of(root: type[BaseModel], name: str) -> dict[str, Any]:
    schema = root.model_json_schema(by_alias=True, mode="validation")
    defs = schema.setdefault("$defs", {})
    for cls in vars(model).values():
        shorthand = isinstance(cls, type) and issubclass(cls, model.Node) and cls.shorthand
        if shorthand and cls.__name__ in defs:  # a bare string fills the shorthand field
            defs[cls.__name__] = {"anyOf": [{"type": "string"}, defs[cls.__name__]]}
    defs["Include"] = INCLUDE
    if "chapters" in schema.get("properties", {}):  # chapters may live in files of their own
        items = schema["properties"]["chapters"]["items"]
        schema["properties"]["chapters"]["items"] = {
            "anyOf": [items, {"$ref": "#/$defs/Include"}]
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://wog-build.invalid/schema/{name}",
        **schema,
    }


def course_schema() -> dict[str, Any]:
    return _schema_of(model.Course, "course.schema.json")


def all_schemas() -> dict[str, dict[str, Any]]:
    return {name: _schema_of(root, name) for name, root in SCHEMAS.items()}
