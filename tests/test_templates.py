"""Compiled templates kept per user (``wog_build/templates.py``): a template is compiled
once, found again by a later build (a new process, a new environment), compiled again
when it is edited, and a cache that cannot be made safely is no cache."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import jinja2
import pytest

from wog_build import templates


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary folder is ``tmp_path`` (the cache goes under it)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    templates.kept_code.cache_clear()
    yield tmp_path
    templates.kept_code.cache_clear()


def layout(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "page.html.j2").write_text(text, encoding="utf-8")
    return folder


def test_a_template_is_compiled_once_and_again_when_edited(private_tmp, tmp_path,
                                                           monkeypatch):
    folder = layout(tmp_path / "layouts", "<p>{{ who|upper }}</p>")
    env = templates.environment(folder, autoescape=True)
    assert env.get_template("page.html.j2").render(who="<b>") == "<p>&lt;B&gt;</p>"
    cache = private_tmp / f"_jinja2-cache-{os.getuid()}"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700 and len(list(cache.iterdir())) == 1

    compiled: list[str] = []
    own = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return own(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    again = templates.environment(folder, autoescape=True)  # a later build's
    assert again.get_template("page.html.j2").render(who="<b>") == "<p>&lt;B&gt;</p>"
    assert compiled == []  # found in the cache, not compiled

    layout(folder, "<p>{{ who|lower }}</p>")
    edited = templates.environment(folder, autoescape=True)
    assert edited.get_template("page.html.j2").render(who="<B>") == "<p>&lt;b&gt;</p>"
    assert compiled == ["page.html.j2"]


def test_a_cache_entry_that_cannot_be_read_is_compiled_anew(private_tmp, tmp_path):
    folder = layout(tmp_path / "layouts", "<p>{{ n + 1 }}</p>")
    templates.environment(folder).get_template("page.html.j2")
    for entry in (private_tmp / f"_jinja2-cache-{os.getuid()}").iterdir():
        entry.write_bytes(entry.read_bytes()[:40])  # cut short
    assert templates.environment(folder).get_template("page.html.j2").render(n=1) == "<p>2</p>"


def test_a_cache_folder_others_can_write_is_not_used(private_tmp, tmp_path):
    shared = private_tmp / f"_jinja2-cache-{os.getuid()}"
    shared.mkdir()
    os.chmod(shared, 0o777)
    if os.getuid() == 0:  # jinja2 chmods it back to 0700 when it can, as root it can
        shared.rmdir()
        shared.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
        (tmp_path / "elsewhere").mkdir()
    assert templates.kept_code() is None
    folder = layout(tmp_path / "layouts", "<p>{{ 2 * 3 }}</p>")
    assert templates.environment(folder).get_template("page.html.j2").render() == "<p>6</p>"
