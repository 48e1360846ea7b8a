"""Hand-overs kept beside the outputs, so a writer built alone still gets them.

The deck cites the module's pages ("Modul hlm. N") from the module's page map.  When
only the deck is built (``wog-build slides``, ``make slides``), the module writer does
not run; the pipeline then takes the page map the last module build left beside the
outputs, if it was made from the same inputs (the same digest), and otherwise asks the
module writer for its hand-over alone (a layout, nothing written).  Writers never read
each other's files: only the pipeline reads and writes these.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..document import Document

PREFIX = ".wog-build-handover-"


def _path(out_dir: Path, name: str) -> Path:
    return out_dir / f"{PREFIX}{name}.json"


def keep(ctx: BuildContext, name: str, value: Any) -> None:
    """Record ``name``'s hand-over, with the digest of the inputs it was made from."""
    try:
        text = json.dumps({"digest": ctx.digest, "value": value}, sort_keys=True)
    except (TypeError, ValueError):
        return  # not plain data: nothing to keep
    _path(ctx.out_dir, name).write_text(text, encoding="utf-8")


def kept(ctx: BuildContext, name: str) -> Any | None:
    """The hand-over ``name`` left beside the outputs, when it is current."""
    try:
        data = json.loads(_path(ctx.out_dir, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("digest") != ctx.digest:
        return None
    return data.get("value")


def last(ctx: BuildContext, name: str) -> Any | None:
    """The hand-over ``name`` left beside the outputs by the last build, whatever inputs it
    was made from: a guess to start from while ``name`` is still at work.  Whoever uses
    it checks it against the real one (:func:`wog_build.pipeline.run.run_writers`)."""
    try:
        data = json.loads(_path(ctx.out_dir, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("value") if isinstance(data, dict) else None


def current(doc: Document, ctx: BuildContext, name: str) -> Any | None:
    """``name``'s hand-over for a build that does not run ``name``: the kept one when
    current, else the writer's hand-over made without writing its output."""
    from ..writers.registry import get

    value = kept(ctx, name)
    if value is None:
        value = get(name).handover_only(doc, ctx)
    return value
