"""The participant module: Jinja2 templates in ``layouts/module/`` rendered by WeasyPrint."""

from __future__ import annotations

from ..context import BuildContext
from ..errors import BuildFailed
from ..model import Course

PageMap = dict[str, str]
"""Unit id → printed page label of the page where the unit's anchor lands."""


def render_html(course: Course, ctx: BuildContext) -> str:
    raise BuildFailed("the PDF renderer is not built yet")


def render_pdf(course: Course, ctx: BuildContext) -> PageMap:
    raise BuildFailed("the PDF renderer is not built yet")
