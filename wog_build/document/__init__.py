"""The resolved course: what every writer and the sync proof read, and nothing else.

The loader gives a validated source model; :func:`resolve` runs the transforms that
span the whole course (ids, numbers, printed labels, which outputs show each unit,
where each unit was written) once, and freezes the result in a :class:`Document`.
Writers never re-derive any of it, so "BAB II", "Tabel 2.1" or "is this unit in the
deck" are decided in one place.
"""

from .document import Document, UnitInfo
from .resolve import resolve

__all__ = ["Document", "UnitInfo", "resolve"]
