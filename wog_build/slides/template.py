"""The presentation the deck is drawn on: python-pptx's default, or an organisation's.

An organisation template's layouts are chosen by what they hold (a title placeholder and
as little else as possible), never by name, because names are translated and renamed;
its sample slides are removed so only the course's slides remain.
"""

from __future__ import annotations

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.presentation import Presentation as PresentationType
from pptx.slide import SlideLayout
from pptx.util import Emu

from .frames import emu
from .theme import Theme

TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
PASSIVE = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}


def open_presentation(theme: Theme) -> PresentationType:
    prs = Presentation(str(theme.template)) if theme.template else Presentation()
    remove_slides(prs)
    prs.slide_width = Emu(emu(theme.width))
    prs.slide_height = Emu(emu(theme.height))
    return prs


def remove_slides(prs: PresentationType) -> None:
    """Drop a template's sample slides (and, with their relationships, their parts)."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def layout_score(layout: SlideLayout) -> tuple[int, int]:
    """Lower is better: has a title placeholder, then holds few other placeholders."""
    # python-pptx 1.0 declares LayoutPlaceholders.__iter__ as a Callable class attribute,
    # which mypy reads as a method without `self`; the items are still LayoutPlaceholder
    kinds = [ph.placeholder_format.type for ph in layout.placeholders]  # type: ignore[misc]
    has_title = any(k in TITLES for k in kinds)
    others = sum(1 for k in kinds if k not in TITLES and k not in PASSIVE)
    return (0 if has_title else 1, others)


def title_layout(prs: PresentationType) -> SlideLayout:
    layouts = list(prs.slide_layouts)
    return min(layouts, key=lambda lay: (layout_score(lay), layouts.index(lay)))
