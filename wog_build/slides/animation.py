"""Click-to-reveal: a PowerPoint entrance animation written into the slide's XML.

python-pptx has no API for animations, so the ``p:timing`` tree PowerPoint itself writes
for an "Appear" entrance effect on click is built here: the shape is hidden when the
slide opens and appears at the presenter's next click (LibreOffice Impress plays it too).
"""

from __future__ import annotations

from lxml import etree
from pptx.oxml.ns import qn
from pptx.shapes.base import BaseShape
from pptx.slide import Slide

P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def _el(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, qn(tag))
    for key, value in attrs.items():
        el.set(key, value)
    return el


def _cond(parent: etree._Element, **attrs: str) -> None:
    _el(_el(parent, "p:stCondLst"), "p:cond", **attrs)


def reveal_on_click(slide: Slide, shape: BaseShape) -> None:
    """Make ``shape`` appear on the next click (an "Appear" entrance effect)."""
    spid = str(shape.shape_id)
    sld = slide._element
    for old in sld.findall(qn("p:timing")):
        sld.remove(old)
    timing = etree.Element(qn("p:timing"))
    root = _el(_el(_el(timing, "p:tnLst"), "p:par"), "p:cTn", id="1", dur="indefinite",
               restart="never", nodeType="tmRoot")
    seq = _el(_el(root, "p:childTnLst"), "p:seq", concurrent="1", nextAc="seek")
    main = _el(seq, "p:cTn", id="2", dur="indefinite", nodeType="mainSeq")
    click = _el(_el(_el(main, "p:childTnLst"), "p:par"), "p:cTn", id="3", fill="hold")
    _cond(click, delay="indefinite")
    group = _el(_el(_el(click, "p:childTnLst"), "p:par"), "p:cTn", id="4", fill="hold")
    _cond(group, delay="0")
    effect = _el(_el(_el(group, "p:childTnLst"), "p:par"), "p:cTn", id="5", presetID="1",
                 presetClass="entr", presetSubtype="0", fill="hold", grpId="0",
                 nodeType="clickEffect")
    _cond(effect, delay="0")
    setter = _el(_el(effect, "p:childTnLst"), "p:set")
    behaviour = _el(setter, "p:cBhvr")
    timer = _el(behaviour, "p:cTn", id="6", dur="1", fill="hold")
    _cond(timer, delay="0")
    _el(_el(behaviour, "p:tgtEl"), "p:spTgt", spid=spid)
    _el(_el(behaviour, "p:attrNameLst"), "p:attrName").text = "style.visibility"
    _el(_el(setter, "p:to"), "p:strVal", val="visible")
    for tag, evt in (("p:prevCondLst", "onPrev"), ("p:nextCondLst", "onNext")):
        cond = _el(_el(seq, tag), "p:cond", evt=evt, delay="0")
        _el(_el(cond, "p:tgtEl"), "p:sldTgt")
    _el(_el(timing, "p:bldLst"), "p:bldP", spid=spid, grpId="0")
    # schema order: cSld, clrMapOvr, transition, timing, extLst
    after = [c for c in sld if c.tag in (qn("p:cSld"), qn("p:clrMapOvr"), qn("p:transition"))]
    after[-1].addnext(timing)
