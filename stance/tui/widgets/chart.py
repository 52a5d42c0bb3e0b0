"""A small chart of stance over time: one dot per date, above the line for support, below for opposition."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.widget import Widget

Point = tuple[date, float]
"""A date and a signed stance strength in [-1, 1]."""


def chart_lines(points: Sequence[Point], width: int, height: int) -> list[Text]:
    """The chart as ``height`` lines of ``width`` cells; the last line is the date axis."""
    width = max(width, 10)
    rows = max(height - 1, 3)
    if rows % 2 == 0:
        rows -= 1
    mid = rows // 2
    grid: list[list[tuple[str, str]]] = [
        [("─" if r == mid else " ", "dim") for _ in range(width)] for r in range(rows)
    ]
    dated = sorted(p for p in points if p[0] is not None)
    if dated:
        first, last = dated[0][0].toordinal(), dated[-1][0].toordinal()
        span = max(last - first, 1)
        cols: dict[int, list[float]] = {}
        for d, s in dated:
            x = 0 if last == first else round((d.toordinal() - first) / span * (width - 1))
            cols.setdefault(x, []).append(max(-1.0, min(1.0, s)))
        for x, values in cols.items():
            mean = sum(values) / len(values)
            r = mid - round(mean * mid)
            style = "bold green" if mean > 0.05 else "bold red" if mean < -0.05 else "bold"
            grid[r][x] = ("●" if len(values) == 1 else "◆", style)
    out: list[Text] = []
    for r in range(rows):
        line = Text()
        for ch, style in grid[r]:
            line.append(ch, style=style)
        out.append(line)
    if dated:
        left, right = dated[0][0].isoformat(), dated[-1][0].isoformat()
        gap = max(width - len(left) - len(right), 1)
        out.append(Text(left + " " * gap + (right if right != left else ""), style="dim"))
    else:
        out.append(Text("no dated statements", style="dim"))
    return out[:height]


class StanceChart(Widget):
    """Stance over time; set :attr:`points` with :meth:`show`."""

    DEFAULT_CSS = "StanceChart { height: 7; }"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.points: list[Point] = []

    def show(self, points: Sequence[Point]) -> None:
        """Draw these points."""
        self.points = list(points)
        self.refresh()

    def render(self) -> Text:
        size = self.content_size
        return Text("\n").join(chart_lines(self.points, size.width, size.height))
