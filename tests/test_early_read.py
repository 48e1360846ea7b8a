"""The proof takes what the build read as it wrote each output only while the file on
disk is still those bytes (wog_build.pipeline.early): same report as reading anew, and a
file changed after it was written is read again and caught."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from .tiny_course import tiny_course

pytestmark = pytest.mark.build


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_proof_uses_an_early_reading_only_for_the_same_bytes(tmp_path):
    from pptx import Presentation

    from wog_build import build
    from wog_build.options import Options
    from wog_build.pipeline.early import EarlyRead
    from wog_build.pipeline.run import run_writers, start_workers
    from wog_build.writers.registry import select

    doc, ctx = build.prepare(tiny_course(tmp_path / "c", "tiny", "Marigold"),
                             tmp_path / "out", options=Options(parallel=True))
    writers = select(["module", "slides"], dict(ctx.options.tools)).writers
    workers = start_workers(writers, ctx.options)  # the module in a forked worker
    assert set(workers) == {"module"}
    early: dict[str, EarlyRead] = {}
    run_writers(doc, ctx, writers, workers, read=early)

    # each output was read from exactly the bytes that landed
    assert set(early) == {"module", "slides"}
    for writer in writers:
        assert early[writer.name].sha256 == sha(writer.path(ctx))
        assert "marigold" in early[writer.name].readback.text

    with_early = build.prove(doc, ctx, writers, early)
    assert with_early.ok, with_early.problems + [m.text for m in with_early.missing]
    assert with_early.to_json() == build.prove(doc, ctx, writers).to_json()

    # the deck changed after the build read it: the proof reads the file again
    deck_path = select(["slides"], {}).writers[0].path(ctx)
    prs = Presentation(str(deck_path))
    changed = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for para in shape.text_frame.paragraphs:
                    for run in para.runs:
                        if "Marigold" in run.text:
                            run.text = run.text.replace("Marigold", "Tulip")
                            changed += 1
    assert changed
    prs.save(str(deck_path))
    after = build.prove(doc, ctx, writers, early)
    assert not after.ok
    assert any("marigold" in m.text.lower() for m in after.missing), after.missing
