"""Running the writers of a build, in one process or with workers, and landing their
outputs together.

A writer marked ``isolated`` (the module: WeasyPrint needs seconds of one core) runs in
a forked worker when the options allow it.  The worker is started before the course is
even read and imports its libraries meanwhile; it is then handed its job, sends its
hand-over (the module's page map) as soon as it has it, and writes its output into the
temporary file the pipeline gave it, while this process draws the other outputs.
A writer that needs a worker's hand-over (the deck, the module's page map) does not wait
for it when the last build left one beside the outputs (:func:`.handovers.last`): it
starts from that guess, and once drawn is checked against the real hand-over and drawn
again if they differ, so its output is always the one the real hand-over gives.  An
edit that moves no page lets the deck be drawn while the module is laid out.
Nothing is renamed into place until every writer has finished (:mod:`.commit`), so a
failed or interrupted build leaves every earlier output as it was.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BuildFailed
from .commit import OutputSet
from .early import EarlyRead, read_early

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..document import Document
    from ..options import Options
    from ..writers.base import Writer


_stop = threading.Event()


def _terminated(signum: int, frame: object) -> None:
    _stop.set()  # kept even if the exception below lands where Python ignores it
    raise KeyboardInterrupt


@contextlib.contextmanager
def sigterm_unwinds() -> Iterator[None]:
    """SIGTERM (a cancelled CI job, a stopping container) unwinds like Ctrl-C while the
    block runs, so every staged output removes its temporary file and the last good
    outputs stay.  Only on the main thread, where Python delivers signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _stop.clear()
    previous = signal.signal(signal.SIGTERM, _terminated)
    unraisable = sys.unraisablehook

    def quiet(info: Any) -> None:
        """Where Python cannot raise (a weak reference's callback, a ``__del__``: the
        signal can land in one), it prints the exception with a traceback: not for the
        interruption, which is already recorded and stops the build before the commit."""
        if not (info.exc_type is KeyboardInterrupt and _stop.is_set()):
            unraisable(info)

    sys.unraisablehook = quiet
    try:
        yield
    finally:
        sys.unraisablehook = unraisable
        signal.signal(signal.SIGTERM, previous)
        _stop.clear()


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class WriterWorker:
    """One writer in a forked process; see the module's docstring."""

    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self.target: Path | None = None
        self._handover: tuple[bool, Any] = (False, None)
        self._done = False
        self.early: EarlyRead | None = None
        self._inbox: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        mp = multiprocessing.get_context("fork")
        self.conn, child = mp.Pipe()
        self.proc = mp.Process(target=_worker_main, args=(child, writer), daemon=True)
        # the worker starts with SIGTERM held back until it has its own handler
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        try:
            self.proc.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        child.close()

    def start(self, job: Any, ctx: BuildContext, out: Path, target: Path) -> None:
        self.target = target
        self.conn.send((job, ctx, out))
        threading.Thread(target=self._receive, name=f"from {self.writer.name}",
                         daemon=True).start()

    def _receive(self) -> None:
        """Take the worker's messages as they come, not when this process asks: its last
        one (the early reading of its output, megabytes) would otherwise wait in the
        pipe, and the worker with all its memory, until the other outputs are drawn."""
        while True:
            try:
                message: tuple[str, Any] = self.conn.recv()
            except (EOFError, OSError):
                message = ("error", f"the process writing {self.target} ended without a word")
            self._inbox.put(message)
            if message[0] != "handover":
                return

    def _next(self, wait: bool = True) -> bool:
        try:
            kind, value = self._inbox.get(block=wait)
        except queue.Empty:
            return False
        if kind == "error":
            raise BuildFailed(str(value))
        if kind == "handover":
            self._handover = (True, value)
        else:
            self._done = True
            self.early = value
        return True

    def handover(self) -> Any:
        """What the writer hands on, as soon as it has it (None if it hands on nothing)."""
        while not self._handover[0] and not self._done:
            self._next()
        return self._handover[1]

    def has_handover(self) -> bool:
        """Whether the hand-over is here already (without waiting for it)."""
        while not self._handover[0] and not self._done and self._next(wait=False):
            pass
        return self._handover[0] or self._done

    def finish(self) -> None:
        while not self._done:
            self._next()
        self.proc.join()

    def abort(self) -> None:
        if self.proc.is_alive():
            self.proc.terminate()  # SIGTERM: the worker unwinds quietly
        self.proc.join()


