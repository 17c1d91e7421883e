"""``lambdacost regions``: per region, the services the price tables price."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from lambdacost.cli.common import emit, priced, run
from lambdacost.cli.options import OutputFormat, PricingOption

if TYPE_CHECKING:
    from rich.console import RenderableType


def regions(
    format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format (table, json, csv or markdown).")
    ] = OutputFormat.table,
    pricing: PricingOption = None,
) -> None:
    """List every region of the price tables: its Lambda rates, the services priced, the unconfirmed rates."""

    def action() -> RenderableType | str:
        from lambdacost.io import tables as io_tables
        from lambdacost.plan.regions import region_summaries
        from lambdacost.render import regions as render_regions

        loaded = (
            io_tables.lambda_prices(pricing),
            io_tables.ec2_prices(pricing),
            io_tables.fargate_prices(pricing),
            io_tables.services_prices(pricing),
            io_tables.stack_prices(pricing),
        )
        sources = [(t.kind, t.source.strip(), t.effective_date.isoformat()) for t in loaded]
        return render_regions.regions_output(region_summaries(*loaded), sources, format.value)

    emit(run(priced(action, pricing, format.value)))
