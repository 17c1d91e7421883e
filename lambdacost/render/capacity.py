"""Renderers of ``lambdacost capacity``: a capacity view in, text out (no rich).

``capacity_markdown`` and ``capacity_dict`` (JSON) are made here, with the rows,
warnings and notes every format shares; the terminal view and the short block
``lambdacost estimate`` prints under its bill are in :mod:`lambdacost.render.capacity_table`. Warnings are plain sentences that
name the function, the numbers and the consequence. Nothing here prints.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from lambdacost.core.aws import HOURS_PER_MONTH
from lambdacost.core.capacity import HOURS_PER_DAY, SCALE_STEP_ENVIRONMENTS, SCALE_STEP_SECONDS, CapacityReport
from lambdacost.render.common import md_escape, money, quantity_text, to_json

if TYPE_CHECKING:
    from rich.console import RenderableType

    from lambdacost.plan.capacity import CapacityView


# ---------------------------------------------------------------- formatting


def concurrency_text(value: float) -> str:
    """Concurrent executions: whole numbers from 100 up, else two decimals (or 4 significant digits)."""
    return quantity_text(float(value))


def _environments(concurrency: float) -> float:
    """Concurrent executions as whole execution environments (rounded up) from 100 up."""
    return float(math.ceil(concurrency - 1e-9)) if concurrency >= 100 else concurrency


def share_text(share: float, digits: int = 1) -> str:
    return f"{share:.{digits}%}"


def hour_text(hour: int) -> str:
    """Hour index 18 -> ``"18:00"``; -1 (no profile) -> ``""``."""
    return f"{hour:02d}:00" if hour >= 0 else ""


def seconds_text(seconds: float) -> str:
    return "0 s" if seconds == 0 else f"{seconds:,.0f} s"


def _limit_text(view: CapacityView, i: int) -> str:
    r = view.report
    if not r.counted[i]:
        return "Edge"
    if not math.isnan(r.reserved[i]):
        return f"reserved {r.reserved[i]:,.0f}"
    if r.reserved_total > 0:
        return f"pool {r.unreserved_pool:,.0f}"
    return f"account {r.account_limit:,.0f}"


def _account_limit_phrase(r: CapacityReport) -> str:
    if r.reserved_total > 0:
        return (
            f"unreserved concurrency {r.unreserved_pool:,.0f} "
            f"(account limit {r.account_limit:,.0f} - {r.reserved_total:,.0f} reserved)"
        )
    return f"account limit {r.account_limit:,.0f}"


# ---------------------------------------------------------------- warnings


def capacity_warnings(view: CapacityView) -> list[str]:
    """Every risk the report shows, one sentence each, most serious first."""
    r = view.report
    out: list[str] = []
    alone = view.alone_throttled_share
    for i, name in enumerate(view.names):
        peak = float(r.peak_concurrency[i])
        if not r.counted[i]:
            continue
        if not math.isnan(r.reserved[i]):
            if r.throttled_share[i] > 0:
                out.append(
                    f"{name}: peak {concurrency_text(peak)} > reserved concurrency {r.reserved[i]:,.0f}: "
                    f"about {share_text(r.throttled_share[i], 0)} of peak requests throttled"
                )
        elif alone[i] > 0:
            out.append(
                f"{name}: peak {concurrency_text(peak)} > {_account_limit_phrase(r)}: "
                f"about {share_text(float(alone[i]), 0)} of peak requests throttled"
            )
    if view.pool_throttled_beyond_functions:
        who = "unreserved functions" if r.reserved_total > 0 else "account"
        out.append(
            f"{who}: summed peak {concurrency_text(r.unreserved_peak)} > {_account_limit_phrase(r)}: "
            f"about {share_text(r.pool_throttled_share, 0)} of peak requests throttled"
        )
    if view.pool_below_minimum:
        out.append(
            f"account: reserved concurrency {r.reserved_total:,.0f} leaves {r.unreserved_pool:,.0f} of the limit "
            f"{r.account_limit:,.0f} unreserved; AWS keeps at least {view.min_unreserved:,.0f} unreserved"
        )
    for i, name in enumerate(view.names):
        if r.scale_up_seconds[i] > SCALE_STEP_SECONDS:
            out.append(
                f"{name}: scaling from {concurrency_text(r.avg_concurrency[i])} to "
                f"{concurrency_text(min(r.peak_concurrency[i], r.function_limit[i]))} environments takes about "
                f"{seconds_text(r.scale_up_seconds[i])} ({SCALE_STEP_ENVIRONMENTS:,.0f} per {SCALE_STEP_SECONDS:.0f} s); "
                "a sudden spike is throttled until then"
            )
    return out + list(view.front_door_warnings)


def capacity_notes(view: CapacityView) -> list[str]:
    r = view.report
    notes = []
    if np.any(r.counted & ~r.has_profile & (r.peak_concurrency > r.avg_concurrency)):
        notes.append(
            "Functions with a peak_factor are assumed to peak at the same time as the rest (conservative); "
            "the account's hourly figures count them at their peak every hour."
        )
    if np.any(~r.has_profile & r.counted & (r.peak_concurrency == r.avg_concurrency) & (r.avg_concurrency > 0)):
        notes.append("Functions without a traffic shape are taken as flat: peak = average.")
    if np.any(r.cold_starts_estimated & (r.avg_concurrency > 0)):
        notes.append(
            "Cold starts marked * have no cold_start_rate: estimated from the environments the traffic shape adds "
            "each day x 30.4 days (a floor: environment recycling and idle gaps are not counted)."
        )
    notes.extend(pc_notes(view))
    if any(f.init_duration == 0 and r.cold_starts[i] > 0 for i, f in enumerate(view.workload.functions)):
        notes.append("INIT cost n/a: the function has no init_duration, so its cold starts cannot be priced.")
    notes.append("The costs include the INIT time of the cold starts above (on-demand duration rate).")
    notes.append(f"Prices: {view.table.source.strip()} Effective {view.table.effective_date}.")
    if view.rates.unconfirmed:
        notes.append(
            f"Note: rates not read from AWS for {view.region}: {', '.join(view.rates.unconfirmed)}. "
            f"{view.rates.notes or ''}".strip()
        )
    return notes


def _names(names: list[str], most: int = 5) -> str:
    more = f" and {len(names) - most:,} more" if len(names) > most else ""
    return ", ".join(names[:most]) + more


def pc_notes(view: CapacityView) -> list[str]:
    """How PC is sized and priced, where it saves money, and why none is suggested elsewhere."""
    r = view.report
    be = view.pc_break_even_min
    if be is None:
        return ["No provisioned concurrency (PC): Lambda@Edge does not support it."]
    what = (
        "at its cheapest count"
        if r.pc_quantile is None
        else "for the peak"
        if r.pc_quantile >= 1
        else f"for the {r.pc_quantile:g} quantile of hourly concurrency"
    )
    notes = [
        f"PC configured: the file's provisioned_concurrency; PC suggested: sized {what}, enabled {HOURS_PER_MONTH} h "
        "a month, with requests arriving at random (Poisson): PC busy is the share of the time its environments "
        "serve (Erlang B); requests that find them all busy run on demand. PC pays "
        f"where its environments are busy more than the break-even share ({share_text(be)})."
    ]
    saves = [view.names[i] for i in range(len(view.names)) if r.pc_saves[i]]
    if saves:
        notes.append(f"Suggested PC saves money for {_names(saves)}; the suggested total includes PC for these only.")
    by_reason: dict[str, list[str]] = {}
    for name, why in zip(view.names, view.no_pc_reasons, strict=True):
        if why is not None:
            by_reason.setdefault(why, []).append(name)
    notes.extend(f"No PC suggested for {_names(names)}: {why}." for why, names in by_reason.items())
    return notes


# ---------------------------------------------------------------- JSON


def _num(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def capacity_dict(view: CapacityView) -> dict[str, Any]:
    """The capacity report as the documented JSON contract (keys are only ever added)."""
    r = view.report
    reasons = view.no_pc_reasons
    # every column as a Python list once (indexing numpy arrays per function is slow at 100,000)
    col = {
        name: np.asarray(getattr(r, name)).tolist()
        for name in (
            "function_limit",
            "avg_concurrency",
            "peak_concurrency",
            "peak_hour",
            "has_profile",
            "throttled_share",
            "scale_up_seconds",
            "cold_starts",
            "cold_starts_estimated",
            "init_cost",
            "pc_break_even",
            "recommended_pc",
            "pc_utilization",
            "pc_served_share",
            "configured_pc",
            "configured_pc_utilization",
            "suggested_pc",
            "pc_saves",
            "cost_configured",
            "cost_without_pc",
            "cost_with_pc",
            "cost_suggested",
        )
    }
    hourly = r.hourly_concurrency.tolist()
    functions = []
    for i, fn in enumerate(view.workload.functions):
        limit = col["function_limit"][i]
        recommended = col["recommended_pc"][i]
        configured = col["configured_pc"][i]
        functions.append(
            {
                "name": fn.name,
                "architecture": fn.architecture,
                "avg_concurrency": col["avg_concurrency"][i],
                "peak_concurrency": col["peak_concurrency"][i],
                "peak_hour": col["peak_hour"][i] if col["peak_hour"][i] >= 0 else None,
                "hourly_concurrency": hourly[i] if col["has_profile"][i] else None,
                "reserved_concurrency": fn.reserved_concurrency,
                "limit": limit if math.isfinite(limit) else None,
                "throttled_share": col["throttled_share"][i],
                "scale_up_seconds": col["scale_up_seconds"][i],
                "cold_starts_per_month": col["cold_starts"][i],
                "cold_starts_estimated": col["cold_starts_estimated"][i],
                "init_cost_per_month": col["init_cost"][i],
                "pc_break_even_utilization": _num(col["pc_break_even"][i]),
                "recommended_pc": int(recommended),
                "pc_utilization": col["pc_utilization"][i],
                "pc_served_share": col["pc_served_share"][i],
                "pc_overflow_share": 1.0 - col["pc_served_share"][i] if recommended > 0 else None,
                "configured_pc": int(configured),
                "configured_pc_utilization": _num(col["configured_pc_utilization"][i]) if configured > 0 else None,
                "suggested_pc": int(col["suggested_pc"][i]),
                "pc_saves": col["pc_saves"][i],
                "no_pc_reason": reasons[i],
                "monthly_cost_configured": col["cost_configured"][i],
                "monthly_cost_without_pc": col["cost_without_pc"][i],
                "monthly_cost_with_pc": col["cost_with_pc"][i],
                "monthly_cost_suggested": col["cost_suggested"][i],
            }
        )
    return {
        "name": view.workload.name,
        "region": view.region,
        "currency": "USD",
        "account": {
            "limit": int(r.account_limit),
            "peak_concurrency": r.account_peak,
            "headroom": r.account_headroom,
            "peak_hour": r.account_peak_hour if r.account_peak_hour >= 0 else None,
            "hourly_concurrency": [float(c) for c in r.account_hourly] if r.account_peak_hour >= 0 else None,
            "reserved": int(r.reserved_total),
            "unreserved_pool": int(r.unreserved_pool),
            "unreserved_peak": r.unreserved_peak,
            "throttled_share": r.pool_throttled_share,
        },
        "functions": functions,
        "pc_quantile": r.pc_quantile,
        "pc_sizing": "cheapest" if r.pc_quantile is None else "quantile",
        "total_configured": view.total_configured,
        "total_without_pc": float(r.costs.workload_total[1]),
        "total_with_pc": view.total_suggested,
        "total_suggested": view.total_suggested,
        "pc_saves_for": [name for name, saves in zip(view.names, col["pc_saves"], strict=True) if saves],
        "warnings": capacity_warnings(view),
    }


# ---------------------------------------------------------------- rows shared by table and markdown


def account_line(view: CapacityView) -> str:
    r = view.report
    at = f" at {hour_text(r.account_peak_hour)}" if r.account_peak_hour >= 0 else ""
    line = (
        # Whole execution environments: the peak rounded up, the headroom down (they add up to the limit).
        f"Account: peak concurrency {concurrency_text(_environments(r.account_peak))}{at} of the limit {r.account_limit:,.0f}: "
        + (
            f"headroom {concurrency_text(math.floor(r.account_headroom + 1e-9))}"
            if r.account_headroom >= 0
            else f"over by {concurrency_text(-r.account_headroom)}"
        )
    )
    if r.reserved_total > 0:
        line += (
            f"; {r.reserved_total:,.0f} reserved, {r.unreserved_pool:,.0f} shared by the other functions "
            f"(their peak {concurrency_text(r.unreserved_peak)})"
        )
    return line + "."


#: The most functions a capacity table lists (the highest peaks; JSON and CSV carry every one),
#: the most functions with a profile shown by hour, and the most warnings written out.
TABLE_ROWS = 50
HOURLY_COLUMNS = 6
WARNINGS_SHOWN = 20


def shown_warnings(view: CapacityView) -> list[str]:
    """The warnings the table and Markdown write out: the first :data:`WARNINGS_SHOWN`, then how many
    more there are (JSON carries every one)."""
    warnings = capacity_warnings(view)
    if len(warnings) <= WARNINGS_SHOWN:
        return warnings
    more = len(warnings) - WARNINGS_SHOWN
    return [*warnings[:WARNINGS_SHOWN], f"{more:,} more warnings: every one with --format json"]


def _others_row(view: CapacityView, listed: list[int], width: int, **cells: str) -> list[list[str]]:
    """The row that stands for the functions a table leaves out (none if it lists them all)."""
    left = len(view.names) - len(listed)
    if left <= 0:
        return []
    row = [f"{left:,} more functions"] + [""] * (width - 1)
    for index, text in cells.items():
        row[int(index[1:])] = text
    return [row]


def concurrency_rows(view: CapacityView) -> list[list[str]]:
    r = view.report
    rows = []
    listed = view.listed(TABLE_ROWS)
    names = view.names
    for i in listed:
        name = names[i]
        peak, limit = float(r.peak_concurrency[i]), float(r.function_limit[i])
        headroom = (
            ""
            if not math.isfinite(limit)
            else concurrency_text(math.floor(limit - peak + 1e-9))
            if r.throttled_share[i] == 0
            else "none"
        )
        rows.append(
            [
                name,
                concurrency_text(r.avg_concurrency[i]),
                concurrency_text(peak),
                hour_text(int(r.peak_hour[i])),
                _limit_text(view, i),
                headroom,
                share_text(r.throttled_share[i]) if r.throttled_share[i] > 0 else "0%",
                seconds_text(r.scale_up_seconds[i]),
            ]
        )
    return rows + _others_row(view, listed, len(CONCURRENCY_HEAD))


CONCURRENCY_HEAD = ["Function", "Avg", "Peak", "Peak at", "Limit", "Headroom", "Throttled", "Scale-up"]
PC_HEAD = [
    "Function",
    "Cold starts",
    "INIT cost",
    "PC configured",
    "Cost configured",
    "PC suggested",
    "PC busy",
    "Cost suggested",
]


def pc_rows(view: CapacityView) -> list[list[str]]:
    """Per function: cold starts, the file's PC and its cost, the suggested PC (its busy share) and its cost;
    then the totals. The share of requests left on demand is in the JSON (``pc_overflow_share``)."""
    r = view.report
    rows = []
    listed = view.listed(TABLE_ROWS)
    names = view.names
    for i in listed:
        name = names[i]
        mark = "*" if r.cold_starts_estimated[i] and r.avg_concurrency[i] > 0 else ""
        n = float(r.suggested_pc[i])
        rows.append(
            [
                name,
                quantity_text(round(float(r.cold_starts[i]))) + mark,
                "n/a"
                if view.workload.functions[i].init_duration == 0 and r.cold_starts[i] > 0
                else money(float(r.init_cost[i])),
                f"{r.configured_pc[i]:,.0f}",
                money(float(r.cost_configured[i])),
                "n/a" if r.pc_blocked[i] else f"{n:,.0f}",
                share_text(r.pc_utilization[i]) if n > 0 else "",
                money(float(r.cost_suggested[i])),
            ]
        )
    rows += _others_row(
        view,
        listed,
        len(PC_HEAD),
        c4=money(view.others_sum(r.cost_configured, listed)),
        c7=money(view.others_sum(r.cost_suggested, listed)),
    )
    rows.append(["Total", "", "", "", money(view.total_configured), "", "", money(view.total_suggested)])
    return rows


def hourly_rows(view: CapacityView) -> tuple[list[str], list[list[str]]]:
    """Concurrency by hour for the functions with a profile, and the account (empty without profiles)."""
    r = view.report
    idx = [i for i in view.listed(TABLE_ROWS) if r.has_profile[i]][:HOURLY_COLUMNS]
    if not idx:
        return [], []
    head = ["Hour", *(view.names[i] for i in idx), "Account"]
    rows = []
    for h in range(HOURS_PER_DAY):
        cells = [hour_text(h)]
        for i in idx:
            cells.append(concurrency_text(r.hourly_concurrency[i, h]) + (" peak" if r.peak_hour[i] == h else ""))
        cells.append(concurrency_text(r.account_hourly[h]) + (" peak" if r.account_peak_hour == h else ""))
        rows.append(cells)
    return head, rows


# ---------------------------------------------------------------- markdown


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(md_escape(c) for c in cells) + " |"


def _md_table(head: list[str], rows: list[list[str]]) -> list[str]:
    align = ["---" if j == 0 else "---:" for j in range(len(head))]
    return [_md_row(head), "|" + "|".join(align) + "|", *(_md_row(r) for r in rows)]


def capacity_markdown(view: CapacityView) -> str:
    """The capacity report as GitHub-flavoured Markdown."""
    out = [f"### {view.workload.name}: capacity in {view.region}", "", account_line(view), ""]
    out += _md_table(CONCURRENCY_HEAD, concurrency_rows(view)) + [""]
    head, rows = hourly_rows(view)
    if rows:
        out += ["Concurrency by hour of the day:", ""] + _md_table(head, rows) + [""]
    out += _md_table(PC_HEAD, pc_rows(view)) + [""]
    out += [f"- **Warning:** {w}" for w in shown_warnings(view)]
    out += [f"- {n}" for n in capacity_notes(view)]
    return "\n".join(out) + "\n"


def capacity_output(view: CapacityView, fmt: str) -> RenderableType | str:
    """``lambdacost capacity``'s output in the format ``fmt`` (table, json or markdown)."""
    if fmt == "json":
        return to_json(capacity_dict(view))
    if fmt == "markdown":
        return capacity_markdown(view)
    from lambdacost.render.capacity_table import capacity_table

    return capacity_table(view)
