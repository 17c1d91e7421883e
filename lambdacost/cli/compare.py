"""``lambdacost compare``: Lambda against a capacity-sized EC2 or Fargate fleet.

Options in, :func:`lambdacost.plan.compare.compare`, :func:`lambdacost.render.compare.compare_output`
out (and the chart file with ``--plot``). Heavy imports stay inside the command.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lambdacost.cli.common import emit, priced, run, write_file
from lambdacost.cli.options import (
    Architecture,
    DiscountOption,
    FrontDoor,
    PlanOption,
    PricingOption,
    RegionOption,
    ReportFormat,
    ReportFormatOption,
    SetOption,
)

if TYPE_CHECKING:
    from rich.console import RenderableType


class Versus(str, Enum):
    ec2 = "ec2"
    fargate = "fargate"
    lmi = "lmi"
    all = "all"


#: The largest --min-instances (the fleet's cost curve has one entry per step up to it).
MAX_MIN_INSTANCES = 10_000

WorkloadArgument = Annotated[
    Path | None,
    typer.Argument(
        help="Workload file (YAML). Or describe one function with --memory, --duration and --requests.",
        metavar="WORKLOAD",
        show_default=False,
    ),
]
VsOption = Annotated[
    Versus,
    typer.Option("--vs", help="What to compare Lambda with: EC2, Fargate, Lambda Managed Instances (lmi), or all."),
]
FrontDoorOption = Annotated[
    FrontDoor | None,
    typer.Option(
        "--front-door",
        help=(
            "What receives the functions' requests (default: the workload's front_door). With an HTTP front door "
            "the EC2 and Fargate fleets get an Application Load Balancer; none: compare the functions alone."
        ),
        show_default=False,
    ),
]
FunctionOption = Annotated[
    str | None,
    typer.Option(
        "--function",
        help="Compare only this function of the workload (default: all of them as one service).",
        show_default=False,
    ),
]
MemoryOption = Annotated[
    str | None, typer.Option("--memory", help="Memory of a single function, e.g. 512MB.", show_default=False)
]
DurationOption = Annotated[
    str | None, typer.Option("--duration", help="Mean duration of one request, e.g. 200ms.", show_default=False)
]
RequestsOption = Annotated[
    str | None, typer.Option("--requests", help="Requests, e.g. 1M/month, 100k/day or 5/s.", show_default=False)
]
ArchitectureOption = Annotated[
    Architecture, typer.Option("--architecture", help="Architecture of the single function.")
]
InstanceOption = Annotated[
    str | None,
    typer.Option(
        "--instance",
        help="Price this EC2 instance type (default: the cheapest that carries the load).",
        show_default=False,
    ),
]
CpuPerRequestOption = Annotated[
    str | None,
    typer.Option(
        "--cpu-per-request",
        help="CPU time one request needs on a server, e.g. 35ms (default: duration x Lambda's vCPU share).",
        show_default=False,
    ),
]
TargetUtilizationOption = Annotated[
    str,
    typer.Option(
        "--target-utilization",
        help="Share of an instance's or task's vCPUs and memory the load may use, e.g. 0.6 or 60%.",
    ),
]
UnlimitedOption = Annotated[
    bool,
    typer.Option(
        "--unlimited", help="Run burstable types (t3, t4g) in unlimited mode: full vCPUs, surplus credits billed."
    ),
]
MinInstancesOption = Annotated[
    int,
    typer.Option(
        "--min-instances", min=1, max=MAX_MIN_INSTANCES, help="Fewest instances or tasks (2 for high availability)."
    ),
]
NoFreeTierOption = Annotated[bool, typer.Option("--no-free-tier", help="Do not apply Lambda's monthly free tier.")]
NoChartOption = Annotated[bool, typer.Option("--no-chart", help="Do not draw the terminal chart (table format).")]
PlotOption = Annotated[
    Path | None,
    typer.Option(
        "--plot",
        help="Also write the chart to FILE.png or FILE.svg (needs the `plot` extra: matplotlib).",
        show_default=False,
    ),
]


def compare(
    workload: WorkloadArgument = None,
    vs: VsOption = Versus.all,
    function: FunctionOption = None,
    memory: MemoryOption = None,
    duration: DurationOption = None,
    requests: RequestsOption = None,
    architecture: ArchitectureOption = Architecture.x86_64,
    instance: InstanceOption = None,
    cpu_per_request: CpuPerRequestOption = None,
    target_utilization: TargetUtilizationOption = "0.6",
    unlimited: UnlimitedOption = False,
    min_instances: MinInstancesOption = 1,
    discount: DiscountOption = None,
    plan: PlanOption = None,
    no_free_tier: NoFreeTierOption = False,
    region: RegionOption = None,
    format: ReportFormatOption = ReportFormat.table,
    no_chart: NoChartOption = False,
    plot: PlotOption = None,
    pricing: PricingOption = None,
    set_: SetOption = None,
    front_door: FrontDoorOption = None,
) -> None:
    """Compare Lambda with an EC2 or Fargate fleet sized for the load, and find the break-even load."""

    def action() -> RenderableType | str:
        from lambdacost.io.overrides import with_overrides
        from lambdacost.plan.compare import compare as plan_compare
        from lambdacost.render.compare import compare_output

        image_format = plot_format(plot)
        if set_ and workload is None:
            from lambdacost.errors import UsageError

            raise UsageError("--set changes a workload file; give the file", field="--set")
        result, context = plan_compare(
            with_overrides(workload, set_) if workload is not None else None,
            function=function,
            memory=memory,
            duration=duration,
            requests=requests,
            architecture=architecture.value,
            vs=vs.value,
            instance=instance,
            cpu_per_request=cpu_per_request,
            target_utilization=target_utilization,
            unlimited=unlimited,
            min_instances=min_instances,
            discount=discount or [],
            plan=plan,
            free_tier=not no_free_tier,
            region=region,
            pricing=pricing,
            front_door=front_door.value if front_door is not None else None,
        )
        if plot is not None and image_format is not None:
            from lambdacost.render.compare_chart import chart_image

            write_file(plot, chart_image(result, context, image_format), field="--plot")
        return compare_output(result, context, format.value, chart=not no_chart)

    emit(run(priced(action, pricing, format.value)))


def plot_format(plot: Path | None) -> str | None:
    """The image format of ``--plot FILE`` (png or svg), checked before any work; None without it."""
    if plot is None:
        return None
    from lambdacost.errors import UsageError
    from lambdacost.render.compare_chart import require_matplotlib

    fmt = plot.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise UsageError(f"{str(plot)!r}: the chart can be written as .png or .svg", field="--plot")
    require_matplotlib()
    return fmt
