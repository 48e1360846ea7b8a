"""A chart's data as both outputs read it, its scale, and its description in words."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..document import Document
    from ..model import Chart


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartData:
    kind: str                  # bar (horizontal), column, line, pie
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str
    decimal: str               # "," for Indonesian, "." for English

    def number(self, value: float) -> str:
        """A value as printed: no needless decimals, the language's decimal mark."""
        text = f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")
        return text.replace(".", self.decimal)

    def with_unit(self, value: float) -> str:
        n = self.number(value)
        if not self.unit:
            return n
        return f"{n}{self.unit}" if self.unit == "%" else f"{n} {self.unit}"

    @property
    def peak(self) -> float:
        return max((v for s in self.series for v in s.values), default=0.0)

    @property
    def floor(self) -> float:
        return min(0.0, min((v for s in self.series for v in s.values), default=0.0))

    def ticks(self, count: int = 5) -> list[float]:
        """Round axis steps from the floor (0 or below) past the largest value."""
        low, high = self.floor, self.peak
        span = (high - low) or 1.0
        raw = span / count
        mag = 10 ** math.floor(math.log10(raw))
        step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
        start = math.floor(low / step) * step
        out = [start]
        while out[-1] < high - 1e-9:
            out.append(out[-1] + step)
        return [round(t, 10) for t in out]


def chart_data(doc: Document, chart: Chart) -> ChartData:
    return ChartData(
        kind=chart.chart,
        categories=tuple(doc.plain(c) for c in chart.categories),
        series=tuple(Series(doc.plain(s.name), tuple(s.values)) for s in chart.series),
        unit=chart.unit or "",
        decimal=doc.labels["decimal_mark"],
    )


def data_lines(data: ChartData) -> list[str]:
    """The data in plain lines, one per category: what a screen reader and a trainer's
    notes get."""
    lines = []
    for k, cat in enumerate(data.categories):
        values = "; ".join(f"{s.name} {data.with_unit(s.values[k])}" if len(data.series) > 1
                           else data.with_unit(s.values[k]) for s in data.series)
        lines.append(f"{cat}: {values}")
    return lines


def chart_alt(kind_word: str, data: ChartData) -> str:
    series = ", ".join(s.name for s in data.series)
    return f"{kind_word} ({series}). " + ". ".join(data_lines(data)) + "."
