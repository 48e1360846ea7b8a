"""Diagrams and charts as inline SVG: vectors WeasyPrint draws with real, selectable text.

The geometry of a diagram comes from :mod:`wog_build.visuals.diagram` (the same layout
the deck draws as PowerPoint shapes); a chart is drawn here from its data, in the
shared series colours.  Every author text is escaped; the SVG carries ``role="img"`` and
an ``aria-label`` and a ``<title>`` (the author's ``alt`` or a description derived from
the items or data), which WeasyPrint writes as the ``/Alt`` of the tagged PDF's figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from ..document import Document
from ..fonts import FontFamily
from ..model import Chart, Diagram
from ..visuals.chart import ChartData, chart_alt, chart_data
from ..visuals.diagram import Box, Drawing, Line, alt_text, items_of, layout
from ..visuals.style import VisualStyle
from ..visuals.textwidth import TextWidths


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


class SvgWriter:
    """Writes the SVG of one module: knows its font, sizes and colours."""

    def __init__(self, doc: Document, style: VisualStyle, family: FontFamily,
                 fallback: tuple[FontFamily, ...] = ()) -> None:
        self.doc = doc
        self.style = style
        self.family = family
        self.families = ", ".join(f.family for f in (family, *fallback))
        m = style.module
        self.size, self.size_min = m["size"], m["size_min"]
        self.width = m["text_width"]
        self.widths = TextWidths(family, m["inset"], m["line_spacing"], fallback)

    # --- shared pieces --------------------------------------------------------------

    def open(self, width: float, height: float, alt: str) -> list[str]:
        return [f'<svg xmlns="http://www.w3.org/2000/svg" class="visual" role="img" '
                f'aria-label="{escape(alt)}" width="{_n(width)}pt" height="{_n(height)}pt" '
                f'viewBox="0 0 {_n(width)} {_n(height)}" '
                f'font-family="{escape(self.families)}"><title>{escape(alt)}</title>']

    def text(self, x: float, y: float, text: str, size: float, color: str,
             bold: bool = False, anchor: str = "middle") -> str:
        weight = ' font-weight="bold"' if bold else ""
        return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" fill="#{color}" '
                f'text-anchor="{anchor}"{weight}>{escape(text)}</text>')

    # --- diagrams -------------------------------------------------------------------

    def diagram_alt(self, block: Diagram) -> str:
        return block.alt or alt_text(self.doc.labels[f"diagram_{block.diagram}"],
                                     items_of(self.doc, block))

    def diagram(self, block: Diagram) -> Markup:
        drawing = layout(block.diagram, items_of(self.doc, block), self.width,
                         self.sizes(), self.style, self.widths, columns=block.columns or 2)
        out = self.open(drawing.width, drawing.height + 2, self.diagram_alt(block))
        # an id is the whole HTML document's: each diagram names its arrowhead after
        # itself (its unit id, which an edit elsewhere in the book leaves as it is, so a
        # part whose text did not change keeps its HTML and its cached layout)
        marker = escape(f"svg-arrow-{self.doc.uid(block)}")
        out.append(f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" '
                   'markerWidth="6" markerHeight="6" orient="auto-start-reverse">'
                   f'<path d="M0,0 L10,5 L0,10 z" fill="#{self.style.color("accent")}"/>'
                   '</marker></defs>')
        out.append('<g transform="translate(0,1)">')
        out += [self.line(line, marker) for line in drawing.lines]
        for box in drawing.boxes:
            out += self.box(box, drawing)
        out.append("</g></svg>")
        return Markup("".join(out))

    def sizes(self) -> list[float]:
        sizes, s = [], self.size
        while s > self.size_min:
            sizes.append(s)
            s -= 0.5
        return [*sizes, self.size_min]

    def line(self, line: Line, marker: str) -> str:
        end = f' marker-end="url(#{marker})"' if line.arrow else ""
        return (f'<line x1="{_n(line.x1)}" y1="{_n(line.y1)}" x2="{_n(line.x2)}" '
                f'y2="{_n(line.y2)}" stroke="#{line.color}" '
                f'stroke-width="{_n(self.style.diagram["line_width"])}"{end}/>')

    def box(self, box: Box, drawing: Drawing) -> list[str]:
        fill = f"#{box.fill}" if box.fill else "none"
        stroke = f'stroke="#{box.line}" stroke-width="0.8"' if box.line else 'stroke="none"'
        out = []
        if box.form == "ellipse":
            out.append(f'<ellipse cx="{_n(box.x + box.w / 2)}" cy="{_n(box.y + box.h / 2)}" '
                       f'rx="{_n(box.w / 2)}" ry="{_n(box.h / 2)}" fill="{fill}" {stroke}/>')
        elif box.fill or box.line:
            r = self.style.diagram["corner"] * min(box.w, box.h) if box.form == "round" else 0
            out.append(f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.w)}" '
                       f'height="{_n(box.h)}" rx="{_n(r)}" fill="{fill}" {stroke}/>')
        if not box.paras:
            return out
        size = drawing.size
        inset = self.widths.inset
        pitch = self.widths.pitch(size)
        lines = [(line, p.bold) for p in box.paras
                 for line in self.widths.wrap(p.text, size, p.bold, box.w - 2 * inset)]
        top = box.y + (box.h - len(lines) * pitch) / 2
        baseline = pitch * 0.5 + size * 0.35  # the middle of a line, nudged to the x-height
        x, anchor = (box.x + box.w / 2, "middle") if box.align == "ctr" else (
            box.x + inset, "start")
        for k, (text, bold) in enumerate(lines):
            out.append(self.text(x, top + k * pitch + baseline, text, size, box.color, bold,
                                 anchor))
        return out

    # --- charts ---------------------------------------------------------------------

    def chart_alt(self, block: Chart) -> str:
        return block.alt or chart_alt(self.doc.labels[f"chart_{block.chart}"],
                                      chart_data(self.doc, block))

    def chart(self, block: Chart) -> Markup:
        data = chart_data(self.doc, block)
        alt = self.chart_alt(block)
        if data.kind == "pie":
            body, height = self.pie(data)
        else:
            body, height = self.axes_chart(data)
        return Markup("".join([*self.open(self.width, height, alt), *body, "</svg>"]))

    def legend(self, names: Sequence[str], y: float) -> tuple[list[str], float]:
        """Swatches and names in rows across the width; returns the height used."""
        size, out = self.size, []
        x, row = 0.0, 0
        pitch = self.widths.pitch(size) * 1.3
        for k, name in enumerate(names):
            w = size + 4 + self.widths.width(name, size) + 12
            if x and x + w > self.width:
                x, row = 0.0, row + 1
            yy = y + row * pitch
            out.append(f'<rect x="{_n(x)}" y="{_n(yy)}" width="{_n(size)}" '
                       f'height="{_n(size)}" fill="#{self.style.series_color(k)}"/>')
            out.append(self.text(x + size + 4, yy + size * 0.85, name, size,
                                 self.style.color("text"), anchor="start"))
            x += w
        return out, (row + 1) * pitch

    def axes_chart(self, data: ChartData) -> tuple[list[str], float]:
        size = self.size
        c = self.style.colors
        pitch = self.widths.pitch(size)
        out: list[str] = []
        y0 = 0.0
        # a legend even for one series: its name says what the values measure
        if data.series:
            legend, used = self.legend([s.name for s in data.series], 0)
            out += legend
            y0 = used
        if data.unit:
            out.append(self.text(0, y0 + size, f"({data.unit})", size, c["muted"],
                                 anchor="start"))
            y0 += pitch * 1.8
        if data.kind != "bar":
            # headroom under the legend: the top tick's label and the value written above
            # a column (or point) that reaches the top rise above the plot
            y0 += pitch
        ticks = data.ticks()
        low, high = ticks[0], ticks[-1]
        plot_h = self.style.module["chart_height"]
        n, m = len(data.categories), len(data.series)
        if data.kind == "bar":  # horizontal bars: categories down the left
            # (a project whose layouts predate the key keeps the full height)
            plot_h = min(plot_h, n * self.style.module.get("bar_slot_max", math.inf) * pitch)
            label_w = min(self.width * 0.3, max(self.widths.width(cat, size)
                                                for cat in data.categories) + 6)
            x0, x1 = label_w, self.width - 30
            slot = plot_h / n
            scale = (x1 - x0) / ((high - low) or 1)
            for t in ticks:
                x = x0 + (t - low) * scale
                out.append(f'<line x1="{_n(x)}" y1="{_n(y0)}" x2="{_n(x)}" '
                           f'y2="{_n(y0 + plot_h)}" stroke="#{c["rule"]}" stroke-width="0.5"/>')
                out.append(self.text(x, y0 + plot_h + pitch, data.number(t), size, c["muted"]))
            bar = slot * 0.7 / m
            for k, cat in enumerate(data.categories):
                lines = self.widths.wrap(cat, size, False, label_w - 6)
                top = y0 + slot * k + slot / 2 - len(lines) * pitch / 2
                for j, line in enumerate(lines):
                    out.append(self.text(label_w - 6, top + j * pitch + pitch * 0.75, line,
                                         size, c["text"], anchor="end"))
                for j, s in enumerate(data.series):
                    v = s.values[k]
                    y = y0 + slot * k + slot * 0.15 + j * bar
                    xa, xb = sorted((x0 + (0 - low) * scale, x0 + (v - low) * scale))
                    out.append(f'<rect x="{_n(xa)}" y="{_n(y)}" width="{_n(xb - xa)}" '
                               f'height="{_n(bar)}" fill="#{self.style.series_color(j)}"/>')
                    out.append(self.text(xb + 3, y + bar / 2 + size * 0.35, data.number(v),
                                         size * 0.9, c["text"], anchor="start"))
            return out, y0 + plot_h + pitch * 1.5
        axis_w = max(self.widths.width(data.number(t), size) for t in ticks) + 6
        x0, x1 = axis_w, self.width
        slot = (x1 - x0) / n
        scale = plot_h / ((high - low) or 1)

        def ypos(v: float) -> float:
            return y0 + plot_h - (v - low) * scale

        for t in ticks:
            out.append(f'<line x1="{_n(x0)}" y1="{_n(ypos(t))}" x2="{_n(x1)}" '
                       f'y2="{_n(ypos(t))}" stroke="#{c["rule"]}" stroke-width="0.5"/>')
            out.append(self.text(x0 - 4, ypos(t) + size * 0.35, data.number(t), size,
                                 c["muted"], anchor="end"))
        label_lines = 1
        for k, cat in enumerate(data.categories):
            lines = self.widths.wrap(cat, size, False, slot - 4)
            label_lines = max(label_lines, len(lines))
            for j, line in enumerate(lines):
                out.append(self.text(x0 + slot * k + slot / 2, y0 + plot_h + (j + 1) * pitch,
                                     line, size, c["text"]))
        if data.kind == "column":
            bar = slot * 0.7 / m
            for k in range(n):
                for j, s in enumerate(data.series):
                    v = s.values[k]
                    x = x0 + slot * k + slot * 0.15 + j * bar
                    ya, yb = sorted((ypos(0 if low <= 0 else low), ypos(v)))
                    out.append(f'<rect x="{_n(x)}" y="{_n(ya)}" width="{_n(bar)}" '
                               f'height="{_n(yb - ya)}" fill="#{self.style.series_color(j)}"/>')
                    out.append(self.text(x + bar / 2, ypos(v) - 2, data.number(v), size * 0.9,
                                         c["text"]))
        else:
            for j, s in enumerate(data.series):
                color = self.style.series_color(j)
                points = [(x0 + slot * k + slot / 2, ypos(v)) for k, v in enumerate(s.values)]
                path = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
                out.append(f'<polyline points="{path}" fill="none" stroke="#{color}" '
                           f'stroke-width="{_n(self.style.diagram["line_width"] * 1.3)}"/>')
                for (x, y), v in zip(points, s.values, strict=True):
                    out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.5" fill="#{color}"/>')
                    out.append(self.text(x, y - 4, data.number(v), size * 0.9, c["text"]))
        return out, y0 + plot_h + (label_lines + 0.5) * pitch

    def pie(self, data: ChartData) -> tuple[list[str], float]:
        size = self.size
        c = self.style.colors
        height = self.style.module["pie_height"]
        r = height / 2 - 2
        cx, cy = r + 2, height / 2
        series = data.series[0]
        total = sum(series.values) or 1.0
        out: list[str] = []
        angle = -math.pi / 2
        for k, v in enumerate(series.values):
            sweep = 2 * math.pi * v / total
            color = self.style.series_color(k)
            if sweep >= 2 * math.pi - 1e-9:
                out.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="#{color}"/>')
            elif sweep > 0:
                x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
                x2, y2 = cx + r * math.cos(angle + sweep), cy + r * math.sin(angle + sweep)
                large = 1 if sweep > math.pi else 0
                out.append(f'<path d="M{_n(cx)},{_n(cy)} L{_n(x1)},{_n(y1)} A{_n(r)},{_n(r)} '
                           f'0 {large} 1 {_n(x2)},{_n(y2)} z" fill="#{color}" '
                           f'stroke="#{c["on_primary"]}" stroke-width="0.8"/>')
            angle += sweep
        pitch = self.widths.pitch(size) * 1.4
        x = 2 * r + 24
        top = cy - len(series.values) * pitch / 2
        for k, (cat, v) in enumerate(zip(data.categories, series.values, strict=True)):
            y = top + k * pitch
            share = data.number(round(100 * v / total, 1))
            out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(size)}" height="{_n(size)}" '
                       f'fill="#{self.style.series_color(k)}"/>')
            out.append(self.text(x + size + 5, y + size * 0.85,
                                 f"{cat}: {data.with_unit(v)} ({share}%)"
                                 if data.unit != "%" else f"{cat}: {data.with_unit(v)}",
                                 size, c["text"], anchor="start"))
        return out, height
