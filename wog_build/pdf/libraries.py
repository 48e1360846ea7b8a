"""WeasyPrint imported with its native libraries looked up as the dynamic loader would.

On import WeasyPrint opens GObject, Pango, HarfBuzz, Fontconfig and PangoFT2 by trying
several names for each, one per platform (``gobject-2.0-0``, ``libgobject-2.0.so.0``,
``...dylib``, ``...dll``).  cffi hands every name it cannot open directly to
``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``, then gcc, then ld,
for each: 22 lookups, most for names no Linux system has, a quarter of a second of gcc
runs at the start of every build, ahead of the first page laid out.

On Linux ``find_library`` answers a soname, which the dynamic loader then resolves by
its own search; the libraries it can load are those in its cache and in
``LD_LIBRARY_PATH`` (and paths built into a program).  So within :func:`import_weasyprint`
a lookup is answered from one reading of the loader's cache (the same pattern
``ctypes.util`` matches); gcc and ld would find a library only where the loader does not
look, apart from ``LD_LIBRARY_PATH``: when that is set, or on another system, or without
``ldconfig``, lookups go as usual.  Every library name WeasyPrint tries on Linux includes
its soname, which cffi opens directly, so the same files are loaded either way
(``tests/test_upstream.py`` compares the mapped libraries).
"""

from __future__ import annotations

import contextlib
import os
import re
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator

_LDCONFIG = "/sbin/ldconfig"
_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}
"""The loader cache's ABI tag by machine, as ``ctypes.util._findSoname_ldconfig`` has it."""
_SWAP = threading.Lock()
"""One block at a time swaps ``find_library``: two overlapping would leave it swapped."""


def loader_cache() -> bytes | None:
    """``ldconfig -p`` (the libraries the loader's cache lists), or None where there is
    no such cache to read."""
    if not sys.platform.startswith("linux") or not os.access(_LDCONFIG, os.X_OK):
        return None
    try:
        done = subprocess.run([_LDCONFIG, "-p"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              env={"LC_ALL": "C", "LANG": "C"}, check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def cached_lookup(listing: bytes) -> Callable[[str], str | None]:
    """``find_library`` answered from ``listing`` (:func:`loader_cache`)."""
    bits = "-32" if struct.calcsize("l") == 4 else "-64"
    abi = _ABI.get(os.uname().machine + bits, "libc6")

    def find(name: str) -> str | None:
        found = re.search(os.fsencode(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}"),
                          listing)
        return os.fsdecode(found.group(1)) if found else None

    return find


@contextlib.contextmanager
def lookups_from_loader_cache() -> Iterator[None]:
    """``ctypes.util.find_library`` answers from the loader's cache within the block
    (unless ``LD_LIBRARY_PATH`` is set, or there is no cache to read)."""
    import ctypes.util

    listing = None if os.environ.get("LD_LIBRARY_PATH") else loader_cache()
    if listing is None:
        yield
        return
    with _SWAP:
        own = ctypes.util.find_library
        ctypes.util.find_library = cached_lookup(listing)  # type: ignore[assignment]
        try:
            yield
        finally:
            ctypes.util.find_library = own


def import_weasyprint() -> None:
    """Import WeasyPrint (once), its libraries looked up as the loader would."""
    if "weasyprint" in sys.modules:
        return
    with lookups_from_loader_cache():
        import weasyprint  # noqa: F401
