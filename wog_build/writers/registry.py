"""The one list of outputs.  Adding an output: write its writer module (see
:mod:`wog_build.writers.base`), give it a folder in ``layouts/``, add one line below.

Kept free of heavy imports: the CLI, the Makefile and the no-op check read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import BuildFailed
from .base import Writer
from .deck import DeckWriter
from .guide import GuideWriter
from .handout import HandoutNotesWriter, HandoutWriter
from .module import ModuleWriter
from .quiz import GiftWriter, MoodleWriter

_WRITERS: dict[str, Writer] = {}


def register(writer: Writer) -> Writer:
    """Add an output (in build order after the ones it needs).  Returns it."""
    if writer.name in _WRITERS:
        raise ValueError(f"an output named {writer.name!r} is registered already")
    _WRITERS[writer.name] = writer
    return writer


def unregister(name: str) -> None:
    _WRITERS.pop(name, None)


register(ModuleWriter())
register(DeckWriter())
register(GuideWriter())
register(MoodleWriter())
register(GiftWriter())
register(HandoutWriter())
register(HandoutNotesWriter())


def writers() -> list[Writer]:
    return list(_WRITERS.values())


def output_names() -> list[str]:
    return list(_WRITERS)


def get(name: str) -> Writer:
    try:
        return _WRITERS[name]
    except KeyError:
        raise KeyError(f"no output named {name!r}; outputs: {', '.join(_WRITERS)}") from None


def by_command(command: str) -> Writer:
    return next(w for w in _WRITERS.values() if w.command == command)


def in_build_order(names: list[str] | None = None) -> list[Writer]:
    """The chosen writers (all by default), each after the writers it needs."""
    chosen = [w for w in _WRITERS.values() if names is None or w.name in names]
    ordered: list[Writer] = []
    placing: set[str] = set()

    def place(w: Writer) -> None:
        if w in ordered:
            return
        if w.name in placing:
            raise ValueError(f"outputs need each other in a cycle: {w.name}")
        placing.add(w.name)
        for need in w.needs:
            if need in _WRITERS and _WRITERS[need] in chosen:
                place(_WRITERS[need])
        ordered.append(w)

    for w in chosen:
        place(w)
    return ordered


def missing_tool(writer: Writer, tools: Mapping[str, str]) -> str | None:
    """Why ``writer`` cannot be built on this machine, with the install command; None
    when it can."""
    if writer.tool is None or tools.get(writer.tool):
        return None
    if writer.tool in tools:  # present with no path: turned off
        return (f"the {writer.name} ({writer.description}) is left out: "
                f"WOG_BUILD_TOOLS=0 turns off the outputs made with {writer.tool}; "
                "unset it to build them")
    return (f"the {writer.name} ({writer.description}) needs {writer.tool}, which is not "
            f"installed; install it with: {writer.tool_install}")


@dataclass(frozen=True)
class Selection:
    writers: list[Writer]
    """The writers to run, in build order."""
    skipped: list[str]
    """Why each output that was not asked for by name is left out (a missing tool)."""


def select(names: list[str] | None, tools: Mapping[str, str]) -> Selection:
    """The writers a command builds.  Every output (``names`` None) leaves out the ones
    whose tool this machine lacks, saying so; an output asked for by name brings the
    outputs it is built with, and a missing tool stops it with the install command."""
    if names is None:
        chosen = in_build_order()
        skipped = [why for w in chosen if (why := missing_tool(w, tools))]
        return Selection([w for w in chosen if not missing_tool(w, tools)], skipped)
    wanted = list(names)
    for name in names:
        wanted += [n for n in get(name).builds_with if n not in wanted]
    chosen = in_build_order(wanted)
    for w in chosen:
        why = missing_tool(w, tools)
        if why:
            raise BuildFailed(why)
    return Selection(chosen, [])


def commands() -> list[str]:
    """Every CLI command the outputs add (``pdf``, ``slides``, ``html``...)."""
    found = [w.command for w in _WRITERS.values()]
    found += [w.intermediate_command for w in _WRITERS.values() if w.intermediate_command]
    found += [f for f in families() if f not in found]
    return found


def families() -> dict[str, list[str]]:
    """Commands that build several outputs at once (``quiz``): family → output names."""
    found: dict[str, list[str]] = {}
    for w in _WRITERS.values():
        if w.family:
            found.setdefault(w.family, []).append(w.name)
    return found


if __name__ == "__main__":  # the Makefile's list of per-output targets
    print(" ".join(commands()))
