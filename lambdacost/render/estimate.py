"""Renderers: results in, rich renderables or text out. Nothing here prints.

``table`` output is a rich renderable for the terminal; ``json``, ``csv`` and
``markdown`` are plain strings. The JSON layout is a documented contract (README,
"JSON output"): keys are only ever added, never renamed or removed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import numpy as np
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from lambdacost.core.engine import LINE_ITEMS
from lambdacost.plan.estimate import Estimate
from lambdacost.render.billing2026 import dict_2026, notes_2026
from lambdacost.render.common import md_escape, money, quantity_text, rate_text

#: Line items always listed for a Lambda function, even at zero.
_CORE_ITEMS = ("requests", "duration")
_EDGE_CORE_ITEMS = ("edge_requests", "edge_duration")


@dataclass(frozen=True)
class Line:
    """One line of a function's bill."""

    item: str
    label: str
    quantity: float
    unit: str
    rate: float
    cost: float


@dataclass(frozen=True)
class FunctionBill:
    name: str
    architecture: str
    memory_mb: int
    avg_concurrency: float
    total: float
    lines: list[Line]


def function_bills(est: Estimate) -> list[FunctionBill]:
    """Each function's line items (those it has), in bill order."""
    costs = est.costs
    used = [li for li in LINE_ITEMS if costs.quantity.used(li.key) or li.key in _CORE_ITEMS + _EDGE_CORE_ITEMS]
    quantities = {li.key: costs.quantity[li.key] for li in used}
    amounts = {li.key: costs.cost[li.key] for li in used}
    rates = {li.key: costs.rate(li.key) for li in used}
    concurrency = costs.avg_concurrency
    bills = []
    for i, fn in enumerate(est.workload.functions):
        core = _EDGE_CORE_ITEMS if fn.edge else _CORE_ITEMS
        lines = [
            Line(
                li.key,
                li.label,
                float(quantities[li.key][i]),
                li.unit,
                float(rates[li.key][i]),
                float(amounts[li.key][i]),
            )
            for li in used
            if li.key in core or quantities[li.key][i] != 0 or amounts[li.key][i] != 0
        ]
        bills.append(
            FunctionBill(fn.name, fn.architecture, fn.memory, float(concurrency[i]), float(costs.total[i]), lines)
        )
    return bills


def _free_tier_used(est: Estimate) -> tuple[float, float]:
    q = est.costs.quantity
    return 0.0 - float(q["free_tier_requests"].sum()), 0.0 - float(q["free_tier_duration"].sum())


def _unconfirmed_note(est: Estimate) -> str | None:
    if not est.unconfirmed:
        return None
    return f"Rates not read from AWS for {est.region}: {', '.join(est.unconfirmed)}. {' '.join(est.unconfirmed_notes)}".strip()


# ---------------------------------------------------------------- estimate


#: Above this many functions the table shows the workload's line items summed and
#: one row per function (the full bill is ``--detail``, CSV or JSON).
SUMMARY_ABOVE_FUNCTIONS = 25


def estimate_table(est: Estimate, *, detail: bool | None = None) -> RenderableType:
    """The bill as a rich table, with notes on the free tier and the prices used.

    ``detail`` (default: up to ``SUMMARY_ABOVE_FUNCTIONS`` functions) lists every
    function's line items; otherwise the workload's line items are summed and each
    function is one row, most expensive first.
    """
    if detail is None:
        detail = len(est.workload.functions) <= SUMMARY_ABOVE_FUNCTIONS
    table = _detail_table(est) if detail else _summary_table(est)
    notes = []
    if not detail:
        notes.append(
            f"{len(est.workload.functions):,} functions, most expensive first: "
            "every function's line items with --detail, --format csv or --format json."
        )
    free_req, free_gbs = _free_tier_used(est)
    ft = est.table.free_tier
    if est.free_tier:
        notes.append(
            f"Free tier applied once for the workload: {free_req:,.0f} of {ft.requests:,.0f} requests "
            f"and {free_gbs:,.0f} of {ft.gb_seconds:,.0f} GB-s used."
        )
    else:
        notes.append("Free tier not applied.")
    notes.extend(notes_2026(est))
    notes.append(f"Prices: {est.table.source.strip()} Effective {est.table.effective_date}.")
    note = _unconfirmed_note(est)
    if note:
        notes.append(f"Note: {note}")
    return Group(*table, *(Text(n, style="dim") for n in notes))


def _title(est: Estimate) -> str:
    return f"{est.workload.name}: {est.region} ({est.rates.location}), USD a month"


def _detail_table(est: Estimate) -> list[RenderableType]:
    wl = est.workload
    table = Table(title=_title(est), title_justify="left", show_lines=False, expand=False)
    table.add_column("Function", no_wrap=True)
    table.add_column("Line item", no_wrap=True)
    table.add_column("Quantity", justify="right")
    table.add_column("Unit")
    table.add_column("Rate", justify="right")
    table.add_column("Cost", justify="right")
    bills = function_bills(est)
    for b, fn in zip(bills, wl.functions, strict=True):
        kind = "Lambda@Edge" if fn.edge else fn.architecture
        label = [
            Text(b.name, style="bold"),
            Text(f"{fn.memory:,} MB {kind}", style="dim"),
            Text(f"avg conc. {b.avg_concurrency:,.2f}", style="dim"),
        ]
        for i, line in enumerate(b.lines):
            table.add_row(
                label[i] if i < len(label) else "",
                line.label,
                quantity_text(line.quantity),
                line.unit,
                rate_text(line.rate, line.unit),
                money(line.cost),
            )
        for extra in label[len(b.lines) :]:
            table.add_row(extra, "", "", "", "", "")
        table.add_row(
            "", Text("Subtotal", style="italic"), "", "", "", Text(money(b.total), style="bold"), end_section=True
        )
    table.add_row(Text("Total", style="bold"), "", "", "", "", Text(money(est.total), style="bold"))

    return [table]


