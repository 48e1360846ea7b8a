"""Diagrams as grouped PowerPoint shapes, charts as native PowerPoint charts.

A diagram's geometry comes from :mod:`wog_build.visuals.diagram`, laid out with this
deck's own text measurement (:class:`DeckMeasure`: the rules every other text box of
the deck is measured by), so each label fits its shape as surely as body text fits its
box.  Each box is an autoshape holding its text, each arrow a connector, all in one
group a trainer can move, and whose labels a trainer can edit.  A chart is python-pptx's
native chart: the numbers stay editable in PowerPoint's data sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.parts.chart import ChartPart
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Pt

from ..errors import BuildFailed
from ..visuals.diagram import Drawing, Item, Text, fits, layout
from ..visuals.style import VisualStyle
from .frames import FrameWriter, emu
from .measure import Metrics, Para, Span, height_of, line_pitch
from .theme import Theme

if TYPE_CHECKING:
    from ..visuals.chart import ChartData

FORMS = {"round": MSO_SHAPE.ROUNDED_RECTANGLE, "rect": MSO_SHAPE.RECTANGLE,
         "ellipse": MSO_SHAPE.OVAL}
CHART_TYPES = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
               "line": XL_CHART_TYPE.LINE_MARKERS, "pie": XL_CHART_TYPE.PIE}


class DeckMeasure:
    """:class:`~wog_build.visuals.diagram.Measure` with the deck's rules: the insets,
    safety margins and exact line pitch every text frame of the deck is written with."""

    def __init__(self, theme: Theme, metrics: Metrics, writer: FrameWriter) -> None:
        self.theme = theme
        self.metrics = metrics
        self.writer = writer
        self.names = {hexa: name for name, hexa in theme.colors.items()}

    def para(self, text: Text, size: float, color: str = "text", align: str = "ctr") -> Para:
        return Para((Span(text.text, bold=text.bold),), size, align=align,
                    color=self.names.get(color, color), space_after=0)

    def height(self, paras: Sequence[Text], size: float, width: float) -> float:
        box = self.writer.box(width, 0)
        inner = height_of(self.metrics, box, [self.para(p, size) for p in paras])
        return inner + 2 * box.inset + box.height_safety

    def words_fit(self, paras: Sequence[Text], size: float, width: float) -> bool:
        box = self.writer.box(width, 0)
        for p in paras:
            room = box.text_width(self.para(p, size))
            if any(self.metrics.width(w, size, p.bold) > room for w in p.text.split()):
                return False
        return True

    def pitch(self, size: float) -> float:
        return line_pitch(self.metrics, size, self.writer.box(0, 0).spacing)


def deck_style(style: VisualStyle, theme: Theme) -> VisualStyle:
    """The shared drawing rules in the deck theme's colours (the same palette, unless an
    organisation's theme overrides a colour for its decks)."""
    return replace(style, colors={**style.colors, **theme.colors})


def sizes(theme: Theme) -> list[float]:
    low = theme.size("body_min")
    top = theme.sizes.get("diagram", low)
    out, s = [], top
    while s > low:
        out.append(s)
        s -= 1
    return [*out, low]


def diagram_drawing(kind: str, items: Sequence[Item], width: float, height: float,
                    theme: Theme, style: VisualStyle, measure: DeckMeasure,
                    columns: int) -> Drawing | None:
    """The diagram at the largest size that fits ``width`` × ``height``; None if none."""
    drawing = layout(kind, items, width, sizes(theme), style, measure, height, columns)
    return drawing if fits(drawing, height) else None


