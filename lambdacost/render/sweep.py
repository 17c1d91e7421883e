"""``lambdacost sweep`` as a table of the cheapest points and a chart, JSON or Markdown.

Formats numbers; computes none.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from lambdacost.core.aws import LAMBDA_MB_PER_VCPU
from lambdacost.plan.sweep import Axis, Sweep
from lambdacost.render.budget import signed_money
from lambdacost.render.common import md_escape, money, quantity_text, to_json

_COLUMN = {"memory": "Memory", "architecture": "Arch", "duration": "Duration", "requests": "Requests a month"}


def axis_value_text(name: str, value: float | str) -> str:
    if name == "memory":
        return f"{float(value):,.0f} MB"
    if name == "duration":
        ms = float(value)
        return f"{ms / 1000:,.4g} s" if ms >= 1000 else f"{ms:,.4g} ms"
    if name == "requests":
        return quantity_text(float(value))
    return str(value)


def _axis_summary(axis: Axis) -> str:
    values = axis.values
    if axis.name == "architecture" or len(values) <= 4:
        shown = ", ".join(axis_value_text(axis.name, v) for v in values)
    else:
        shown = f"{axis_value_text(axis.name, values[0])} to {axis_value_text(axis.name, values[-1])}"
    return f"{axis.name} {shown} ({len(values):,} value{'s' if len(values) != 1 else ''})"


def duration_model_text(result: Sweep) -> str:
    """Which duration model the sweep used, in words."""
    if not result.scale_duration:
        return "Duration held as given at every memory size (--scale-duration scales it with memory)."
    text = (
        "Duration scaled with memory as CPU-bound work: duration x vCPU share at the file's memory / at the "
        f"swept memory ({LAMBDA_MB_PER_VCPU:,} MB = 1 vCPU). That is the shortest plausible duration above the file's memory "
        "and the longest below it; work that waits on I/O keeps its duration (the CPU-bound model of "
        "`profile --right-size`)."
    )
    if result.infeasible:
        text += f" {result.infeasible:,} points over Lambda's 15-minute limit are left out."
    return text


def notes(result: Sweep) -> list[str]:
    which = "every function" if len(result.functions) == len(result.workload.functions) else ", ".join(result.functions)
    out = [
        f"{result.points:,} points: {'; '.join(_axis_summary(a) for a in result.axes)}; applied to {which}.",
        duration_model_text(result),
        f"As given: {money(result.given_total)} a month. Free tier {'applied' if result.free_tier else 'not applied'}.",
        f"Prices: {result.table.source.strip()} Effective {result.table.effective_date}.",
    ]
    if result.rates.unconfirmed:
        out.append(f"Note: rates not read from AWS for {result.region}: {', '.join(result.rates.unconfirmed)}.")
    return out


def _rows(result: Sweep, top: int) -> list[list[str]]:
    return [
        [str(rank), *(axis_value_text(a.name, point[a.name]) for a in result.axes), money(cost),
         signed_money(cost - result.given_total)]
        for rank, (point, cost) in enumerate(result.cheapest(top), start=1)
    ]  # fmt: skip


def _headers(result: Sweep) -> list[str]:
    return ["#", *(_COLUMN[a.name] for a in result.axes), "Monthly cost", "vs as given"]


def sweep_table(result: Sweep, *, top: int = 10, chart: bool = True, width: int = 100) -> RenderableType:
    title = f"{result.workload.name}: the {min(top, result.points)} cheapest of {result.points:,} points, {result.region}, USD a month"
    table = Table(title=title, title_justify="left")
    for header in _headers(result):
        table.add_column(header, justify="left" if header == "Arch" else "right", no_wrap=True)
    for row in _rows(result, top):
        table.add_row(*row)
    parts: list[RenderableType] = [table]
    if not result.cheapest(1):
        parts.append(Text("No point of the grid is within Lambda's limits.", style="bold"))
    parts.extend(Text(n, style="dim") for n in notes(result))
    if chart:
        text = chart_text(result, width=min(width, 100))
        if text:
            parts.append(Text(text))
    return Group(*parts)


def sweep_dict(result: Sweep, *, top: int = 10) -> dict[str, Any]:
    x, series = result.curve()
    return {
        "name": result.workload.name,
        "region": result.region,
        "currency": "USD",
        "free_tier_applied": result.free_tier,
        "functions": result.functions,
        "axes": [{"name": a.name, "values": a.values} for a in result.axes],
        "points": result.points,
        "infeasible_points": result.infeasible,
        "duration_model": "cpu-bound" if result.scale_duration else "as-given",
        "given_total": result.given_total,
        "cheapest": [{**point, "total": cost} for point, cost in result.cheapest(top)],
        "curve": {
            "x": x.name,
            "values": x.values,
            "series": [
                {"name": name, "total": [None if math.isnan(v) else float(v) for v in values]}
                for name, values in series
            ],
        },
        "pricing": {
            "source": result.table.source.strip(),
            "effective_date": result.table.effective_date.isoformat(),
            "unconfirmed_rates": list(result.rates.unconfirmed),
        },
    }


def sweep_markdown(result: Sweep, *, top: int = 10) -> str:
    headers = _headers(result)
    out = [
        f"### {md_escape(result.workload.name)}: the cheapest points, {result.region}, USD a month",
        "",
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---" if h == "Arch" else "---:" for h in headers) + "|",
    ]
    out += ["| " + " | ".join(row) + " |" for row in _rows(result, top)]
    out.append("")
    for note in notes(result):
        out += [md_escape(note), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def chart_text(result: Sweep, *, width: int = 100, height: int = 20) -> str:
    """The monthly cost against the first swept value (the cheapest over the other axes), by plotext."""
    x, series = result.curve()
    if x.name == "architecture" or len(x.values) < 2:
        return ""
    import plotext

    fig = plotext.figure
    fig.clear()
    fig.plot_size(width, height)
    # A terminal has a few hundred columns: drawing more points than that only costs time.
    shown = np.unique(np.linspace(0, len(x.values) - 1, min(len(x.values), 4 * width)).round().astype(int))
    xs = np.asarray(x.values, dtype=np.float64)[shown]
    for (label, all_values), marker in zip(series, ("•", "x"), strict=False):
        values = all_values[shown]
        ok = ~np.isnan(values)
        if ok.any():
            fig.draw(fig.signal(xs[ok].tolist(), values[ok].tolist(), marker=marker).lines().label(label))
    ticks = np.linspace(xs[0], xs[-1], 6)
    fig.ruler("x").ticks(ticks.tolist(), [axis_value_text(x.name, float(t)) for t in ticks])
    others = [a.name for a in result.axes if a.name not in (x.name, "architecture")]
    cheapest = f", the cheapest over {' and '.join(others)}" if others else ""
    unit = {"memory": "MB", "duration": "ms", "requests": "requests a month"}[x.name]
    fig.title(f"Monthly cost (USD) vs {x.name} ({unit}){cheapest}")
    text = fig.build().string(colorless=True)
    fig.clear()
    return "\n".join(line.rstrip() for line in text.splitlines())


def sweep_output(result: Sweep, fmt: str, *, top: int = 10, chart: bool = True) -> RenderableType | str:
    """The sweep in the format ``--format`` names: table, json or markdown."""
    if fmt == "json":
        return to_json(sweep_dict(result, top=top))
    if fmt == "markdown":
        return sweep_markdown(result, top=top)
    return sweep_table(result, top=top, chart=chart)
