"""The intermediate HTML: a Jinja2 environment that loads templates only from
``layouts/module/`` (autoescape on), fed with the course model and helpers.

The templates decide the book's structure and every printed word (through the label
catalogue); they read the resolved document (ids, numbers, labels, visibility) through
a few filters, and Python only prepares what templates cannot compute: inline HTML, the
lists of tables and figures, font files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from ..citations import sorted_references
from ..context import BuildContext
from ..document import Document
from ..document.protocol import part_anchor, sub_part, unit_anchor
from ..fonts import load_fonts
from ..labels import fill
from ..model import Chapter, Chart, Diagram, Figure, Section, Table, Unit, block_kind
from ..syllables import hyphenate
from ..templates import environment
from ..visuals.style import load_style
from .inline_html import InlineRenderer, keep_with_number_pattern, no_hyphen_pattern
from .svg import SvgWriter

TEMPLATE = "module.html.j2"
STYLESHEET = "module.css"
NO_HYPHEN_LIST = "no-hyphenate.txt"
KEEP_WITH_NUMBER_LIST = "keep-with-number.txt"
SYLLABIFIERS = {"id": hyphenate}
"""The languages whose words get soft hyphens by rule (PUEBI for Indonesian); a course
in another language is hyphenated by WeasyPrint's patterns for it (module.css)."""
PRINT_SETTINGS = "print.yaml"

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
    """The ``@font-face`` rules: the main family's files, then the theme's fallback
    fonts' (the renderer is given no other font: :mod:`.fontconfig`)."""
    fonts = load_fonts(ctx.layouts, ctx.theme)
    return [FontFace(family.family, *FONT_STYLES[role], path)
            for family in (fonts["sans"], *fonts.fallback)
            for role, path in family.files.items() if role in FONT_STYLES]


def font_stack(ctx: BuildContext) -> Markup:
    """The CSS ``font-family`` list: the main family, then each fallback font, and no
    generic family (a machine's own fonts are never used)."""
    fonts = load_fonts(ctx.layouts, ctx.theme)
    names = [f.family for f in (fonts["sans"], *fonts.fallback)]
    return Markup(", ".join('"' + "".join(c if c not in '"\\\n\r<>' else f"\\{ord(c):x} "
                                           for c in name) + '"' for name in names))


def font_files(ctx: BuildContext) -> list[Path]:
    return [face.path for face in font_faces(ctx)]


def read_word_list(path: Path) -> list[str]:
    """One word a line; blank lines and ``#`` comments ignored."""
    if not path.is_file():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line]


def urlpath(value: str) -> str:
    """A relative file path as a URL path: every character a URL would read differently
    escaped, so WeasyPrint fetches exactly the file the checks validated."""
    from urllib.parse import quote

    return quote(value, safe="/")


def print_settings(ctx: BuildContext) -> dict[str, Any]:
    """``layouts/module/print.yaml``: how the book is printed (``duplex``).  Missing file:
    single-sided; a value of the wrong type is a build error that names the file."""
    from ..errors import BuildFailed
    from ..yamlfile import safe_load

    path = module_dir(ctx) / PRINT_SETTINGS
    data = safe_load(path.read_text("utf-8")) if path.is_file() else {}
    data = data or {}
    if not isinstance(data, dict) or not isinstance(data.get("duplex", False), bool):
        raise BuildFailed(f"{path}: 'duplex' must be true or false")
    return {"duplex": bool(data.get("duplex", False))}


def css_url(value: str) -> Markup:
    """A CSS ``url("…")`` for a path from the layouts; quotes and breaks escaped."""
    safe = "".join(c if c not in '"\\\n\r<>' else f"\\{ord(c):x} " for c in value)
    return Markup(f'url("{safe}")')


class ModuleView:
    """The document as the module's templates see it: the units this output shows, and
    the filters that print a unit's anchor, label and number from the resolved
    document (never from the source model)."""

    def __init__(self, doc: Document, output: str) -> None:
        self.doc = doc
        self.output = output

    def shows(self, unit: Any) -> bool:
        return self.doc.shows(unit, self.output)

    def visible(self, items: list[Any]) -> list[Any]:
        return self.doc.visible(items, self.output)

    def anchor(self, unit: Unit) -> str:
        return unit_anchor(self.doc.uid(unit))

    def alias_anchor(self, unit: Unit) -> str | None:
        alias = self.doc.alias(unit)
        return unit_anchor(alias) if alias else None

    def image_src(self, rel: str) -> str:
        """An image's address in the HTML: as the author wrote it inside the course
        folder, under the shared assets' fixed address when it is a shared asset."""
        from .fetcher import ASSETS_BASE_PATH

        assets = self.doc.assets
        target = (self.doc.root / rel).resolve()
        if assets is not None and not target.is_relative_to(self.doc.root) and \
                target.is_relative_to(assets):
            return (ASSETS_BASE_PATH / target.relative_to(assets)).as_uri()
        return urlpath(rel)

    def chapters(self) -> list[Chapter]:
        return self.visible(self.doc.chapters)

    def floats(self, kind: type[Unit] | tuple[type[Unit], ...]) -> list[Unit]:
        """Tables or figures in reading order, as the module prints them."""
        found: list[Unit] = []

        def walk_section(section: Section) -> None:
            if not self.shows(section):
                return
            found.extend(b for b in section.blocks if isinstance(b, kind) and self.shows(b))
            for sub in section.sections:
                walk_section(sub)

        intro = self.doc.introduction  # BAB I's parts first, in print order
        for part in (intro.background, intro.description, intro.benefits, intro.method,
                     intro.study_guide):
            found.extend(b for b in part if isinstance(b, kind) and self.shows(b))
        for chapter in self.chapters():
            found.extend(b for b in chapter.intro if isinstance(b, kind) and self.shows(b))
            for section in chapter.sections:
                walk_section(section)
        return found


