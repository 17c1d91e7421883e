"""The terminal table of ``lambdacost estimate`` (rich): the bill, its notes and the capacity under it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from lambdacost.render.billing2026 import notes_2026
from lambdacost.render.common import money, quantity_text, rate_text
from lambdacost.render.estimate import FUNCTION_ROWS, throttle_notes, unconfirmed_note

if TYPE_CHECKING:
    from lambdacost.plan.estimate import Estimate, EstimateReport


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
            f"{len(est.workload.functions):,} functions, most expensive first"
            + (
                f" (the first {FUNCTION_ROWS}, then the rest in one row)"
                if len(est.workload.functions) > FUNCTION_ROWS
                else ""
            )
            + ": every function's line items with --detail, --format csv or --format json."
        )
    free_req, free_gbs = est.free_tier_used
    if est.free_tier:
        notes.append(
            f"Free tier applied once for the workload: {free_req:,.0f} of {est.free_requests:,.0f} requests "
            f"and {free_gbs:,.0f} of {est.free_gb_seconds:,.0f} GB-s used."
        )
    else:
        notes.append("Free tier not applied.")
    notes.extend(throttle_notes(est) + notes_2026(est))
    notes.append(f"Prices: {est.table.source.strip()} Effective {est.table.effective_date}.")
    note = unconfirmed_note(est)
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
    bills = est.bills
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
    for s in est.line_item_sums:
        items.add_row(s.label, quantity_text(s.quantity), s.unit, rate_text(s.rate, s.unit), money(s.cost))
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
    concurrency = costs.avg_concurrency
    order = est.by_cost
    for i in order[:FUNCTION_ROWS]:
        fn = est.workload.functions[i]
        functions.add_row(
            fn.name,
            f"{fn.memory:,} MB",
            "Lambda@Edge" if fn.edge else fn.architecture,
            quantity_text(float(costs.requests[i])),
            f"{float(concurrency[i]):,.2f}",
            money(float(costs.total[i])),
        )
    if len(order) > FUNCTION_ROWS:
        others = f"{len(order) - FUNCTION_ROWS:,} more functions"
        functions.add_row(Text(others, style="italic"), "", "", "", "", money(est.others_total(FUNCTION_ROWS)))
    return [items, functions]


def estimate_with_capacity(report: EstimateReport, *, detail: bool | None = None) -> RenderableType:
    """The bill and, when the report has it, the capacity summary under it."""
    bill = estimate_table(report.estimate, detail=detail)
    if report.capacity is None:
        return bill
    from lambdacost.render.capacity_table import capacity_summary

    return Group(bill, "", capacity_summary(report.capacity))
