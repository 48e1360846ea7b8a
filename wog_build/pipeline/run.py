"""Running the writers of a build, in one process or with workers, and landing their
outputs together.

The writers marked ``isolated`` (the module and the facilitator guide: WeasyPrint needs
seconds of one core for each) run in worker processes when the options allow it.  One
host process (:class:`Host`) is forked before the course is even read and imports
WeasyPrint meanwhile, once; each isolated writer's job, when it comes, is run in a
process the host forks, which starts with everything imported, sends its hand-over
(the module's page map) as soon as it has it, writes its output into the temporary file
the pipeline gave it, and ends, freeing its memory, while this process draws the other
outputs (this process never imports WeasyPrint).  A heavy worker's job starts once the
workers before it have written their outputs (while they read them back): two layouts at
once add their peaks (the 10x module's assembly and the guide's layout: 330 MB for the
build's processes; 260 MB one after the other, for two seconds more); light ones
(:data:`SIDE_BY_SIDE`) start at once.  Either way a worker's job is prepared first, from
the hand-overs alone (the guide's HTML is rendered while the module is assembled).
A writer that needs a worker's hand-over (the deck, the module's page map) does not wait
for it when the last build left one beside the outputs (:func:`.handovers.last`): it
starts from that guess, and once the real hand-over is here it is prepared again and
written again if its job changed, so its output is always the one the real hand-over
gives; an output drawn from one drawn again is checked the same way.  A worker is only
ever started from real hand-overs.  An edit that moves no page lets the deck be drawn
while the module is laid out.
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
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..errors import BuildFailed
from .commit import OutputSet
from .early import EarlyRead, read_early

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..document import Document
    from ..options import Options
    from ..writers.base import Writer


_stop = threading.Event()


SIDE_BY_SIDE = 400_000
"""The most weight (:meth:`~wog_build.writers.base.Writer.weight`: characters of the
documents laid out) the isolated writers' jobs may hold together to run side by side.
Heavier, each waits for the ones before it to be written.  WoG at 1x (module 120,000,
guide 25,000: 45 and 9 pages) starts its guide as soon as the module's page map is here,
beside the module's front matter and assembly: 0.3 s sooner done in 14 interleaved
builds (median 6.02 s against 6.46 s); at 10x (800,000 and 143,000) the two side by side
peaked at 330 MB for the build's processes, over the 300 MB a build of 150 to 200 pages
is to stay under, and one after the other at 260 to 280 MB."""


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
    """One isolated writer's process, forked by the :class:`Host` when its job comes;
    see the module's docstring."""

    def __init__(self, writer: Writer, conn: Connection, host: Host) -> None:
        self.writer, self.conn, self.host = writer, conn, host
        self.target: Path | None = None
        self.started = self.written = False
        self.weight = 0  # of its job (:data:`SIDE_BY_SIDE`)
        self._handover: tuple[bool, Any] = (False, None)
        self._done = False
        self.early: EarlyRead | None = None
        self._inbox: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()

    def start(self, job: Any, ctx: BuildContext, out: Path, target: Path) -> None:
        self.target, self.started = target, True
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
            if message[0] not in ("handover", "written"):
                return

    def _next(self, wait: bool = True) -> bool:
        try:
            kind, value = self._inbox.get(block=wait)
        except queue.Empty:
            return False
        if kind == "error":
            raise BuildFailed(str(value))
        if kind == "written":
            self.written = True
        elif kind == "handover":
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

    def wait_written(self) -> None:
        """Until its output is written (before it is read back)."""
        while self.started and not self.written and not self._done:
            self._next()


class Host:
    """A forked process that imports what the isolated writers need (``warm_up``) while
    this process reads the course, then forks a process for each writer's job as it
    comes: every such process shares the host's imports (WeasyPrint once, not once per
    output and once more here), starts at once, and frees its memory when it ends."""

    def __init__(self, writers: Sequence[Writer]) -> None:
        mp = multiprocessing.get_context("fork")
        ends = {w.name: mp.Pipe() for w in writers}
        self.proc = mp.Process(target=_host_main, daemon=True,
                               args=([(ends[w.name][1], w) for w in writers],))
        # the host starts with SIGTERM held back until it has its own handler
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        try:
            self.proc.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        for _, child in ends.values():
            child.close()
        self.workers = {w.name: WriterWorker(w, ends[w.name][0], self) for w in writers}

    def end(self) -> None:
        """After every worker is done (a job never sent is never waited for)."""
        for worker in self.workers.values():
            worker.conn.close()
        self.proc.join()

    def abort(self) -> None:
        if self.proc.is_alive():
            self.proc.terminate()  # SIGTERM: the host stops its workers, which unwind
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


