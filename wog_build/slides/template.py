"""The presentation the deck is drawn on: python-pptx's default, or an organisation's.

An organisation template is used the way PowerPoint users expect: each kind of slide
goes on the template's matching layout (title, section header, title and content, two
content), chosen by the layout's type and the types of its placeholders, never by name
(names are translated and renamed); a custom layout (type ``cust``) serves when its
placeholders are exactly what the slide needs.  Text goes into the layout's placeholders, at their
positions and sizes and with their insets, so the template's designer decides where
nothing may be written (its logo, its band); the deck paints no background of its own.
The template's sample slides are removed so only the course's slides remain.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.placeholder import LayoutPlaceholder
from pptx.slide import SlideLayout
from pptx.util import Emu

from ..errors import BuildFailed
from .frames import emu
from .theme import Theme

TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
PASSIVE = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
TEXT = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}
EMU_PER_PT = 12700
DEFAULT_INSETS = (7.2, 3.6, 7.2, 3.6)  # DrawingML's defaults: 0.1 in, 0.05 in
FOOTERS = {"footer": PP_PLACEHOLDER.FOOTER, "date": PP_PLACEHOLDER.DATE,
           "number": PP_PLACEHOLDER.SLIDE_NUMBER}


@dataclass(frozen=True)
class Region:
    """A layout placeholder's box on the slide, in points, with its own text insets."""

    idx: int
    x: float
    y: float
    w: float
    h: float
    insets: tuple[float, float, float, float]

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class Frame:
    """One layout of the template and the boxes a slide on it writes into."""

    layout: SlideLayout
    title: Region
    bodies: tuple[Region, ...]
    """The text placeholders, left to right (a title layout's subtitle)."""
    footers: dict[str, tuple[LayoutPlaceholder, Region]]
    """``footer``, ``date``, ``number``: the layout's footer placeholders that exist."""


@dataclass(frozen=True)
class Role:
    """What one kind of slide needs of a layout."""

    types: tuple[str, ...]
    """The layout types (``p:sldLayout/@type``) that are meant for it, best first."""
    name: str
    """PowerPoint's English name for such a layout, for the error message."""
    bodies: int
    needs: str


ROLES: dict[str, Role] = {
    "title": Role(("title",), "Title Slide", 1, "a title and a subtitle placeholder"),
    "section": Role(("secHead",), "Section Header", 1, "a title and one text placeholder"),
    "content": Role(("obj", "tx"), "Title and Content", 1,
                    "a title and one content placeholder"),
    "two_content": Role(("twoObj", "twoTxTwoObj"), "Two Content", 2,
                        "a title and two content placeholders side by side"),
}


def open_presentation(theme: Theme) -> PresentationType:
    """The template (keeping its own slide size: its layouts are drawn for it) or
    python-pptx's default at the theme's size."""
    if theme.template is not None:
        try:
            prs = Presentation(_as_presentation(theme.template))
        except (ValueError, KeyError, zipfile.BadZipFile, OSError) as err:
            raise BuildFailed(
                f"{theme.template}: not a PowerPoint presentation or template that can be "
                f"read ({type(err).__name__}: {err}); save it from PowerPoint again as "
                ".pptx or .potx") from err
        remove_slides(prs)
        check_template(prs, theme.template)
        return prs
    prs = Presentation()
    remove_slides(prs)
    prs.slide_width = Emu(emu(theme.width))
    prs.slide_height = Emu(emu(theme.height))
    return prs


MAX_TEMPLATE_BYTES = 64 * 1024 * 1024
"""The most a template may hold, on disk and unpacked: its parts are copied into every
deck, so a template of 1 MB that unpacks to 1 GiB would make every deck that big.  A
real organisation template (masters, layouts, a logo, fonts) stays well under 20 MB."""
MAX_TEMPLATE_PARTS = 10_000


