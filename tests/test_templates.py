"""Compiled templates kept per user (``wog_build/templates.py``): a template is compiled
once, found again by a later build (a new environment), compiled again when it is
edited or compiled with other settings, and a cache folder that is not safely the
user's own (a link, or inside the folder the build runs in) is not used."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import jinja2
import pytest

from wog_build import templates


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's cache folder is ``tmp_path/cache``; the build runs in ``tmp_path/work``."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    templates.kept_code.cache_clear()
    yield tmp_path / "cache" / "wog-build" / "templates"
    templates.kept_code.cache_clear()


def layout(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "page.html.j2").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from here on."""
    names: list[str] = []
    own = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return own(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def test_a_template_is_compiled_once_and_again_when_edited(user_cache, tmp_path, compiled):
    folder = layout(tmp_path / "layouts", "<p>{{ who|upper }}</p>")
    env = templates.environment(folder, autoescape=True)
    assert env.get_template("page.html.j2").render(who="<b>") == "<p>&lt;B&gt;</p>"
    assert stat.S_IMODE(user_cache.stat().st_mode) == 0o700
    assert len(list(user_cache.iterdir())) == 1 and compiled == ["page.html.j2"]

    again = templates.environment(folder, autoescape=True)  # a later build's
    assert again.get_template("page.html.j2").render(who="<b>") == "<p>&lt;B&gt;</p>"
    assert compiled == ["page.html.j2"]  # found in the cache, not compiled

    layout(folder, "<p>{{ who|lower }}</p>")
    edited = templates.environment(folder, autoescape=True)
    assert edited.get_template("page.html.j2").render(who="<B>") == "<p>&lt;b&gt;</p>"
    assert compiled == ["page.html.j2"] * 2


def test_other_settings_compile_their_own_code(user_cache, tmp_path, compiled):
    """``autoescape`` and ``trim_blocks`` change the compiled code: a template compiled
    with them is never taken by an environment without them."""
    folder = layout(tmp_path / "layouts", "{% if x %}\n<{{ x }}>\n{% endif %}")
    strict = templates.environment(folder, autoescape=True, trim_blocks=True)
    plain = templates.environment(folder)
    assert strict.get_template("page.html.j2").render(x="<b>") == "<&lt;b&gt;>\n"
    assert plain.get_template("page.html.j2").render(x="<b>") == "\n<<b>>\n"
    assert len(compiled) == 2 and len(list(user_cache.iterdir())) == 2
    again = templates.environment(folder)
    assert again.get_template("page.html.j2").render(x="<b>") == "\n<<b>>\n"
    assert len(compiled) == 2


def test_a_cache_entry_that_cannot_be_read_is_compiled_anew(user_cache, tmp_path):
    folder = layout(tmp_path / "layouts", "<p>{{ n + 1 }}</p>")
    templates.environment(folder).get_template("page.html.j2")
    for length in (40, 7, 0):
        for entry in user_cache.iterdir():
            entry.write_bytes(entry.read_bytes()[:length] or b"\x80\x04K")  # damaged
        fresh = templates.environment(folder)
        assert fresh.get_template("page.html.j2").render(n=1) == "<p>2</p>"


def test_a_cache_folder_that_is_a_link_is_not_used(user_cache, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    user_cache.parent.mkdir(parents=True)
    user_cache.symlink_to(elsewhere, target_is_directory=True)
    assert templates.cache_folder() is None
    folder = layout(tmp_path / "layouts", "<p>{{ 2 * 3 }}</p>")
    assert templates.environment(folder).get_template("page.html.j2").render() == "<p>6</p>"
    assert list(elsewhere.iterdir()) == []


def test_a_cache_folder_inside_the_project_is_not_used(tmp_path, monkeypatch):
    """A project could hold a folder of compiled code of its own making: the cache is
    never taken from inside the folder the build runs in."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / ".cache"))
    templates.kept_code.cache_clear()
    try:
        assert templates.cache_folder() is None
        folder = layout(tmp_path / "layouts", "<p>{{ 'ok' }}</p>")
        assert templates.environment(folder).get_template("page.html.j2").render() == \
            "<p>ok</p>"
        assert not any(p.suffix == ".cache" for p in tmp_path.rglob("*"))
    finally:
        templates.kept_code.cache_clear()


def test_the_suite_keeps_its_compiled_templates_apart():
    """Builds under test never write the user's own cache (``tests/conftest.py``)."""
    assert os.environ["XDG_CACHE_HOME"] != os.path.join(os.path.expanduser("~"), ".cache")
