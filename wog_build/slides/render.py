"""Specs onto slides: titles, flowed bodies, tables, figures, footers and notes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PIL import Image
from pptx.dml.color import RGBColor
from pptx.util import Emu

from ..document.protocol import page_ref, slide_name
from ..labels import fill
from .canvas import Canvas, FittedTitle
from .flow import paginate
from .frames import emu
from .measure import Box, Para, Span, height_of
from .specs import ClosingSpec, CoverSpec, DividerSpec, FigureSpec, FlowSpec, Spec, TableSpec
from .tables import TableLayout


class DeckRenderer:
    def __init__(self, canvas: Canvas, labels: Mapping[str, str], footer_text: str,
                 pages: Mapping[str, str] | None, is_unit: Callable[[str], bool]) -> None:
        self.canvas = canvas
        self.theme = canvas.theme
        self.labels = labels
        self.footer_text = footer_text
        self.pages = pages
        self.is_unit = is_unit
        self.count = 0

    def anchor(self, spec: Spec) -> str | None:
        """The unit whose module page the slide cites: the first anchor the module placed
        (any, when there is no page map)."""
        found = spec.anchors if self.pages is None else [a for a in spec.anchors
                                                         if a in self.pages]
        return found[0] if found else None

    def page_label(self, spec: Spec) -> str:
        anchor = self.anchor(spec)
        if self.pages is None or anchor is None:
            return ""
        return page_ref(self.labels, self.pages[anchor])

    def slide(self, spec: Spec, continued: bool = False, role: str = "content",  # type: ignore[no-untyped-def]
              keep: int = 9):
        """A new slide named ``wog:<kind>:<uid>``: the sync proof reads which unit of the
        source each slide shows (and checks its module page) from this name.  ``role``
        and ``keep``: the template layout it goes on and how many of its text
        placeholders it fills."""
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
               footer_color: str = "muted", role: str = "content") -> None:
        """Footer (content slides) and notes, the module page first."""
        self.count += 1
        label = self.page_label(spec) if spec.content else ""
        if spec.content:
            self.canvas.footer(slide, self.footer_text, label, self.count, footer_color, role)
        self.canvas.notes(slide, [label, *notes] if label else list(notes))

    def render(self, specs: Sequence[Spec]) -> None:
        for spec in specs:
            if isinstance(spec, CoverSpec):
                self.cover(spec)
            elif isinstance(spec, DividerSpec):
                self.divider(spec)
            elif isinstance(spec, FlowSpec):
                self.flow(spec)
            elif isinstance(spec, TableSpec):
                self.table(spec)
            elif isinstance(spec, FigureSpec):
                self.figure(spec)
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
        cache: dict[int, tuple[FittedTitle, Box]] = {}

        def box_for(n: int) -> Box:
            if n not in cache:
                cache[n] = self.titled(spec, min(n, 1))
            return cache[n][1]

        pages = paginate(self.canvas.metrics, spec.groups, box_for, spec.max_items)
        for n, page in enumerate(pages):
            slide = self.slide(spec, continued=n > 0)
            fitted = cache[min(n, 1)][0] if min(n, 1) in cache else self.titled(spec, n)[0]
            self.canvas.header(slide, fitted)
            self.canvas.body(slide, fitted, page.paras)
            notes = list(spec.notes) if n == 0 else [p.text for p in page.paras]
            if fitted.truncated:
                notes.insert(0, spec.title)
            notes += [spec.group_texts[g] for g in page.split if g < len(spec.group_texts)]
            self.finish(slide, spec, notes)

    def table(self, spec: TableSpec) -> None:
        t = self.theme
        first, box0 = self.titled(spec, 0)
        rest, box1 = self.titled(spec, 1)
        x, _, width, _ = self.canvas.body_area(first)
        layout = TableLayout(t, self.canvas.metrics, self.canvas.writer, len(spec.header),
                             width)
        layout.set_widths([spec.header, *spec.rows])
        source = [Para(spec.source, t.size("caption"), color="muted", space_after=0)] \
            if spec.source else []
        src_h = self.source_height(source, width)
        rooms = [box0.height - src_h - t.text["height_safety"],
                 box1.height - src_h - t.text["height_safety"]]
        for n, page in enumerate(layout.pages(spec.header, spec.rows, rooms)):
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
        with Image.open(spec.image) as im:
            w_px, h_px = im.size
        scale = min(area_w / w_px, room_h / h_px)
        w, h = w_px * scale, h_px * scale
        x = area_x + (area_w - w) / 2
        pic = slide.shapes.add_picture(str(spec.image), Emu(emu(x)), Emu(emu(top)),
                                       Emu(emu(w)), Emu(emu(h)))
        pic.name = spec.title[:60]
        pic._element.nvPicPr.cNvPr.set("descr", spec.alt)
        if caption:
            self.canvas.text(slide, area_x, top + h, area_w, cap_h, caption, name="Source")
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
