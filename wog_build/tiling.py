"""Parts that must tile a whole: score bands over 0-100, durations over a session.

Any rule made of inclusive integer ranges that together must cover a whole range, each
number exactly once, is checked here, so every such rule (feedback bands today, a
session's time slots tomorrow) says the same thing about an overlap or a gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class TileProblem:
    """One overlap or gap, at the part (index into the given list) an author would mend."""

    index: int
    message: str


def tiling_problems(parts: Sequence[tuple[int, int]], low: int, high: int,
                    what: str = "range") -> list[TileProblem]:
    """Where the inclusive ranges ``parts`` fail to cover ``low..high`` exactly once.

    A part whose start is above its end is left to its own check (it covers nothing);
    no usable part at all is no problem here (whether parts are required is the caller's
    rule).
    An overlap is reported at the later-starting part, a gap at the part after it (or at
    the last part for a gap at the top), each naming the numbers concerned.
    """
    order = sorted((p for p in range(len(parts)) if parts[p][0] <= parts[p][1]),
                   key=lambda p: (parts[p][0], parts[p][1]))
    problems: list[TileProblem] = []
    if not order:
        return problems
    covered = low - 1  # the highest number covered so far
    last = order[0]
    for p in order:
        start, end = parts[p]
        if start > covered + 1:
            gap = (covered + 1, start - 1)
            problems.append(TileProblem(p, f"no {what} covers {_span(*gap)}; start this "
                                        f"{what} at {covered + 1} or add one for the gap"))
        elif start <= covered:
            problems.append(TileProblem(p, f"this {what} ({start}-{end}) overlaps the "
                                        f"{what} {_span(parts[last][0], parts[last][1])} at "
                                        f"{_span(start, min(end, covered))}; start it at "
                                        f"{covered + 1}"))
        if end > covered:
            covered, last = end, p
    if covered < high:
        problems.append(TileProblem(last, f"no {what} covers {_span(covered + 1, high)}; end "
                                    f"this {what} at {high} or add one for the gap"))
    return problems


def _span(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}-{b}"
