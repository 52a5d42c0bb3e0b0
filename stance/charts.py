"""Pictures for reports: a side's timeline and the themes x sides matrix, as SVG or PNG.

Drawn with matplotlib's object-oriented API (``matplotlib.figure.Figure``, rendered by the
Agg canvas for PNG and the SVG canvas for SVG): no pyplot, no window, no global figure state.
matplotlib is imported on first use, so the command line starts fast when no chart is drawn.

Output is deterministic, so golden files stay stable: a fixed ``svg.hashsalt`` per chart,
text kept as ``<text>`` (``svg.fonttype = "none"``: no glyph paths, searchable, smaller), a
fixed font and size, no date or software stamp in the metadata, math text off (a ``$`` in a
theme name stays a dollar sign). The same chart and the same matplotlib version give the same
bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

LABEL_MAX = 42
"""Longest tick label before it is cut with an ellipsis."""

MAX_SERIES = 6
"""Lines drawn in a many-theme timeline (the most raised themes)."""

_RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.titlesize": 10.0,
    "axes.labelsize": 9.0,
    "xtick.labelsize": 8.0,
    "ytick.labelsize": 8.0,
    "legend.fontsize": 8.0,
    "svg.fonttype": "none",
    "svg.image_inline": True,
    "text.parse_math": False,
    "text.usetex": False,
    "figure.dpi": 100.0,
    "savefig.dpi": 100.0,
    "path.simplify": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
}

_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


@dataclass(frozen=True, slots=True)
class MatrixChart:
    """A heat map of counts: themes down, sides across."""

    name: str
    """File-name part (``report.<name>.svg``) and the SVG id salt."""
    title: str
    """Caption above the picture."""
    rows: tuple[str, ...]
    """Row labels (themes), top to bottom."""
    columns: tuple[str, ...]
    """Column labels (sides, then e.g. "shared")."""
    values: tuple[tuple[int, ...], ...]
    """``values[r][c]``: how often; one tuple per row, one number per column."""
    gap_after: int = 0
    """Draw a gap after this many columns (e.g. between the sides and the totals); 0 for none."""
    note: str = "shade: share of the column's largest count"
    """Small print under the picture."""


@dataclass(frozen=True, slots=True)
class TimelineChart:
    """Readouts per month, per theme; with one theme, each statement's stance over time too."""

    name: str
    """File-name part and SVG id salt."""
    title: str
    """Caption above the picture."""
    months: tuple[str, ...]
    """The month axis, ``YYYY-MM``, every month from first to last."""
    series: tuple[tuple[str, tuple[int, ...]], ...]
    """``(label, count per month)``; counts align with :attr:`months`."""
    points: tuple[tuple[date, float], ...] = field(default_factory=tuple)
    """``(date, stance strength -1..1)`` per dated statement; drawn above the bars when given."""


Chart = MatrixChart | TimelineChart


