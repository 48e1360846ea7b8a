"""The only door through which WeasyPrint may read anything.

A module is built from trusted layouts and an author's course folder; nothing else on
the machine (and nothing on the network) may end up in the PDF.  Every request passes
through :class:`ConfinedFetcher`, which serves files under the course folder, under
the layouts folder and the exact font files named in ``fonts.yaml``, and refuses the
rest loudly: a refused request stops the build rather than leaving a silent hole.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

COURSE_BASE_PATH = Path("/__course__")
COURSE_BASE_URL = COURSE_BASE_PATH.as_uri() + "/"
"""The course folder's address inside the HTML.  WeasyPrint names each image after the
URL it was asked for, so a real path would put the checkout's location into the PDF;
this fixed address keeps the bytes the same wherever the course folder lies."""


ASSETS_BASE_PATH = Path("/__assets__")
"""The project's shared assets folder's address inside the HTML (see ``COURSE_BASE_PATH``)."""


class RefusedURL(FatalURLFetchingError):
    """A request outside the allowed folders; fatal so the build cannot go on without it."""


class ConfinedFetcher(URLFetcher):
    """Serves ``file:`` URLs inside ``folders`` or naming one of ``files``; refuses all else.

    ``requested`` keeps every URL asked for, in order, and ``served`` every file given
    out, so tests can spy on both.
    """

    def __init__(self, folders: Iterable[Path], files: Iterable[Path] = (),
                 course_root: Path | None = None, assets_root: Path | None = None) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False,
                         fail_on_errors=True)
        self.folders = tuple(Path(f).resolve() for f in folders)
        self.files = frozenset(Path(f).resolve() for f in files)
        self.course_root = course_root.resolve() if course_root else None
        self.assets_root = assets_root.resolve() if assets_root else None
        self.requested: list[str] = []
        self.served: list[Path] = []

    def allows(self, path: Path) -> bool:
        real = path.resolve()
        return real in self.files or any(real.is_relative_to(f) for f in self.folders)

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        self.requested.append(url)
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"refused to fetch {url!r}: only local course and layout files")
        path = Path(unquote(parts.path))
        if self.course_root and path.is_relative_to(COURSE_BASE_PATH):
            path = self.course_root / path.relative_to(COURSE_BASE_PATH)
        elif self.assets_root and path.is_relative_to(ASSETS_BASE_PATH):
            path = self.assets_root / path.relative_to(ASSETS_BASE_PATH)
        if not self.allows(path) or not path.is_file():
            raise RefusedURL(f"refused to fetch {url!r}: outside the course and layouts")
        self.served.append(path.resolve())
        return URLFetcherResponse(path.resolve().as_uri(), body=path.read_bytes(),
                                  headers={"Content-Type": _content_type(path)})


_TYPES = {
    ".css": "text/css", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml", ".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff",
    ".woff2": "font/woff2",
}


def _content_type(path: Path) -> str:
    return _TYPES.get(path.suffix.lower(), "application/octet-stream")
