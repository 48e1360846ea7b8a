"""The tiling rule every 'parts that cover a whole' check shares (score bands, durations)."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from wog_build.tiling import tiling_problems


def test_exact_tiling_has_no_problem():
    assert tiling_problems([(90, 100), (0, 69), (70, 89)], 0, 100) == []


def test_overlap_gap_and_ends_are_each_named_at_the_part_to_mend():
    got = [(p.index, p.message) for p in tiling_problems(
        [(10, 50), (40, 60), (70, 90)], 0, 100, "band")]
    assert got == [
        (0, "no band covers 0-9; start this band at 0 or add one for the gap"),
        (1, "this band (40-60) overlaps the band 10-50 at 40-50; start it at 51"),
        (2, "no band covers 61-69; start this band at 61 or add one for the gap"),
        (2, "no band covers 91-100; end this band at 100 or add one for the gap"),
    ]


@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), max_size=6))
def test_silent_exactly_when_every_number_is_covered_once(parts):
    """(No usable part at all is the caller's to judge: feedback rules are optional.)"""
    assume(any(a <= b for a, b in parts))
    counts = [sum(a <= n <= b for a, b in parts) for n in range(101)]
    assert (tiling_problems(parts, 0, 100) == []) == all(c == 1 for c in counts)
