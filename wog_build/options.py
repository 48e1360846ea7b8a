"""What a run was asked to do, as one typed value.

Only the CLI reads the command line and the environment; it fills :class:`Options` and
passes it down, so the pipeline and the writers behave the same under a test, a
Makefile and a CI job, and never look at ``os.environ`` themselves.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

SERIAL_ENV = "WOG_BUILD_SERIAL"
"""1: build in one process (to profile or debug a build, or to spy on it in a test)."""
TAGGED_ENV = "WOG_PDF_TAGGED"
"""0: skip the tagged (PDF/UA-1) structure, e.g. for a quick draft."""
DEBUG_ENV = "WOG_BUILD_DEBUG"
"""1: let unexpected errors print their traceback."""
TOOLS_ENV = "WOG_BUILD_TOOLS"
"""0: build as on a machine without the optional programs (LibreOffice): the outputs
that need them are left out, as ``build`` does where they are missing (a quick draft)."""
EPOCH_ENV = "SOURCE_DATE_EPOCH"
"""The reproducible-builds date; else outputs carry the course's own date."""


class OptionsError(ValueError):
    """An environment variable or option that cannot be used as given."""


@dataclass(frozen=True)
class Options:
    out: Path | None = None
    """The output folder; None: ``dist/<course-id>/`` in the project."""
    layouts: Path | None = None
    """The layouts folder (the CLI resolves ``--layouts``, the project's setting and the
    packaged layouts into one); None: the packaged layouts."""
    project_root: Path | None = None
    """The project root (``wog-build.toml``), where ``dist/`` is; None: the current
    folder's project."""
    template: Path | None = None
    """An organisation's PowerPoint template for the deck (``--template FILE``), in place
    of the theme's; None: the theme's own (or none)."""
    theme: Path | None = None
    """The project's default theme folder (its ``theme`` setting); a course's
    ``meta.theme`` beats it; None: the built-in theme."""
    assets: Path | None = None
    """The project's shared assets folder (its ``assets`` setting): images any course may
    use; None: a course uses only its own folder."""
    force: bool = False
    """Rebuild even when nothing the outputs depend on changed."""
    strict: bool = False
    """Source warnings are errors (``--strict``, or ``strict = true`` in the project)."""
    parallel: bool = False
    """Run slow writers in their own process while the others are drawn."""
    tagged_pdf: bool = True
    jobs: int = 1
    """Processes laying out the module's parts (``--jobs``; the CLI's default is one per
    core): 1 lays them out one after another in the build's own process.  The bytes do
    not depend on it (``pdf/parallel.py``)."""
    single_pass: bool = False
    """Lay the module out in one pass (``--single-pass``) instead of in parts: the same
    pages, other bytes, one process however many cores there are."""
    source_date_epoch: int | None = None
    debug: bool = False
    tools: tuple[tuple[str, str], ...] = ()
    """Programs outputs need that a machine may lack (``soffice``), with where they were
    found on ``PATH``; a program not listed is missing."""
    wait: bool = True
    """When another build holds the course's output folder: wait for it (else stop at
    once: ``--no-wait``; see :mod:`wog_build.pipeline.lock`)."""

    def tool(self, name: str) -> str | None:
        """Where the program ``name`` is, or None when it is not installed (or turned
        off with ``WOG_BUILD_TOOLS=0``)."""
        return dict(self.tools).get(name) or None

    def byte_settings(self) -> dict[str, object]:
        """The options that change an output's bytes: a stamp made under other settings
        does not vouch for these outputs."""
        return {"source_date_epoch": self.source_date_epoch, "tagged_pdf": self.tagged_pdf,
                "module_in_parts": not self.single_pass}  # same pages, other bytes

    @property
    def extra_inputs(self) -> tuple[Path, ...]:
        """Files outside the course and the layouts that the outputs depend on (a
        ``--template``): they enter the digest and the no-op stamp."""
        given = (self.template, self.theme)
        return tuple(p.resolve() for p in given if p is not None)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None,
                         **given: object) -> Options:
        env = os.environ if environ is None else environ
        epoch = env.get(EPOCH_ENV, "").strip()
        if epoch and not epoch.isdigit():
            raise OptionsError(f"{EPOCH_ENV}={epoch!r} is not a number of seconds since "
                               "1970 (e.g. 1700000000); set it to one, or unset it")
        if env.get(SERIAL_ENV) == "1":  # one process: the module's parts one at a time
            given["jobs"] = 1
        given.setdefault("tools", find_tools(env.get("PATH"))
                         if env.get(TOOLS_ENV, "1") != "0" else tools_turned_off())
        return cls(
            parallel=env.get(SERIAL_ENV) != "1",
            tagged_pdf=env.get(TAGGED_ENV, "1") != "0",
            source_date_epoch=int(epoch) if epoch else None,
            debug=bool(env.get(DEBUG_ENV)),
            **given,  # type: ignore[arg-type]
        )


def tools_turned_off() -> tuple[tuple[str, str], ...]:
    """Every program the registered outputs name, with an empty path: what
    ``WOG_BUILD_TOOLS=0`` gives, so a skipped output says it was turned off rather
    than "not installed" (:func:`wog_build.writers.registry.missing_tool`)."""
    from .writers.registry import writers

    return tuple((name, "") for name in sorted({w.tool for w in writers() if w.tool}))


def find_tools(path: str | None) -> tuple[tuple[str, str], ...]:
    """The programs the registered outputs name (:attr:`Writer.tool`) found on ``path``."""
    import shutil

    from .writers.registry import writers

    names = sorted({w.tool for w in writers() if w.tool})
    found = ((name, shutil.which(name, path=path)) for name in names)
    return tuple((name, where) for name, where in found if where)
