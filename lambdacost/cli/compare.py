"""``lambdacost compare``: Lambda against a capacity-sized EC2 or Fargate fleet.

Parses the options, reads the workload and the price tables through the
loader, builds the arrays :mod:`lambdacost.core.compare` works on, and prints what
:mod:`lambdacost.render.compare` returns. Heavy imports stay inside the command.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lambdacost.cli.common import emit, region_source, run, workload_region
from lambdacost.cli.options import Architecture, PricingOption, RegionOption, ReportFormat

if TYPE_CHECKING:
    from rich.console import RenderableType


#: The largest --min-instances (the fleet's cost curve has one entry per step up to it).
MAX_MIN_INSTANCES = 10_000


class Versus(str, Enum):
    ec2 = "ec2"
    fargate = "fargate"
    all = "all"


def compare(
    workload: Annotated[
        Path | None,
        typer.Argument(
            help="Workload file (YAML). Or describe one function with --memory, --duration and --requests.",
            metavar="WORKLOAD",
            show_default=False,
        ),
    ] = None,
    vs: Annotated[Versus, typer.Option("--vs", help="What to compare Lambda with.")] = Versus.all,
    function: Annotated[
        str | None,
        typer.Option(
            "--function",
            help="Compare only this function of the workload (default: all of them as one service).",
            show_default=False,
        ),
    ] = None,
    memory: Annotated[
        str | None, typer.Option("--memory", help="Memory of a single function, e.g. 512MB.", show_default=False)
    ] = None,
    duration: Annotated[
        str | None, typer.Option("--duration", help="Mean duration of one request, e.g. 200ms.", show_default=False)
    ] = None,
    requests: Annotated[
        str | None, typer.Option("--requests", help="Requests, e.g. 1M/month, 100k/day or 5/s.", show_default=False)
    ] = None,
    architecture: Annotated[
        Architecture, typer.Option("--architecture", help="Architecture of the single function.")
    ] = Architecture.x86_64,
    instance: Annotated[
        str | None,
        typer.Option(
            "--instance",
            help="Price this EC2 instance type (default: the cheapest that carries the load).",
            show_default=False,
        ),
    ] = None,
    cpu_per_request: Annotated[
        str | None,
        typer.Option(
            "--cpu-per-request",
            help="CPU time one request needs on a server, e.g. 35ms (default: duration x Lambda's vCPU share).",
            show_default=False,
        ),
    ] = None,
    target_utilization: Annotated[
        str,
        typer.Option(
            "--target-utilization",
            help="Share of an instance's or task's vCPUs and memory the load may use, e.g. 0.6 or 60%.",
        ),
    ] = "0.6",
    unlimited: Annotated[
        bool,
        typer.Option(
            "--unlimited", help="Run burstable types (t3, t4g) in unlimited mode: full vCPUs, surplus credits billed."
        ),
    ] = False,
    min_instances: Annotated[
        int,
        typer.Option(
            "--min-instances", min=1, max=MAX_MIN_INSTANCES, help="Fewest instances or tasks (2 for high availability)."
        ),
    ] = 1,
    discount: Annotated[
        list[str] | None,
        typer.Option(
            "--discount",
            help="A discount as SERVICE=FRACTION (lambda, ec2, fargate), e.g. ec2=0.3; repeatable.",
            show_default=False,
        ),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option(
            "--plan",
            help="A named discount plan from pricing/discounts.yaml: compute-savings-plan, ec2-spot, fargate-spot.",
            show_default=False,
        ),
    ] = None,
    no_free_tier: Annotated[
        bool, typer.Option("--no-free-tier", help="Do not apply Lambda's monthly free tier.")
    ] = False,
    region: RegionOption = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.table,
    no_chart: Annotated[
        bool, typer.Option("--no-chart", help="Do not draw the terminal chart (table format).")
    ] = False,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            help="Also write the chart to FILE.png or FILE.svg (needs the `plot` extra: matplotlib).",
            show_default=False,
        ),
    ] = None,
    pricing: PricingOption = None,
) -> None:
    """Compare Lambda with an EC2 or Fargate fleet sized for the load, and find the break-even load."""

    def action() -> RenderableType | str:
        from lambdacost.core import compare as cmp
        from lambdacost.errors import UsageError
        from lambdacost.io import loader
        from lambdacost.plan import compare as plan_compare
        from lambdacost.plan.estimate import function_arrays
        from lambdacost.render import compare as render_compare
        from lambdacost.schema import units

        if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
            raise UsageError(f"{str(plot)!r}: the chart can be written as .png or .svg", field="--plot")
        if plot is not None:
            render_compare.require_matplotlib()
        wl, source = plan_compare.workload(workload, function, memory, duration, requests, architecture.value)
        util = plan_compare.parse(units.parse_fraction, target_utilization, "--target-utilization")
        if util <= 0:
            raise UsageError(f"{target_utilization!r} must be above 0", field="--target-utilization")
        cpu_s = None
        if cpu_per_request is not None:
            cpu_s = plan_compare.parse(units.parse_duration_s, cpu_per_request, "--cpu-per-request")
            if cpu_s <= 0:
                raise UsageError(f"{cpu_per_request!r} must be above 0", field="--cpu-per-request")
        capacity = cmp.CapacityModel(util, min_instances, unlimited, cpu_s)

        table = loader.load_lambda_prices(pricing)
        code = workload_region(table, region, workload, wl.region)
        where = region_source(region, workload)
        discounts = plan_compare.discounts(discount or [], plan, pricing)
        free = False if no_free_tier else wl.free_tier
        fn = function_arrays(wl)
        fns = wl.functions
        if sum(f.requests for f in fns) <= 0:
            raise UsageError("the load is 0 requests a month; compare needs a load above 0", **source)
        load = cmp.service_load([f.memory for f in fns], [f.duration for f in fns], [f.requests for f in fns], capacity)

        ec2 = fargate = None
        if vs in (Versus.ec2, Versus.all):
            ec2 = plan_compare.ec2_units(
                pricing, code, where, capacity, load, discounts.get("ec2", (0.0, ""))[0], instance
            )
        elif instance is not None:
            raise UsageError("--instance needs --vs ec2 or --vs all", field="--instance")
        if vs in (Versus.fargate, Versus.all):
            fargate = plan_compare.fargate_units(
                pricing, code, where, capacity, load, discounts.get("fargate", (0.0, ""))[0], fns
            )
        result = cmp.compare(
            fn,
            table.rates(code),
            free_tier=free,
            load=load,
            capacity=capacity,
            ec2=ec2,
            fargate=fargate,
            lambda_discount=discounts.get("lambda", (0.0, ""))[0],
        )
        context = render_compare.Context(
            name=wl.name,
            region=code,
            location=table.region(code).location,
            free_tier=free,
            functions=[(f.name, f.memory, f.architecture, f.duration, f.requests) for f in fns],
            discounts=[(s, f, src, plan_compare.DISCOUNT_SCOPE[s]) for s, (f, src) in discounts.items()],
            instance_forced=instance is not None,
            hourly_surplus_credit=loader.load_ec2_prices(pricing).unlimited_surplus_credit_per_vcpu_hour
            if ec2 is not None
            else None,
            prices_effective=str(table.effective_date),
        )
        if format is ReportFormat.json:
            output: RenderableType | str = render_compare.to_json_text(result, context)
        elif format is ReportFormat.markdown:
            output = render_compare.markdown(result, context)
        else:
            output = render_compare.table(result, context, chart=not no_chart)
        if plot is not None:
            image = render_compare.chart_image(result, context, plot.suffix.lower().lstrip("."))
            from lambdacost.io.files import write_atomic

            write_atomic(plot, image, field="--plot")
        return output

    emit(run(action))
