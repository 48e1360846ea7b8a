"""Pin the clock that font subsetting reads, so two builds give the same bytes.

When HarfBuzz-Subset is not installed WeasyPrint subsets fonts with fontTools, which
stamps each subset's ``head.modified`` with "now" unless ``SOURCE_DATE_EPOCH`` is set.
The build's own date is the only clock a module may show, so it is lent to fontTools
for the duration of the write and the environment restored afterwards.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator

EPOCH_VAR = "SOURCE_DATE_EPOCH"


@contextlib.contextmanager
def pinned_clock(when: dt.datetime) -> Iterator[None]:
    previous = os.environ.get(EPOCH_VAR)
    os.environ[EPOCH_VAR] = str(int(when.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(EPOCH_VAR, None)
        else:
            os.environ[EPOCH_VAR] = previous
