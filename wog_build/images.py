"""Images an author names: which paths are acceptable, which files are real images, and
how every output sees them the same way up.

A figure's path is a file path relative to the course folder, never a URL: the module
(WeasyPrint) fetches it as a URL and the deck (python-pptx) opens it as a file, so
anything a URL would read differently (``#``, ``?``, ``%``, a ``scheme:``, control
characters) is refused where it is written.  Images are decoded in full at load time,
within a pixel budget, so a damaged or enormous file is a located error and never a
crash (or gigabytes) half-way through a build.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
MAX_PIXELS = 40_000_000
"""40 megapixels: more than any print or slide needs (a 300 dpi A4 page is 8.7 MP);
a larger image costs gigabytes to decode and is refused with a located error."""
_URL_SPECIAL = re.compile(r"[#?%\x00-\x1f\x7f]|^[A-Za-z][A-Za-z0-9+.-]*:")


def path_problem(rel: str, root: Path, assets: Path | None = None) -> str | None:
    """Why ``rel`` (as written) cannot name an image in ``root`` (or in the project's
    shared ``assets`` folder), or None."""
    if rel.startswith(("/", "\\")) or "://" in rel or (len(rel) > 1 and rel[1] == ":"):
        return f"image path '{rel}' must be relative to the course folder"
    special = _URL_SPECIAL.search(rel)
    if special:
        shown = special.group(0).encode("unicode_escape").decode()
        return (f"image path {rel!r} holds '{shown}', which a web address reads differently "
                "from a file name; rename the file without it")
    target = (root / rel).resolve()
    if not target.is_relative_to(root) and not (
            assets is not None and target.is_relative_to(assets)):
        where = f" or the project's assets folder {assets}" if assets else \
            " (or declare a shared assets folder: assets = \"assets\" in wog-build.toml)"
        return f"image path '{rel}' leaves the course folder; keep images inside it{where}"
    if target.is_dir():
        return f"image '{rel}' is a folder; name the image file in it"
    if not target.is_file():
        return f"image '{rel}' does not exist"
    return None


def file_problem(target: Path, rel: str) -> str | None:
    """Why the file is not an image both outputs can show, or None: decoded in full."""
    with target.open("rb") as fh:
        head = fh.read(16)
    if not any(head.startswith(sig) for sig in IMAGE_SIGNATURES):
        return f"image '{rel}' is not a PNG or JPEG file; convert it to PNG"
    from PIL import Image, ImageFile

    # WeasyPrint, once imported, tells Pillow to accept truncated images process-wide;
    # the check must see a damaged file as damaged whatever was imported before it
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with Image.open(target) as img:
            width, height = img.size
            if width * height > MAX_PIXELS:
                return (f"image '{rel}' has {width} × {height} pixels, more than "
                        f"{MAX_PIXELS // 1_000_000} million; scale it down")
            img.load()  # inflates every pixel: a corrupt stream fails here, not in a build
    except Exception:
        return f"image '{rel}' is damaged and cannot be read"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return None


def upright(target: Path) -> Path | io.BytesIO:
    """The image as readers must see it: a photo whose EXIF orientation says 'rotate' is
    rotated (the module's renderer honours EXIF, PowerPoint does not), else the file."""
    from PIL import Image, ImageOps

    with Image.open(target) as img:
        if img.getexif().get(0x0112, 1) in (None, 1):
            return target
        turned = ImageOps.exif_transpose(img)
        out = io.BytesIO()
        turned.save(out, format="PNG", optimize=False)
    out.seek(0)
    return out