def intro_parts(doc: Document, view: ModuleView) -> list[str]:
    """BAB I's parts in print order (label keys), those the module prints: the TOC
    lists each, and each heading carries its anchor."""
    intro = doc.introduction
    present = (("background", True), ("description", True),
               ("benefits", bool(view.visible(intro.benefits))), ("competency", True),
               ("indicators", True), ("materi_pokok", True),
               ("method", bool(view.visible(intro.method))),
               ("study_guide", bool(view.visible(intro.study_guide))))
    return [key for key, shown in present if shown]


DIGEST_PREFIX = 12
"""Hex digits of the source digest printed on the imprint page (the whole digest is in
the PDF's metadata, where the sync proof reads it)."""
LAYOUT_LOGO = "logo.png"


def cover_logo(doc: Document, ctx: BuildContext) -> str | None:
    """The cover's logo: the course's ``meta.logo`` (checked to be an image inside the
    course folder), else ``layouts/module/logo.png`` when the layouts have one."""
    if doc.meta.logo is not None:
        return (doc.root / doc.meta.logo).resolve().as_uri()
    fallback = module_dir(ctx) / LAYOUT_LOGO
    return fallback.as_uri() if fallback.is_file() else None


def make_environment(ctx: BuildContext, renderer: InlineRenderer,
                     view: ModuleView, svg: SvgWriter | None = None) -> Environment:
    env = environment(
        module_dir(ctx),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    doc = view.doc
    env.filters.update(
        t=renderer,
        unbroken=renderer.unbroken,
        apa=renderer.apa,
        anchor=view.anchor,
        part=part_anchor,
        css_url=css_url,
        image_src=view.image_src,
        visible=view.visible,
        label=doc.label,
        number=doc.number,
        truth=doc.truth,
        heading=doc.chapter_heading,
        points=doc.points_text,
    )
    if svg is not None:
        env.filters.update(diagram_svg=svg.diagram, chart_svg=svg.chart)
    env.globals.update(kind=block_kind, alias_anchor=view.alias_anchor, shows=view.shows)


    env.globals.update(kind=block_kind, alias_anchor=view.alias_anchor, shows=view.shows,
                       sub_part=sub_part, uid=doc.uid)
    return env


def render_html(doc: Document, ctx: BuildContext, output: str) -> str:
    """The module's complete HTML, for the units ``output`` (the module writer's name)
    shows."""
    no_hyphen = no_hyphen_pattern(read_word_list(module_dir(ctx) / NO_HYPHEN_LIST))
    keep = keep_with_number_pattern(read_word_list(module_dir(ctx) / KEEP_WITH_NUMBER_LIST)
                                    + [ctx.labels[k] for k in ("table", "figure", "box",
                                                               "chapter", "section", "page")])
    renderer = InlineRenderer(doc, no_hyphen, SYLLABIFIERS.get(doc.language), keep)
    view = ModuleView(doc, output)
    style = load_style(ctx.layouts, ctx.theme)
    fonts = load_fonts(ctx.layouts, ctx.theme)
    svg = SvgWriter(doc, style, fonts["sans"], fonts.fallback)
    env = make_environment(ctx, renderer, view, svg)
    return env.get_template(TEMPLATE).render(
        course=doc,
        meta=doc.meta,
        L=ctx.labels,
        intro_label=doc.introduction_label,
        changes_title=fill(ctx.labels, "changes_title", version=doc.version),
        lang=doc.language,
        version=ctx.version,
        digest=ctx.digest,
        tool_version=ctx.tool_version,
        date_w3c=ctx.date.strftime("%Y-%m-%dT%H:%M:%SZ"),
        date_iso=ctx.date.date().isoformat(),
        stylesheet=(module_dir(ctx) / STYLESHEET).as_uri(),
        fonts=font_faces(ctx),
        font_stack=font_stack(ctx),
        duplex=print_settings(ctx)["duplex"],
        logo=cover_logo(doc, ctx),
        digest_short=ctx.digest[:DIGEST_PREFIX],
        chapters=view.chapters(),
        intro_parts=intro_parts(doc, view),
        tables=view.floats(Table),
        figures=view.floats((Figure, Diagram, Chart)),
        palette=style.colors,
        references=view.visible(sorted_references(doc)),
        regulations=view.visible(doc.regulations),
        glossary=view.visible(doc.glossary),
    )
