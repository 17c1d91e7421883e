"""``lambdacost compare``: Lambda against a capacity-sized EC2 or Fargate fleet.

Parses the options, reads the workload and the price tables through the
loader, builds the arrays :mod:`lambdacost.compare` works on, and prints what
:mod:`lambdacost.render_compare` returns. Heavy imports stay inside the command.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lambdacost.cli import (
    Architecture,
    PricingOption,
    RegionOption,
    ReportFormat,
    app,
    emit,
    region_source,
    run,
    workload_region,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from lambdacost.models import Workload


class Versus(str, Enum):
    ec2 = "ec2"
    fargate = "fargate"
    all = "all"


#: What each service's discount is taken off.
DISCOUNT_SCOPE = {
    "lambda": "Lambda duration and provisioned concurrency (not requests)",
    "ec2": "EC2 instance-hours (not surplus credits)",
    "fargate": "Fargate vCPU-hours and GB-hours",
}
_FLAG_OF_FIELD = {
    "memory": "--memory",
    "duration": "--duration",
    "requests": "--requests",
    "architecture": "--architecture",
}


@app.command()
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
        int, typer.Option("--min-instances", min=1, help="Fewest instances or tasks (2 for high availability).")
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
        from lambdacost import compare as cmp
        from lambdacost import loader, render_compare, units
        from lambdacost.errors import UsageError
        from lambdacost.estimate import function_arrays

        if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
            raise UsageError(f"{str(plot)!r}: the chart can be written as .png or .svg", field="--plot")
        if plot is not None:
            render_compare.require_matplotlib()
        wl, source = _workload(workload, function, memory, duration, requests, architecture.value)
        util = _parse(units.parse_fraction, target_utilization, "--target-utilization")
        if util <= 0:
            raise UsageError(f"{target_utilization!r} must be above 0", field="--target-utilization")
        cpu_s = None
        if cpu_per_request is not None:
            cpu_s = _parse(units.parse_duration_s, cpu_per_request, "--cpu-per-request")
            if cpu_s <= 0:
                raise UsageError(f"{cpu_per_request!r} must be above 0", field="--cpu-per-request")
        capacity = cmp.CapacityModel(util, min_instances, unlimited, cpu_s)

        table = loader.load_lambda_prices(pricing)
        code = workload_region(table, region, workload, wl.region)
        where = region_source(region, workload)
        discounts = _discounts(discount or [], plan, pricing)
        free = False if no_free_tier else wl.free_tier
        fn = function_arrays(wl)
        fns = wl.functions
        if sum(f.requests for f in fns) <= 0:
            raise UsageError("the load is 0 requests a month; compare needs a load above 0", **source)
        load = cmp.service_load([f.memory for f in fns], [f.duration for f in fns], [f.requests for f in fns], capacity)

        ec2 = fargate = None
        if vs in (Versus.ec2, Versus.all):
            ec2 = _ec2_units(pricing, code, where, capacity, load, discounts.get("ec2", (0.0, ""))[0], instance)
        elif instance is not None:
            raise UsageError("--instance needs --vs ec2 or --vs all", field="--instance")
        if vs in (Versus.fargate, Versus.all):
            fargate = _fargate_units(pricing, code, where, capacity, load, discounts.get("fargate", (0.0, ""))[0], fns)
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
            discounts=[(s, f, src, DISCOUNT_SCOPE[s]) for s, (f, src) in discounts.items()],
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
            try:
                plot.write_bytes(image)
            except OSError as exc:
                raise UsageError(f"cannot write {str(plot)!r}: {exc.strerror or exc}", field="--plot") from None
        return output

    emit(run(action))


def _parse(parser: Any, value: str, flag: str) -> float:
    from lambdacost.errors import UsageError

    try:
        return float(parser(value))
    except ValueError as exc:
        raise UsageError(str(exc), field=flag) from None


def _workload(
    path: Path | None,
    function: str | None,
    memory: str | None,
    duration: str | None,
    requests: str | None,
    architecture: str,
) -> tuple[Workload, dict[str, Any]]:
    """The workload to compare (the file's, or one function from the flags) and where its load came from."""
    from pydantic import ValidationError

    from lambdacost import loader
    from lambdacost.errors import UsageError
    from lambdacost.models import Function, Workload

    flags = {"--memory": memory, "--duration": duration, "--requests": requests}
    given = [f for f, v in flags.items() if v is not None]
    if path is not None:
        if given:
            raise UsageError(
                f"give a workload file or {', '.join(flags)}, not both ({', '.join(given)} given)", field=given[0]
            )
        wl = loader.load_workload(path)
        if function is not None:
            picked = [f for f in wl.functions if f.name == function]
            if not picked:
                names = ", ".join(f.name for f in wl.functions)
                raise UsageError(
                    f"no function named {function!r}; the workload has: {names}", file=path, field="--function"
                )
            wl = wl.model_copy(update={"functions": picked})
        return wl, {"file": path}
    if function is not None:
        raise UsageError("--function picks a function of a workload file; give the file", field="--function")
    if not given:
        raise UsageError(
            "give a workload file, or describe one function with --memory, --duration and --requests "
            "(e.g. --memory 512MB --duration 200ms --requests 1M/month)",
            field="WORKLOAD",
        )
    missing = [f for f, v in flags.items() if v is None]
    if missing:
        raise UsageError(f"also give {', '.join(missing)} to describe the function", field=missing[0])
    try:
        fn = Function(name="function", memory=memory, duration=duration, requests=requests, architecture=architecture)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"][0] if err["loc"] else "memory"
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        raise UsageError(message, field=_FLAG_OF_FIELD.get(str(loc), "--memory")) from None
    return Workload(name="function", functions=[fn]), {"field": "--requests"}


def _discounts(given: list[str], plan: str | None, pricing: Path | None) -> dict[str, tuple[float, str]]:
    """Service -> (fraction off, where it came from): the plan's, then each --discount over it."""
    from lambdacost import loader, units
    from lambdacost.errors import UsageError

    out: dict[str, tuple[float, str]] = {}
    if plan is not None:
        table = loader.load_discounts(pricing)
        if plan not in table.plans:
            raise UsageError(f"unknown plan {plan!r}; plans: {', '.join(sorted(table.plans))}", field="--plan")
        for service, fraction in table.plans[plan].rates().items():
            out[service] = (fraction, f"plan {plan}: {table.plans[plan].description}")
    for item in given:
        service, sep, value = item.partition("=")
        service = service.strip().lower()
        if not sep or service not in DISCOUNT_SCOPE:
            raise UsageError(
                f"{item!r}: expected SERVICE=FRACTION with SERVICE one of lambda, ec2, fargate (e.g. ec2=0.3)",
                field="--discount",
            )
        try:
            fraction = float(units.parse_fraction(value))
        except ValueError as exc:
            raise UsageError(f"{item!r}: {exc}", field="--discount") from None
        if fraction >= 1:
            raise UsageError(f"{item!r}: a discount must be below 100%", field="--discount")
        out[service] = (fraction, "--discount")
    return {s: v for s, v in out.items() if v[0] > 0}


def _ec2_units(
    pricing: Path | None,
    region: str,
    where: dict[str, Any],
    capacity: Any,
    load: Any,
    discount: float,
    instance: str | None,
) -> Any:
    import numpy as np

    from lambdacost import compare as cmp
    from lambdacost import loader
    from lambdacost.errors import PricingError, UsageError

    table = loader.load_ec2_prices(pricing)
    try:
        catalogue = table.region(region).instances
    except PricingError as exc:
        raise UsageError(exc.message, **where) from None
    names = tuple(sorted(catalogue))
    units = cmp.ec2_units(
        names,
        tuple(catalogue[n].architecture for n in names),
        [catalogue[n].vcpus for n in names],
        [catalogue[n].memory_gib for n in names],
        [catalogue[n].hourly for n in names],
        [catalogue[n].burstable_baseline if catalogue[n].burstable_baseline is not None else np.nan for n in names],
        table.unlimited_surplus_credit_per_vcpu_hour,
        capacity,
        load,
        discount,
    )
    mb = f"{load.request_memory_mb:,.0f} MB"
    util = f"{capacity.target_utilization:.0%}"
    if instance is not None:
        if instance not in catalogue:
            close = [n for n in names if n.split(".")[0] == instance.split(".")[0]] or list(names)
            raise UsageError(
                f"{instance!r} is not in the EC2 catalogue for {region}; known types include: {', '.join(close)}",
                field="--instance",
            )
        units = units.take([names.index(instance)])
        if not units.fits[0]:
            raise UsageError(
                f"{instance} cannot hold one request of {mb}: {util} of its {units.memory_mb[0] / 1024:g} GiB is "
                f"{units.memory_capacity_mb[0]:,.0f} MB",
                field="--instance",
            )
    elif not units.fits.any():
        best = float(units.memory_capacity_mb.max())
        raise UsageError(
            f"no EC2 type in the catalogue can hold one request of {mb}: "
            f"the largest has {best:,.0f} MB at {util} target utilisation",
            field="--vs",
        )
    return units


def _fargate_units(
    pricing: Path | None, region: str, where: dict[str, Any], capacity: Any, load: Any, discount: float, fns: list[Any]
) -> Any:
    from lambdacost import compare as cmp
    from lambdacost import loader
    from lambdacost.errors import PricingError, UsageError

    table = loader.load_fargate_prices(pricing)
    try:
        rates = table.region(region)
    except PricingError as exc:
        raise UsageError(exc.message, **where) from None
    arch = "arm64" if all(f.architecture == "arm64" for f in fns) else "x86_64"
    platform = rates.linux_arm64 if arch == "arm64" else rates.linux_x86_64
    units = cmp.fargate_units(table.valid_sizes(), platform.vcpu_hour, platform.gb_hour, arch, capacity, load, discount)
    if not units.fits[0]:
        raise UsageError(
            f"no valid Fargate task size holds one request "
            f"({load.request_vcpus:.2f} vCPU, {load.request_memory_mb:,.0f} MB "
            f"at {capacity.target_utilization:.0%} target utilisation)",
            field="--vs",
        )
    return units
