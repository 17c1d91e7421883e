"""The chart of ``lambdacost compare``: monthly cost against the load, for Lambda and each option.

``chart_text`` draws it in the terminal with plotext; ``chart_image`` with matplotlib (the
optional ``plot`` extra) as PNG or SVG bytes. Nothing here prints or writes files.
"""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING

import numpy as np

from lambdacost.core.compare import CHART_RANGE, Comparison, Option
from lambdacost.errors import UsageError
from lambdacost.render.common import mathtext_escape, plain_number

if TYPE_CHECKING:
    from lambdacost.plan.compare import Context


def short_count(n: float) -> str:
    """``1234567`` -> ``"1.23M"``; ``50000`` -> ``"50k"``."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= size:
            return f"{plain_number(n / size, 3)}{suffix}"
    return plain_number(n, 3)


def short_label(opt: Option) -> str:
    return f"EC2 {opt.name}" if opt.kind == "ec2" else f"Fargate {opt.name}"


_MARKERS = ("•", "x", "+", "o")


def _decade_ticks(lo: float, hi: float) -> list[float]:
    return [10.0**e for e in range(math.ceil(math.log10(lo) - 1e-9), math.floor(math.log10(hi) + 1e-9) + 1)]


def _series(result: Comparison) -> list[tuple[str, np.ndarray]]:
    return [("Lambda", result.lambda_curve)] + [(short_label(o), o.curve) for o in result.options]


def _marks(result: Comparison) -> list[tuple[str, float, float]]:
    """(label, requests a month, cost) of each break-even inside the chart's range."""
    requests = result.load.requests_per_month
    out = []
    for o in result.options:
        k = o.break_even_k
        if k is not None and CHART_RANGE[0] <= k <= CHART_RANGE[1]:
            cost = float(np.interp(k, result.chart_k, o.curve))
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
    top = 0.0
    for (label, y), marker in zip(_series(result), _MARKERS, strict=False):
        fig.draw(fig.signal(x, np.asarray(y).tolist(), marker=marker).lines().label(label))
        top = max(top, float(np.max(y, initial=0.0)))
    if top > 0:  # dollar ticks in plain figures ("$1.2M"), not plotext's "1.2e6"
        cost_ticks = [top * i / 4 for i in range(5)]
        fig.ruler("y").ticks(cost_ticks, ["$" + short_count(t) for t in cost_ticks])
    for label, at, cost in _marks(result):
        fig.draw(fig.signal([math.log10(at)] * 2, [0.0, cost], marker="|").lines().label(label))
    now = result.load.requests_per_month
    ticks = _decade_ticks(10 ** x[0], 10 ** x[-1])
    fig.ruler("x").ticks([math.log10(t) for t in ticks], [short_count(t) for t in ticks])
    fig.title(f"Monthly cost (USD) vs requests a month (log scale); now: {short_count(now)}/month")
    text = fig.build().string(colorless=True)
    fig.clear()
    return "\n".join(line.rstrip() for line in text.splitlines())


def require_matplotlib() -> None:
    """Fail with how to install matplotlib if it is missing (``--plot`` needs it)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise UsageError(
            "writing the chart needs matplotlib: pip install 'lambdacost[plot]' (or pip install matplotlib)",
            field="--plot",
        ) from None


def chart_image(result: Comparison, ctx: Context, fmt: str) -> bytes:
    """The chart as PNG or SVG bytes, drawn by matplotlib (imported here, lazily)."""
    require_matplotlib()
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 5.5), layout="constrained")
    ax = fig.subplots()
    requests = result.load.requests_per_month
    x = result.chart_k * requests
    for label, y in _series(result):
        ax.plot(x, y, label=label, linewidth=1.8)
    for label, at, cost in _marks(result):
        ax.axvline(at, linestyle=":", color="grey", linewidth=1)
        ax.plot([at], [cost], marker="o", color="black", linestyle="none")
        ax.annotate(label, (at, cost), textcoords="offset points", xytext=(5, 8), fontsize=8)
    ax.axvline(requests, linestyle="--", color="lightgrey", linewidth=1, label=f"now: {short_count(requests)}/month")
    ax.set_xscale("log")
    ax.set_xlabel("requests a month (log scale)")
    ax.set_ylabel("USD a month")
    ax.set_title(mathtext_escape(f"{ctx.name}: Lambda vs servers, {ctx.region}"))
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {}
    fig.savefig(buf, format=fmt, metadata=metadata)
    return buf.getvalue()
