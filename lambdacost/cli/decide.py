"""``lambdacost decide``: where a job of a given shape should run, and what each choice costs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from lambdacost.cli.common import emit, run, with_price_set
from lambdacost.cli.options import Architecture, PricingOption, ReportFormat

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.console import RenderableType


def _parse(flag: str, parser_name: str, value: str, *, positive: bool = True, what: str | None = None) -> Decimal:
    """Parse ``value`` with a parser of :mod:`lambdacost.schema.units`; bad or non-positive values are usage errors."""
    from lambdacost.errors import UsageError
    from lambdacost.schema import units

    try:
        parsed: Decimal = getattr(units, parser_name)(value)
    except ValueError as exc:
        raise UsageError(f"{value!r} is not {what}" if what else str(exc), field=flag) from None
    if positive and parsed <= 0:
        raise UsageError(f"{value!r} must be more than 0", field=flag)
    return parsed


def decide(
    duration: Annotated[
        str | None,
        typer.Option(
            "--duration",
            "-d",
            help="How long one run takes: 90s, 40m, 2h, 1h30m. Not needed with --continuous.",
            show_default=False,
        ),
    ] = None,
    memory: Annotated[
        str, typer.Option("--memory", "-m", help="Memory the job needs: 512MB, 2GB (1 GB = 1,024 MB).")
    ] = "2GB",
    vcpus: Annotated[
        str | None,
        typer.Option(
            "--vcpus",
            help="vCPUs the job needs (0.25 and up). Default: Lambda's share of its memory "
            "(1 vCPU per 1,769 MB); 1 for containers and instances.",
            show_default=False,
        ),
    ] = None,
    runs: Annotated[
        str, typer.Option("--runs", "-n", help="How often the job runs: 30 (a month), 30/month, 5/day.")
    ] = "1/month",
    architecture: Annotated[
        Architecture, typer.Option("--architecture", "-a", help="CPU architecture.")
    ] = Architecture.x86_64,
    storage: Annotated[
        str, typer.Option("--storage", help="Local disk the job needs: 512MB (Lambda's included /tmp), 30GB.")
    ] = "512MB",
    chunkable: Annotated[
        bool, typer.Option("--chunkable/--no-chunkable", help="Whether the work can be split into independent steps.")
    ] = True,
    continuous: Annotated[
        bool, typer.Option("--continuous", help="A service that runs all the time (730 h a month).")
    ] = False,
    gpu: Annotated[bool, typer.Option("--gpu", help="The job needs a GPU.")] = False,
    region: Annotated[str, typer.Option("--region", "-r", help="AWS region code.")] = "us-east-1",
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.table,
    pricing: PricingOption = None,
) -> None:
    """Where should a long-running job run? Checks Lambda's limits and prices every option that fits.

    Options: Lambda, Step Functions with Lambda steps, Lambda durable functions,
    Fargate, Fargate Spot, AWS Batch on EC2 Spot, ECS and EKS on EC2, plain EC2.
    """

    def action() -> RenderableType | str:
        from lambdacost.core.decide import SECONDS_PER_MONTH, Job
        from lambdacost.core.decide import decide as choose
        from lambdacost.errors import UsageError
        from lambdacost.io import tables
        from lambdacost.plan.decide import decide_rates
        from lambdacost.render import decide as render_decide

        if duration is None and not continuous:
            raise UsageError(
                "required (how long one run takes, e.g. 40m), unless the job is --continuous", field="--duration"
            )
        duration_s = (
            float(_parse("--duration", "parse_duration_s", duration)) if duration is not None else SECONDS_PER_MONTH
        )
        job = Job(
            duration_s=duration_s,
            memory_mb=float(_parse("--memory", "parse_size_mb", memory)),
            vcpus=float(_parse("--vcpus", "parse_count", vcpus, what="a number of vCPUs such as 0.25, 1 or 4"))
            if vcpus is not None
            else None,
            runs_per_month=float(_parse("--runs", "parse_per_month", runs)),
            architecture=architecture.value,
            storage_mb=float(_parse("--storage", "parse_size_mb", storage, positive=False)),
            chunkable=chunkable,
            continuous=continuous,
            gpu=gpu,
        )
        tables = (
            tables.lambda_prices(pricing),
            tables.fargate_prices(pricing),
            tables.ec2_prices(pricing),
            tables.discounts(pricing),
            tables.services_prices(pricing),
        )
        regional = (tables[0], tables[1], tables[2], tables[4])
        if not any(region in t.regions for t in regional):
            known = ", ".join(sorted(tables[0].regions))
            raise UsageError(f"unknown region {region!r}; known regions: {known}", field="--region")
        decision = choose(job, decide_rates(region, *tables))
        return render_decide.decide_output(decision, format.value)

    emit(run(lambda: with_price_set(action(), pricing, format.value)))