def _die_with_parent() -> None:
    """A killed build must not leave its worker writing on (Linux; elsewhere the closed
    pipe ends it at its next step)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


_writing: list[Path] = []
"""In a worker: the temporary file it is writing, removed if it is stopped."""


def _quit_now(signum: int, frame: object) -> None:
    for path in _writing:  # the parent removes it too, after this process is gone
        with contextlib.suppress(OSError):
            path.unlink()
    os._exit(128 + signum)


def _worker_main(conn: Connection, writer: Writer) -> None:
    # the parent owns the temporary file and removes it; a stopped worker just ends,
    # without a traceback
    signal.signal(signal.SIGTERM, _quit_now)
    signal.signal(signal.SIGINT, _quit_now)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    _die_with_parent()
    target = "its output"
    try:
        writer.warm_up()  # imported now, while the parent reads the course
        job, ctx, out = conn.recv()
        target = str(writer.path(ctx))
        _writing.append(out)
        writer.write(job, ctx, out, lambda value: conn.send(("handover", value)))
        # every build that runs workers proves what it wrote: the reading is the proof's
        message: tuple[str, Any] = ("done", read_early(writer, out))
    except EOFError:  # the parent is gone, or changed its mind: nothing to write
        os._exit(1)
    except BaseException as exc:
        message = ("error", str(BuildFailed.writing(target, exc)))
    try:
        conn.send(message)
    except OSError:
        os._exit(1)


def start_workers(writers: Sequence[Writer], options: Options) -> dict[str, WriterWorker]:
    """Workers for the isolated writers, started now so they import while the course
    loads; none when the options ask for one process or processes cannot fork."""
    if not options.parallel or not can_fork():
        return {}
    return {w.name: WriterWorker(w) for w in writers if w.isolated}


def stop_workers(workers: Mapping[str, WriterWorker]) -> None:
    for worker in workers.values():
        worker.abort()


def run_writers(doc: Document, ctx: BuildContext, writers: Sequence[Writer],
                workers: Mapping[str, WriterWorker] | None = None,
                read: dict[str, EarlyRead] | None = None) -> list[Path]:
    """Build ``writers`` (in build order) and land their outputs together; returns the
    output paths.  ``workers`` run the isolated writers (see :func:`start_workers`).
    With ``read``, each output is also read back as soon as it is written, into
    ``read`` by writer name, for the proof (:mod:`.early`)."""
    from . import handovers as kept

    workers = workers or {}
    handovers: dict[str, Any] = {}
    running = {w.name for w in writers}

    def keep(name: str) -> Any:
        return lambda value: handovers.__setitem__(name, value)

    outputs = OutputSet()
    try:
        for writer in writers:
            target = writer.path(ctx)
            given: dict[str, Any] = {}
            guessed: list[str] = []
            for need in writer.needs:
                if need in workers and not workers[need].has_handover() and \
                        (guess := kept.last(ctx, need)) is not None:
                    given[need] = guess  # the last build's, checked below
                    guessed.append(need)
                elif need in workers:
                    given[need] = workers[need].handover()
                elif need in handovers:
                    given[need] = handovers[need]
                elif need not in running:  # built alone: the module's last page map
                    given[need] = kept.current(doc, ctx, need)
            tmp = outputs.stage(target)
            try:
                job = writer.prepare(doc, ctx, given)
                if guessed and (real := {need: workers[need].handover()
                                         for need in guessed}) != \
                        {need: given[need] for need in guessed}:
                    job = writer.prepare(doc, ctx, {**given, **real})  # a wrong guess
                if writer.name in workers:
                    workers[writer.name].start(job, ctx, tmp, target)
                else:
                    writer.write(job, ctx, tmp, keep(writer.name))
                    if read is not None and (early := read_early(writer, tmp)):
                        read[writer.name] = early
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:
                raise BuildFailed.writing(target, exc) from exc
        for name, worker in workers.items():
            worker.finish()
            handovers.setdefault(name, worker.handover())
            if read is not None and worker.early is not None:
                read[name] = worker.early
        if _stop.is_set():  # a SIGTERM whose KeyboardInterrupt was swallowed (by a
            raise KeyboardInterrupt  # __del__, say) still stops the commit
        written = outputs.commit()
        for name, value in handovers.items():
            if value is not None:
                kept.keep(ctx, name, value)
        return written
    except BaseException:
        stop_workers(workers)  # first: a worker still writing would create its file anew
        raise
    finally:
        outputs.discard()
