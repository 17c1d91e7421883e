"""``lambdacost pricing``: which price set is in force (``show``), and building one from AWS's Price List (``update``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lambdacost.cli.common import emit, run
from lambdacost.cli.options import PricingOption, ReportFormat

if TYPE_CHECKING:
    from rich.console import RenderableType

app = typer.Typer(
    name="pricing",
    help="The price tables in force: show them, or rebuild them from AWS's Price List.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command()
def show(
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.table,
    pricing: PricingOption = None,
) -> None:
    """Say which price set is in force, where it came from, and each table's source and date."""

    def action() -> RenderableType | str:
        from lambdacost.io import tables
        from lambdacost.render import pricing as render

        return render.show_output(tables.describe(pricing), format.value)

    emit(run(action))


@app.command()
def update(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="More offer files or folders (after --from).", metavar="PATH", show_default=False),
    ] = None,
    from_: Annotated[
        list[Path] | None,
        typer.Option(
            "--from",
            help="An AWS Price List offer file (index.json, or index.csv for EC2) or a folder of them.",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    download: Annotated[
        bool, typer.Option("--download", help="Fetch the offer files from AWS's public Price List endpoint.")
    ] = False,
    regions: Annotated[
        list[str] | None,
        typer.Option(
            "--regions",
            help="With --download: the regions whose EC2 and Fargate offers to fetch (repeat, or a,b). "
            "Lambda is fetched for every region.",
            show_default="us-east-1",
            metavar="REGION",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Folder to write the tables to. Default: the user data folder (the set is then in force).",
            metavar="DIR",
            show_default=False,
        ),
    ] = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.table,
    pricing: Annotated[
        Path | None,
        typer.Option(
            "--pricing",
            help="The price set to start from (rates no offer carries are kept from it). Default: the one in force.",
            metavar="DIR",
            show_default=False,
        ),
    ] = None,
    endpoint: Annotated[str | None, typer.Option("--endpoint", hidden=True)] = None,
) -> None:
    """Build price tables from AWS Price List bulk offer files (AWSLambda, AmazonEC2, AmazonECS,
    AmazonCloudFront), written atomically: a bad file leaves the previous tables as they were."""

    def action() -> RenderableType | str:
        from lambdacost.cli.progress import update_price_set
        from lambdacost.render import pricing as render

        result = update_price_set([*(from_ or []), *(paths or [])], download, regions, out, pricing, endpoint)
        return render.update_output(result.as_dict(), result.notices, format.value)

    emit(run(action))
