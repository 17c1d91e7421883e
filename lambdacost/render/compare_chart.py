"""The chart of ``lambdacost compare``: monthly cost against the load, for Lambda and each option.

``chart_text`` draws it in the terminal with plotext; ``chart_image`` with matplotlib (the
optional ``plot`` extra) as PNG or SVG bytes. Nothing here prints or writes files.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from lambdacost.core.compare import CHART_RANGE, Comparison, Option
from lambdacost.errors import UsageError
from lambdacost.render.common import mathtext_escape, plain_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from lambdacost.plan.compare import Context


def short_count(n: float) -> str:
    """``1234567`` -> ``"1.23M"``; ``50000`` -> ``"50k"``."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= size:
            return f"{plain_number(n / size, 3)}{suffix}"
    return plain_number(n, 3)


def short_label(opt: Option) -> str:
    if opt.kind == "lmi":
        return f"Managed Instances {opt.name}"
    return f"EC2 {opt.name}" if opt.kind == "ec2" else f"Fargate {opt.name}"


_MARKERS = ("•", "x", "+", "o")


def _decade_ticks(lo: float, hi: float) -> list[float]:
    return [10.0**e for e in range(math.ceil(math.log10(lo) - 1e-9), math.floor(math.log10(hi) + 1e-9) + 1)]


def _log_ticks(lo: float, hi: float) -> list[float]:
    """Decades, or 1-2-5 steps when the range holds fewer than three decades."""
    ticks = _decade_ticks(lo, hi)
    if len(ticks) >= 3:
        return ticks
    start = 10.0 ** math.floor(math.log10(lo))
    steps = [start * 10**e * m for e in range(int(math.log10(hi / start)) + 2) for m in (1, 2, 5)]
    return [t for t in steps if lo * (1 - 1e-9) <= t <= hi * (1 + 1e-9)]


def _series(result: Comparison) -> list[tuple[str, np.ndarray]]:
    return [("Lambda", result.lambda_curve)] + [(short_label(o), o.curve) for o in result.options]


def _marks(result: Comparison) -> list[tuple[str, float, float]]:
    """(label, requests a month, cost) of each break-even inside the chart's range."""
    requests = result.load.requests_per_month
    out = []
    for o in result.options:
        k, cost = o.break_even_k, o.break_even_monthly
        if k is not None and cost is not None and CHART_RANGE[0] <= k <= CHART_RANGE[1]:
            out.append((f"break-even {short_label(o)}: {short_count(k * requests)}/month", k * requests, cost))
    return out


def chart_text(result: Comparison, ctx: Context, *, width: int = 100, height: int = 22) -> str:
    """The monthly cost against the load (log x) in the terminal, drawn by plotext (colourless)."""
    import plotext

    fig = plotext.figure
    fig.clear()
    fig.plot_size(width, height)
    # plotext 6 mislays explicit ticks on its own log scale, so the x values are
    # plotted as log10 on a linear axis, with ticks labelled in requests.
    x = np.log10(result.chart_k * result.load.requests_per_month).tolist()
    bottom, top = cost_range(result)

    def log_cost(y: Any) -> list[float]:  # free (zero) costs on the bottom edge
        return np.log10(np.maximum(np.asarray(y, dtype=float), bottom)).tolist()  # type: ignore[no-any-return]

    key = []  # the legend, under the chart: plotext's own box would sit on the curves
    for (label, y), marker in zip(_series(result), _MARKERS, strict=False):
        fig.draw(fig.signal(x, log_cost(y), marker=marker).lines())
        key.append(f"{marker} {label}")
    cost_ticks = _log_ticks(bottom, top)  # in plain figures ("$1k"), not plotext's "1.2e3"
    fig.ruler("y").ticks([math.log10(t) for t in cost_ticks], [dollars(t) for t in cost_ticks])
    for label, at, cost in _marks(result):
        fig.draw(fig.signal([math.log10(at)] * 2, log_cost([bottom, cost]), marker="|").lines())
        key.append(f"| {label}")
    now = result.load.requests_per_month
    fig.draw(fig.signal([math.log10(now)] * 2, log_cost([bottom, top]), marker=":").lines())
    key.append(f": now: {short_count(now)}/month")
    ticks = _decade_ticks(10 ** x[0], 10 ** x[-1])
    fig.ruler("x").ticks([math.log10(t) for t in ticks], [short_count(t) for t in ticks])
    fig.title(f"Monthly cost (USD, log scale) vs requests a month (log scale); now: {short_count(now)}/month")
    text = fig.build().string(colorless=True)
    fig.clear()
    return "\n".join([*(line.rstrip() for line in text.splitlines()), *("  " + k for k in key)])


