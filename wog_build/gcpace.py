"""When the garbage collector runs: less often while WeasyPrint lays out and writes, and
at once when a large object graph has just been let go.

WeasyPrint allocates millions of small objects; with Python's default pace the cyclic
collector runs every 700 allocations and walks the course model and every box each
time.  Freezing what already exists (the course, the templates) and collecting young
objects every 20,000 allocations instead cuts layout and writing by about a sixth on the
WoG course at ten times its size, for about a tenth more peak memory (measured with
``make bench``).  The output is the same: only when memory is reclaimed changes.

python-pptx's presentation and WeasyPrint's document are graphs of cycles (parts and
their package, boxes and their parents): dropped, they stay in memory until the
collector's oldest generation is next walked, which may be never in a short build.  A
deck of 1,100 slides read back held 90 MB that way while the guide was laid out on top
of it; :func:`let_go` collects them and hands the freed pages back to the system.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
from collections.abc import Iterator

YOUNG_THRESHOLD = 20_000


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect young objects less often, and never walk what exists already.  In a
    process that froze what it inherited (:func:`freeze_inherited`) that stays frozen."""
    old = gc.get_threshold()
    frozen = gc.get_freeze_count() > 0
    if not frozen:
        gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        if not frozen:
            gc.unfreeze()


def freeze_inherited() -> None:
    """In a forked worker: what it inherited from its parent (the whole course, the
    deck, for the guide's workers forked from the build's own process) is never its
    garbage; frozen, the collections after each part it lays out do not walk it (and do
    not copy its pages by touching them)."""
    gc.freeze()


def let_go() -> None:
    """Collect what was just dropped and return free memory to the system (glibc's
    ``malloc_trim``; elsewhere only the collection)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
