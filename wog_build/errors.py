"""Errors an author or a release engineer reads: located, in plain words, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_BUILD_FAILED = 1
EXIT_INVALID_SOURCE = 2
EXIT_OUT_OF_SYNC = 3


ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class SourceError:
    """One problem in a course source, at ``file:line:column`` (1-based).

    An error stops the build; a warning (``severity`` "warning") marks a place where
    YAML's reading almost surely differs from what the author meant, and stops the build
    only under ``--strict``.  Both sort together, by place.
    """

    file: str
    line: int
    column: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    def as_error(self) -> SourceError:
        """The same problem as an error (``--strict``)."""
        return SourceError(self.file, self.line, self.column, self.message)

    def github(self) -> str:
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return (f"::{self.severity} file={self.file},line={self.line},col={self.column}"
                f"::{message}")


def warning(file: str, line: int, column: int, message: str) -> SourceError:
    return SourceError(file, line, column, message, WARNING)


def count_text(problems: list[SourceError]) -> str:
    """'2 errors', '1 error, 3 warnings'."""
    errors = sum(not p.is_warning for p in problems)
    warnings = len(problems) - errors
    parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors or not warnings else []
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


class CourseInvalid(Exception):
    """The source cannot be built; carries every problem found (errors, and the warnings
    found beside them), sorted by place."""

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
        # an OSError's text names the file it hit: the hidden temporary one, which the
        # author never asked for; its cause alone says what is wrong
        said = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return cls(f"could not write {path}: {type(exc).__name__}: {said}; the previous "
                   "file is kept")


class OutOfSync(Exception):
    """The built module and deck do not hold the same course (see the sync report)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))
