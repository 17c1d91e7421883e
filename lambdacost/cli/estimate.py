"""``lambdacost estimate``: a workload priced for one month, line by line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from lambdacost.cli.common import emit, run, with_price_set, workload_region
from lambdacost.cli.options import OutputFormat, PricingOption, RegionOption, WorkloadArgument

if TYPE_CHECKING:
    from rich.console import RenderableType


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
) -> None:
    """Price a workload's functions for one month, line by line, as AWS bills them."""

    def action() -> RenderableType | str:
        from lambdacost.io import loader, tables
        from lambdacost.plan.estimate import estimate as price
        from lambdacost.render import estimate as render
        from lambdacost.render.common import to_json

        wl = loader.load_workload(workload)
        table = tables.lambda_prices(pricing)
        code = workload_region(table, region, workload, wl.region)
        est = price(wl, table, region=code, free_tier=False if no_free_tier else None)
        if format is OutputFormat.csv:
            return render.estimate_csv(est)
        if format is OutputFormat.markdown:
            return render.estimate_markdown(est)
        from lambdacost.plan.capacity import capacity_view
        from lambdacost.render import capacity as render_capacity

        view = capacity_view(wl, table, code, free_tier=est.free_tier)
        if format is OutputFormat.json:
            return to_json({**render.estimate_dict(est), "capacity": render_capacity.capacity_dict(view)})
        from rich.console import Group

        return Group(render.estimate_table(est, detail=detail), "", render_capacity.capacity_summary(view))

    emit(run(lambda: with_price_set(action(), pricing, format.value)))
