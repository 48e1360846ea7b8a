"""Writing text frames so PowerPoint and LibreOffice lay them out as they were measured.

Every box states its own rules instead of inheriting them from a master: word wrap on,
no autofit, fixed insets, top anchor, and for every paragraph an exact line pitch, zero
space before and a fixed space after.  Every run names the Office font and the
language.  What is written here is exactly what ``measure`` assumed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from lxml import etree
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.oxml.ns import qn as pptx_qn
from pptx.text.text import TextFrame
from pptx.util import Pt

from .measure import Box, Metrics, Para, line_pitch
from .theme import Theme

INHERITED = frozenset({"text", "primary", "on_primary", "muted"})
"""Theme colours a template's placeholder styles decide instead (title, body and
secondary text): its designer chose them for its own background, light or dark."""
ANCHORS = {"t": MSO_ANCHOR.TOP, "ctr": MSO_ANCHOR.MIDDLE, "b": MSO_ANCHOR.BOTTOM}


@cache
def qn(tag: str) -> str:
    """python-pptx's ``qn`` ("a:rPr" → "{ns}rPr"), kept: a deck names the same few tags
    hundreds of thousands of times."""
    return str(pptx_qn(tag))


def emu(points: float) -> int:
    return round(points * 12700)


def hundredths(points: float) -> str:
    return str(round(points * 100))


class FrameWriter:
    """Knows the theme, the metrics and the language every run is tagged with."""

    def __init__(self, theme: Theme, metrics: Metrics, lang: str) -> None:
        self.theme = theme
        self.metrics = metrics
        self.lang = lang

    def box(self, width: float, height: float, safety: bool = True,
            insets: tuple[float, float, float, float] | None = None) -> Box:
        t = self.theme.text
        return Box(
            width=width,
            height=height,
            inset=t["inset"],
            bullet_indent=t["bullet_indent"],
            spacing=t["line_spacing"],
            paragraph_after=t["paragraph_after"],
            width_safety=t["width_safety"] if safety else 0.0,
            height_safety=t["height_safety"] if safety else 0.0,
            insets=insets,
        )

    def setup(self, tf: TextFrame, anchor: str = "t",
              insets: tuple[float, float, float, float] | None = None) -> None:
        left, top, right, bottom = insets or (self.theme.text["inset"],) * 4
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.margin_left, tf.margin_top = Pt(left), Pt(top)
        tf.margin_right, tf.margin_bottom = Pt(right), Pt(bottom)
        tf.vertical_anchor = ANCHORS[anchor]

    def write(self, tf: TextFrame, paras: Sequence[Para], anchor: str = "t",
              insets: tuple[float, float, float, float] | None = None,
              inherit_color: bool = False) -> None:
        """Replace the frame's text; ``insets`` are the box's own (a template
        placeholder's), ``inherit_color`` leaves the text colours of the template's
        placeholder style (its title and body colours) in force."""
        self.setup(tf, anchor, insets)
        body = tf._txBody
        for p in body.findall(qn("a:p")):
            body.remove(p)
        for para in paras or [Para((), self.theme.size("body"))]:
            body.append(self.paragraph(para, inherit_color))

    def paragraph(self, para: Para, inherit_color: bool = False) -> etree._Element:
        t = self.theme.text
        p = etree.Element(qn("a:p"))
        ppr = etree.SubElement(p, qn("a:pPr"))
        marked = bool(para.bullet or para.number)
        indent = t["bullet_indent"]
        ppr.set("marL", str(emu(indent * (para.level + (1 if marked else 0)))))
        ppr.set("indent", str(-emu(indent) if marked else 0))
        ppr.set("algn", para.align)
        pitch = line_pitch(self.metrics, para.size, t["line_spacing"])
        after = t["paragraph_after"] if para.space_after is None else para.space_after
        for tag, value in (("a:lnSpc", pitch), ("a:spcBef", 0.0), ("a:spcAft", after)):
            etree.SubElement(etree.SubElement(ppr, qn(tag)), qn("a:spcPts")).set(
                "val", hundredths(value))
        if marked:
            clr = etree.SubElement(ppr, qn("a:buClr"))
            etree.SubElement(clr, qn("a:srgbClr")).set("val", self.theme.color("accent"))
            etree.SubElement(ppr, qn("a:buFont")).set("typeface", self.theme.font.office_name)
            if para.number is not None:
                num = etree.SubElement(ppr, qn("a:buAutoNum"))
                num.set("type", "arabicPeriod")
                num.set("startAt", str(para.number))
            else:
                etree.SubElement(ppr, qn("a:buChar")).set("char", para.bullet or "")
        else:
            etree.SubElement(ppr, qn("a:buNone"))
        for text, bold, italic in para.styled():
            if not text:
                continue
            r = etree.SubElement(p, qn("a:r"))
            r.append(self.run_props("a:rPr", para.size, para.color, bold, italic,
                                    inherit_color, text))
            etree.SubElement(r, qn("a:t")).text = text
        p.append(self.run_props("a:endParaRPr", para.size, para.color, para.bold, False,
                                inherit_color))
        return p

    def run_props(self, tag: str, size: float, color: str, bold: bool,
                  italic: bool, inherit_color: bool = False, text: str = "") -> etree._Element:
        rpr = etree.Element(qn(tag))
        rpr.set("lang", self.lang)
        rpr.set("sz", hundredths(size))
        rpr.set("b", "1" if bold else "0")
        rpr.set("i", "1" if italic else "0")
        rpr.set("dirty", "0")
        if not (inherit_color and color in INHERITED):
            fill = etree.SubElement(rpr, qn("a:solidFill"))
            etree.SubElement(fill, qn("a:srgbClr")).set("val", self.theme.color(color))
        for font_tag, name in zip(("a:latin", "a:ea", "a:cs"), self.script_fonts(text),
                                  strict=True):
            etree.SubElement(rpr, qn(font_tag)).set("typeface", name)
        return rpr

    def script_fonts(self, text: str) -> tuple[str, str, str]:
        """The run's Latin, East Asian and complex-script fonts: the theme's font, except
        where the run holds characters only a fallback font has: PowerPoint draws
        East Asian characters (wide: CJK, kana, Hangul) with ``a:ea`` and right-to-left
        and Indic scripts with ``a:cs``, so those name the fallback font that has them,
        the one the deck measured them with."""
        import unicodedata

        from ..glyphs import font_has, renders_nothing

        main = self.theme.font
        ea = cs = main.office_name
        if self.theme.fallback:
            for char in dict.fromkeys(text):
                if renders_nothing(char) or font_has(main.file(), char):
                    continue
                family = next((f for f in self.theme.fallback if font_has(f.file(), char)),
                              None)
                if family is None:
                    continue
                if unicodedata.east_asian_width(char) in ("W", "F"):
                    ea = family.office_name if ea == main.office_name else ea
                else:
                    cs = family.office_name if cs == main.office_name else cs
        return main.office_name, ea, cs
