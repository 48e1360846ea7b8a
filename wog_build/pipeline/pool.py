"""Many courses in one command: a pool of course processes, each course's output one block.

A curriculum is a dozen courses; ``wog-build build source/*/course.yaml`` builds them
``jobs`` at a time.  Each course runs in a forked process of its own, so a course that
fails (an invalid source, a full disk, a crash in a writer) ends only its own process
and its own transaction (:mod:`.commit`): the others build on, and each course's
outputs land or not by themselves.  A course process still starts its own module
worker (:mod:`.run`), so two courses at once keep two or three cores busy.

What a course prints (its progress on stdout, its problems on stderr) is gathered while
it runs and printed in one piece when it ends, so the blocks of courses built at once
never interleave.  Only the lock's "waiting for another build" (:mod:`.lock`) is said
as it happens.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import IO

from . import lock

INTERRUPTED = 130


@dataclass(frozen=True)
class Finished:
    """How one course of the pool ended."""

    name: str
    code: int
    """The course's exit code (see :mod:`wog_build.errors`); 130 when it was stopped, or
    never started because the command was."""
    seconds: float


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _course_main(job: Callable[[str], int], name: str, out: int, err: int,
                 live: int) -> None:
    """In the course's process: its output goes to the gathering files, the lock's
    notices to the terminal; the exit code is the course's."""
    from .run import _die_with_parent

    _die_with_parent()  # a killed command leaves no course building on
    os.dup2(out, 1)
    os.dup2(err, 2)

    def say_now(line: str) -> None:
        os.write(live, f"{line}\n".encode())

    lock.notice = say_now
    code = job(name)
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(code)


class _Course:
    def __init__(self, name: str, job: Callable[[str], int], live: int) -> None:
        self.name = name
        self.out: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed in finish)
        self.err: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self.started = time.perf_counter()
        mp = multiprocessing.get_context("fork")
        # not a daemon: a course process starts the module's worker process itself
        self.proc = mp.Process(target=_course_main, daemon=False, name=f"course {name}",
                               args=(job, name, self.out.fileno(), self.err.fileno(), live))
        self.proc.start()

    def finish(self) -> Finished:
        self.proc.join()
        code = self.proc.exitcode
        # a course process that died by a signal (-N) is a failed build, unless the
        # command itself was stopped
        result = Finished(self.name, code if code is not None and code >= 0 else
                          INTERRUPTED if code == -15 else 1,
                          time.perf_counter() - self.started)
        for gathered, stream in ((self.out, sys.stdout), (self.err, sys.stderr)):
            gathered.seek(0)
            text = gathered.read().decode("utf-8", "replace")
            gathered.close()
            if text:
                stream.write(text)
                stream.flush()
        if code is not None and code < 0 and result.code != INTERRUPTED:
            print(f"{self.name}: build failed: its process ended by signal {-code} "
                  "(earlier outputs are kept)", file=sys.stderr, flush=True)
        return result


def run_pool(names: Sequence[str], job: Callable[[str], int], jobs: int) -> list[Finished]:
    """Run ``job(name)`` for every name, ``jobs`` at a time, each in its own process;
    print each one's output as one block when it ends.  Returns how each ended, in the
    order given.  Interrupted (Ctrl-C, SIGTERM), the running courses are stopped (each
    removes its temporary files and keeps its earlier outputs) and their blocks printed
    before :class:`KeyboardInterrupt` goes on."""
    sys.stdout.flush()
    sys.stderr.flush()
    live = os.dup(2)
    waiting = list(names)
    running: dict[int, _Course] = {}
    ended: dict[str, Finished] = {}
    try:
        while waiting or running:
            while waiting and len(running) < max(1, jobs):
                course = _Course(waiting.pop(0), job, live)
                running[course.proc.sentinel] = course
            for sentinel in wait(list(running)):
                assert isinstance(sentinel, int)
                course = running.pop(sentinel)
                ended[course.name] = course.finish()
    except BaseException:
        for course in running.values():
            if course.proc.is_alive():
                course.proc.terminate()  # SIGTERM: the course unwinds, like Ctrl-C
        for course in running.values():
            ended[course.name] = course.finish()
        raise
    finally:
        os.close(live)
    return [ended[name] for name in names]