def check_template_size(path: Path) -> None:
    """Refuse a template bigger than :data:`MAX_TEMPLATE_BYTES`, on disk or unpacked, from
    its size and its zip's central directory, before any part is read."""
    limit = f"{MAX_TEMPLATE_BYTES // (1024 * 1024)} MB"
    hint = ("; shrink its pictures and embedded fonts, or remove its sample slides, and "
            "save it again")
    size = path.stat().st_size
    if size > MAX_TEMPLATE_BYTES:
        raise BuildFailed(f"{path}: the template is {size / 1024 / 1024:.0f} MB; a template "
                          f"may be at most {limit}{hint}")
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise BuildFailed(f"{path}: the template is not a PowerPoint file (a zip package): "
                          f"{exc}") from None
    if len(infos) > MAX_TEMPLATE_PARTS:
        raise BuildFailed(f"{path}: the template holds {len(infos):,} parts; a template may "
                          f"hold at most {MAX_TEMPLATE_PARTS:,}{hint}")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_TEMPLATE_BYTES:
        biggest = max(infos, key=lambda info: info.file_size)
        raise BuildFailed(f"{path}: the template unpacks to {unpacked / 1024 / 1024:,.1f} MB "
                          f"(its part '{biggest.filename}' alone is "
                          f"{biggest.file_size / 1024 / 1024:,.1f} MB); a template may hold "
                          f"at most {limit} unpacked{hint}")


def _as_presentation(path: Path) -> io.BytesIO:
    """The file as a presentation package: a PowerPoint template (.potx, whatever its
    file is called) differs from a presentation only in its main part's content type."""
    check_template_size(path)
    data = path.read_bytes()
    src = zipfile.ZipFile(io.BytesIO(data))
    types = src.read("[Content_Types].xml") if "[Content_Types].xml" in src.namelist() else b""
    if b"presentationml.template.main+xml" in types:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                body = src.read(item)
                if item.filename == "[Content_Types].xml":
                    body = body.replace(b"presentationml.template.main+xml",
                                        b"presentationml.presentation.main+xml")
                dst.writestr(item, body)
        data = out.getvalue()
    return io.BytesIO(data)


def check_template(prs: PresentationType, path: Path) -> None:
    """Refuse a template the deck cannot be drawn on, or must not carry, with what to
    change in it: one without slide layouts or without a notes body, and one whose
    parts link to files outside it.

    External links are refused rather than dropped: a linked picture or a link to
    ``\\\\server\\share`` is fetched by PowerPoint when the deck is opened (on Windows,
    sending the user's credentials to that server), an http one tells its owner who
    opened the deck; dropping them would leave a template that looks different from
    the one its designer made.  The template is fixed once, by its owner."""
    if not len(prs.slide_layouts):
        raise BuildFailed(
            f"{path}: the template has no slide layouts; open it in PowerPoint, View > "
            "Slide Master, and add its layouts (at least 'Title Slide', 'Section Header' "
            "and 'Title and Content'), or use another template")
    kinds = [ph.placeholder_format.type for ph in list(prs.notes_master.placeholders)]
    if PP_PLACEHOLDER.BODY not in kinds:
        raise BuildFailed(
            f"{path}: the template's notes master has no body placeholder, so the speaker "
            "notes have nowhere to go; open it in PowerPoint, View > Notes Master, and tick "
            "'Body' under Placeholders")
    external = [(str(part.partname), rel.reltype.rsplit("/", 1)[-1], rel.target_ref)
                for part in prs.part.package.iter_parts()
                for rel in part.rels.values() if rel.is_external]
    if external:
        shown = "; ".join(f"{name} links to '{target}' ({kind})"
                          for name, kind, target in external[:5])
        more = f" and {len(external) - 5} more" if len(external) > 5 else ""
        raise BuildFailed(
            f"{path}: the template links to files outside it, which every deck would "
            f"carry and PowerPoint would fetch when the deck is opened: {shown}{more}; "
            "embed those pictures in the template (Insert > Pictures, not 'Link to "
            "File') and remove the links, then build again")


def remove_slides(prs: PresentationType) -> None:
    """Drop a template's sample slides (and, with their relationships, their parts)."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def placeholders(layout: SlideLayout) -> list[LayoutPlaceholder]:
    return list(layout.placeholders)


def layout_score(layout: SlideLayout) -> tuple[int, int]:
    """Lower is better: has a title placeholder, then holds few other placeholders."""
    kinds = [ph.placeholder_format.type for ph in placeholders(layout)]
    has_title = any(k in TITLES for k in kinds)
    others = sum(1 for k in kinds if k not in TITLES and k not in PASSIVE)
    return (0 if has_title else 1, others)


def title_layout(prs: PresentationType) -> SlideLayout:
    """The built-in look's one layout: a title and nothing else."""
    layouts = list(prs.slide_layouts)
    return min(layouts, key=lambda lay: (layout_score(lay), layouts.index(lay)))


