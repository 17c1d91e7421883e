"""``lambdacost capacity``: concurrency, throttling, scaling, cold starts and provisioned concurrency."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from lambdacost.cli.common import emit, run, with_price_set, workload_region
from lambdacost.cli.options import PricingOption, RegionOption, ReportFormat, WorkloadArgument

if TYPE_CHECKING:
    from rich.console import RenderableType


def capacity(
    workload: WorkloadArgument,
    account_limit: Annotated[
        int | None,
        typer.Option(
            "--account-limit",
            min=1,
            help="Concurrent executions allowed in the account and region; overrides the file's account_concurrency_limit (default 1000).",
            show_default=False,
        ),
    ] = None,
    pc_quantile: Annotated[
        float,
        typer.Option(
            "--pc-quantile",
            min=0.0,
            max=1.0,
            help="Size provisioned concurrency for this quantile of the hourly concurrency (1: the peak).",
        ),
    ] = 1.0,
    region: RegionOption = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.table,
    pricing: PricingOption = None,
) -> None:
    """Concurrency against the account limit, throttling, scale-up time, cold starts and provisioned concurrency sizing."""

    def action() -> RenderableType | str:
        from lambdacost.io import loader, tables
        from lambdacost.plan.capacity import capacity_view
        from lambdacost.render import capacity as render_capacity
        from lambdacost.render.common import to_json

        wl = loader.load_workload(workload)
        table = tables.lambda_prices(pricing)
        code = workload_region(table, region, workload, wl.region)
        view = capacity_view(wl, table, code, account_limit=account_limit, pc_quantile=pc_quantile)
        if format is ReportFormat.json:
            return to_json(render_capacity.capacity_dict(view))
        if format is ReportFormat.markdown:
            return render_capacity.capacity_markdown(view)
        return render_capacity.capacity_table(view)

    emit(run(lambda: with_price_set(action(), pricing, format.value)))
