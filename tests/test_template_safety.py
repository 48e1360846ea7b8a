"""Organisation templates that must not reach a deck as they are (issue 20, finding 10).

A template whose master or layouts link to files outside it (a picture on a web server,
a ``\\\\server\\share`` path Windows opens with the user's credentials) is refused
with a message naming the template, each part and each link; a ``.potx`` is a
template as good as a ``.pptx`` (whatever its file is called); a template without
slide layouts or without a notes body is refused with what to change in it.  Each
refusal exits 1 and keeps the deck built before.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from wog_build.cli import main

from .conftest import FIXTURES
from .org_template import OrgTemplate, make_org_template

pytestmark = pytest.mark.slow

TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PRESENTATION_TYPE = (b"application/vnd.openxmlformats-officedocument.presentationml."
                     b"presentation.main+xml")


@pytest.fixture(scope="module")
def org(tmp_path_factory) -> OrgTemplate:
    return make_org_template(tmp_path_factory.mktemp("org"))


@pytest.fixture(scope="module")
def built(org, tmp_path_factory) -> tuple[Path, Path]:
    """The fixture course's deck, built on the good template: what a refusal keeps."""
    tmp = tmp_path_factory.mktemp("safety")
    shutil.copytree(FIXTURES / "full", tmp / "course")
    course, out = tmp / "course" / "course.yaml", tmp / "dist"
    assert main(["slides", "--template", str(org.path), "--out", str(out), str(course)]) == 0
    return course, out


def slides(course: Path, out: Path, template: Path, capsys) -> tuple[int, str]:
    code = main(["slides", "--force", "--template", str(template), "--out", str(out),
                 str(course)])
    return code, capsys.readouterr().err


def copy_out(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path, Path, bytes]:
    course, out = built
    shutil.copytree(out, tmp_path / "dist")
    deck = next((tmp_path / "dist").glob("*-bahan-tayang.pptx"))
    return course, tmp_path / "dist", deck, deck.read_bytes()


def external_rels(deck: Path) -> list[str]:
    """Every relationship of every part of a package that points outside it."""
    found = []
    with zipfile.ZipFile(deck) as z:
        for name in z.namelist():
            if name.endswith(".rels"):
                for rel in etree.fromstring(z.read(name)):
                    if rel.get("TargetMode") == "External":
                        found.append(f"{name}: {rel.get('Target')}")
    return found


def test_the_good_template_s_deck_has_no_external_links(built):
    _, out = built
    deck = next(out.glob("*-bahan-tayang.pptx"))
    assert external_rels(deck) == []


def test_a_template_linking_outside_is_refused_naming_each_link(org, built, tmp_path, capsys):
    course, out, deck, before = copy_out(built, tmp_path)
    prs = Presentation(str(org.path))
    prs.slide_master.part.relate_to("http://tracker.example/logo.png", RT.IMAGE,
                                    is_external=True)
    prs.slide_layouts[1].part.relate_to("\\\\fileserver\\share\\logo.png", RT.IMAGE,
                                        is_external=True)
    prs.slide_layouts[1].part.relate_to("https://example.org/", RT.HYPERLINK,
                                        is_external=True)
    bad = tmp_path / "linked.pptx"
    prs.save(str(bad))
    assert len(external_rels(bad)) == 3
    code, err = slides(course, out, bad, capsys)
    assert code == 1, err
    assert f"{bad}: the template links to files outside it" in err
    assert "/ppt/slideMasters/slideMaster1.xml links to 'http://tracker.example/logo.png' " \
           "(image)" in err
    assert "/ppt/slideLayouts/slideLayout2.xml links to '\\\\fileserver\\share\\logo.png' " \
           "(image)" in err
    assert "'https://example.org/' (hyperlink)" in err
    assert "embed those pictures in the template" in err
    assert "Traceback" not in err
    assert deck.read_bytes() == before  # the deck built before is kept