def require_matplotlib() -> None:
    """Fail with how to install matplotlib if it is missing (``--plot`` needs it)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise UsageError(
            "writing the chart needs matplotlib: pip install 'lambdacost[plot]' (or pip install matplotlib)",
            field="--plot",
        ) from None


def cost_range(result: Comparison) -> tuple[float, float]:
    """The monthly cost axis (log scale): from the decade under the cheapest non-zero cost (at most
    four decades under the dearest: the load spans four) to the dearest; free (zero) costs are drawn on the bottom edge."""
    costs = np.concatenate([np.asarray(y, dtype=float) for _, y in _series(result)])
    costs = np.concatenate([costs, [cost for _, _, cost in _marks(result)]])
    top = float(np.max(costs, initial=0.0))
    if top <= 0:
        return 0.01, 1.0
    low = float(np.min(costs[costs > 0]))
    bottom = max(10.0 ** math.floor(math.log10(low)), top * 1e-4)
    return min(bottom, top / 10), top


def dollars(value: float) -> str:
    """A cost tick: ``1000`` -> ``"$1k"``, ``0.01`` -> ``"$0.01"``."""
    return "$" + short_count(value)


def _log_axis(axis: Any, span: float, label: Callable[[float], str]) -> None:
    """Log ticks labelled in plain figures (``$1k``, ``10M``), never ``10^3`` or ``1e3``."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    axis.set_major_locator(LogLocator(base=10, subs=(1.0,) if span > 2 else (1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: label(v)))
    axis.set_minor_formatter(NullFormatter())


_ROW = 19  # pixels between the rows of break-even labels (8 pt text at 100 dpi, with its box)
_PAD = 4  # pixels between a label and the plot's edge


def _label_rows(count: int) -> float:
    """The height in pixels the break-even label rows take at the top of the plot."""
    return count * _ROW + _PAD if count else 0.0


def _place_labels(fig: Figure, ax: Axes, marks: list[tuple[str, float, float]]) -> None:
    """Break-even labels in rows along the top of the plot, each row's labels side by side
    without overlap (a label goes to the first row with room), kept inside the plot, with a
    line to the point it labels. Needs the layout done (positions are in axes pixels)."""
    box = ax.get_window_extent()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # an Agg canvas: chart_figure
    rows: list[list[tuple[float, float]]] = []
    for label, at, cost in sorted(marks, key=lambda m: m[1]):
        probe = ax.text(0, 0, label, fontsize=8, transform=None)
        width = probe.get_window_extent(renderer).width + 6  # the box's padding
        probe.remove()
        x_px = ax.transData.transform((at, cost))[0] - box.x0
        left = min(max(x_px + _PAD, _PAD), box.width - _PAD - width)
        span = (left, left + width)
        row = next((r for r, taken in enumerate(rows) if all(span[0] > b or span[1] < a for a, b in taken)), None)
        if row is None:
            rows.append([])
            row = len(rows) - 1
        rows[row].append(span)
        ax.annotate(
            label,
            (at, cost),
            xytext=(left + 3, box.height - _PAD - 3 - row * _ROW),
            textcoords="axes pixels",
            ha="left",
            va="top",
            fontsize=8,
            gid="break-even",
            bbox={"boxstyle": "square,pad=0.2", "facecolor": "white", "edgecolor": "lightgrey", "alpha": 0.9},
            arrowprops={"arrowstyle": "-", "color": "grey", "linewidth": 0.6},
        )


def chart_figure(result: Comparison, ctx: Context) -> Figure:
    """The chart as a matplotlib figure: log-log, the legend below the plot, "now" marked, and
    the break-even labels in rows above the curves (never overlapping, never off the plot)."""
    require_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 6), layout="constrained")
    FigureCanvasAgg(fig)  # measures the labels' text
    ax = fig.subplots()
    requests = result.load.requests_per_month
    x = result.chart_k * requests
    bottom, top = cost_range(result)
    for label, y in _series(result):
        ax.plot(x, np.maximum(y, bottom), label=label, linewidth=1.8)
    marks = _marks(result)
    for _label, at, cost in marks:
        ax.axvline(at, linestyle=":", color="grey", linewidth=1)
        ax.plot([at], [max(cost, bottom)], marker="o", color="black", linestyle="none")
    ax.axvline(requests, linestyle="--", color="black", linewidth=1.4, label=f"now: {short_count(requests)}/month")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(float(x[0]), float(x[-1]))
    ax.set_ylim(bottom, top)
    _log_axis(ax.xaxis, math.log10(x[-1] / x[0]), short_count)
    _log_axis(ax.yaxis, math.log10(top / bottom), dollars)
    ax.set_xlabel(f"requests a month (log scale); now: {short_count(requests)}/month")
    ax.set_ylabel("USD a month (log scale)")
    ax.set_title(mathtext_escape(f"{ctx.name}: Lambda vs servers, {ctx.region}"))
    ax.grid(True, which="major", alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, [mathtext_escape(t) for t in labels], loc="outside lower center", ncols=3, fontsize=8)
    fig.draw_without_rendering()
    if marks:  # head-room above the curves for the label rows, then the layout is frozen
        height = ax.get_window_extent().height
        rows = _label_rows(len(marks))
        decades = math.log10(top / bottom) * height / max(height - rows, 1.0)
        ax.set_ylim(bottom, bottom * 10.0**decades)
        fig.draw_without_rendering()
        fig.set_layout_engine("none")
        _place_labels(fig, ax, marks)
    return fig


def chart_image(result: Comparison, ctx: Context, fmt: str) -> bytes:
    """The chart as PNG or SVG bytes, drawn by matplotlib (imported here, lazily)."""
    fig = chart_figure(result, ctx)
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {}
    fig.savefig(buf, format=fmt, metadata=metadata)
    return buf.getvalue()
