"""Specs onto slides: titles, flowed bodies, tables, figures, footers and notes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from PIL import Image
from pptx.dml.color import RGBColor
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.util import Emu

from ..document.protocol import page_ref, slide_name
from ..errors import BuildFailed
from ..images import upright
from ..labels import fill
from ..visuals.style import VisualStyle
from .animation import reveal_on_click
from .canvas import Canvas, FittedTitle
from .flow import paginate
from .frames import emu
from .measure import Box, Para, Span, height_of
from .reuse import Drawn, SlideCache
from .specs import (
    ChartSpec,
    ClosingSpec,
    CoverSpec,
    DiagramSpec,
    DividerSpec,
    FigureSpec,
    FlowSpec,
    QuizSpec,
    Spec,
    TableSpec,
)
from .tables import TableLayout
from .visuals import DeckMeasure, diagram_drawing, draw_chart, draw_diagram


def upright_image(path: Path) -> tuple[str | BinaryIO, int, int]:
    """The picture to place and its pixel size, turned upright as the module shows it (a
    phone photo's EXIF orientation, which PowerPoint ignores)."""
    source = upright(path)
    with Image.open(source) as im:
        w_px, h_px = im.size
    if isinstance(source, Path):
        return str(source), w_px, h_px
    source.seek(0)
    return source, w_px, h_px


def _drawn(slide: Part, notes: Part | None) -> Drawn | None:
    """A finished slide as :mod:`.reuse` keeps it, or None when it is related to more
    than its layout and notes slide (a picture, a chart, a link its XML names)."""
    layout = None
    for rel in slide.rels.values():
        if rel.is_external or rel.reltype not in (RT.SLIDE_LAYOUT, RT.NOTES_SLIDE):
            return None
        if rel.reltype == RT.SLIDE_LAYOUT:
            layout = rel.target_part.partname
    if layout is None or (notes is not None and any(
            rel.is_external or rel.reltype not in (RT.NOTES_MASTER, RT.SLIDE)
            for rel in notes.rels.values())):
        return None
    return str(layout), slide.blob, None if notes is None else notes.blob


class DeckRenderer:
    def __init__(self, canvas: Canvas, labels: Mapping[str, str], footer_text: str,
                 pages: Mapping[str, str] | None, is_unit: Callable[[str], bool],
                 visuals: VisualStyle | None = None,
                 reuse: SlideCache | None = None) -> None:
        self.canvas = canvas
        self.theme = canvas.theme
        self.labels = labels
        self.footer_text = footer_text
        self.pages = pages
        self.is_unit = is_unit
        self.visuals = visuals
        self.count = 0
        self.reuse = reuse
        """The slides the last build drew (:mod:`.reuse`)."""

    def anchor(self, spec: Spec, first: str | None = None) -> str | None:
        """What the slide cites: ``first`` (the slide's own first item) when the module
        placed it, else the spec's first anchor the module placed (any, when there is
        no page map)."""
        if first is not None and (self.pages is None or first in self.pages):
            return first
        found = spec.anchors if self.pages is None else [a for a in spec.anchors
                                                         if a in self.pages]
        return found[0] if found else None

    def page_label(self, spec: Spec, first: str | None = None) -> str:
        anchor = self.anchor(spec, first)
        if self.pages is None or anchor is None:
            return ""
        return page_ref(self.labels, self.pages[anchor])

    def slide(self, spec: Spec, continued: bool = False, role: str = "content",  # type: ignore[no-untyped-def]
              keep: int = 9):
        """A new slide named ``wog:<kind>:<uid>``: the sync proof reads which unit of the
        source each slide shows (and checks its module page) from this name.  A
        continuation slide keeps its spec's name; the page it cites is its own first
        item's (see :meth:`finish`).  ``role`` and ``keep``: the template layout it goes
        on and how many of its text placeholders it fills."""
        kind = f"{spec.kind}-continued" if continued else spec.kind
        anchor = self.anchor(spec)
        if anchor is not None and self.is_unit(anchor):
            uid: str | None = anchor
        elif anchor is not None and self.pages is not None:
            uid = None  # its page is cited from a place that is not a unit (BAB I)
        else:
            uid = next((a for a in spec.anchors if self.is_unit(a)), None)
        return self.canvas.slide(slide_name(kind, uid), role, keep)

    def finish(self, slide, spec: Spec, notes: Sequence[str],  # type: ignore[no-untyped-def]
               footer_color: str = "muted", first: str | None = None,
               role: str = "content") -> None:
        """Footer (content slides) and notes, the module page (of ``first``, the slide's
        own first item, when given) first."""
        self.count += 1
        label = self.page_label(spec, first) if spec.content else ""
        if spec.content:
            self.canvas.footer(slide, self.footer_text, label, self.count, footer_color, role)
        self.canvas.notes(slide, [label, *notes] if label else list(notes))

    def render(self, specs: Sequence[Spec]) -> None:
        """Each spec's slides, drawn, or as the last build drew them when nothing they
        are drawn from has changed (:mod:`.reuse`)."""
        deck = self.canvas.deck
        layouts = {layout.part.partname: layout.part
                   for master in self.canvas.prs.slide_masters
                   for layout in master.slide_layouts}
        for spec in specs:
            cache = self.reuse
            if cache is None:
                self.draw(spec)
                continue
            key = cache.key(spec, self.count, self.pages, self.is_unit)
            found = cache.get(key)
            if found is not None and all(layout in layouts for layout, _, _ in found[1]):
                for layout, slide, notes in found[1]:
                    deck.add_sealed(layouts[layout], slide, notes)
                self.count += found[0]
                continue
            count, made = self.count, len(deck.sealed)
            self.draw(spec)
            deck.finish_slide()
            drawn = [_drawn(slide, notes) for slide, notes in deck.sealed[made:]]
            if all(d is not None for d in drawn):
                cache.put(key, self.count - count, [d for d in drawn if d is not None])

    def draw(self, spec: Spec) -> None:
        """The slides of one spec."""
        if isinstance(spec, CoverSpec):
            self.cover(spec)
        elif isinstance(spec, DividerSpec):
            self.divider(spec)
        elif isinstance(spec, QuizSpec):
            self.quiz(spec)
        elif isinstance(spec, FlowSpec):
            self.flow(spec)
        elif isinstance(spec, TableSpec):
            self.table(spec)
        elif isinstance(spec, FigureSpec):
            self.figure(spec)
        elif isinstance(spec, DiagramSpec):
            self.diagram(spec)
        elif isinstance(spec, ChartSpec):
            self.chart(spec)
        elif isinstance(spec, ClosingSpec):
            self.closing(spec)

    # --- kinds ----------------------------------------------------------------------

    def continued(self, title: str, n: int) -> str:
        return title if n == 0 else fill(self.labels, "continued_title", title=title)

    def titled(self, spec: Spec, n: int) -> tuple[FittedTitle, Box]:
        fitted = self.canvas.content_title(self.continued(spec.title, n))
        return fitted, self.canvas.body_box(fitted)

    def two_content(self, spec: FlowSpec) -> bool:
        """The first group beside the others on the template's two-content layout;
        False (nothing drawn) when there is no such layout or a side does not fit."""
        c = self.canvas
        if c.template is None or not c.template.has("two_content"):
            return False
        frame = c.frame("two_content")
        sides = [list(spec.groups[0]), [p for g in spec.groups[1:] for p in g]]
        for region, paras in zip(frame.bodies, sides, strict=True):
            box = c.box_of(region)
            if height_of(c.metrics, box, paras) > box.text_height:
                return False
        title = c.fit_region(spec.title, frame.title, "title", "title_min")
        slide = self.slide(spec, role="two_content")
        c.into(slide, frame.title, [title.para], "b", name="Title")
        for region, paras, name in zip(frame.bodies, sides, ("Body", "Body 2"), strict=True):
            c.into(slide, region, paras, name=name)
        notes = ([spec.title] if title.truncated else []) + list(spec.notes)
        self.finish(slide, spec, notes, role="two_content")
        return True

    def flow(self, spec: FlowSpec) -> None:
        if spec.side_by_side and len(spec.groups) > 1 and self.two_content(spec):
            return
        if spec.beside is not None:
            if self.two_part(spec, spec.beside):
                return
            self.flow(replace(spec, beside=None))
            self.draw(spec.beside)  # too much for one slide: the visual's own slide
            return
        cache: dict[int, tuple[FittedTitle, Box]] = {}

        def box_for(n: int) -> Box:
            if n not in cache:
                cache[n] = self.titled(spec, min(n, 1))
            return cache[n][1]

        groups = self.cited(spec) if spec.cite_groups else spec.groups
        pages = paginate(self.canvas.metrics, groups, box_for, spec.max_items)
        for n, page in enumerate(pages):
            first = self.first_anchor(spec, page.groups, page.start)
            slide = self.slide(spec, continued=n > 0)
            fitted = cache[min(n, 1)][0] if min(n, 1) in cache else self.titled(spec, n)[0]
            self.canvas.header(slide, fitted)
            self.canvas.body(slide, fitted, page.paras)
            notes = list(spec.notes) if n == 0 else [p.text for p in page.paras]
            if fitted.truncated:
                notes.insert(0, spec.title)
            notes += [spec.group_texts[g] for g in page.split if g < len(spec.group_texts)]
            self.finish(slide, spec, notes, first=first)

    @staticmethod
    def first_anchor(spec: FlowSpec, groups: Sequence[int], start: int = 0) -> str | None:
        """The anchor of the first line on a slide (its paragraph ``start`` of the first
        group), else of its first group, if the spec names one."""
        if not groups:
            return None
        lines = spec.para_anchors[groups[0]] if groups[0] < len(spec.para_anchors) else []
        if start and start < len(lines) and lines[start] is not None:
            return lines[start]
        if groups[0] >= len(spec.group_anchors):
            return None
        return spec.group_anchors[groups[0]]

    def cited(self, spec: FlowSpec) -> list[list[Para]]:
        """The groups with each one's module page after its first line (the agenda's
        chapters), measured with it so nothing overflows."""
        out = []
        for index, group in enumerate(spec.groups):
            anchor = spec.group_anchors[index] if index < len(spec.group_anchors) else None
            if self.pages is None or anchor is None or anchor not in self.pages or not group:
                out.append(group)
                continue
            head = group[0]
            ref = Span(f"{self.theme.separator}{page_ref(self.labels, self.pages[anchor])}")
            out.append([replace(head, spans=(*head.spans, ref)), *group[1:]])
        return out

    def two_part(self, spec: FlowSpec, visual: Spec) -> bool:
        """Key points on the left, the visual and its caption on the right, when the
        points fit one slide in their column and the visual fits its half; False (and
        nothing drawn) otherwise."""
        t = self.theme
        g = t.geometry
        text_w = t.content_width * g.get("split_text_share", 0.42)
        gap = g.get("split_gap", 24.0)
        vis_w = t.content_width - text_w - gap
        fitted = self.canvas.content_title(spec.title)
        top = self.canvas.body_top(fitted)
        height = t.body_bottom - top
        box = self.canvas.writer.box(text_w, height)
        pages = paginate(self.canvas.metrics, spec.groups, lambda n: box, spec.max_items)
        if len(pages) != 1 or pages[0].split:
            return False
        caption_spans = (Span(visual.title),)
        source = getattr(visual, "caption", ())
        caption = [Para(caption_spans, t.size("caption"), color="muted", space_after=0,
                        align="ctr")]
        if source:
            caption.append(Para(tuple(source), t.size("caption"), color="muted",
                                space_after=0, align="ctr"))
        cap_box = self.canvas.writer.box(vis_w, 0)
        cap_h = height_of(self.canvas.metrics, cap_box, caption) + \
            (cap_box.height - cap_box.text_height) + 1.0
        room = height - cap_h - t.text["height_safety"]
        x = t.margin_x + text_w + gap
        drawing = None
        if isinstance(visual, DiagramSpec):
            measure = DeckMeasure(t, self.canvas.metrics, self.canvas.writer)
            drawing = diagram_drawing(visual.diagram, visual.items, vis_w, room, t,
                                      self.style(), measure, visual.columns)
            if drawing is None:
                return False
        slide = self.slide(spec)
        top = self.canvas.header(slide, fitted)
        self.canvas.text(slide, t.margin_x, top, text_w, height, pages[0].paras, name="Body")
        used = room
        if isinstance(visual, DiagramSpec) and drawing is not None:
            y = top + (room - drawing.height) / 2
            draw_diagram(slide, drawing, x, y, visual.title, visual.alt, measure,
                         self.canvas.writer, self.style())
            used = (y - top) + drawing.height
        elif isinstance(visual, ChartSpec) and visual.data is not None:
            draw_chart(slide, visual.data, x, top, vis_w, room, visual.title, visual.alt, t,
                       self.style())
        elif isinstance(visual, FigureSpec):
            source, w_px, h_px = upright_image(visual.image)
            scale = min(vis_w * visual.width / w_px, room / h_px)
            w, h = w_px * scale, h_px * scale
            pic = slide.shapes.add_picture(source, Emu(emu(x + (vis_w - w) / 2)),
                                           Emu(emu(top + (room - h) / 2)), Emu(emu(w)),
                                           Emu(emu(h)))
            pic.name = visual.title[:60]
            pic._element.nvPicPr.cNvPr.set("descr", visual.alt)
            used = (room - h) / 2 + h
        self.canvas.text(slide, x, top + used + t.text["height_safety"], vis_w, cap_h,
                         caption, name="Caption")
        self.finish(slide, spec, [*spec.notes, *visual.notes],
                    first=self.first_anchor(spec, [0]))
        return True

    def quiz(self, spec: QuizSpec) -> None:
        """The question and its options; under them the answer, which appears on the
        trainer's click.  Both measured: a question too long for one slide continues on
        the next, and the answer waits on the last."""
        t = self.theme
        gap = t.geometry["body_gap"]
        answer_box = self.canvas.writer.box(t.content_width, 0)
        answer_h = height_of(self.canvas.metrics, answer_box, spec.reveal) + \
            (answer_box.height - answer_box.text_height)
        cache: dict[int, tuple[FittedTitle, Box]] = {}

        def box_for(n: int) -> Box:
            if n not in cache:
                fitted = self.canvas.content_title(self.continued(spec.title, min(n, 1)))
                top = self.canvas.body_top(fitted)
                cache[n] = fitted, self.canvas.writer.box(
                    t.content_width, t.body_bottom - top - answer_h - gap)
            return cache[n][1]

        pages = paginate(self.canvas.metrics, spec.groups, box_for, spec.max_items)
        for n, page in enumerate(pages):
            box_for(n)
            fitted, box = cache[n]
            slide = self.slide(spec, continued=n > 0)
            top = self.canvas.header(slide, fitted)
            self.canvas.text(slide, t.margin_x, top, t.content_width, box.height,
                             page.paras, name="Body")
            notes = list(spec.notes) if n == 0 else [p.text for p in page.paras]
            notes += [spec.group_texts[g] for g in page.split if g < len(spec.group_texts)]
            if n == len(pages) - 1:
                shape = self.canvas.text(slide, t.margin_x, t.body_bottom - answer_h,
                                         t.content_width, answer_h, spec.reveal,
                                         name="Answer")
                reveal_on_click(slide, shape)
            self.finish(slide, spec, notes)

    def table(self, spec: TableSpec) -> None:
        t = self.theme
        first, box0 = self.titled(spec, 0)
        rest, box1 = self.titled(spec, 1)
        x, _, width, _ = self.canvas.body_area(first)
        layout = TableLayout(t, self.canvas.metrics, self.canvas.writer, len(spec.header),
                             width)
        layout.set_widths([spec.header, *spec.rows])
        header = [layout.hyphenate(c, i, header=True) for i, c in enumerate(spec.header)]
        rows = [[layout.hyphenate(c, i) for i, c in enumerate(row[:layout.columns])]
                for row in spec.rows]
        source = [Para(spec.source, t.size("caption"), color="muted", space_after=0)] \
            if spec.source else []
        src_h = self.source_height(source, width)
        rooms = [box0.height - src_h - t.text["height_safety"],
                 box1.height - src_h - t.text["height_safety"]]
        for n, page in enumerate(layout.pages(header, rows, rooms)):
            slide = self.slide(spec, continued=n > 0, keep=0)
            fitted = first if n == 0 else rest
            top = self.canvas.header(slide, fitted)
            self.draw_table(slide, layout, page.rows, page.heights, x, top, width)
            if source:
                y = top + sum(page.heights) + t.text["height_safety"]
                self.canvas.text(slide, x, y, width, src_h, source, name="Source")
            notes = list(spec.notes) if n == 0 else [spec.title]
            notes += [" | ".join("".join(s.text for s in c) for c in row) for row in page.cut]
            self.finish(slide, spec, notes)

    def source_height(self, paras: list[Para], width: float) -> float:
        if not paras:
            return 0.0
        box = self.canvas.writer.box(width, 0)
        return height_of(self.canvas.metrics, box, paras) + (box.height - box.text_height) \
            + 1.0

    def draw_table(self, slide, layout: TableLayout, rows, heights, x: float,  # type: ignore[no-untyped-def]
                   top: float, width: float) -> None:
        t = self.theme
        shape = slide.shapes.add_table(len(rows), layout.columns, Emu(emu(x)),
                                       Emu(emu(top)), Emu(emu(width)),
                                       Emu(emu(sum(heights))))
        shape.name = "Table"
        table = shape.table
        for i, w in enumerate(layout.widths):
            table.columns[i].width = Emu(emu(w))
        for r, (row, h) in enumerate(zip(rows, heights, strict=True)):
            table.rows[r].height = Emu(emu(h))
            for c in range(layout.columns):
                cell = table.cell(r, c)
                cell.margin_left = cell.margin_right = Emu(emu(layout.inset))
                cell.margin_top = cell.margin_bottom = Emu(emu(layout.inset))
                cell.fill.solid()
                band = "primary" if r == 0 else ("band_light" if r % 2 == 0 else "on_primary")
                cell.fill.fore_color.rgb = RGBColor.from_string(t.color(band))
                para = layout.para(row[c] if c < len(row) else (), header=(r == 0))
                tf = cell.text_frame
                body = tf._txBody
                for p in list(body):
                    if p.tag.endswith("}p"):
                        body.remove(p)
                body.append(self.canvas.writer.paragraph(para))

    def figure(self, spec: FigureSpec) -> None:
        t = self.theme
        fitted, box = self.titled(spec, 0)
        area_x, _, area_w, _ = self.canvas.body_area(fitted)
        slide = self.slide(spec, keep=0)
        top = self.canvas.header(slide, fitted)
        caption = [Para(spec.caption, t.size("caption"), color="muted", space_after=0,
                        align="ctr")] if spec.caption else []
        cap_h = self.source_height(caption, area_w)
        room_h = box.height - cap_h
        source, w_px, h_px = upright_image(spec.image)
        scale = min(area_w * spec.width / w_px, room_h / h_px)
        w, h = w_px * scale, h_px * scale
        x = area_x + (area_w - w) / 2
        pic = slide.shapes.add_picture(source, Emu(emu(x)), Emu(emu(top)), Emu(emu(w)),
                                       Emu(emu(h)))
        pic.name = spec.title[:60]
        pic._element.nvPicPr.cNvPr.set("descr", spec.alt)
        if caption:
            self.canvas.text(slide, area_x, top + h, area_w, cap_h, caption, name="Source")
        self.finish(slide, spec, spec.notes)

    def visual_room(self, spec: Spec, caption: Sequence[Span]) -> tuple[FittedTitle, float,
                                                                     list[Para], float]:
        """The title, the height left for a drawing under it, and its source line."""
        t = self.theme
        fitted, box = self.titled(spec, 0)
        source = [Para(tuple(caption), t.size("caption"), color="muted", space_after=0)] \
            if caption else []
        src_h = self.source_height(source, t.content_width)
        return fitted, box.height - src_h - t.text["height_safety"], source, src_h

    def style(self) -> VisualStyle:
        if self.visuals is None:
            raise BuildFailed("internal: the deck was drawn without the visuals style")
        return self.visuals

    def diagram(self, spec: DiagramSpec) -> None:
        t = self.theme
        style = self.style()
        fitted, room, source, src_h = self.visual_room(spec, spec.caption)
        measure = DeckMeasure(t, self.canvas.metrics, self.canvas.writer)
        drawing = diagram_drawing(spec.diagram, spec.items, t.content_width, room, t, style,
                                  measure, spec.columns)
        if drawing is None:
            raise BuildFailed(
                f"{spec.title} ({spec.anchors[0]}): the diagram does not fit one slide with "
                f"its text at {t.size('body_min'):g} pt or more; shorten its items, or "
                "split it into two diagrams")
        slide = self.slide(spec)
        top = self.canvas.header(slide, fitted)
        y = top + (room - drawing.height) / 2
        draw_diagram(slide, drawing, t.margin_x, y, spec.title, spec.alt, measure,
                     self.canvas.writer, style)
        if source:
            self.canvas.text(slide, t.margin_x, top + room + t.text["height_safety"],
                             t.content_width, src_h, source, name="Source")
        self.finish(slide, spec, spec.notes)

    def chart(self, spec: ChartSpec) -> None:
        t = self.theme
        assert spec.data is not None
        fitted, room, source, src_h = self.visual_room(spec, spec.caption)
        slide = self.slide(spec)
        top = self.canvas.header(slide, fitted)
        draw_chart(slide, spec.data, t.margin_x, top, t.content_width, room, spec.title,
                   spec.alt, t, self.style())
        if source:
            self.canvas.text(slide, t.margin_x, top + room + t.text["height_safety"],
                             t.content_width, src_h, source, name="Source")
        self.finish(slide, spec, spec.notes)

    def on_template(self, spec: Spec, role: str, title_text: str, title_size: str,
                    lines: Sequence[Para], align: str = "l") -> None:
        """A title, section or closing slide on the template's own layout: the title
        into its title placeholder, the rest into its subtitle (or text) placeholder,
        both fitted to the placeholders' boxes; what does not fit stays in the notes."""
        c = self.canvas
        frame = c.frame(role)
        slide = self.slide(spec, role=role)
        title = c.fit_region(title_text, frame.title, title_size, "title_min", align)
        c.into(slide, frame.title, [title.para], "b" if role == "section" else "ctr",
               name="Title")
        body = frame.bodies[0]
        shown = c.shrink(lines, body, "body_min")
        if shown:
            c.into(slide, body, shown, "t", name="Subtitle")
        else:
            ph = next(p for p in slide.placeholders if p.placeholder_format.idx == body.idx)
            ph._element.getparent().remove(ph._element)
        notes = list(spec.notes)
        if title.truncated:
            notes.insert(0, title_text)
        notes += [p.text for p in lines[len(shown):]]
        self.finish(slide, spec, notes, role=role)

    def cover(self, spec: CoverSpec) -> None:
        t, c, g = self.theme, self.canvas, self.theme.geometry
        if c.template is not None:
            head = [Para((Span(spec.subtitle),), t.size("cover_subtitle"), align="ctr")] \
                if spec.subtitle else []
            meta = [Para((Span(line),), t.size("cover_meta"), align="ctr", bold=(i == 0),
                         space_after=t.text["paragraph_after_tight"])
                    for i, line in enumerate(spec.lines)]
            self.on_template(spec, "title", spec.title, "cover_title", head + meta, "ctr")
            return
        slide = self.slide(spec)
        band_h = t.height * 0.58
        c.rect(slide, 0, 0, t.width, band_h, "primary")
        x, w = t.margin_x, t.content_width
        sub = c.fit(spec.subtitle, w, 80, 80, "cover_subtitle", "body_min",
                    color="on_primary", bold=False) if spec.subtitle else None
        sub_h = sub.height if sub else 0.0
        title = c.fit(spec.title, w, band_h * 0.45, band_h - sub_h - 2 * g["title_top"],
                      "cover_title", "title_min", color="on_primary")
        y = band_h - g["title_top"] - sub_h - title.height
        c.title(slide, title, x, y, w)
        if sub:
            c.text(slide, x, y + title.height, w, sub.height, [sub.para], name="Subtitle")
        c.rect(slide, 0, band_h, t.width, g["rule_height"] * 2, "accent")
        paras = [Para((Span(line),), t.size("cover_meta"), color="primary" if i else "text",
                      bold=(i == 0)) for i, line in enumerate(spec.lines)]
        top = band_h + g["body_gap"] * 2
        c.text(slide, x, top, w, t.height - top - g["title_top"], paras, name="Publication")
        if t.logo is not None:
            with Image.open(t.logo) as im:
                lw, lh = im.size
            h = g["logo_height"]
            logo = slide.shapes.add_picture(
                str(t.logo), Emu(emu(t.width - t.margin_x - h * lw / lh)),
                Emu(emu(g["title_top"])), Emu(emu(h * lw / lh)), Emu(emu(h)))
            logo.name = "Logo"
            logo._element.nvPicPr.cNvPr.set("descr", spec.logo_alt)
        self.finish(slide, spec, spec.notes)

    def divider(self, spec: DividerSpec) -> None:
        t, c = self.theme, self.canvas
        if c.template is not None:
            self.on_template(spec, "section", spec.title, "divider_title",
                             [Para((Span(spec.number),), t.size("divider_number"), bold=True)])
            return
        slide = self.slide(spec)
        c.rect(slide, 0, 0, t.width, t.height, "primary")
        x, w = t.margin_x, t.content_width
        number = c.fit(spec.number, w, 60, 60, "divider_number", "divider_number",
                       color="band_light", max_lines=1)
        title = c.fit(spec.title, w, 140, t.height * 0.5, "divider_title", "title_min",
                      color="on_primary")
        y = t.height * 0.3
        c.text(slide, x, y, w, number.height, [number.para], "b", name="Chapter number")
        c.rect(slide, x, y + number.height + 6, 120, 4, "accent")
        c.title(slide, title, x, y + number.height + 16, w, anchor="t")
        self.finish(slide, spec, spec.notes, footer_color="band_light")

    def closing(self, spec: ClosingSpec) -> None:
        t, c = self.theme, self.canvas
        if c.template is not None:
            self.on_template(spec, "title", spec.title, "divider_title",
                             [Para((Span(line),), t.size("cover_meta"), align="ctr")
                              for line in spec.lines], "ctr")
            return
        slide = self.slide(spec)
        c.rect(slide, 0, 0, t.width, t.height, "primary")
        x, w = t.margin_x, t.content_width
        title = c.fit(spec.title, w, 90, 90, "divider_title", "title_min",
                      color="on_primary", align="ctr")
        c.title(slide, title, x, t.height * 0.35, w, anchor="ctr")
        paras = [Para((Span(line),), t.size("cover_meta"), color="band_light", align="ctr")
                 for line in spec.lines]
        c.text(slide, x, t.height * 0.35 + 110, w, t.height * 0.35, paras, name="Closing")
        self.finish(slide, spec, spec.notes)
