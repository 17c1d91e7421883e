"""``lambdacost capacity``: concurrency, throttling, scaling, cold starts and provisioned concurrency."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from lambdacost.cli.common import emit, priced, run
from lambdacost.cli.options import (
    PricingOption,
    RegionOption,
    ReportFormat,
    ReportFormatOption,
    SetOption,
    WorkloadArgument,
)

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
        float | None,
        typer.Option(
            "--pc-quantile",
            min=0.0,
            max=1.0,
            help="Size provisioned concurrency for this quantile of the hourly concurrency (1: the peak) instead of its cheapest count.",
            show_default=False,
        ),
    ] = None,
    region: RegionOption = None,
    format: ReportFormatOption = ReportFormat.table,
    pricing: PricingOption = None,
    set_: SetOption = None,
) -> None:
    """Concurrency against the account limit, throttling, scale-up time, cold starts and provisioned concurrency sizing."""

    def action() -> RenderableType | str:
        from lambdacost.io.overrides import with_overrides
        from lambdacost.plan.capacity import capacity as plan_capacity
        from lambdacost.render.capacity import capacity_output

        view = plan_capacity(
            with_overrides(workload, set_),
            account_limit=account_limit,
            pc_quantile=pc_quantile,
            region=region,
            pricing=pricing,
        )
        return capacity_output(view, format.value)

    emit(run(priced(action, pricing, format.value)))
