"""An organisation's PowerPoint template, made here so the tests need no binary file.

It has what real ones have: a branded background on the master, a band along the
bottom, a logo in the master (top right) and another in the Title Slide layout, and its
own title, section, content and two-content layouts whose placeholders its designer
kept clear of the logo and the band.  Layout names are translated, so nothing may rely
on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.oxml.shapes.picture import CT_Picture
from pptx.shapes.autoshape import Shape
from pptx.util import Emu, Inches

BACKGROUND = "F3EEDF"  # cream
BAND = "7A1F2B"        # maroon
LOGO = (0x2E, 0x7D, 0x32)
WIDTH_IN, HEIGHT_IN = 13.333, 7.5


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float  # points

    def intersects(self, o: Rect, tol: float = 0.5) -> bool:
        return (self.x < o.x + o.w - tol and o.x < self.x + self.w - tol
                and self.y < o.y + o.h - tol and o.y < self.y + self.h - tol)


@dataclass(frozen=True)
class OrgTemplate:
    path: Path
    logo: Rect        # on every slide (master)
    title_logo: Rect  # on the Title Slide layout
    band: Rect


def _pt(emu: int) -> float:
    return emu / 12700


def _next_id(tree) -> int:  # type: ignore[no-untyped-def]
    ids = [int(x) for x in tree.xpath(".//p:cNvPr/@id")]
    return max(ids, default=1) + 1


def _add_picture(part, tree, image: Path, x, y, w, h, name: str) -> None:  # type: ignore[no-untyped-def]
    _, rid = part.get_or_add_image_part(str(image))
    pic = CT_Picture.new_pic(_next_id(tree), name, "logo", rid, x, y, w, h)
    tree.append(pic)


def _add_band(tree, x, y, w, h) -> None:  # type: ignore[no-untyped-def]
    sp = CT_Shape.new_autoshape_sp(_next_id(tree), "Band", "rect", x, y, w, h)
    tree.append(sp)
    shape = Shape(sp, None)
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(BAND)
    shape.line.fill.background()


def _set(ph, x: float, y: float, w: float, h: float) -> None:  # type: ignore[no-untyped-def]
    ph.left, ph.top, ph.width, ph.height = Inches(x), Inches(y), Inches(w), Inches(h)


def make_org_template(folder: Path, remove: tuple[str, ...] = ()) -> OrgTemplate:
    """Write ``org.pptx`` into ``folder``; ``remove``: layout types to leave out (to test
    the message for a template that lacks one)."""
    folder.mkdir(parents=True, exist_ok=True)
    logo_png = folder / "org-logo.png"
    Image.new("RGB", (300, 200), LOGO).save(logo_png)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(WIDTH_IN), Inches(HEIGHT_IN)
    master = prs.slide_master
    master.background.fill.solid()
    master.background.fill.fore_color.rgb = RGBColor.from_string(BACKGROUND)
    tree = master.shapes._spTree
    band = (0.0, 7.0, WIDTH_IN, 0.5)
    logo = (11.9, 0.25, 1.2, 0.8)
    _add_band(tree, *(Inches(v) for v in band))
    _add_picture(master.part, tree, logo_png, *(Inches(v) for v in logo), "Logo")
    # the master's placeholders: title left of the logo, body and footers above the band
    for ph in master.placeholders:
        kind = ph.placeholder_format.type
        if kind == PP_PLACEHOLDER.TITLE:
            _set(ph, 0.6, 0.3, 11.0, 1.1)
        elif kind == PP_PLACEHOLDER.BODY:
            _set(ph, 0.6, 1.6, 12.1, 4.7)
        elif kind == PP_PLACEHOLDER.DATE:
            _set(ph, 0.6, 6.45, 3.0, 0.45)
        elif kind == PP_PLACEHOLDER.FOOTER:
            _set(ph, 4.2, 6.45, 5.0, 0.45)
        elif kind == PP_PLACEHOLDER.SLIDE_NUMBER:
            _set(ph, 10.2, 6.45, 2.5, 0.45)
    title_logo = (0.6, 0.5, 1.8, 1.2)
    for n, layout in enumerate(list(prs.slide_layouts)):
        kind = layout._element.get("type")
        if kind in remove:
            prs.slide_layouts.remove(layout)
            continue
        layout._element.cSld.set("name", f"Tata letak {n}")  # names must not matter
        for ph in layout.placeholders:
            t = ph.placeholder_format.type
            if t in (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
                continue  # inherit the master's
            if kind == "title":
                if t == PP_PLACEHOLDER.CENTER_TITLE:
                    _set(ph, 1.5, 2.0, 10.3, 1.9)
                else:
                    _set(ph, 1.5, 4.0, 10.3, 2.2)
            elif kind == "secHead":
                if t == PP_PLACEHOLDER.TITLE:
                    _set(ph, 0.9, 2.2, 11.0, 2.0)
                else:
                    _set(ph, 0.9, 4.3, 11.0, 1.2)
            elif kind == "twoObj" and t != PP_PLACEHOLDER.TITLE:
                idx = ph.placeholder_format.idx
                _set(ph, 0.6 if idx == 1 else 6.8, 1.6, 5.9, 4.7)
            elif ph._element.find(qn("p:spPr")).find(qn("a:xfrm")) is not None:
                # any other explicit position: scale the 4:3 default to 16:9
                ph.left = Emu(int(ph.left * WIDTH_IN / 10))
                ph.width = Emu(int(ph.width * WIDTH_IN / 10))
                if t in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
                    ph.width = Emu(min(ph.width, Inches(11.6) - ph.left))
                    ph.top = Emu(max(ph.top, Inches(0.2)))
                if ph.top + ph.height > Inches(6.4):
                    ph.height = Emu(Inches(6.4) - ph.top)
        if kind == "title":
            _add_picture(layout.part, layout.shapes._spTree, logo_png,
                         *(Inches(v) for v in title_logo), "Title logo")
    # the designer's own text styles: maroon titles
    for rpr in master._element.xpath(".//p:titleStyle//a:defRPr"):
        for old in rpr.findall(qn("a:solidFill")):
            rpr.remove(old)
        fill = rpr.makeelement(qn("a:solidFill"), {})
        clr = fill.makeelement(qn("a:srgbClr"), {"val": BAND})
        fill.append(clr)
        rpr.insert(0, fill)
    sample = prs.slides.add_slide(prs.slide_layouts[0])
    sample.shapes.title.text = "Contoh templat"
    path = folder / "org.pptx"
    prs.save(str(path))
    return OrgTemplate(path, Rect(*(v * 72 for v in logo)), Rect(*(v * 72 for v in title_logo)),
                       Rect(*(v * 72 for v in band)))
