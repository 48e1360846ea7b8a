"""The deck starts from the page map the last build left (wog_build.pipeline.handovers.last)
while the module is still laid out, and is drawn again when the real map differs: its
bytes are always those the real map gives."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from .tiny_course import tiny_course

pytestmark = pytest.mark.build


def build_counting(course: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Build the module and the deck (the module in its worker, as the CLI does); returns
    how many times the deck was drawn."""
    from wog_build import build
    from wog_build.options import Options
    from wog_build.pipeline.run import WriterWorker, run_writers, start_workers
    from wog_build.writers.deck import DeckWriter
    from wog_build.writers.registry import select

    drawn = [0]
    original = DeckWriter.prepare

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        drawn[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(DeckWriter, "prepare", counting)
    # the module still at work when the deck's turn comes (as with a long module)
    monkeypatch.setattr(WriterWorker, "has_handover", lambda self: False)
    doc, ctx = build.prepare(course, out, options=Options(parallel=True))
    writers = select(["module", "slides"], dict(ctx.options.tools)).writers
    run_writers(doc, ctx, writers, start_workers(writers, ctx.options))
    report = build.prove(doc, ctx, writers)
    assert report.ok, report.problems + [m.text for m in report.missing]
    monkeypatch.undo()
    return drawn[0]


def deck_sha(out: Path) -> str:
    return hashlib.sha256(next(out.glob("*.pptx")).read_bytes()).hexdigest()


def test_a_wrong_guess_is_drawn_again_and_a_right_one_is_kept(tmp_path, monkeypatch):
    course = tiny_course(tmp_path / "c", "tiny", "Marigold")
    clean = tmp_path / "clean"
    assert build_counting(course, clean, monkeypatch) == 1  # nothing to guess from
    kept = next(clean.glob(".wog-build-handover-module.json"))
    pages = json.loads(kept.read_text("utf-8"))["value"]
    assert pages and all(isinstance(v, str) for v in pages.values())

    # the same map again: drawn once, the same bytes
    assert build_counting(course, clean, monkeypatch) == 1
    want = deck_sha(clean)

    # a map that cites other pages (a chapter grew since): drawn again with the real one
    wrong = {key: str(int(label) + 7) if label.isdigit() else label
             for key, label in pages.items()}
    assert wrong != pages
    kept.write_text(json.dumps({"digest": "old", "value": wrong}), "utf-8")
    assert build_counting(course, clean, monkeypatch) == 2
    assert deck_sha(clean) == want
    assert json.loads(kept.read_text("utf-8"))["value"] == pages  # the real map kept

    # a kept file that is not a map at all: the real map, as if nothing were kept
    kept.write_text("[]", "utf-8")
    assert build_counting(course, clean, monkeypatch) == 1
    assert deck_sha(clean) == want



def test_a_worker_is_started_from_the_real_hand_over_never_from_a_guess(
        tmp_path, monkeypatch):
    """The guide, laid out in its own process, is given the deck drawn from the real
    map even when the deck was first drawn from a wrong guess: a process once started is
    never stopped for a guess that turned out wrong, and the guide is laid out once."""
    from wog_build import build
    from wog_build.options import Options
    from wog_build.pipeline.run import WriterWorker, run_writers, start_workers
    from wog_build.writers.guide import GuideWriter
    from wog_build.writers.registry import select

    course = tiny_course(tmp_path / "c", "tiny", "Marigold")
    out = tmp_path / "out"
    original = GuideWriter.prepare
    given_decks: list[str] = []

    def recording(self, doc, ctx, given):  # type: ignore[no-untyped-def]
        given_decks.append(hashlib.sha256(given["slides"].pptx).hexdigest())
        return original(self, doc, ctx, given)

    def run(stalled: bool) -> None:
        with monkeypatch.context() as m:
            m.setattr(GuideWriter, "prepare", recording)
            if stalled:
                m.setattr(WriterWorker, "has_handover", lambda self: False)
            doc, ctx = build.prepare(course, out, options=Options(parallel=True))
            writers = select(["module", "slides", "guide"], dict(ctx.options.tools)).writers
            workers = start_workers(writers, ctx.options)
            assert set(workers) == {"module", "guide"}
            run_writers(doc, ctx, writers, workers)
            report = build.prove(doc, ctx, writers)
            assert report.ok, report.problems + [m.text for m in report.missing]

    run(stalled=False)
    guide = next(out.glob("*panduan-fasilitator.pdf"))
    want = guide.read_bytes()
    kept = next(out.glob(".wog-build-handover-module.json"))
    pages = json.loads(kept.read_text("utf-8"))["value"]
    wrong = {key: str(int(label) + 7) if label.isdigit() else label
             for key, label in pages.items()}
    kept.write_text(json.dumps({"digest": "old", "value": wrong}), "utf-8")
    given_decks.clear()
    run(stalled=True)
    assert given_decks == [deck_sha(out)]  # once, the deck on disk
    assert guide.read_bytes() == want


def build_all_with_workers(course: Path, out: Path) -> None:
    """Build the module, the deck and the guide, the module and the guide in their own
    processes as the CLI does, and prove them in sync."""
    from wog_build import build
    from wog_build.options import Options
    from wog_build.pipeline.run import run_writers, start_workers
    from wog_build.writers.registry import select

    doc, ctx = build.prepare(course, out, options=Options(parallel=True))
    writers = select(["module", "slides", "guide"], dict(ctx.options.tools)).writers
    run_writers(doc, ctx, writers, start_workers(writers, ctx.options))
    report = build.prove(doc, ctx, writers)
    assert report.ok, report.problems + [m.text for m in report.missing]


def test_a_workers_job_is_prepared_while_the_one_before_still_writes(tmp_path, monkeypatch):
    """The guide's HTML is rendered (its job prepared) once the module's page map is here,
    while the module is still being written; only its layout waits for the module's
    output (one layout at a time).  The module's process, once it has handed over its
    map and written, waits for the guide's job to be prepared: with the job prepared
    only after the module is written, it would wait in vain."""
    import time

    from wog_build.pipeline import run
    from wog_build.writers.guide import GuideWriter
    from wog_build.writers.module import ModuleWriter

    course = tiny_course(tmp_path / "c", "tiny", "Marigold")
    out = tmp_path / "out"
    prepared, seen = tmp_path / "guide-prepared", tmp_path / "seen-by-module"
    write, prepare = ModuleWriter.write, GuideWriter.prepare

    def writing(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        write(self, *args, **kwargs)  # (in the module's process, forked after the patch)
        deadline = time.monotonic() + 20
        while not prepared.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        seen.write_text(str(prepared.exists()), "utf-8")

    def preparing(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        prepared.touch()
        return prepare(self, *args, **kwargs)

    monkeypatch.setattr(ModuleWriter, "write", writing)
    monkeypatch.setattr(GuideWriter, "prepare", preparing)
    monkeypatch.setattr(run, "SIDE_BY_SIDE", 0)  # heavy: the guide's layout waits
    build_all_with_workers(course, out)
    assert seen.read_text("utf-8") == "True"


@pytest.mark.parametrize("side_by_side", [True, False], ids=["light", "heavy"])
def test_light_layouts_run_side_by_side_and_heavy_ones_one_at_a_time(
        tmp_path, monkeypatch, side_by_side):
    """The guide's layout starts beside the module's writing when their documents are
    light together (under ``SIDE_BY_SIDE`` characters), and only once the module is
    written when they are heavy (their memory peaks would add up).  The module's process,
    once written, waits a while for the guide's layout to begin."""
    import time

    from wog_build.pipeline import run
    from wog_build.writers.guide import GuideWriter
    from wog_build.writers.module import ModuleWriter

    course = tiny_course(tmp_path / "c", "tiny", "Marigold")
    out = tmp_path / "out"
    begun, seen = tmp_path / "guide-begun", tmp_path / "seen-by-module"
    write_module, write_guide = ModuleWriter.write, GuideWriter.write

    def module(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        write_module(self, *args, **kwargs)
        deadline = time.monotonic() + (20 if side_by_side else 3)
        while not begun.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        seen.write_text(str(begun.exists()), "utf-8")

    def guide(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        begun.touch()
        return write_guide(self, *args, **kwargs)

    monkeypatch.setattr(ModuleWriter, "write", module)
    monkeypatch.setattr(GuideWriter, "write", guide)
    monkeypatch.setattr(run, "SIDE_BY_SIDE", 10**9 if side_by_side else 0)
    build_all_with_workers(course, out)
    assert seen.read_text("utf-8") == str(side_by_side)
