"""Jinja2 environments for the layouts' templates, their compiled code kept per user.

Compiling the module's templates takes about 0.14 s and the guide's 0.08 s, every
build, and the module's HTML is rendered before its first page can be laid out.  Jinja's
own ``FileSystemBytecodeCache`` keeps compiled templates in a directory of the user's
own under the system's temporary folder (it makes it private, mode 0700, and refuses one
another user owns or others can write), never in the project, whose files are content
and not code.  An entry is found by the template file's path and used only while the
template's source has the same checksum, so an edited template is compiled again; the
compiled code is the same either way, and so are the outputs.  A cache that cannot be
made, read or written is no cache: the build goes on without it.
"""

from __future__ import annotations

import contextlib
import functools
import pickle
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
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@functools.cache
def kept_code() -> jinja2.BytecodeCache | None:
    """The per-user cache of compiled templates, or None where no safe one can be made."""
    try:
        return _KeptCode()
    except (RuntimeError, OSError):  # no private directory for it
        return None


def environment(folder: Path, **options: Any) -> jinja2.Environment:
    """An environment whose templates are loaded from ``folder`` only."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)),
                              bytecode_cache=kept_code(), **options)
