"""``lambdacost regions``: per region, the services the price tables price."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from lambdacost.cli.common import emit, run
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
        from lambdacost.io import loader
        from lambdacost.plan.regions import region_summaries
        from lambdacost.render import regions as render_regions

        tables = (
            loader.load_lambda_prices(pricing),
            loader.load_ec2_prices(pricing),
            loader.load_fargate_prices(pricing),
            loader.load_services_prices(pricing),
        )
        sources = [(t.kind, t.source.strip(), t.effective_date.isoformat()) for t in tables]
        price_set = str(pricing) if pricing is not None else "shipped"
        return render_regions.regions_output(region_summaries(*tables), sources, price_set, format.value)

    emit(run(action))
