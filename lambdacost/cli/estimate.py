"""``lambdacost estimate``: a workload priced for one month, line by line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from lambdacost.cli.budget import emit_gated
from lambdacost.cli.common import priced, run
from lambdacost.cli.options import (
    DiscountOption,
    MaxMonthlyCostOption,
    OutputFormat,
    PlanOption,
    PricingOption,
    RegionOption,
    SetOption,
    WorkloadArgument,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from lambdacost.plan.budget import Gate


def estimate(
    workload: WorkloadArgument,
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
    no_free_tier: Annotated[
        bool,
        typer.Option("--no-free-tier", help="Do not apply the monthly free tier (overrides the file's free_tier)."),
    ] = False,
    region: RegionOption = None,
    detail: Annotated[
        bool | None,
        typer.Option(
            "--detail/--summary",
            help="Table: every function's line items, or the workload's line items summed and one row per function "
            "(default: detail up to 25 functions).",
            show_default=False,
        ),
    ] = None,
    pricing: PricingOption = None,
    set_: SetOption = None,
    max_monthly_cost: MaxMonthlyCostOption = None,
    discount: DiscountOption = None,
    plan: PlanOption = None,
) -> None:
    """Price a workload's functions for one month, line by line, as AWS bills them."""

    def action() -> tuple[RenderableType | str, list[Gate]]:
        from lambdacost.io.overrides import with_overrides
        from lambdacost.plan.budget import gates
        from lambdacost.plan.estimate import estimate_report
        from lambdacost.render.estimate import estimate_output

        report = estimate_report(
            with_overrides(workload, set_),
            region=region,
            free_tier=False if no_free_tier else None,
            pricing=pricing,
            with_capacity=format is not OutputFormat.csv,
            discount=discount or [],
            plan=plan,
        )
        checked = gates(report.estimate.total, max_monthly_cost=max_monthly_cost)
        return estimate_output(report, format.value, detail=detail), checked

    emit_gated(*run(priced(action, pricing, format.value)))
