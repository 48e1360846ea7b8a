"""A set of outputs lands together or not at all.

Every writer writes into a hidden temporary file beside its output (``.<name>.*.part``,
so no reader mistakes it for an output).  Only when every writer of the run has
finished does :meth:`OutputSet.commit` flush them and rename them into place, one
after another with nothing in between; a failure or an interrupt before that removes
the temporary files and leaves every earlier output as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..atomic import temp_beside
from ..errors import BuildFailed


class OutputSet:
    """Temporary files for a set of outputs, committed together."""

    def __init__(self) -> None:
        self.staged: dict[Path, Path] = {}

    def stage(self, target: Path) -> Path:
        """A new empty temporary file beside ``target``, to be renamed onto it."""
        fd, name = temp_beside(target)
        self.staged[target] = Path(name)  # registered at once, so discard() finds it
        os.close(fd)
        return Path(name)

    def commit(self) -> list[Path]:
        """Flush every temporary file, then rename each onto its output."""
        for target, tmp in self.staged.items():
            try:
                with tmp.open("rb") as fh:
                    os.fsync(fh.fileno())
                os.chmod(tmp, 0o644)
            except OSError as exc:  # a full disk shows here: nothing is renamed yet
                raise BuildFailed.writing(target, exc) from exc
        for target, tmp in self.staged.items():
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise BuildFailed.writing(target, exc) from exc
        done = list(self.staged)
        self.staged.clear()
        return done

    def discard(self) -> None:
        for tmp in self.staged.values():
            tmp.unlink(missing_ok=True)
        self.staged.clear()