def _cut(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "\u2026"


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _draw_matrix(c: MatrixChart) -> Any:
    import numpy as np

    n_rows, n_cols = max(1, len(c.rows)), max(1, len(c.columns))
    fig = _figure(min(14.0, 2.6 + 0.62 * n_cols), min(30.0, 1.6 + 0.27 * n_rows))
    ax = fig.add_subplot()
    data = np.array(c.values, dtype=float).reshape(len(c.rows), len(c.columns)) if c.rows and c.columns else \
        np.zeros((1, 1))
    # shade by column, so that a side with few readouts shows its own profile
    top_of = data.max(axis=0, keepdims=True)
    shade = np.divide(data, top_of, out=np.zeros_like(data), where=top_of > 0)
    ax.imshow(shade, cmap="Blues", aspect="auto", interpolation="nearest", vmin=0, vmax=1)
    if 0 < c.gap_after < n_cols:
        ax.axvline(c.gap_after - 0.5, color="white", linewidth=4)
    ax.set_xticks(range(len(c.columns)), [_cut(x) for x in c.columns], rotation=40, ha="right",
                  rotation_mode="anchor")
    ax.set_yticks(range(len(c.rows)), [_cut(x) for x in c.rows])
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    for r in range(len(c.rows)):
        for k in range(len(c.columns)):
            v = int(data[r, k])
            if v:
                ax.text(k, r, str(v), ha="center", va="center", fontsize=7,
                        color="white" if shade[r, k] > 0.55 else "#222222")
    ax.set_title(c.title, loc="left", wrap=True)
    if c.note:
        fig.supxlabel(c.note, fontsize=7, color="#555555")
    return fig


def _ticks(months: Sequence[str]) -> tuple[list[int], list[str]]:
    """Month positions to label: about a dozen, on year starts when the span is long."""
    n = len(months)
    if n <= 14:
        idx = list(range(n))
    else:
        step = max(1, round(n / 12))
        step = next((s for s in (1, 2, 3, 4, 6, 12, 24) if s >= step), step)
        idx = [i for i, m in enumerate(months) if (int(m[5:]) - 1) % step == 0] if step <= 12 else \
            list(range(0, n, step))
    return idx, [months[i] for i in idx]


def _month_pos(months: Sequence[str], d: date) -> float | None:
    key = f"{d.year:04d}-{d.month:02d}"
    try:
        i = list(months).index(key)
    except ValueError:
        return None
    return i - 0.5 + (d.day - 0.5) / 31.0


def _draw_timeline(c: TimelineChart) -> Any:
    months = c.months or ("",)
    n = len(months)
    width = min(12.0, max(6.0, 3.0 + 0.16 * n))
    series = c.series[:MAX_SERIES]
    idx, labels = _ticks(months)
    if c.points:
        fig = _figure(width, 4.6)
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
        xs, ys = [], []
        for d, s in c.points:
            x = _month_pos(months, d)
            if x is not None:
                xs.append(x)
                ys.append(max(-1.0, min(1.0, s)))
        top.axhline(0.0, color="#999999", linewidth=0.8)
        colours = ["#2ca02c" if y > 0.05 else "#d62728" if y < -0.05 else "#7f7f7f" for y in ys]
        top.scatter(xs, ys, s=18, c=colours, edgecolors="none", zorder=3)
        top.set_ylim(-1.1, 1.1)
        top.set_yticks([-1.0, 0.0, 1.0], ["opposes", "neutral", "supports"])
        top.set_ylabel("stance")
        top.set_title(c.title, loc="left")
        axes = bottom
    else:
        fig = _figure(width, 3.4)
        axes = fig.add_subplot()
        axes.set_title(c.title, loc="left")
    if len(series) == 1 or c.points:
        label, counts = series[0] if series else ("", tuple(0 for _ in months))
        axes.bar(range(n), counts, width=0.8, color=_COLOURS[0], label=_cut(label))
    else:
        for k, (label, counts) in enumerate(series):
            axes.plot(range(n), counts, color=_COLOURS[k % len(_COLOURS)], linewidth=1.4, marker="o",
                      markersize=2.5, label=_cut(label))
        if series:
            axes.legend(loc="upper left", frameon=False, ncols=2 if len(series) > 3 else 1)
    axes.set_ylabel("readouts")
    axes.set_xlim(-0.6, n - 0.4)
    axes.set_ylim(bottom=0)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_xticks(idx, labels, rotation=40, ha="right", rotation_mode="anchor")
    return fig


def _draw(chart: Chart) -> Any:
    return _draw_matrix(chart) if isinstance(chart, MatrixChart) else _draw_timeline(chart)


def render(chart: Chart, fmt: str = "svg") -> bytes:
    """The chart as ``svg`` (UTF-8 text) or ``png`` bytes, the same bytes for the same chart."""
    import matplotlib

    if fmt not in ("svg", "png"):
        raise ValueError(f"chart format {fmt!r}: use svg or png")
    rc: Any = {**_RC, "svg.hashsalt": f"stance-{chart.name}"}
    with matplotlib.rc_context(rc):
        fig = _draw(chart)
        buf = io.BytesIO()
        meta: dict[str, Any] = {"Date": None, "Creator": "stance"} if fmt == "svg" else {"Software": "stance"}
        fig.savefig(buf, format=fmt, metadata=meta)
    return buf.getvalue()


def svg(chart: Chart) -> str:
    """The chart as an SVG document (with its XML declaration)."""
    return render(chart, "svg").decode("utf-8")


def svg_inline(chart: Chart) -> str:
    """The chart as an ``<svg>`` element to put inside HTML (no XML declaration or doctype)."""
    text = svg(chart)
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def png(chart: Chart) -> bytes:
    """The chart as PNG bytes."""
    return render(chart, "png")
