"""``wog-build serve``: rebuild on save and preview in the browser, on loopback only.

A watcher (the watchfiles package) sees every save in the course folder, the layouts,
the theme and the shared assets; a builder thread then loads the course and writes the
module's HTML (a second or so: the page shows it at once, or the source errors with
their ``file:line:col``), then builds the deck (with the module's page map) and, when
LibreOffice is there and the deck changed, renders its slides as images.  The page
polls ``/status`` and reloads itself when the build number changes.  The server binds
127.0.0.1: it is a preview for the author at this machine, never a web server.
"""

from __future__ import annotations

import hashlib
import html
import json
import queue
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .options import Options

HOST = "127.0.0.1"
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} · wog-build preview</title>
<style>
body {{ font-family: sans-serif; margin: 0; background: #eee; }}
header {{ padding: 8px 16px; background: #222; color: #fff; }}
.errors {{ background: #fff0f0; color: #900; padding: 12px 16px; margin: 0;
           white-space: pre-wrap; border-bottom: 2px solid #900; }}
main {{ display: flex; gap: 12px; padding: 12px; }}
iframe {{ flex: 1 1 60%; height: 85vh; border: 1px solid #999; background: #fff; }}
.slides {{ flex: 1 1 40%; height: 85vh; overflow: auto; }}
.slides img {{ width: 100%; margin-bottom: 8px; border: 1px solid #999; }}
</style></head><body>
<header>{title} · build <span id="build">{build}</span> · deck <span id="deck">{deck}</span>
· {state}</header>
{errors}
<main><iframe src="/module.html?b={build}" title="module"></iframe>
<div class="slides">{slides}</div></main>
<script>
const seen = "{build}/{deck}";
async function poll() {{
  try {{
    const s = await (await fetch("/status", {{cache: "no-store"}})).json();
    if (`${{s.build}}/${{s.deck}}` !== seen) {{ location.reload(); return; }}
  }} catch (e) {{}}
  setTimeout(poll, 500);
}}
poll();
</script></body></html>
"""


@dataclass
class State:
    """What the page shows; changed only under ``lock``."""

    title: str = ""
    build: int = 0
    deck: int = 0
    state: str = "starting"
    errors: list[str] = field(default_factory=list)
    module_html: bytes = b""
    slides: list[Path] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {"build": self.build, "deck": self.deck, "state": self.state,
                    "errors": list(self.errors), "slides": len(self.slides)}


class Preview:
    """The builder and the files the page may ask for."""

    def __init__(self, course_file: Path, options: Options, images: Path) -> None:
        self.course_file = course_file.resolve()
        self.options = options
        self.images = images
        self.state = State(title=course_file.parent.name)
        self.deck_digest = ""
        self.deck_wanted = threading.Event()
        self.deck_path: Path | None = None
        self.roots: dict[str, Path] = {"course": self.course_file.parent}
        if options.assets is not None:
            self.roots["assets"] = options.assets.resolve()

    def watched(self) -> list[Path]:
        from .paths import DEFAULT_LAYOUTS

        paths = [self.course_file.parent, (self.options.layouts or DEFAULT_LAYOUTS).resolve()]
        for extra in (self.options.theme, self.options.assets, self.options.template):
            if extra is not None:
                paths.append(extra.resolve())
        return paths

    def rebuild(self) -> None:
        """Load the course and write its HTML (the page reloads), then ask for the deck."""
        from .build import prepare
        from .errors import BuildFailed, CourseInvalid
        from .writers.registry import get

        with self.state.lock:
            self.state.state = "building"
        try:
            doc, ctx = prepare(self.course_file, options=self.options)
            _, data = get("module").intermediate(doc, ctx)
            self.roots["layouts"] = ctx.layouts
            self.deck_path = get("slides").path(ctx)
        except CourseInvalid as exc:
            self._show([str(e) for e in exc.errors])
            return
        except BuildFailed as exc:
            self._show([str(exc)])
            return
        page = self._localise(data.decode("utf-8"), ctx.layouts)
        with self.state.lock:
            self.state.build += 1
            self.state.errors = []
            self.state.module_html = page.encode("utf-8")
            self.state.state = "drawing the deck"
        self.deck_wanted.set()

    def draw_deck(self) -> None:
        """The deck (citing the module's pages) and its slide images: slow, so in a
        thread of its own; the next save is loaded meanwhile."""
        from .build import build_course
        from .errors import BuildFailed, CourseInvalid

        try:
            written = build_course(self.course_file, ["slides"], self.options,
                                   lambda line: None)
        except CourseInvalid:
            return  # the page shows these already
        except BuildFailed as exc:
            self._show([str(exc)], keep_build=True)
            return
        deck = written[0] if written else self.deck_path  # up to date: the one in dist/
        if deck is not None:
            self._slide_images(deck)
        with self.state.lock:
            if not self.state.errors and not self.deck_wanted.is_set():
                self.state.state = "ready"

    def _show(self, errors: list[str], keep_build: bool = False) -> None:
        with self.state.lock:
            if not keep_build:
                self.state.build += 1
            self.state.errors = errors
            self.state.state = "errors"

    def _localise(self, page: str, layouts: Path) -> str:
        """The module's HTML with its file addresses made the preview's own."""
        from .pdf.fetcher import ASSETS_BASE_PATH, COURSE_BASE_URL

        page = page.replace(layouts.as_uri(), "/layouts")
        page = page.replace(ASSETS_BASE_PATH.as_uri(), "/assets")
        page = page.replace(COURSE_BASE_URL, "/course/")
        return page.replace("<head>", '<head><base href="/course/">', 1)

    def _slide_images(self, deck: Path) -> None:
        if not deck.is_file():
            return
        digest = hashlib.sha256(deck.read_bytes()).hexdigest()
        if digest == self.deck_digest:
            return
        self.deck_digest = digest
        images: list[Path] = []
        if shutil.which("soffice") and shutil.which("pdftoppm"):
            out = Path(tempfile.mkdtemp(dir=self.images))
            try:
                subprocess.run(["soffice", f"-env:UserInstallation=file://{self.images}/lo",
                                "--headless", "--convert-to", "pdf", "--outdir", str(out),
                                str(deck)], check=True, capture_output=True, timeout=180)
                subprocess.run(["pdftoppm", "-png", "-r", "40", str(out / f"{deck.stem}.pdf"),
                                str(out / "slide")], check=True, capture_output=True,
                               timeout=180)
                images = sorted(out.glob("slide*.png"))
            except (OSError, subprocess.SubprocessError):
                images = []
        with self.state.lock:
            self.state.deck += 1
            self.state.slides = images

    def page(self) -> bytes:
        s = self.state
        with s.lock:
            errors = "" if not s.errors else '<pre class="errors">' + "\n".join(
                html.escape(e) for e in s.errors) + "</pre>"
            slides = "".join(f'<img src="/slides/{n}.png?d={s.deck}" alt="slide {n + 1}">'
                             for n in range(len(s.slides))) or \
                "<p>(slide images need LibreOffice and pdftoppm)</p>"
            return PAGE.format(title=html.escape(s.title), build=s.build, deck=s.deck,
                               state=html.escape(s.state), errors=errors,
                               slides=slides).encode("utf-8")

    def file(self, path: str) -> tuple[bytes, str] | None:
        """A file under the course, the layouts or the shared assets; never elsewhere."""
        kind, _, rest = path.strip("/").partition("/")
        if kind == "slides":
            with self.state.lock:
                slides = list(self.state.slides)
            index = rest.removesuffix(".png")
            if index.isdigit() and int(index) < len(slides):
                return slides[int(index)].read_bytes(), "image/png"
            return None
        root = self.roots.get(kind)
        if root is None:
            return None
        target = (root / unquote(rest)).resolve()
        if not target.is_relative_to(root.resolve()) or not target.is_file():
            return None
        types = {".css": "text/css", ".png": "image/png", ".jpg": "image/jpeg",
                 ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
        return target.read_bytes(), types.get(target.suffix.lower(), "application/octet-stream")


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == "/":
                self._send(preview.page(), "text/html; charset=utf-8")
            elif path == "/status":
                self._send(json.dumps(preview.state.snapshot()).encode(), "application/json")
            elif path == "/module.html":
                with preview.state.lock:
                    body = preview.state.module_html
                self._send(body, "text/html; charset=utf-8")
            else:
                found = preview.file(path)
                if found is None:
                    self.send_error(404)
                else:
                    self._send(*found)

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


def serve(course_file: Path, options: Options, port: int, say: Any) -> int:
    """Serve until interrupted (Ctrl-C); returns the exit code."""
    import watchfiles

    stop = threading.Event()
    changes: queue.Queue[bool] = queue.Queue()
    with tempfile.TemporaryDirectory(prefix="wog-serve-") as tmp:
        preview = Preview(course_file, options, Path(tmp))
        server = ThreadingHTTPServer((HOST, port), _handler(preview))
        say(f"serving {course_file} at http://{HOST}:{server.server_port}/ (Ctrl-C stops)")

        def build_loop() -> None:
            while not stop.is_set():
                try:
                    changes.get(timeout=0.2)
                except queue.Empty:
                    continue
                while not changes.empty():  # one build for a burst of saves
                    changes.get_nowait()
                try:
                    preview.rebuild()
                except Exception as exc:  # shown on the page; the server keeps serving
                    preview._show([f"{type(exc).__name__}: {exc}"])
                say(f"build {preview.state.build}: {preview.state.state}")

        def watch_loop() -> None:
            for _ in watchfiles.watch(*preview.watched(), stop_event=stop, debounce=200,
                                      watch_filter=lambda _c, p: "/dist/" not in p):
                changes.put(True)

        def deck_loop() -> None:
            while not stop.is_set():
                if not preview.deck_wanted.wait(timeout=0.2):
                    continue
                preview.deck_wanted.clear()
                try:
                    preview.draw_deck()
                except Exception as exc:  # shown on the page; the server keeps serving
                    preview._show([f"{type(exc).__name__}: {exc}"], keep_build=True)
                say(f"deck {preview.state.deck}: {preview.state.state}")

        threads = [threading.Thread(target=build_loop, daemon=True),
                   threading.Thread(target=deck_loop, daemon=True),
                   threading.Thread(target=watch_loop, daemon=True)]
        for t in threads:
            t.start()
        changes.put(True)  # the first build
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            server.server_close()
            for t in threads:
                t.join(timeout=5)
    return 0
