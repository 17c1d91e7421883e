"""Renderers of ``lambdacost estimate``: an estimate in, text out. Nothing here prints.

``json``, ``csv`` and ``markdown`` are plain strings made here without rich; the
``table`` is a rich renderable made by :mod:`lambdacost.render.estimate_table`
(imported only for it). The JSON layout is a documented contract (README,
"JSON output"): keys are only ever added, never renamed or removed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lambdacost.core.engine import LINE_ITEMS
from lambdacost.render.billing2026 import dict_2026, notes_2026
from lambdacost.render.common import csv_number, md_escape, money, quantity_text, rate_text, to_json

if TYPE_CHECKING:
    from rich.console import RenderableType

    from lambdacost.plan.capacity import CapacityView
    from lambdacost.plan.estimate import Estimate, EstimateReport

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


def free_tier_used(est: Estimate) -> tuple[float, float]:
    q = est.costs.quantity
    return 0.0 - float(q["free_tier_requests"].sum()), 0.0 - float(q["free_tier_duration"].sum())


def unconfirmed_note(est: Estimate) -> str | None:
    if not est.unconfirmed:
        return None
    notes = " ".join(est.unconfirmed_notes)
    return f"Rates not read from AWS for {est.region}: {', '.join(est.unconfirmed)}. {notes}".strip()


def estimate_dict(est: Estimate) -> dict[str, Any]:
    """The estimate as the JSON contract documented in the README."""
    free_req, free_gbs = free_tier_used(est)
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
    """One row per line item of each function, then a ``total`` row (item ``total``, no function);
    numbers to 15 significant digits, without float noise (``0.2``, not ``0.19999999999999998``)."""
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
                    csv_number(ln.quantity),
                    ln.unit,
                    csv_number(ln.rate),
                    csv_number(ln.cost),
                ]
            )
    writer.writerow([est.workload.name, est.region, "", "total", "Total", "", "USD", "", csv_number(est.total)])
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
    free_req, free_gbs = free_tier_used(est)
    rows.append(
        f"Free tier: {free_req:,.0f} requests and {free_gbs:,.0f} GB-s used."
        if est.free_tier
        else "Free tier not applied."
    )
    rows.extend(md_escape(n) for n in notes_2026(est))
    rows.append(f"Prices effective {est.table.effective_date}.")
    note = unconfirmed_note(est)
    if note:
        rows.append(f"Note: {note}")
    return "\n".join(rows) + "\n"


def capacity_markdown_lines(view: CapacityView) -> str:
    """Under a Markdown bill: the account's peak concurrency and every capacity warning (what a
    reviewer of a pull request needs to see; the full report is ``lambdacost capacity``)."""
    from lambdacost.render.capacity import account_line, capacity_warnings

    lines = ["", f"**Capacity:** {md_escape(account_line(view))}"]
    lines += [f"- **Warning:** {md_escape(w)}" for w in capacity_warnings(view)]
    return "\n".join(lines) + "\n"


def estimate_output(report: EstimateReport, fmt: str, *, detail: bool | None = None) -> RenderableType | str:
    """``lambdacost estimate``'s output in the format ``fmt`` (table, json, csv or markdown)."""
    est = report.estimate
    if fmt == "csv":
        return estimate_csv(est)
    if fmt == "markdown":
        text = estimate_markdown(est)
        return text + capacity_markdown_lines(report.capacity) if report.capacity is not None else text
    if fmt == "json":
        data = estimate_dict(est)
        if report.capacity is not None:
            from lambdacost.render.capacity import capacity_dict

            data["capacity"] = capacity_dict(report.capacity)
        return to_json(data)
    from lambdacost.render.estimate_table import estimate_with_capacity

    return estimate_with_capacity(report, detail=detail)
