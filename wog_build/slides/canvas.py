"""Drawing primitives: slides, measured text boxes, titles that fit, footers and notes."""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass, replace
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.oxml.shapes.groupshape import CT_GroupShape
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.util import Emu

from ..errors import BuildFailed
from .frames import FrameWriter, emu
from .linear import linear
from .measure import Box, Metrics, Para, Span, height_of, para_lines
from .template import TITLES, Frame, Region, Template, title_layout
from .theme import Theme


@dataclass(frozen=True)
class FittedTitle:
    para: Para
    height: float
    truncated: bool


class Canvas:
    """One presentation being drawn on; knows the theme and how text is measured."""

    def __init__(self, prs: PresentationType, theme: Theme, metrics: Metrics,
                 writer: FrameWriter) -> None:
        self.prs = prs
        self.theme = theme
        self.metrics = metrics
        self._fitted: dict[tuple[object, ...], FittedTitle] = {}
        self._shapes: dict[tuple[str, int], CT_GroupShape] = {}
        """A new slide's shapes (its layout's placeholders it keeps), by role and keep."""
        self.writer = writer
        self.layout = title_layout(prs)
        self.template = Template(prs, theme.template) if theme.template else None
        """With an organisation template, slides go on its layouts (see template.py)."""
        self.deck = linear(prs)
        """Adds each slide in constant time (see linear.py)."""

    # --- slides and shapes -----------------------------------------------------------

    def slide(self, kind: str, role: str = "content", keep: int = 9) -> Slide:
        """A new slide named by its kind: on the template's layout for ``role`` keeping
        its title and first ``keep`` text placeholders, else holding at most a title."""
        if self.template is not None:
            frame = self.template.frame(role)
            layout, key = frame.layout, (role, keep)
            wanted = {frame.title.idx, *(r.idx for r in frame.bodies[:keep])}

            def kept_ph(ph: Any) -> bool:
                return ph.placeholder_format.idx in wanted
        else:
            layout, key = self.layout, ("", 0)

            def kept_ph(ph: Any) -> bool:
                return ph.placeholder_format.type in TITLES
        shapes = self._shapes.get(key)
        slide = self.deck.add_slide(layout, shapes)
        if shapes is None:  # the first slide of this kind: the next ones copy its shapes
            for ph in list(slide.placeholders):
                if not kept_ph(ph):
                    ph._element.getparent().remove(ph._element)
            self._shapes[key] = deepcopy(slide._element.cSld.spTree)
        slide._element.cSld.set("name", kind)
        return slide

    def frame(self, role: str) -> Frame:
        assert self.template is not None
        return self.template.frame(role)

    def box_of(self, region: Region) -> Box:
        return self.writer.box(region.w, region.h, insets=region.insets)

    def into(self, slide: Slide, region: Region, paras: Sequence[Para], anchor: str = "t",
             name: str = "") -> None:
        """Text into the slide's placeholder for ``region`` (a template's), after
        checking by measurement, with the placeholder's own box and insets, that it
        fits; the placeholder keeps its layout's position and size."""
        if height_of(self.metrics, self.box_of(region), paras) > \
                self.box_of(region).text_height:
            raise BuildFailed(f"internal: text does not fit its placeholder ({name})")
        ph = next(p for p in slide.placeholders if p.placeholder_format.idx == region.idx)
        if name:
            ph.name = name
        self.writer.write(ph.text_frame, paras, anchor, region.insets, inherit_color=True)

    def shrink(self, paras: Sequence[Para], region: Region, min_size: str) -> list[Para]:
        """The paragraphs at the largest sizes (2 pt steps, never below ``min_size``)
        that fit ``region``; the last ones are left out when even that does not fit
        (the caller keeps them in the notes)."""
        low = self.theme.size(min_size)
        box = self.box_of(region)
        step = 0.0
        while True:
            sized = [replace(p, size=max(low, p.size - step)) for p in paras]
            if height_of(self.metrics, box, sized) <= box.text_height:
                return sized
            if all(p.size - step <= low for p in paras):
                break
            step += 2
        while sized and height_of(self.metrics, box, sized) > box.text_height:
            sized.pop()
        return sized

    def rect(self, slide: Slide, x: float, y: float, w: float, h: float, color: str) -> Shape:
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(emu(x)), Emu(emu(y)),
                                       Emu(emu(w)), Emu(emu(h)))
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(self.theme.color(color))
        shape.line.fill.background()
        shape.shadow.inherit = False
        shape.text_frame.text = ""
        self.writer.write(shape.text_frame, [Para((), self.theme.size("footer"), space_after=0)])
        return shape

    def text(self, slide: Slide, x: float, y: float, w: float, h: float,
             paras: Sequence[Para], anchor: str = "t", name: str = "") -> Shape:
        """A text box, after checking (by measurement) that its text fits."""
        box = self.writer.box(w, h)
        if height_of(self.metrics, box, paras) > box.text_height:
            raise BuildFailed(f"internal: text does not fit its box ({name or 'text'})")
        shape = slide.shapes.add_textbox(Emu(emu(x)), Emu(emu(y)), Emu(emu(w)), Emu(emu(h)))
        if name:
            shape.name = name
        self.writer.write(shape.text_frame, paras, anchor)
        return shape

    # --- titles -------------------------------------------------------------------------

    def fit(self, text: str, width: float, base_height: float, max_height: float,
            size: str, min_size: str, color: str = "primary", bold: bool = True,
            align: str = "l", max_lines: int = 2,
            insets: tuple[float, float, float, float] | None = None) -> FittedTitle:
        """Wrap to ``max_lines`` lines at a size between the two; past that, grow the box
        (up to ``max_height``) at the smallest size; past that, cut with an ellipsis.
        Kept by its arguments: every slide's footer fits the same course title, every
        continuation slide its first slide's title."""
        key = (text, width, base_height, max_height, size, min_size, color, bold, align,
               max_lines, insets)
        found = self._fitted.get(key)
        if found is None:
            found = self._fitted[key] = self._fit(*key)
        return found

    def _fit(self, text: str, width: float, base_height: float, max_height: float,
             size: str, min_size: str, color: str, bold: bool, align: str, max_lines: int,
             insets: tuple[float, float, float, float] | None) -> FittedTitle:
        top, low = self.theme.size(size), self.theme.size(min_size)
        sizes = [top - 2 * i for i in range(int((top - low) // 2) + 1)]
        if sizes[-1] != low:
            sizes.append(low)

        def para(s: float, t: str = text) -> Para:
            return Para((Span(t),), s, color=color, bold=bold, align=align, space_after=0)

        for s in sizes:
            box = self.writer.box(width, base_height, insets=insets)
            p = para(s)
            if len(para_lines(self.metrics, box, p)) <= max_lines and \
                    height_of(self.metrics, box, [p]) <= box.text_height:
                return FittedTitle(p, base_height, False)
        box = self.writer.box(width, max_height, insets=insets)
        p = para(low)
        extra = box.height - box.text_height
        needed = height_of(self.metrics, box, [p]) + extra
        if needed <= max_height:
            return FittedTitle(p, max(base_height, needed), False)
        words = text.split()
        lo, hi = 0, len(words)
        while lo < hi:  # the most words that fit with the ellipsis
            mid = (lo + hi + 1) // 2
            if height_of(self.metrics, box, [para(low, self._cut(words, mid))]) \
                    <= box.text_height:
                lo = mid
            else:
                hi = mid - 1
        return FittedTitle(para(low, self._cut(words, lo)), max_height, True)

    def _cut(self, words: list[str], n: int) -> str:
        return " ".join(words[:n]) + self.theme.ellipsis

    def title(self, slide: Slide, fitted: FittedTitle, x: float, y: float, w: float,
              anchor: str = "b") -> None:
        """Write the title into the layout's title placeholder (or a text box)."""
        h = fitted.height
        ph = next((p for p in slide.placeholders
                   if p.placeholder_format.type in TITLES), None)
        if ph is None:
            self.text(slide, x, y, w, h, [fitted.para], anchor, name="Title")
            return
        ph.left, ph.top, ph.width, ph.height = (Emu(emu(v)) for v in (x, y, w, h))
        self.writer.write(ph.text_frame, [fitted.para], anchor)
        tree = ph._element.getparent()  # drawn last: above any background band
        tree.remove(ph._element)
        tree.append(ph._element)

    def fit_region(self, text: str, region: Region, size: str, min_size: str,
                   align: str = "l") -> FittedTitle:
        """A title fitted to a template placeholder's box: never grown past it (it
        would run under what the designer kept free), cut with an ellipsis at the
        smallest size."""
        return self.fit(text, region.w, region.h, region.h, size, min_size, align=align,
                        max_lines=99, insets=region.insets)

    def content_title(self, text: str, role: str = "content") -> FittedTitle:
        if self.template is not None:
            return self.fit_region(text, self.frame(role).title, "title", "title_min")
        g = self.theme.geometry
        return self.fit(text, self.theme.content_width, g["title_height"],
                        self.theme.height * self.theme.limits["title_max_height_share"],
                        "title", "title_min")

    def body_top(self, fitted: FittedTitle) -> float:
        if self.template is not None:
            return self.frame("content").bodies[0].y
        g = self.theme.geometry
        return g["title_top"] + fitted.height + g["rule_gap"] + g["rule_height"] + g["body_gap"]

    def body_area(self, fitted: FittedTitle) -> tuple[float, float, float, float]:
        """Where a content slide's body goes: x, y, width, height."""
        if self.template is not None:
            r = self.frame("content").bodies[0]
            return r.x, r.y, r.w, r.h
        top = self.body_top(fitted)
        return self.theme.margin_x, top, self.theme.content_width, self.theme.body_bottom - top

    def body_box(self, fitted: FittedTitle) -> Box:
        if self.template is not None:
            return self.box_of(self.frame("content").bodies[0])
        _, _, w, h = self.body_area(fitted)
        return self.writer.box(w, h)

    def body(self, slide: Slide, fitted: FittedTitle, paras: Sequence[Para]) -> None:
        """A content slide's body text: into the template's content placeholder, or a
        text box under the title."""
        if self.template is not None:
            self.into(slide, self.frame("content").bodies[0], paras, name="Body")
            return
        x, y, w, h = self.body_area(fitted)
        self.text(slide, x, y, w, h, paras, name="Body")

    def header(self, slide: Slide, fitted: FittedTitle) -> float:
        """Title and the accent rule under it; returns where the body starts.  On a
        template the title goes into its layout's title placeholder, without a rule."""
        if self.template is not None:
            self.into(slide, self.frame("content").title, [fitted.para], "b", name="Title")
            return self.body_top(fitted)
        g = self.theme.geometry
        x = self.theme.margin_x
        self.title(slide, fitted, x, g["title_top"], self.theme.content_width)
        self.rect(slide, x, g["title_top"] + fitted.height + g["rule_gap"],
                  self.theme.content_width, g["rule_height"], "accent")
        return self.body_top(fitted)

    # --- footer and notes ------------------------------------------------------------

    def footer(self, slide: Slide, left: str, middle: str, number: int,
               color: str = "muted", role: str = "content") -> None:
        """Course title, module page and slide number: into the template layout's
        footer, date and slide-number placeholders where it has them (the places its
        designer kept for them), else along the bottom of the slide."""
        if self.template is not None:
            self._template_footer(slide, self.frame(role), left, middle, number)
            return
        t = self.theme
        y, h = t.footer_top, t.geometry["footer_height"]
        w = t.content_width
        size = t.size("footer")
        for text, x, width, align, name in (
            (left, t.margin_x, w * 0.5, "l", "Footer"),
            (middle, t.margin_x + w * 0.5, w * 0.35, "r", "Module page"),
            (str(number), t.margin_x + w * 0.85, w * 0.15, "r", "Slide number"),
        ):
            if not text:
                continue
            fitted = self.fit(text, width, h, h, "footer", "footer", color=color,
                              bold=False, align=align, max_lines=1)
            self.text(slide, x, y, width, h, [replace(fitted.para, size=size)], "ctr", name)

    def _template_footer(self, slide: Slide, frame: Frame, left: str, middle: str,
                         number: int) -> None:
        size = self.theme.size("footer")
        slots = (("footer", left, "Footer"), ("date", middle, "Module page"),
                 ("number", str(number), "Slide number"))
        for slot, text, name in slots:
            if not text:
                continue
            if slot not in frame.footers:
                t = self.theme
                w = t.content_width / 3
                x = t.margin_x + w * [s[0] for s in slots].index(slot)
                fitted = self.fit(text, w, t.geometry["footer_height"],
                                  t.geometry["footer_height"], "footer", "footer",
                                  color="muted", bold=False, max_lines=1)
                self.text(slide, x, t.footer_top, w, t.geometry["footer_height"],
                          [replace(fitted.para, size=size)], "ctr", name)
                continue
            layout_ph, region = frame.footers[slot]
            slide.shapes.clone_placeholder(layout_ph)
            ph = slide.placeholders[region.idx]
            ph.name = name
            fitted = self.fit(text, region.w, region.h, region.h, "footer", "footer",
                              color="text", bold=False, max_lines=1, insets=region.insets)
            align = {"footer": "ctr", "date": "l", "number": "r"}[slot]  # Office's own
            self.writer.write(ph.text_frame, [replace(fitted.para, size=size, align=align)],
                              "ctr", region.insets, inherit_color=True)

    def notes(self, slide: Slide, lines: Sequence[str]) -> None:
        tf = self.deck.notes_slide(slide).notes_text_frame
        if tf is None:
            template = self.theme.template or "python-pptx's default template"
            raise BuildFailed(f"{template}: its notes master has no body placeholder, "
                              "so the speaker notes have nowhere to go")
        size = self.theme.size("notes")
        paras = [Para((Span(line),), size, space_after=size / 3) for line in lines if line]
        body = tf._txBody
        for p in body.findall(qn("a:p")):
            body.remove(p)
        for para in paras:
            body.append(self.writer.paragraph(para))
