"""The terminal views of ``lambdacost capacity`` (rich): the full report, and the short block
``lambdacost estimate`` prints under its bill."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from lambdacost.render.capacity import (
    CONCURRENCY_HEAD,
    PC_HEAD,
    account_line,
    capacity_notes,
    concurrency_rows,
    hourly_rows,
    pc_rows,
    share_text,
    shown_warnings,
)
from lambdacost.render.common import money

if TYPE_CHECKING:
    from lambdacost.plan.capacity import CapacityView


def _table(title: str, head: list[str], rows: list[list[str]], left: tuple[int, ...] = (0,)) -> Table:
    """A light table (no vertical rules) so that eight columns fit a narrow terminal."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for j, h in enumerate(head):
        table.add_column(h, justify="left" if j in left else "right", no_wrap=j == 0)
    return table


def capacity_table(view: CapacityView) -> RenderableType:
    """The capacity report for the terminal."""
    parts: list[RenderableType] = [
        Text(f"{view.workload.name}: capacity in {view.region} ({view.rates.location})", style="bold"),
        Text(account_line(view)),
    ]
    rows = concurrency_rows(view)
    conc = _table("Concurrent executions (throttled: share of peak requests)", CONCURRENCY_HEAD, rows, left=(0, 4))
    for row in rows:
        conc.add_row(*row)
    parts.append(conc)
    head, rows = hourly_rows(view)
    if rows:
        hourly = _table("Concurrency by hour of the day", head, rows)
        for row in rows:
            hourly.add_row(*row, style="bold" if row[-1].endswith(" peak") else None)
        parts.append(hourly)
    rows = pc_rows(view)
    pc = _table("Cold starts a month, provisioned concurrency (PC), USD a month", PC_HEAD, rows)
    for k, row in enumerate(rows):
        pc.add_row(*row, end_section=k == len(rows) - 2)
    parts.append(pc)
    parts.extend(Text(f"Warning: {w}", style="bold yellow") for w in shown_warnings(view))
    parts.extend(Text(n, style="dim") for n in capacity_notes(view))
    return Group(*parts)


def capacity_summary(view: CapacityView, max_functions: int = 3) -> RenderableType:
    """A few lines for ``lambdacost estimate``: peak concurrency against the limit, and where PC pays."""
    r = view.report
    lines: list[Text] = [Text("Capacity", style="bold"), Text(account_line(view))]
    if view.pc_break_even_min is not None:
        savers = view.pc_pays
        if savers:
            items = [
                f"{view.names[i]} {r.suggested_pc[i]:,.0f} ({share_text(r.pc_utilization[i], 0)} busy: "
                f"saves {money(float(view.pc_saving[i]))} a month)"
                for i in savers[:max_functions]
            ]
            more = f" and {len(savers) - max_functions} more" if len(savers) > max_functions else ""
            text = f"Provisioned concurrency pays for itself: {'; '.join(items)}{more}."
        else:
            be = share_text(view.pc_break_even_min)
            text = (
                "Provisioned concurrency would not pay for itself: with requests arriving at random, no function "
                f"keeps an environment busy above the {be} break-even."
            )
        lines.append(Text(text))
    lines.extend(Text(f"Warning: {w}", style="bold yellow") for w in shown_warnings(view))
    lines.append(Text("Details: `lambdacost capacity`.", style="dim"))
    return Group(*lines)
