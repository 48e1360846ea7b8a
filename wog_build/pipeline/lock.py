"""One build at a time per output folder.

Two builds writing into the same ``dist/<course-id>/`` (two course files that declare
one id, or the same course built by ``make`` and by ``serve`` at once) would each land
their own outputs there, and the folder would end up holding a module from one source
beside a deck from the other.  So a build holds an exclusive lock on the folder for its
whole run (the up-to-date check, loading, writing, the proof, the rename, the stamp),
and so does ``check`` and a release (which read the outputs back): a second one waits
for the first, saying so, or (``--no-wait``) stops at once with exit code 1.

Waiting is the default because the second build is usually the same course started
again (an author saving twice, ``make`` beside ``serve``): after the wait it finds the
outputs up to date and does nothing.  The lock is ``flock`` on the folder itself (no
lock file: nothing is ever left in the folder, not even by a killed build), which the
kernel releases when the process ends however it ends, so a killed build never leaves
the folder locked.  Who holds it is read from ``/proc/locks`` (Linux; elsewhere the
message says "pid unknown").  A build that made the folder and wrote nothing removes it
before letting go; a waiter that got the lock on a folder removed meanwhile (that one,
or one ``make clean`` wiped) takes the new one and tries again, so two builds never
both believe they hold it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import BuildFailed

Notice = Callable[[str], None]


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


notice: Notice = _stderr
"""Where "waiting for ..." goes: stderr, as it happens (a course built in a pool whose
output is gathered into one block still says it at once; see :mod:`.pool`)."""


def _holder(fd: int) -> str:
    """'pid N' of the process holding a flock on the folder open as ``fd``."""
    st = os.fstat(fd)
    wanted = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    try:
        with open("/proc/locks", encoding="ascii") as fh:
            table = [line.split() for line in fh]
    except (OSError, UnicodeDecodeError):
        table = []
    for fields in table:  # "1: FLOCK  ADVISORY  WRITE 4158 fe:00:2386589 0 EOF"
        if "->" not in fields and "FLOCK" in fields and len(fields) > 5 \
                and fields[5] == wanted and fields[4].isdigit():
            return f"pid {fields[4]}"
    return "pid unknown"


def _same_folder(fd: int, path: Path) -> bool:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    own = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (own.st_dev, own.st_ino)


def _acquire(folder: Path, course_id: str, wait: bool) -> int:
    said = ""  # the holder last named: a waiter says so again when another build took over
    while True:
        folder.mkdir(parents=True, exist_ok=True)  # again: a holder may have removed it
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except FileNotFoundError:  # removed between the two: once more
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fd)
                if not wait:
                    raise BuildFailed(
                        f"{folder}: another build of {course_id} is running "
                        f"({holder}); wait for it to end, or leave out --no-wait to "
                        "wait for it") from None
                if holder != said:
                    notice(f"{folder}: waiting for another build of {course_id} "
                           f"({holder})")
                    said = holder
                fcntl.flock(fd, fcntl.LOCK_EX)
            if _same_folder(fd, folder):  # else removed while we waited: take the new one
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
    false.  ``reading`` (``check``): a folder that is not there is not made (no build can
    be writing into it either), and one that cannot be opened is read without the lock."""
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildFailed(f"{out_dir} is a file, but the outputs go into a folder of that "
                          "name; move the file away, or choose another folder with --out")
    blocker = next((p for p in out_dir.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:  # --out under a file: name the file, not the folder's failure
        raise BuildFailed(f"{blocker} is a file, but the outputs go into a folder inside "
                          f"it ({out_dir}); move the file away, or choose another folder "
                          "with --out")
    fd = None
    created = not out_dir.is_dir()
    if not reading or not created:
        try:
            fd = _acquire(out_dir, course_id, wait)
        except OSError as exc:
            if not reading:
                raise BuildFailed(f"{out_dir}: cannot lock the output folder for this "
                                  f"build ({exc.strerror or exc})") from exc
    try:
        yield
    finally:
        if fd is not None:
            if created:  # a build that wrote nothing leaves no folder either
                with contextlib.suppress(OSError):
                    if _same_folder(fd, out_dir):
                        out_dir.rmdir()  # only when empty; still held, so waiters retry
            os.close(fd)
