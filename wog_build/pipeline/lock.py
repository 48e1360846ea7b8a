"""One build at a time per output folder.

Two builds writing into the same ``dist/<course-id>/`` (two course files that declare
one id, or the same course built by ``make`` and by ``serve`` at once) would each land
their own outputs there, and the folder would end up holding a module from one source
beside a deck from the other.  So a build holds an exclusive lock on the folder for its
whole run (the up-to-date check, loading, writing, the proof, the rename, the stamp),
and so does ``check`` and a release (which reads the outputs back): a second one waits
for the first, saying so, or (``--no-wait``) stops at once with exit code 1.

Waiting is the default because the second build is usually the same course started
again (an author saving twice, ``make`` beside ``serve``): after the wait it finds the
outputs up to date and does nothing.  The lock is ``flock`` on a hidden file in the
folder (``.wog-build.lock``), which the kernel releases when the process ends however it
ends, so a killed build never leaves the folder locked.  The holder removes the file
before it lets go, so the folder holds no trace of the lock between builds; a waiter
that got the lock on a file that was removed meanwhile (the holder's, or ``make clean``
wiping the folder) opens the new one and tries again, so two builds never both believe
they hold it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import BuildFailed

LOCK_NAME = ".wog-build.lock"
"""The lock file in the output folder: hidden, never an output, never in the stamp."""

Notice = Callable[[str], None]


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


notice: Notice = _stderr
"""Where "waiting for ..." goes: stderr, as it happens (a course built in a pool whose
output is gathered into one block still says it at once; see :mod:`.pool`)."""


def _holder(path: Path) -> str:
    """'pid N' of the build holding the lock, as it wrote it into the file."""
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        pid = ""
    return f"pid {pid}" if pid.isdigit() else "pid unknown"


def _same_file(fd: int, path: Path) -> bool:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    own = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (own.st_dev, own.st_ino)


def _acquire(path: Path, course_id: str, wait: bool) -> int:
    said = ""  # the holder last named: a waiter says so again when another build took over
    while True:
        path.parent.mkdir(parents=True, exist_ok=True)  # again: a holder may remove it
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except FileNotFoundError:  # removed between the two: once more
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(path)
                if not wait:
                    raise BuildFailed(
                        f"{path.parent}: another build of {course_id} is running "
                        f"({holder}); wait for it to end, or leave out --no-wait to "
                        "wait for it") from None
                if holder != said:
                    notice(f"{path.parent}: waiting for another build of {course_id} "
                           f"({holder})")
                    said = holder
                fcntl.flock(fd, fcntl.LOCK_EX)
            if _same_file(fd, path):  # else removed while we waited: take the new one
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


@contextlib.contextmanager
def build_lock(out_dir: Path, course_id: str, wait: bool = True,
               reading: bool = False) -> Iterator[None]:
    """Hold ``out_dir`` for one build (creating the folder when needed); see the module's
    docstring.  Raises :class:`BuildFailed` when another build holds it and ``wait`` is
    false.  ``reading`` (``check``): a folder that is not there, or that this user may
    not write to, is read without the lock (no build can be writing into it either)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildFailed(f"{out_dir} is a file, but the outputs go into a folder of that "
                          "name; move the file away, or choose another folder with --out")
    fd = None
    created = not out_dir.is_dir()
    if not reading or not created:
        try:
            fd = _acquire(out_dir / LOCK_NAME, course_id, wait)
        except OSError as exc:
            if not reading:
                raise BuildFailed(f"{out_dir}: cannot lock the output folder for this "
                                  f"build ({exc.strerror or exc})") from exc
    try:
        yield
    finally:
        if fd is not None:
            _release(fd, out_dir / LOCK_NAME, created)


def _release(fd: int, path: Path, created: bool) -> None:
    # removed while still held: a waiter then finds its file gone and opens anew
    with contextlib.suppress(OSError):
        if _same_file(fd, path):
            path.unlink()
            if created:  # a build that wrote nothing leaves no folder either
                path.parent.rmdir()  # only when empty
    os.close(fd)
