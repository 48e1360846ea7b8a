"""The trainer's deck: python-pptx, themed from ``layouts/slides/``."""

from __future__ import annotations

from collections.abc import Mapping

from ..context import BuildContext
from ..errors import BuildFailed
from ..model import Course


def render_deck(course: Course, ctx: BuildContext, pages: Mapping[str, str] | None = None) -> None:
    raise BuildFailed("the PPTX renderer is not built yet")