def test_a_link_only_on_a_sample_slide_goes_with_the_slide(org, built, tmp_path, capsys):
    """The template's sample slides are removed, and their links with them: such a
    template is fine, and the deck carries no link."""
    course, out, deck, _ = copy_out(built, tmp_path)
    prs = Presentation(str(org.path))
    prs.slides[0].part.relate_to("\\\\fileserver\\share\\photo.png", RT.IMAGE,
                                 is_external=True)
    sample = tmp_path / "sample-link.pptx"
    prs.save(str(sample))
    code, err = slides(course, out, sample, capsys)
    assert code == 0, err
    assert external_rels(deck) == []


def as_template(pptx: Path, target: Path) -> Path:
    """The same package with a PowerPoint template's content type (a .potx)."""
    with zipfile.ZipFile(pptx) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) \
            as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":
                assert PRESENTATION_TYPE in data
                data = data.replace(PRESENTATION_TYPE, TEMPLATE_TYPE)
            dst.writestr(item, data)
    return target


@pytest.mark.parametrize("name", ["org.potx", "org-saved-as-template.pptx"])
def test_a_potx_is_accepted_and_the_deck_is_a_presentation(org, built, tmp_path, capsys,
                                                          name):
    course, out, deck, _ = copy_out(built, tmp_path)
    potx = as_template(org.path, tmp_path / name)
    with pytest.raises(ValueError, match="not a PowerPoint file"):
        Presentation(str(potx))  # python-pptx alone refuses it
    code, err = slides(course, out, potx, capsys)
    assert code == 0, err
    with zipfile.ZipFile(deck) as z:
        types = z.read("[Content_Types].xml")
    assert PRESENTATION_TYPE in types and TEMPLATE_TYPE not in types
    prs = Presentation(str(deck))
    assert len(prs.slides) > 10
    assert all(s.slide_layout.slide_master is prs.slide_master for s in prs.slides)


def test_a_template_without_layouts_is_refused_saying_what_to_add(org, built, tmp_path,
                                                                 capsys):
    course, out, deck, before = copy_out(built, tmp_path)
    prs = Presentation(str(org.path))
    for sld in list(prs.slides._sldIdLst):
        prs.part.drop_rel(sld.rId)
        prs.slides._sldIdLst.remove(sld)
    for layout in list(prs.slide_layouts):
        prs.slide_layouts.remove(layout)
    bare = tmp_path / "bare.pptx"
    prs.save(str(bare))
    assert len(Presentation(str(bare)).slide_layouts) == 0
    code, err = slides(course, out, bare, capsys)
    assert code == 1, err
    assert f"{bare}: the template has no slide layouts" in err
    assert "View > Slide Master" in err and "'Title and Content'" in err
    assert "min()" not in err and "Traceback" not in err
    assert deck.read_bytes() == before


def test_a_template_without_a_notes_body_is_refused_saying_what_to_tick(org, built, tmp_path,
                                                                       capsys):
    course, out, deck, before = copy_out(built, tmp_path)
    prs = Presentation(str(org.path))
    master = prs.notes_master
    for ph in list(master.placeholders):
        if ph.placeholder_format.type == PP_PLACEHOLDER.BODY:
            ph._element.getparent().remove(ph._element)
    mute = tmp_path / "mute.pptx"
    prs.save(str(mute))
    kinds = [ph.placeholder_format.type for ph in Presentation(str(mute)).notes_master.placeholders]
    assert PP_PLACEHOLDER.BODY not in kinds
    code, err = slides(course, out, mute, capsys)
    assert code == 1, err
    assert f"{mute}: the template's notes master has no body placeholder" in err
    assert "View > Notes Master" in err and "'Body'" in err
    assert deck.read_bytes() == before


def test_a_file_that_is_no_presentation_is_refused_plainly(built, tmp_path, capsys):
    course, out, deck, before = copy_out(built, tmp_path)
    fake = tmp_path / "fake.pptx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "not a presentation")
    fake.write_bytes(buffer.getvalue())
    code, err = slides(course, out, fake, capsys)
    assert code == 1, err
    assert f"{fake}: not a PowerPoint presentation or template that can be read" in err
    assert deck.read_bytes() == before
