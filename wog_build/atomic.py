"""Outputs appear whole or not at all: the last good handout is never destroyed."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import BuildFailed


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it into place only on success.

    The temporary file lives in the same folder so the rename is atomic, and its name
    starts with a dot and ends in ``.part`` so no reader mistakes it for an output.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp: Path | None = None
    try:  # created inside the try, so an interrupt right after still removes it
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                        dir=path.parent)
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
