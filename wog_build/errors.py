"""Errors an author or a release engineer reads: located, in plain words, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_BUILD_FAILED = 1
EXIT_INVALID_SOURCE = 2
EXIT_OUT_OF_SYNC = 3


@dataclass(frozen=True, order=True)
class SourceError:
    """One problem in a course source, at ``file:line:column`` (1-based)."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: error: {self.message}"

    def github(self) -> str:
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.file},line={self.line},col={self.column}::{message}"


class CourseInvalid(Exception):
    """The source cannot be built; carries every problem found, sorted."""

    def __init__(self, errors: list[SourceError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


class BuildFailed(Exception):
    """An output could not be written; the previous output is left in place."""

    @classmethod
    def writing(cls, path: object, exc: BaseException) -> BuildFailed:
        """The one line an author reads when ``path`` could not be written: named by the
        output's own name, never its temporary file."""
        if isinstance(exc, BuildFailed):
            return exc
        return cls(f"could not write {path}: {type(exc).__name__}: {exc}; the previous "
                   "file is kept")


class OutOfSync(Exception):
    """The built module and deck do not hold the same course (see the sync report)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))