def _summary_table(est: Estimate) -> list[RenderableType]:
    """The workload's line items summed, then one row per function (most expensive first)."""
    costs = est.costs
    items = Table(title=_title(est), title_justify="left", expand=False)
    for name, justify in (
        ("Line item", "left"),
        ("Quantity", "right"),
        ("Unit", "left"),
        ("Rate", "right"),
        ("Cost", "right"),
    ):
        items.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for li in LINE_ITEMS:
        if not costs.quantity.used(li.key):
            continue
        quantity, cost = float(costs.quantity[li.key].sum()), float(costs.cost[li.key].sum())
        if quantity == 0 and cost == 0:
            continue
        rate = cost / quantity if quantity else 0.0
        items.add_row(li.label, quantity_text(quantity), li.unit, rate_text(rate, li.unit), money(cost))
    items.add_row(Text("Total", style="bold"), "", "", "", Text(money(est.total), style="bold"))

    functions = Table(title="By function", title_justify="left", expand=False)
    for name, justify in (
        ("Function", "left"),
        ("Memory", "right"),
        ("Arch", "left"),
        ("Requests", "right"),
        ("Avg conc.", "right"),
        ("Cost", "right"),
    ):
        functions.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    order = np.argsort(-costs.total, kind="stable")
    concurrency = costs.avg_concurrency
    for i in order:
        fn = est.workload.functions[int(i)]
        functions.add_row(
            fn.name,
            f"{fn.memory:,} MB",
            "Lambda@Edge" if fn.edge else fn.architecture,
            quantity_text(float(costs.requests[i])),
            f"{float(concurrency[i]):,.2f}",
            money(float(costs.total[i])),
        )
    return [items, functions]


def estimate_dict(est: Estimate) -> dict[str, Any]:
    """The estimate as the JSON contract documented in the README."""
    free_req, free_gbs = _free_tier_used(est)
    return {
        "name": est.workload.name,
        "region": est.region,
        "currency": "USD",
        "free_tier_applied": est.free_tier,
        "total": est.total,
        "functions": [
            {
                "name": b.name,
                "architecture": b.architecture,
                "memory_mb": b.memory_mb,
                "avg_concurrency": b.avg_concurrency,
                "total": b.total,
                "lines": [
                    {
                        "item": ln.item,
                        "label": ln.label,
                        "quantity": ln.quantity,
                        "unit": ln.unit,
                        "rate": ln.rate,
                        "cost": ln.cost,
                    }
                    for ln in b.lines
                ],
            }
            for b in function_bills(est)
        ],
        "free_tier_used": {"requests": free_req, "gb_seconds": free_gbs},
        **dict_2026(est),
        "pricing": {
            "source": est.table.source.strip(),
            "effective_date": est.table.effective_date.isoformat(),
            "unconfirmed_rates": list(est.unconfirmed),
        },
    }


def estimate_csv(est: Estimate) -> str:
    """One row per line item of each function; full precision."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["workload", "region", "function", "item", "label", "quantity", "unit", "rate", "cost"])
    for b in function_bills(est):
        for ln in b.lines:
            writer.writerow(
                [
                    est.workload.name,
                    est.region,
                    b.name,
                    ln.item,
                    ln.label,
                    repr(ln.quantity),
                    ln.unit,
                    repr(ln.rate),
                    repr(ln.cost),
                ]
            )
    return out.getvalue()


def estimate_markdown(est: Estimate) -> str:
    """A GitHub-flavoured Markdown table of the bill."""
    rows = [
        f"### {md_escape(est.workload.name)}: {est.region}, USD a month",
        "",
        "| Function | Line item | Quantity | Unit | Rate | Cost |",
        "|---|---|---:|---|---:|---:|",
    ]
    for b in function_bills(est):
        for ln in b.lines:
            rows.append(
                f"| {md_escape(b.name)} | {ln.label} | {quantity_text(ln.quantity)} | {ln.unit} | "
                f"{rate_text(ln.rate, ln.unit)} | {money(ln.cost)} |"
            )
        rows.append(
            f"| {md_escape(b.name)} | **Subtotal** (avg concurrency {b.avg_concurrency:,.2f}) | | | | **{money(b.total)}** |"
        )
    rows.append(f"| **Total** | | | | | **{money(est.total)}** |")
    rows.append("")
    free_req, free_gbs = _free_tier_used(est)
    rows.append(
        f"Free tier: {free_req:,.0f} requests and {free_gbs:,.0f} GB-s used."
        if est.free_tier
        else "Free tier not applied."
    )
    rows.extend(md_escape(n) for n in notes_2026(est))
    rows.append(f"Prices effective {est.table.effective_date}.")
    note = _unconfirmed_note(est)
    if note:
        rows.append(f"Note: {note}")
    return "\n".join(rows) + "\n"