def _insets(ph: LayoutPlaceholder) -> tuple[float, float, float, float]:
    """The placeholder's text insets: its own, else its master placeholder's, else
    DrawingML's defaults."""
    found: list[float | None] = [None] * 4
    sources = [ph._element]
    base = ph._base_placeholder
    if base is not None:
        sources.append(base._element)
    for element in sources:
        body = element.find(qn("p:txBody"))
        pr = body.find(qn("a:bodyPr")) if body is not None else None
        if pr is None:
            continue
        for i, key in enumerate(("lIns", "tIns", "rIns", "bIns")):
            if found[i] is None and pr.get(key) is not None:
                found[i] = int(str(pr.get(key))) / EMU_PER_PT
    left, top, right, bottom = (DEFAULT_INSETS[i] if v is None else v
                                for i, v in enumerate(found))
    return left, top, right, bottom


def region(ph: LayoutPlaceholder) -> Region:
    values = (ph.left, ph.top, ph.width, ph.height)
    if any(v is None for v in values):
        raise BuildFailed(f"a layout placeholder '{ph.name}' has no position, on its "
                          "layout or its master")
    x, y, w, h = (int(v or 0) / EMU_PER_PT for v in values)
    return Region(ph.placeholder_format.idx, x, y, w, h, _insets(ph))


def _vertical(ph: LayoutPlaceholder) -> bool:
    node = ph._element.find(".//" + qn("p:ph"))
    return node is not None and node.get("orient") == "vert"


class Template:
    """An organisation's PPTX and, per kind of slide, the layout it goes on."""

    def __init__(self, prs: PresentationType, path: Path) -> None:
        self.prs = prs
        self.path = path
        self._frames: dict[str, Frame] = {}

    def has(self, role: str) -> bool:
        try:
            self.frame(role)
        except BuildFailed:
            return False
        return True

    def frame(self, role: str) -> Frame:
        if role not in self._frames:
            self._frames[role] = self._choose(role)
        return self._frames[role]

    def _fits(self, layout: SlideLayout, role: str) -> Frame | None:
        want = ROLES[role]
        phs = placeholders(layout)
        if any(_vertical(ph) for ph in phs):
            return None
        kinds = [ph.placeholder_format.type for ph in phs]
        titles = [ph for ph in phs if ph.placeholder_format.type in TITLES]
        if len(titles) != 1:
            return None
        is_title_layout = layout._element.get("type") == "title" or \
            PP_PLACEHOLDER.CENTER_TITLE in kinds or PP_PLACEHOLDER.SUBTITLE in kinds
        if role == "title":
            texts = [ph for ph in phs
                     if ph.placeholder_format.type in (PP_PLACEHOLDER.SUBTITLE, *TEXT)]
            if not is_title_layout:
                return None
        elif is_title_layout:
            return None
        elif role == "section":
            texts = [ph for ph in phs if ph.placeholder_format.type == PP_PLACEHOLDER.BODY]
            if any(k == PP_PLACEHOLDER.OBJECT for k in kinds):
                return None
        else:
            texts = [ph for ph in phs if ph.placeholder_format.type in TEXT]
        if len(texts) != want.bodies:
            return None
        bodies = tuple(sorted((region(ph) for ph in texts), key=lambda r: (r.x, r.y)))
        if want.bodies == 2 and bodies[0].right > bodies[1].x + 1:
            return None  # not side by side
        title = region(titles[0])
        footers = {name: (ph, region(ph)) for name, kind in FOOTERS.items()
                   for ph in phs if ph.placeholder_format.type == kind}
        return Frame(layout, title, bodies, footers)

    def _choose(self, role: str) -> Frame:
        want = ROLES[role]
        best: tuple[tuple[int, int, int], Frame] | None = None
        for n, layout in enumerate(self.prs.slide_layouts):
            frame = self._fits(layout, role)
            if frame is None:
                continue
            kind = layout._element.get("type", "cust")
            others = sum(1 for ph in placeholders(layout)
                         if ph.placeholder_format.type not in PASSIVE) - 1 - want.bodies
            if kind not in want.types and (kind != "cust" or others):
                continue  # another built-in kind (picture with caption, ...): not this one
            score = (want.types.index(kind) if kind in want.types else len(want.types),
                     others, n)
            if best is None or score < best[0]:
                best = (score, frame)
        if best is None:
            raise BuildFailed(
                f"{self.path}: the template has no layout for {role.replace('_', '-')} "
                f"slides: add a '{want.name}' layout (layout type '{want.types[0]}': "
                f"{want.needs}) to its slide master")
        return best[1]
