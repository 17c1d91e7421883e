"""``lambdacost regions``: the regions of the Lambda price table."""

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
    """List the regions of the Lambda price table with their main rates."""

    def action() -> RenderableType | str:
        from lambdacost.io import loader
        from lambdacost.render import regions as render_regions

        return render_regions.regions_output(loader.load_lambda_prices(pricing), format.value)

    emit(run(action))