def draw_diagram(slide: Slide, drawing: Drawing, x0: float, y0: float, name: str, alt: str,
                 measure: DeckMeasure, writer: FrameWriter, style: VisualStyle) -> None:
    group = slide.shapes.add_group_shape()
    group.name = name[:60]
    _describe(group, alt)
    for k, line in enumerate(drawing.lines, 1):
        conn = group.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT, Emu(emu(x0 + line.x1)), Emu(emu(y0 + line.y1)),
            Emu(emu(x0 + line.x2)), Emu(emu(y0 + line.y2)))
        conn.name = f"Connector {k}"
        conn.line.color.rgb = RGBColor.from_string(line.color)
        conn.line.width = Pt(style.diagram["line_width"])
        if line.arrow:
            ln = conn.line._get_or_add_ln()
            etree.SubElement(ln, qn("a:tailEnd")).set("type", "triangle")
    for k, box in enumerate(drawing.boxes, 1):
        shape = group.shapes.add_shape(FORMS[box.form], Emu(emu(x0 + box.x)),
                                       Emu(emu(y0 + box.y)), Emu(emu(box.w)),
                                       Emu(emu(box.h)))
        shape.name = f"Item {k}"
        if box.form == "round":
            shape.adjustments[0] = style.diagram["corner"]
        if box.fill:
            shape.fill.solid()
            shape.fill.fore_color.rgb = RGBColor.from_string(box.fill)
        else:
            shape.fill.background()
        if box.line:
            shape.line.color.rgb = RGBColor.from_string(box.line)
            shape.line.width = Pt(0.75)
        else:
            shape.line.fill.background()
        shape.shadow.inherit = False
        paras = [measure.para(p, drawing.size, box.color, box.align) for p in box.paras]
        if box.paras and height_of(measure.metrics, writer.box(box.w, box.h), paras) \
                > writer.box(box.w, box.h).text_height:
            raise BuildFailed(f"internal: a label of '{name}' does not fit its shape")
        writer.write(shape.text_frame, paras or [Para((), drawing.size, space_after=0)],
                     "ctr")


def _describe(shape: Any, alt: str) -> None:
    """The shape's description (alt text), as PowerPoint's "Alt Text" pane shows it."""
    shape._element.xpath("./*/p:cNvPr")[0].set("descr", alt)


# --- charts -----------------------------------------------------------------------------


def draw_chart(slide: Slide, data: ChartData, x: float, y: float, w: float, h: float,
               name: str, alt: str, theme: Theme, style: VisualStyle) -> None:
    chart_data = CategoryChartData(number_format="General")
    chart_data.categories = list(data.categories)
    for s in data.series:
        chart_data.add_series(s.name, list(s.values))
    frame: Any = slide.shapes.add_chart(CHART_TYPES[data.kind], Emu(emu(x)), Emu(emu(y)),
                                        Emu(emu(w)), Emu(emu(h)),
                                        cast(Any, chart_data))
    frame.name = name[:60]
    _describe(frame, alt)
    chart = frame.chart
    size = theme.sizes.get("chart", theme.size("body_min"))
    chart.font.size = Pt(size)
    chart.font.name = theme.font.office_name
    chart.font.color.rgb = RGBColor.from_string(theme.color("text"))
    chart.has_title = False  # the slide's title is the chart's
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.font.size = Pt(size)
    if data.kind == "pie":
        plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.RIGHT
        chart.legend.include_in_layout = False
        for k, point in enumerate(plot.series[0].points):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = RGBColor.from_string(style.series_color(k))
        return
    chart.has_legend = True  # for one series too: its name says what the values measure
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    if data.kind in ("bar", "column"):
        plot.gap_width = 60
    if data.kind == "bar":  # PowerPoint stacks bars bottom-up; read them top-down
        chart.category_axis.reverse_order = True
    for j, series in enumerate(plot.series):
        color = RGBColor.from_string(style.series_color(j))
        if data.kind == "line":
            series.format.line.color.rgb = color
            series.format.line.width = Pt(2.5)
            series.smooth = False
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = color
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = color
    axis = chart.value_axis
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor.from_string(theme.color("rule"))
    if data.unit:
        axis.has_title = True
        axis.axis_title.text_frame.text = data.unit
        run = axis.axis_title.text_frame.paragraphs[0].runs[0]
        run.font.size = Pt(size)
        run.font.bold = False


_XLSX_DATE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def stamp_workbooks(prs: PresentationType, date: dt.datetime) -> None:
    """The workbooks behind the charts carry the build date, not the clock's: the same
    source gives the same deck, byte for byte."""
    iso = date.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    stamp = max(date.astimezone(dt.UTC), dt.datetime(1980, 1, 1, tzinfo=dt.UTC))
    when = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    charts = [p for p in prs.part.package.iter_parts() if isinstance(p, ChartPart)]
    for chart_part in charts:  # the package's parts: a drawn slide is sealed (linear.py)
        workbook = chart_part.chart_workbook
        part = workbook.xlsx_part
        if part is None:
            continue
        with zipfile.ZipFile(io.BytesIO(part.blob)) as src:
            entries = {i.filename: src.read(i) for i in src.infolist()}
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for name in sorted(entries):
                body = entries[name]
                if name == "docProps/core.xml":
                    body = _XLSX_DATE.sub(rb"\g<1>" + iso + rb"\g<3>", body)
                info = zipfile.ZipInfo(name, date_time=when)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                dst.writestr(info, body)
        workbook.update_from_xlsx_blob(out.getvalue())
