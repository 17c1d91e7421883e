"""Renderers of ``lambdacost estimate``: an estimate in, text out. Nothing here prints.

``json``, ``csv`` and ``markdown`` are plain strings made here without rich; the
``table`` is a rich renderable made by :mod:`lambdacost.render.estimate_table`
(imported only for it). The JSON layout is a documented contract (README,
"JSON output"): keys are only ever added, never renamed or removed.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from lambdacost.render.billing2026 import dict_2026, notes_2026
from lambdacost.render.common import csv_number, md_escape, money, quantity_text, rate_text, to_json

if TYPE_CHECKING:
    from rich.console import RenderableType

    from lambdacost.plan.capacity import CapacityView
    from lambdacost.plan.estimate import Estimate, EstimateReport


def unconfirmed_note(est: Estimate) -> str | None:
    if not est.unconfirmed:
        return None
    notes = " ".join(est.unconfirmed_notes)
    return f"Rates not read from AWS for {est.region}: {', '.join(est.unconfirmed)}. {notes}".strip()


#: Above this many functions, the table's "By function" and the Markdown bill list the most
#: expensive ones, then the rest in one row (JSON and CSV carry every function).
FUNCTION_ROWS = 50
#: The most per-function notes (throttling, 2026 rates) the table and Markdown write out; JSON
#: and CSV carry every figure.
NOTES_SHOWN = 20


def throttle_notes(est: Estimate) -> list[str]:
    """One line per function whose concurrency limit throttles requests (AWS bills none of them):
    the first :data:`NOTES_SHOWN`, then how many more functions are throttled."""
    throttled = est.throttled_functions
    notes = [
        f"{b.name}: {b.throttled_requests:,.0f} requests throttled ({_percent(b.throttled_share)}), not billed."
        for b in est.bills_of(throttled[:NOTES_SHOWN])
    ]
    if len(throttled) > NOTES_SHOWN:
        notes.append(
            f"{len(throttled) - NOTES_SHOWN:,} more functions have throttled requests, not billed: "
            "each one's with --format json or csv."
        )
    return notes


def _percent(share: float) -> str:
    """A share as a percentage; never 0% or 100% for a share that is neither."""
    text = f"{share:.1%}"
    if text == "100.0%" and share < 1.0:
        return "99.9%+"
    if text == "0.0%" and share > 0.0:
        return "<0.1%"
    return text


def estimate_dict(est: Estimate) -> dict[str, Any]:
    """The estimate as the JSON contract documented in the README."""
    free_req, free_gbs = est.free_tier_used
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
                "throttled_requests": b.throttled_requests,
                "throttled_share": b.throttled_share,
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
            for b in est.bills
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
    written: dict[float, str] = {}  # rates and many quantities repeat: format each value once

    def number(value: float) -> str:
        text = written.get(value)
        if text is None:
            text = written[value] = csv_number(value)
        return text

    for b in est.bills:
        for ln in b.lines:
            writer.writerow(
                [
                    est.workload.name,
                    est.region,
                    b.name,
                    ln.item,
                    ln.label,
                    number(ln.quantity),
                    ln.unit,
                    number(ln.rate),
                    number(ln.cost),
                ]
            )
        if b.throttled_requests > 0:
            writer.writerow(
                [
                    est.workload.name,
                    est.region,
                    b.name,
                    "throttled_requests",
                    f"Throttled requests, not billed ({_percent(b.throttled_share)})",
                    csv_number(b.throttled_requests),
                    "requests",
                    "0",
                    "0",
                ]
            )
    writer.writerow([est.workload.name, est.region, "", "total", "Total", "", "USD", "", csv_number(est.total)])
    return out.getvalue()


def estimate_markdown(est: Estimate) -> str:
    """A GitHub-flavoured Markdown table of the bill: every function's line items, or above
    :data:`FUNCTION_ROWS` functions those of the most expensive ones, then the rest in one row."""
    rows = [
        f"### {md_escape(est.workload.name)}: {est.region}, USD a month",
        "",
        "| Function | Line item | Quantity | Unit | Rate | Cost |",
        "|---|---|---:|---|---:|---:|",
    ]
    n = len(est.workload.functions)
    listed = est.bills if n <= FUNCTION_ROWS else est.bills_of(est.by_cost[:FUNCTION_ROWS])
    for b in listed:
        for ln in b.lines:
            rows.append(
                f"| {md_escape(b.name)} | {ln.label} | {quantity_text(ln.quantity)} | {ln.unit} | "
                f"{rate_text(ln.rate, ln.unit)} | {money(ln.cost)} |"
            )
        rows.append(
            f"| {md_escape(b.name)} | **Subtotal** (avg concurrency {b.avg_concurrency:,.2f}) | | | | **{money(b.total)}** |"
        )
    if n > FUNCTION_ROWS:
        rows.append(
            f"| *{n - FUNCTION_ROWS:,} more functions* | **Subtotal** (every one with `--format csv` or `json`) "
            f"| | | | **{money(est.others_total(FUNCTION_ROWS))}** |"
        )
    rows.append(f"| **Total** | | | | | **{money(est.total)}** |")
    rows.append("")
    free_req, free_gbs = est.free_tier_used
    rows.append(
        f"Free tier: {free_req:,.0f} requests and {free_gbs:,.0f} GB-s used."
        if est.free_tier
        else "Free tier not applied."
    )
    rows.extend(md_escape(n) for n in throttle_notes(est) + notes_2026(est))
    rows.append(f"Prices effective {est.table.effective_date}.")
    note = unconfirmed_note(est)
    if note:
        rows.append(f"Note: {note}")
    return "\n".join(rows) + "\n"


def capacity_markdown_lines(view: CapacityView) -> str:
    """Under a Markdown bill: the account's peak concurrency and every capacity warning (what a
    reviewer of a pull request needs to see; the full report is ``lambdacost capacity``)."""
    from lambdacost.render.capacity import account_line, shown_warnings

    lines = ["", f"**Capacity:** {md_escape(account_line(view))}"]
    lines += [f"- **Warning:** {md_escape(w)}" for w in shown_warnings(view)]
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
