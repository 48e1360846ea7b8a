"""The JSON Schema of the course format, for editors (yaml-language-server) and review.

Generated from the model, so it cannot disagree with the loader; the committed copy at
``schema/course.schema.json`` is checked against it by the tests.
"""

from __future__ import annotations

from typing import Any

from . import model

SCHEMA_PATH = "schema/course.schema.json"


def course_schema() -> dict[str, Any]:
    schema = model.Course.model_json_schema(by_alias=True, mode="validation")
    defs = schema.get("$defs", {})
    for cls in vars(model).values():
        shorthand = isinstance(cls, type) and issubclass(cls, model.Node) and cls.shorthand
        if shorthand and cls.__name__ in defs:  # a bare string fills the shorthand field
            defs[cls.__name__] = {"anyOf": [{"type": "string"}, defs[cls.__name__]]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://wog-build.invalid/schema/course.schema.json",
        **schema,
    }
