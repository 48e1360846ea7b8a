"""Outputs appear whole or not at all: the last good handout is never destroyed."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import BuildFailed


def _blocker(folder: Path) -> Path:
    """The nearest of ``folder`` and its parents that exists but is not a folder."""
    for place in (folder, *folder.parents):
        if place.exists() or place.is_symlink():
            return place
    return folder


def temp_beside(target: Path) -> tuple[int, str]:
    """A new hidden temporary file in ``target``'s folder (made if missing), open: its
    descriptor and name.  When the folder cannot be made or written, the error names the
    output and the cause (a file where the folder should be, a read-only folder),
    never the temporary file's name."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise BuildFailed(f"could not write {target}: {_blocker(folder)} is a file, not a "
                          "folder; give --out a folder, or move that file away") from exc
    except OSError as exc:
        raise BuildFailed(f"could not write {target}: the folder {folder} cannot be made "
                          f"({exc.strerror}); give --out a folder you can write") from exc
    try:
        return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise BuildFailed(f"could not write {target}: no file can be made in {folder} "
                          f"({exc.strerror}); make it writable, or give --out a folder "
                          "you can write") from exc


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it into place only on success.

    The temporary file lives in the same folder so the rename is atomic, and its name
    starts with a dot and ends in ``.part`` so no reader mistakes it for an output.
    """
    tmp: Path | None = None
    try:  # created inside the try, so an interrupt right after still removes it
        fd, tmp_name = temp_beside(path)
        tmp = Path(tmp_name)
        os.close(fd)
        yield tmp
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except (BuildFailed, KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a renderer fault or a full disk: say which output it hit
        raise BuildFailed.writing(path, exc) from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)
