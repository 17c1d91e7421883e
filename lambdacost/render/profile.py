"""Renderers of ``lambdacost profile``: a :class:`~lambdacost.plan.profile.Profile` in, text out.

``profile_table`` (terminal), ``profile_markdown``, ``profile_dict`` (JSON) and
``profile_yaml`` (the workload file). The tables' cells come from one set of
row builders, so the terminal and Markdown views say the same. Nothing here
computes a number or prints.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table

from lambdacost.core.aws import HOURS_PER_MONTH
from lambdacost.render.common import md_escape, money, quantity_text
from lambdacost.render.rightsize import right_size_dict, right_size_lines, right_size_tables

if TYPE_CHECKING:
    from lambdacost.plan.profile import Bill, FunctionProfile, Profile

_BARS = " ▁▂▃▄▅▆▇█"
INIT_RULE_DATE = "1 August 2025"


def ms_text(ms: float) -> str:
    """``412.5`` -> ``"412.5 ms"``; from 10 s up in seconds."""
    if ms != ms:  # NaN
        return "-"
    if ms >= 10_000:
        return f"{ms / 1000:,.1f} s"
    return f"{ms:,.0f} ms" if ms >= 100 or ms == int(ms) else f"{ms:,.1f} ms"


def mb_text(mb: float) -> str:
    return "-" if mb != mb else f"{mb:,.0f} MB"


def time_text(ms: float | None) -> str:
    if ms is None:
        return "-"
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def hours_text(seconds: float) -> str:
    hours = seconds / 3600
    return f"{hours:,.1f} h" if hours >= 1 else f"{seconds / 60:,.1f} min"


def sparkline(rates: list[float | None]) -> str:
    """24 hourly rates as bar characters (a space where the window has no such hour)."""
    top = max((r for r in rates if r is not None), default=0.0)
    if top <= 0:
        return "".join("·" if r is None else _BARS[0] for r in rates)
    return "".join("·" if r is None else _BARS[max(1, round(r / top * 8)) if r > 0 else 0] for r in rates)


def _memory_sizes(f: FunctionProfile) -> str:
    if len(f.memory_sizes) == 1:
        return mb_text(f.memory_sizes[0][0])
    return ", ".join(f"{mb_text(m)} ({n:,})" for m, n in f.memory_sizes)


# ---------------------------------------------------------------- rows shared by table and Markdown

TRAFFIC_HEADERS = ("Function", "Invocations", "Per second", "Per month", "Mean", "p50", "p90", "p99", "Max")
MEMORY_HEADERS = ("Function", "Memory", "Used p99", "Used max", "Cold starts", "Init mean", "Timeouts", "Errors")
COST_HEADERS = ("Function", "Period", "Requests", "Duration", "INIT", "SnapStart", "Free tier", "Total")


def traffic_rows(p: Profile) -> list[tuple[str, ...]]:
    return [
        (
            f.name,
            f"{f.invocations:,}",
            quantity_text(f.per_second),
            quantity_text(f.per_month),
            ms_text(f.billed_mean_ms),
            *(ms_text(v) for v in f.billed_quantiles_ms.values()),
            ms_text(f.billed_max_ms),
        )
        for f in p.functions
    ]


def memory_rows(p: Profile) -> list[tuple[str, ...]]:
    return [
        (
            f.name,
            _memory_sizes(f),
            mb_text(f.used_p99_mb),
            mb_text(f.used_max_mb),
            f"{f.stats.cold_starts:,} ({f.cold_start_share:.2%})",
            ms_text(f.init_mean_ms) if f.stats.cold_starts else "-",
            f"{f.stats.timeouts:,}",
            f"{f.stats.errors:,}",
        )
        for f in p.functions
    ]


def _bill_cells(b: Bill) -> tuple[str, ...]:
    snap = b.restore_cost + b.restore_duration_cost
    return (
        money(b.request_cost),
        money(b.invoke_cost),
        money(b.init_cost),
        money(snap) if snap else "-",
        money(b.free_tier_cost) if b.free_tier_cost else "-",
        money(b.total),
    )


def cost_rows(p: Profile) -> list[tuple[str, ...]]:
    rows = []
    for f in p.functions:
        rows.append((f.name, f"window ({hours_text(p.window_seconds)})", *_bill_cells(f.window)))
        rows.append(("", f"month ({HOURS_PER_MONTH} h)", *_bill_cells(f.month)))
    if len(p.functions) > 1:
        rows.append(("All functions", "window", money(sum(f.window.total for f in p.functions)), "", "", "", "", ""))
        rows.append(("", "month", money(sum(f.month.total for f in p.functions)), "", "", "", "", ""))
    return rows


def notes(p: Profile) -> list[str]:
    """The sentences under the tables: what was read, how it was priced, what is measured."""
    rule = p.init_rule
    out = [
        f"Read {p.records:,} REPORT records; window {time_text(p.first_ms)} to {time_text(p.last_ms)} UTC "
        f"({hours_text(p.window_seconds)}{', from --window' if p.window_from_option else ''}).",
        f"Priced in {p.region} as {p.architecture} ({'--architecture' if p.architecture != 'x86_64' else 'default; --architecture'})"
        f" with the rates of pricing/lambda.yaml (effective {p.table.effective_date}).",
        "Window: each record's own billed duration, requests and GB-s through the tiers, no free tier (it is monthly). "
        f"Month: the window's rate held for {HOURS_PER_MONTH} hours, free tier "
        + ("applied." if p.free_tier else "not applied."),
        f"INIT rule: INIT is billed as duration on on-demand cold starts since {INIT_RULE_DATE}: "
        f"{rule['billed']:,} cold starts billed their INIT"
        + (f"; {rule['before_august_2025']:,} before that date did not" if rule["before_august_2025"] else "")
        + (
            f"; {rule['included_in_billed_duration']:,} already had it in Billed Duration"
            if rule["included_in_billed_duration"]
            else ""
        )
        + ".",
        "Measured: invocations, billed durations, memory used, cold starts, timeouts. "
        f"Modelled: the month (the window's rate for {HOURS_PER_MONTH} h) and the hourly profile (UTC).",
    ]
    old = sum(f.stats.old_billing for f in p.functions)
    if old:
        out.append(f"{old:,} records were billed in 100 ms steps (before December 2020) and are priced as billed.")
    java = sum(f.stats.restores_unbilled for f in p.functions)
    if java:
        out.append(f"{java:,} SnapStart restores had no billed restore duration (Java): not charged.")
    if p.managed_instances:
        out.append(
            f"{p.managed_instances:,} Lambda Managed Instances reports carry no billed duration: "
            "their cost is instance-hours, not priced here."
        )
    if p.malformed:
        plural = "line" if p.malformed == 1 else "lines"
        out.append(f"Skipped {p.malformed:,} malformed REPORT {plural}; first at {p.first_malformed}.")
    return out


def _table(title: str, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    for k, header in enumerate(headers):
        table.add_column(header, justify="left" if k < 2 else "right", no_wrap=k == 0)
    for row in rows:
        table.add_row(*row)
    return table


def profile_table(p: Profile) -> RenderableType:
    """The terminal view."""
    hourly = Table(
        title="Traffic by hour of day (UTC, 00 to 23)", box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False
    )
    hourly.add_column("Function", no_wrap=True)
    hourly.add_column("000000000011111111112222")
    hourly.add_column("Peak", justify="right")
    for f in p.functions:
        known = [(r, h) for h, r in enumerate(f.hourly_per_second) if r is not None]
        peak = max(known, default=(0.0, -1))
        hourly.add_row(
            f.name,
            sparkline(f.hourly_per_second),
            f"{quantity_text(peak[0])}/s at {peak[1]:02d}:00" if peak[1] >= 0 else "-",
        )
    parts: list[RenderableType] = [
        _table("Traffic and billed duration", TRAFFIC_HEADERS, traffic_rows(p)),
        _table("Memory, starts and failures", MEMORY_HEADERS, memory_rows(p)),
        hourly,
        _table("Cost", COST_HEADERS, cost_rows(p)),
        *notes(p),
    ]
    if p.right_size:
        parts += ["", *right_size_tables(p)]
    return Group(*parts)


def _md_table(title: str, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    out = [f"### {title}", "", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def profile_markdown(p: Profile) -> str:
    lines = ["## Profile", ""]
    lines += _md_table("Traffic and billed duration", TRAFFIC_HEADERS, traffic_rows(p))
    lines += _md_table("Memory, starts and failures", MEMORY_HEADERS, memory_rows(p))
    lines += _md_table("Cost", COST_HEADERS, cost_rows(p))
    lines += [f"- {md_escape(n)}" for n in notes(p)]
    if p.right_size:
        lines += ["", *right_size_lines(p, markdown=True)]
    return "\n".join(lines) + "\n"


def _bill_dict(b: Bill) -> dict[str, float]:
    return {
        "requests": b.requests,
        "invoke_gb_seconds": b.invoke_gb_seconds,
        "init_gb_seconds": b.init_gb_seconds,
        "restore_gb_seconds": b.restore_gb_seconds,
        "restored_gb": b.restored_gb,
        "request_cost": b.request_cost,
        "duration_cost": b.invoke_cost,
        "init_cost": b.init_cost,
        "snapstart_restore_duration_cost": b.restore_duration_cost,
        "snapstart_restore_cost": b.restore_cost,
        "free_tier_cost": b.free_tier_cost,
        "total": b.total,
    }


def _function_dict(f: FunctionProfile) -> dict[str, Any]:
    s = f.stats
    return {
        "name": f.name,
        "invocations": f.invocations,
        "per_second": f.per_second,
        "per_month": f.per_month,
        "billed_duration_ms": {
            "mean": f.billed_mean_ms,
            **{f"p{round(q * 100)}": v for q, v in f.billed_quantiles_ms.items()},
            "max": f.billed_max_ms,
        },
        "duration_mean_ms": f.duration_mean_ms,
        "memory_mb": f.memory_mb,
        "memory_sizes": [{"memory_mb": m, "invocations": n} for m, n in f.memory_sizes],
        "max_memory_used_mb": {"p99": _finite(f.used_p99_mb), "max": _finite(f.used_max_mb)},
        "cold_starts": s.cold_starts,
        "cold_start_share": f.cold_start_share,
        "init_mean_ms": f.init_mean_ms,
        "init": {
            "billed": s.init_billed,
            "included_in_billed_duration": s.init_included,
            "before_august_2025": s.init_before_rule,
        },
        "snapstart_restores": sum(g.restores for g in s.groups.values()),
        "timeouts": s.timeouts,
        "errors": s.errors,
        "billed_in_100ms_steps": s.old_billing,
        "hourly_per_second_utc": f.hourly_per_second,
        "window": _bill_dict(f.window),
        "month": _bill_dict(f.month),
    }


def _finite(x: float) -> float | None:
    return None if x != x else x


def profile_dict(p: Profile) -> dict[str, Any]:
    """The JSON document (``--format json``)."""
    out: dict[str, Any] = {
        "region": p.region,
        "architecture": p.architecture,
        "currency": "USD",
        "records": p.records,
        "skipped_malformed": p.malformed,
        "first_malformed": p.first_malformed,
        "managed_instances_reports": p.managed_instances,
        "window": {
            "start": None if p.first_ms is None else time_text(p.first_ms) + "Z",
            "end": None if p.last_ms is None else time_text(p.last_ms) + "Z",
            "seconds": p.window_seconds,
            "from_option": p.window_from_option,
        },
        "month_hours": HOURS_PER_MONTH,
        "free_tier_applied_to_month": p.free_tier,
        "init_rule": {"billed_since": "2025-08-01", **p.init_rule},
        "price_table": {"source": p.table.source, "effective_date": str(p.table.effective_date)},
        "functions": [_function_dict(f) for f in p.functions],
        "window_total": sum(f.window.total for f in p.functions),
        "month_total": sum(f.month.total for f in p.functions),
        "workload": p.workload,
    }
    if p.right_size:
        out["right_size"] = right_size_dict(p)
    return out


def profile_output(p: Profile, fmt: str) -> RenderableType | str:
    """``lambdacost profile``'s output in the format ``fmt`` (table, json, markdown or yaml)."""
    if fmt == "json":
        from lambdacost.render.common import to_json

        return to_json(profile_dict(p))
    if fmt == "markdown":
        return profile_markdown(p)
    if fmt == "yaml":
        return profile_yaml(p)
    return profile_table(p)


def skipped_warning(p: Profile) -> str | None:
    """The stderr line about malformed REPORT lines, or None."""
    if not p.malformed:
        return None
    plural = "line" if p.malformed == 1 else "lines"
    return f"Warning: skipped {p.malformed:,} malformed REPORT {plural}; first at {p.first_malformed}\n"


def profile_yaml(p: Profile) -> str:
    """The workload file (``--format yaml``), with a header saying where it came from."""
    import yaml

    head = (
        f"# Written by `lambdacost profile` from {p.records:,} REPORT records "
        f"({time_text(p.first_ms)} to {time_text(p.last_ms)} UTC, {hours_text(p.window_seconds)}).\n"
        f"# requests: the window's rate for a {HOURS_PER_MONTH}-hour month; duration: the mean billed duration;\n"
        "# cold_start_rate / init_duration: the invocations that billed INIT (or a SnapStart restore) and its mean billed ms.\n"
        f"# Projected month: {money(sum(f.month.total for f in p.functions))} "
        "(from each record's billed ms; `estimate` rounds the mean duration up to the whole ms).\n"
    )
    return head + yaml.safe_dump(p.workload, sort_keys=False, default_flow_style=None, width=100)
