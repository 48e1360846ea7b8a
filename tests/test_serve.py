"""`wog-build serve` driven as an author would: in a subprocess, on loopback; a save
changes the page's build number within seconds, and a source error shows on the page
with its file:line:col."""

from __future__ import annotations

import html
import json
import re
import subprocess
import time
import urllib.request

import pytest

from .support.cli import cli_command, cli_env, run_cli

pytestmark = pytest.mark.slow
BUILD = re.compile(r'<span id="build">(\d+)</span>')


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def wait_for(check, seconds: float):  # type: ignore[no-untyped-def]
    """Poll ``check`` (bounded in time) until it returns something true."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        got = check()
        if got:
            return got
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s")


@pytest.fixture
def served(tmp_path):  # type: ignore[no-untyped-def]
    made = run_cli("new", "demo", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    proc = subprocess.Popen(cli_command("serve", "source/demo/course.yaml", "--port", "0"),
                            cwd=tmp_path, env=cli_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        match = re.search(r"http://(127\.0\.0\.1):(\d+)/", first)
        assert match, first
        yield f"http://127.0.0.1:{match.group(2)}", tmp_path / "source" / "demo"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def status(url: str) -> dict[str, object]:
    return dict(json.loads(get(f"{url}/status")))


def test_a_save_rebuilds_and_an_error_shows_its_place(served):
    url, course = served
    wait_for(lambda: status(url)["state"] == "ready", 180)
    page = get(url)
    before = int(BUILD.search(page).group(1))  # type: ignore[union-attr]
    assert "Konsep Pokok" in get(f"{url}/module.html")
    assert status(url)["slides"] or "need LibreOffice" in page
    chapter = course / "bab2-konsep.yaml"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "title: Konsep Pokok", "title: Konsep Utama"), encoding="utf-8")
    start = time.monotonic()
    wait_for(lambda: int(BUILD.search(get(url)).group(1)) > before, 15)  # type: ignore[union-attr]
    took = time.monotonic() - start
    assert took < 15
    assert "Konsep Utama" in get(f"{url}/module.html")
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("    key_points:", "    key_point:"), encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "key_points:" in t)
    def errors_shown() -> str | None:
        page = get(url)
        return page if 'class="errors"' in page else None

    page = html.unescape(wait_for(errors_shown, 15))
    assert re.search(rf"bab2-konsep\.yaml:{line}:\d+: error: unknown key 'key_point'", page), \
        page[:2000]
