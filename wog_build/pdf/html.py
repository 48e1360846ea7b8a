"""The intermediate HTML: a Jinja2 environment that loads templates only from
``layouts/module/`` (autoescape on), fed with the course model and helpers.

The templates decide the book's structure and every printed word (through the label
catalogue); Python only prepares what templates cannot compute: inline HTML, numbers,
the derived *materi pokok*, lists of tables and figures, font files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..citations import roman, sorted_references
from ..context import BuildContext
from ..fonts import load_fonts
from ..model import Chapter, Course, Figure, Section, Table, Unit, block_kind
from .inline_html import InlineRenderer, anchor, no_hyphen_pattern

TEMPLATE = "module.html.j2"
STYLESHEET = "module.css"
NO_HYPHEN_LIST = "no-hyphenate.txt"

# weight and style of each file role in fonts.yaml
FONT_STYLES = {
    "regular": ("normal", "normal"),
    "bold": ("bold", "normal"),
    "italic": ("normal", "italic"),
    "bold_italic": ("bold", "italic"),
}


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: str
    style: str
    path: Path

    @property
    def url(self) -> str:
        return self.path.as_uri()


def module_dir(ctx: BuildContext) -> Path:
    return ctx.layouts / "module"


def font_faces(ctx: BuildContext) -> list[FontFace]:
    family = load_fonts(ctx.layouts)["sans"]
    return [FontFace(family.family, *FONT_STYLES[role], path)
            for role, path in family.files.items() if role in FONT_STYLES]


def font_files(ctx: BuildContext) -> list[Path]:
    return [face.path for face in font_faces(ctx)]


def read_word_list(path: Path) -> list[str]:
    """One word a line; blank lines and ``#`` comments ignored."""
    if not path.is_file():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line]


def css_url(value: str) -> Markup:
    """A CSS ``url("…")`` for a path from the layouts; quotes and breaks escaped."""
    safe = "".join(c if c not in '"\\\n\r<>' else f"\\{ord(c):x} " for c in value)
    return Markup(f'url("{safe}")')


def in_module(unit: Any) -> bool:
    return not isinstance(unit, Unit) or unit.audience.in_module


def visible(items: list[Any]) -> list[Any]:
    return [item for item in items if in_module(item)]


def floats(course: Course, kind: type[Unit]) -> list[Unit]:
    """Tables or figures in reading order, as the module prints them."""
    found: list[Unit] = []

    def walk_section(section: Section) -> None:
        if not section.audience.in_module:
            return
        found.extend(b for b in section.blocks if isinstance(b, kind) and in_module(b))
        for sub in section.sections:
            walk_section(sub)

    for chapter in module_chapters(course):
        found.extend(b for b in chapter.intro if isinstance(b, kind) and in_module(b))
        for section in chapter.sections:
            walk_section(section)
    return found


def module_chapters(course: Course) -> list[Chapter]:
    return [c for c in course.chapters if c.audience.in_module]


def chapter_numeral(chapter: Chapter) -> str:
    return roman(int(chapter.number))


def alias_anchor(unit: Unit) -> str | None:
    """A chapter or section with an author's id stays addressable by its number id."""
    return anchor(unit.ids[1]) if len(unit.ids) > 1 else None


def make_environment(ctx: BuildContext, renderer: InlineRenderer) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(module_dir(ctx))),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        t=renderer,
        apa=renderer.apa,
        anchor=anchor,
        css_url=css_url,
        visible=visible,
        roman=roman,
        numeral=chapter_numeral,
    )
    env.globals.update(kind=block_kind, alias_anchor=alias_anchor, in_module=in_module)
    return env


def render_html(course: Course, ctx: BuildContext) -> str:
    no_hyphen = no_hyphen_pattern(read_word_list(module_dir(ctx) / NO_HYPHEN_LIST))
    renderer = InlineRenderer(course, ctx.labels, no_hyphen)
    env = make_environment(ctx, renderer)
    chapters = module_chapters(course)
    return env.get_template(TEMPLATE).render(
        course=course,
        meta=course.meta,
        L=ctx.labels,
        lang=course.meta.language,
        version=ctx.version,
        digest=ctx.digest,
        tool_version=ctx.tool_version,
        date_w3c=ctx.date.strftime("%Y-%m-%dT%H:%M:%SZ"),
        date_iso=ctx.date.date().isoformat(),
        stylesheet=(module_dir(ctx) / STYLESHEET).as_uri(),
        fonts=font_faces(ctx),
        chapters=chapters,
        tables=floats(course, Table),
        figures=floats(course, Figure),
        references=visible(sorted_references(course)),
        regulations=visible(course.regulations),
        glossary=visible(course.glossary),
    )
