"""Jinja2 environments for the layouts' templates, their compiled code kept per user.

Compiling the module's templates takes about 0.14 s and the guide's 0.08 s, every
build, and the module's HTML is rendered before its first page can be laid out.  Jinja's
own ``FileSystemBytecodeCache`` keeps compiled templates here in the user's cache folder
(``$XDG_CACHE_HOME/wog-build/templates``, else ``~/.cache/wog-build/templates``), made
private (mode 0700) and used only while it is a real folder of this user's that nobody
else can write, and never inside the folder the build runs in: a project's files are
content, not code, and a compiled template is code.  An entry is named after the
template file's path, Jinja's version and the environment's settings (``trim_blocks``
and the rest change the compiled code), and used only while the template's source has
the same checksum, so an edited template is compiled again; the compiled code is the
same either way, and so are the outputs.  A cache that cannot be made, read or written
is no cache: the build goes on without it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import stat
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache


class _KeptCode(FileSystemBytecodeCache):
    """Jinja's cache, which never fails a build: an entry it cannot read is compiled
    anew, one it cannot write is not kept."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged entry (pickle and marshal raise many kinds)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def cache_folder() -> Path | None:
    """The user's folder for compiled templates, made if need be; None unless it is a
    real folder (not a link) of this user's, private, outside the current folder."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base) or not hasattr(os, "getuid"):
        return None
    folder = Path(base) / "wog-build" / "templates"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for part in (folder, folder.parent):
            seen = part.lstat()
            if not stat.S_ISDIR(seen.st_mode) or seen.st_uid != os.getuid():
                return None
        os.chmod(folder, 0o700)
        if stat.S_IMODE(folder.lstat().st_mode) != 0o700:
            return None
        here = Path.cwd().resolve()
    except OSError:
        return None
    resolved = folder.resolve()
    if resolved == here or here in resolved.parents:
        return None  # in the project: its files are content, never code
    return folder


@functools.cache
def kept_code(settings: str) -> jinja2.BytecodeCache | None:
    """The cache of templates compiled with ``settings``, or None where no safe one can
    be made."""
    folder = cache_folder()
    if folder is None:
        return None
    key = hashlib.sha256(f"{jinja2.__version__}|{settings}".encode()).hexdigest()[:16]
    return _KeptCode(str(folder), pattern=f"{key}-%s.cache")


def environment(folder: Path, **options: Any) -> jinja2.Environment:
    """An environment whose templates are loaded from ``folder`` only."""
    settings = repr(sorted((name, repr(value)) for name, value in options.items()))
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)),
                              bytecode_cache=kept_code(settings), **options)