def _host_main(jobs: list[tuple[Connection, Writer]]) -> None:
    children: list[int] = []

    def stop(signum: int, frame: object) -> None:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    _die_with_parent()
    failed: BaseException | None = None
    try:
        for _, writer in jobs:
            writer.warm_up()  # imported now, while the parent reads the course
    except BaseException as exc:  # each job is answered with it
        failed = exc
    waiting = dict(jobs)
    while waiting:
        for ready in wait(list(waiting)):
            conn = cast("Connection", ready)
            writer = waiting.pop(conn)
            try:
                job: tuple[Any, BuildContext, Path] = conn.recv()
            except (EOFError, OSError):  # the parent sends none
                conn.close()
                continue
            held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
            pid = os.fork()
            if pid == 0:
                for other in waiting:
                    other.close()
                _worker_main(conn, writer, job, failed)
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            children.append(pid)
            del job
            conn.close()
    for pid in children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _worker_main(conn: Connection, writer: Writer, job: tuple[Any, BuildContext, Path],
                 failed: BaseException | None) -> None:
    # the parent owns the temporary file and removes it; a stopped worker just ends,
    # without a traceback
    signal.signal(signal.SIGTERM, _quit_now)
    signal.signal(signal.SIGINT, _quit_now)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    _die_with_parent()
    target = "its output"
    try:
        work, ctx, out = job
        target = str(writer.path(ctx))
        if failed is not None:
            raise failed
        _writing.append(out)
        writer.write(work, ctx, out, lambda value: conn.send(("handover", value)))
        conn.send(("written", None))
        # every build that runs workers proves what it wrote: the reading is the proof's
        message: tuple[str, Any] = ("done", read_early(writer, out))
    except BaseException as exc:
        message = ("error", str(BuildFailed.writing(target, exc)))
    try:
        conn.send(message)
    except OSError:
        os._exit(1)
    os._exit(0)


def start_workers(writers: Sequence[Writer], options: Options) -> dict[str, WriterWorker]:
    """Workers for the isolated writers, whose host is started now so it imports while
    the course loads; none when the options ask for one process or processes cannot
    fork."""
    isolated = [w for w in writers if w.isolated]
    if not options.parallel or not can_fork() or not isolated:
        return {}
    return Host(isolated).workers


def stop_workers(workers: Mapping[str, WriterWorker]) -> None:
    for host in {id(w.host): w.host for w in workers.values()}.values():
        host.abort()


def run_writers(doc: Document, ctx: BuildContext, writers: Sequence[Writer],
                workers: Mapping[str, WriterWorker] | None = None,
                read: dict[str, EarlyRead] | None = None) -> list[Path]:
    """Build ``writers`` (in build order) and land their outputs together; returns the
    output paths.  ``workers`` run the isolated writers (see :func:`start_workers`).
    With ``read``, each output is also read back as soon as it is written, into
    ``read`` by writer name, for the proof (:mod:`.early`)."""
    from . import handovers as kept

    live = dict(workers or {})
    handovers: dict[str, Any] = {}
    running = {w.name for w in writers}

    def keep(name: str) -> Any:
        return lambda value: handovers.__setitem__(name, value)

    def handover(need: str) -> Any:
        return live[need].handover() if need in live else handovers[need]

    outputs = OutputSet()
    drawn: list[tuple[Writer, dict[str, Any], list[Any], Path]] = []

    def prepared(writer: Writer, given: dict[str, Any]) -> Any:
        try:
            return writer.prepare(doc, ctx, given)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            raise BuildFailed.writing(writer.path(ctx), exc) from exc

    def draw(writer: Writer, given: dict[str, Any], tmp: Path, job: Any = None) -> Any:
        if job is None:
            job = prepared(writer, given)
        try:
            if writer.name in live:
                live[writer.name].start(job, ctx, tmp, writer.path(ctx))
            else:
                writer.write(job, ctx, tmp, keep(writer.name))
                if read is not None and (early := read_early(writer, tmp)):
                    read[writer.name] = early
            return job
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            raise BuildFailed.writing(writer.path(ctx), exc) from exc

    def settle() -> None:
        """Every output drawn from a guess, or from an output drawn again, is prepared
        again from the real hand-overs, in build order, and written again if its job
        changed.  Only drawn outputs are: a worker starts after this, from real ones."""
        for writer, given, job, tmp in drawn:
            real = {need: handover(need) for need in given if need in live or
                    need in handovers}
            if real == {need: given[need] for need in real}:
                continue
            given.update(real)
            again = prepared(writer, given)
            if again != job[0]:  # the same job would write the same output
                job[0] = draw(writer, given, tmp, again)

    try:
        for writer in writers:
            if writer.name in live:
                settle()  # a worker is started once, from what is real
            given: dict[str, Any] = {}
            for need in writer.needs:
                if need in live and not live[need].has_handover() and \
                        writer.name not in live and \
                        (guess := kept.last(ctx, need)) is not None:
                    given[need] = guess  # the last build's, checked below
                elif need in live or need in handovers:
                    given[need] = handover(need)
                elif need not in running:  # built alone: the module's last page map
                    given[need] = kept.current(doc, ctx, need)
            tmp = outputs.stage(writer.path(ctx))
            job = prepared(writer, given)  # (a worker's: while the one before still writes)
            if writer.name in live:
                weight = writer.weight(job)
                busy = [w for w in live.values() if w.started and not w.written]
                if weight + sum(w.weight for w in busy) > SIDE_BY_SIDE:
                    for other in busy:  # one layout at a time: their peaks add up
                        other.wait_written()
                live[writer.name].weight = weight
            drawn.append((writer, given, [draw(writer, given, tmp, job)], tmp))
        settle()
        for name, worker in live.items():
            worker.finish()
            handovers.setdefault(name, worker.handover())
            if read is not None and worker.early is not None:
                read[name] = worker.early
        for host in {id(w.host): w.host for w in (workers or {}).values()}.values():
            host.end()
        if _stop.is_set():  # a SIGTERM whose KeyboardInterrupt was swallowed (by a
            raise KeyboardInterrupt  # __del__, say) still stops the commit
        written = outputs.commit()
        for name, value in handovers.items():
            if value is not None:
                kept.keep(ctx, name, value)
        return written
    except BaseException:
        stop_workers(workers or {})  # first: a worker still writing would create its file
        raise
    finally:
        outputs.discard()
