"""``lambdacost sweep``: a workload priced over a grid of memory, architecture, duration and requests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from lambdacost.cli.common import emit, priced, run
from lambdacost.cli.options import PricingOption, RegionOption, ReportFormat, SetOption, WorkloadArgument
from lambdacost.core.aws import LAMBDA_MB_PER_VCPU

if TYPE_CHECKING:
    from rich.console import RenderableType

_RANGES = "A list (a,b,c) or a range: A..B, A..B:STEP or A..B/POINTS"


def _range(flag: str, what: str) -> typer.models.OptionInfo:
    return typer.Option(flag, help=f"{what}. {_RANGES}.", metavar="VALUES", show_default=False)


def sweep(
    workload: WorkloadArgument,
    memory: Annotated[str | None, _range("--memory", "Memory sizes, e.g. 128MB..3GB (a range: every 64 MB)")] = None,
    architecture: Annotated[
        str | None,
        typer.Option(
            "--architecture", help="x86_64, arm64 or x86_64,arm64.", metavar="ARCH[,ARCH]", show_default=False
        ),
    ] = None,
    duration: Annotated[str | None, _range("--duration", "Mean durations, e.g. 100ms..1s (a range: 10 points)")] = None,
    requests: Annotated[str | None, _range("--requests", "Requests, e.g. 1M..50M (a range: 10 points)")] = None,
    function: Annotated[
        list[str] | None,
        typer.Option(
            "--function", help="Sweep only this function (repeatable; default: every function).", show_default=False
        ),
    ] = None,
    scale_duration: Annotated[
        bool,
        typer.Option(
            "--scale-duration",
            help="Scale each duration with memory as CPU-bound work "
            f"(vCPU share = memory / {LAMBDA_MB_PER_VCPU:,} MB) instead of "
            "holding it as given.",
        ),
    ] = False,
    top: Annotated[int, typer.Option("--top", min=1, max=1000, help="How many of the cheapest points to list.")] = 10,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.table,
    no_chart: Annotated[
        bool, typer.Option("--no-chart", help="Do not draw the terminal chart (table format).")
    ] = False,
    no_free_tier: Annotated[bool, typer.Option("--no-free-tier", help="Do not apply the monthly free tier.")] = False,
    region: RegionOption = None,
    pricing: PricingOption = None,
    set_: SetOption = None,
) -> None:
    """Price a workload at every point of a grid (memory x architecture x duration x requests) in one pass; list the cheapest."""

    def action() -> RenderableType | str:
        from lambdacost.plan.sweep import sweep_file
        from lambdacost.render.sweep import sweep_output

        result = sweep_file(
            workload, memory=memory, architecture=architecture, duration=duration, requests=requests,
            functions=function or (), overrides=set_ or (), scale_duration=scale_duration,
            free_tier=False if no_free_tier else None, region=region, pricing=pricing,
        )  # fmt: skip
        return sweep_output(result, format.value, top=top, chart=not no_chart)

    emit(run(priced(action, pricing, format.value)))
