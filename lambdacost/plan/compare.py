"""``compare`` as a plan: the workload (a file's, or one function described by options), the
discounts in force, the EC2 and Fargate units of a region, and :func:`lambdacost.core.compare.compare`
over them. :func:`compare` returns the :class:`~lambdacost.core.compare.Comparison` and the
:class:`Context` the renderers tell it with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from lambdacost.core import compare as cmp
from lambdacost.errors import PricingError, UsageError
from lambdacost.io import loader, tables
from lambdacost.plan.arrays import function_arrays, served_arrays, served_fraction, traffic_arrays
from lambdacost.plan.discounts import Discount, discounts
from lambdacost.plan.inputs import parse_option, region_source, workload_region
from lambdacost.plan.stack import CompareStack
from lambdacost.schema import units as parse

if TYPE_CHECKING:
    from lambdacost.core.engine import FunctionArrays
    from lambdacost.schema.prices import LambdaPriceTable
    from lambdacost.schema.workload import Function, Workload

FLAG_OF_FIELD = {
    "memory": "--memory",
    "duration": "--duration",
    "requests": "--requests",
    "architecture": "--architecture",
}
#: What ``--vs`` may name.
VERSUS = ("ec2", "fargate", "lmi", "all")


@dataclass(frozen=True)
class FunctionSummary:
    """One compared function, as the renderers describe it."""

    name: str
    memory_mb: int
    architecture: str
    duration_ms: float
    requests: float


@dataclass(frozen=True)
class Context:
    """What the renderers say about the inputs besides the numbers."""

    name: str
    region: str
    location: str
    free_tier: bool
    functions: list[FunctionSummary]
    discounts: list[Discount]
    hourly_surplus_credit: float | None
    prices_effective: str
    #: The front doors compared (None: none), and the fleets' load balancer.
    stack: CompareStack | None = None
    #: The options' rates not read from AWS for the region (``ec2.m5.8xlarge``: derived; ``fargate.linux_arm64``).
    unconfirmed: tuple[str, ...] = ()
    #: Functions whose concurrency limits throttle part of the load (name, requests a month, share):
    #: compare prices the full load on every side; ``estimate`` bills only the served requests.
    throttled: tuple[tuple[str, float, float], ...] = ()

    def discount(self, service: str) -> float:
        """The fraction off ``service`` (0 without a discount)."""
        return fraction_off(self.discounts, service)


def fraction_off(discounts: Sequence[Discount], service: str) -> float:
    """The fraction off ``service`` (0 without a discount)."""
    return next((d.fraction for d in discounts if d.service == service), 0.0)


def workload(
    path: Path | None,
    function: str | None,
    memory: str | None,
    duration: str | None,
    requests: str | None,
    architecture: str,
) -> tuple[Workload, dict[str, Any]]:
    """The workload to compare (the file's, or one function from the flags) and where its load came from."""
    flags = {"--memory": memory, "--duration": duration, "--requests": requests}
    given = [f for f, v in flags.items() if v is not None]
    if path is not None:
        if given:
            raise UsageError(
                f"give a workload file or {', '.join(flags)}, not both ({', '.join(given)} given)", field=given[0]
            )
        return _pick(loader.load_workload(path), function, path), {"file": path}
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
    return _one_function(memory, duration, requests, architecture), {"field": "--requests"}


def _pick(wl: Workload, function: str | None, path: Path) -> Workload:
    """``wl`` with only the function named ``function`` (all of them without a name)."""
    if function is None:
        return wl
    picked = [f for f in wl.functions if f.name == function]
    if not picked:
        names = ", ".join(f.name for f in wl.functions)
        raise UsageError(f"no function named {function!r}; the workload has: {names}", file=path, field="--function")
    return wl.model_copy(update={"functions": picked})


def _one_function(memory: str | None, duration: str | None, requests: str | None, architecture: str) -> Workload:
    """A workload of the one function the flags describe; a bad value names its flag."""
    from pydantic import ValidationError

    from lambdacost.schema.workload import Function, Workload

    try:
        fn = Function(name="function", memory=memory, duration=duration, requests=requests, architecture=architecture)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"][0] if err["loc"] else "memory"
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        raise UsageError(message, field=FLAG_OF_FIELD.get(str(loc), "--memory")) from None
    return Workload(name="function", functions=[fn])


def capacity_model(
    target_utilization: str, cpu_per_request: str | None, min_instances: int, unlimited: bool
) -> cmp.CapacityModel:
    """How the fleet is sized, from the options' texts."""
    util = parse_option("--target-utilization", parse.parse_fraction, target_utilization, positive=True)
    cpu_s = None
    if cpu_per_request is not None:
        cpu_s = parse_option("--cpu-per-request", parse.parse_duration_s, cpu_per_request, positive=True)
    return cmp.CapacityModel(util, min_instances, unlimited, cpu_s)


def _region(table: Any, region: str, where: dict[str, Any]) -> Any:
    """``table``'s prices for ``region``; a region it lacks is the user's error, named where the region came from."""
    try:
        return table.region(region)
    except PricingError as exc:
        raise UsageError(exc.message, **where) from None


def ec2_units(
    pricing: Path | None,
    region: str,
    where: dict[str, Any],
    capacity: cmp.CapacityModel,
    load: cmp.ServiceLoad,
    discount: float,
    instance: str | None,
    architecture: str,
) -> cmp.Units:
    """The region's EC2 types of ``architecture`` as fleet units (only ``instance``, of any architecture,
    when given); none that fits is an error."""
    table = tables.ec2_prices(pricing)
    catalogue = _region(table, region, where).instances
    names = tuple(sorted(n for n in catalogue if instance is not None or catalogue[n].architecture == architecture))
    baselines: list[float] = [np.nan if (b := catalogue[n].burstable_baseline) is None else b for n in names]
    units = cmp.ec2_units(
        names,
        tuple(catalogue[n].architecture for n in names),
        [catalogue[n].vcpus for n in names],
        [catalogue[n].memory_gib for n in names],
        [catalogue[n].hourly for n in names],
        baselines,
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
        best = float(units.memory_capacity_mb.max(initial=0.0))
        raise UsageError(
            f"no {architecture} EC2 type in the catalogue can hold one request of {mb}: "
            f"the largest has {best:,.0f} MB at {util} target utilisation",
            field="--vs",
        )
    return units


def fargate_units(
    pricing: Path | None,
    region: str,
    where: dict[str, Any],
    capacity: cmp.CapacityModel,
    load: cmp.ServiceLoad,
    discount: float,
    architecture: str,
) -> cmp.Units:
    """The valid Fargate task sizes on ``architecture``; none that fits is an error."""
    table = tables.fargate_prices(pricing)
    rates = _region(table, region, where)
    platform = rates.linux_arm64 if architecture == "arm64" else rates.linux_x86_64
    units = cmp.fargate_units(
        table.valid_sizes(), platform.vcpu_hour, platform.gb_hour, architecture, capacity, load, discount
    )
    if not units.fits[0]:
        raise UsageError(
            f"no valid Fargate task size holds one request "
            f"({load.request_vcpus:.2f} vCPU, {load.request_memory_mb:,.0f} MB "
            f"at {capacity.target_utilization:.0%} target utilisation)",
            field="--vs",
        )
    return units


def lmi_units(
    pricing: Path | None,
    table: LambdaPriceTable,
    region: str,
    where: dict[str, Any],
    capacity: cmp.CapacityModel,
    load: cmp.ServiceLoad,
    discount: float,
    fns: Sequence[Function],
    vs: str,
) -> cmp.Units | None:
    """Lambda Managed Instances on the region's fixed-performance EC2 types of the functions' architecture.

    None unless ``vs`` asks for them (``lmi`` or ``all``) and the price tables can price them
    (with ``all``, a region without Managed Instances rates or a workload of both architectures
    leaves them out; with ``lmi`` that is an error)."""
    if vs not in ("lmi", "all"):
        return None
    archs = {f.architecture for f in fns}
    fee = table.region(region).managed_instances
    problem = None
    if fee is None:
        problem = f"no Lambda Managed Instances rates for {region} in the Lambda price table"
    elif len(archs) > 1:
        problem = "Managed Instances run one architecture per capacity provider; the workload has both"
    if problem is not None:
        if vs == "lmi":
            raise UsageError(problem, field="--vs")
        return None
    assert fee is not None
    catalogue = ec2_units(pricing, region, where, capacity, load, 0.0, None, archs.pop())
    units = cmp.managed_instance_units(
        catalogue, fee.management_fee, float(table.region(region).request.x86_64), discount
    )
    if not (units.fits & np.isfinite(units.monthly)).any():
        if vs == "lmi":
            raise UsageError("no EC2 type for Managed Instances can hold one request", field="--vs")
        return None
    return units


def compare(
    workload_file: Path | None = None,
    *,
    function: str | None = None,
    memory: str | None = None,
    duration: str | None = None,
    requests: str | None = None,
    architecture: str = "x86_64",
    vs: str = "all",
    instance: str | None = None,
    cpu_per_request: str | None = None,
    target_utilization: str = "0.6",
    unlimited: bool = False,
    min_instances: int = 1,
    discount: Sequence[str] = (),
    plan: str | None = None,
    free_tier: bool = True,
    region: str | None = None,
    pricing: Path | None = None,
    front_door: str | None = None,
) -> tuple[cmp.Comparison, Context]:
    """Compare Lambda with an EC2 and/or Fargate fleet sized for the load (the ``compare`` command's
    options, as texts); ``free_tier=False`` drops the free tier the workload applies."""
    wl, source = workload(workload_file, function, memory, duration, requests, architecture)
    capacity = capacity_model(target_utilization, cpu_per_request, min_instances, unlimited)
    table = tables.lambda_prices(pricing)
    code = workload_region(table, region, workload_file, wl.region)
    where = region_source(region, workload_file)
    found = discounts(discount, plan, pricing)
    fns = wl.functions
    load = _load(wl, capacity, source)
    arch = cmp.fleet_architecture(load)
    if vs not in VERSUS:
        raise UsageError(f"{vs!r}: expected one of {', '.join(VERSUS)}", field="--vs")
    if vs not in ("ec2", "all") and instance is not None:
        raise UsageError("--instance needs --vs ec2 or --vs all", field="--instance")
    ec2 = (
        ec2_units(pricing, code, where, capacity, load, fraction_off(found, "ec2"), instance, arch)
        if vs in ("ec2", "all")
        else None
    )
    fargate = (
        fargate_units(pricing, code, where, capacity, load, fraction_off(found, "fargate"), arch)
        if vs in ("fargate", "all")
        else None
    )
    lmi = lmi_units(pricing, table, code, where, capacity, load, fraction_off(found, "ec2"), fns, vs)
    apply_free = free_tier and bool(wl.free_tier)
    arrays = function_arrays(wl)
    stack = _stack(wl, pricing, code, np.asarray(arrays.requests, dtype=np.float64), front_door)
    ec2, fargate, lmi = _behind(stack, ec2, fargate, lmi)
    result = cmp.compare(
        arrays,
        table.rates(code),
        free_tier=apply_free,
        load=load,
        capacity=capacity,
        ec2=ec2,
        fargate=fargate,
        lambda_discount=fraction_off(found, "lambda"),
        lmi=lmi,
        lambda_stack=stack.lambda_monthly if stack is not None else None,
    )
    surplus = tables.ec2_prices(pricing).unlimited_surplus_credit_per_vcpu_hour if ec2 is not None else None
    context = _context(wl, table, code, apply_free, found, surplus)
    return result, replace(
        context, unconfirmed=_unconfirmed(result, code, pricing), stack=stack, throttled=_throttled(wl, arrays)
    )


def _load(wl: Workload, capacity: cmp.CapacityModel, source: dict[str, Any]) -> cmp.ServiceLoad:
    """The load the workload's functions put on a fleet (refused when it is 0 requests)."""
    fns = wl.functions
    if sum(f.requests for f in fns) <= 0:
        raise UsageError("the load is 0 requests a month; compare needs a load above 0", **source)
    return cmp.service_load(
        [f.memory for f in fns],
        [f.duration for f in fns],
        [f.requests for f in fns],
        capacity,
        traffic_arrays(fns),
        [f.architecture == "arm64" for f in fns],
    )


def _behind(
    stack: CompareStack | None, ec2: cmp.Units | None, fargate: cmp.Units | None, lmi: cmp.Units | None
) -> tuple[cmp.Units | None, cmp.Units | None, cmp.Units | None]:
    """The options with their front door: the fleets behind the stack's load balancer, Managed
    Instances (Lambda) behind the functions' own front door."""
    if stack is None:
        return ec2, fargate, lmi
    if stack.fleet_alb is not None:
        ec2 = None if ec2 is None else replace(ec2, front_door=stack.fleet_alb)
        fargate = None if fargate is None else replace(fargate, front_door=stack.fleet_alb)
    return ec2, fargate, None if lmi is None else replace(lmi, front_door=stack.lambda_front_door)


def _throttled(wl: Workload, arrays: FunctionArrays) -> tuple[tuple[str, float, float], ...]:
    """The functions the workload's concurrency limits throttle: name, requests a month, share."""
    _, throttled = served_arrays(wl, arrays)
    if throttled is None:
        return ()
    share = served_fraction(np.asarray(arrays.requests), throttled)
    return tuple(
        (wl.functions[i].name, float(throttled[i]), float(1.0 - share[i]))
        for i in np.flatnonzero(throttled > 0).tolist()
    )


def _unconfirmed(result: cmp.Comparison, region: str, pricing: Path | None) -> tuple[str, ...]:
    """The rates of the compared options that were derived or not read from AWS for ``region``."""
    out = []
    for opt in result.options:
        if opt.kind == "ec2":
            inst = tables.ec2_prices(pricing).regions[region].instances[opt.name]
            if inst.estimated:
                out.append(f"ec2.{opt.name}" + (f" (scaled from {inst.derived_from})" if inst.derived_from else ""))
        elif opt.kind == "fargate":
            platform = "linux_arm64" if opt.units.architectures[0] == "arm64" else "linux_x86_64"
            if platform in tables.fargate_prices(pricing).regions[region].unconfirmed:
                out.append(f"fargate.{platform}")
    return tuple(out)


def _stack(
    wl: Workload, pricing: Path | None, region: str, requests: np.ndarray, front_door: str | None
) -> CompareStack | None:
    """The front doors compared (``--front-door`` over the workload's), None without any."""
    from lambdacost.core.stack import FRONT_DOORS
    from lambdacost.plan.stack import compare_stack, uses_stack

    if front_door is not None and front_door not in FRONT_DOORS:
        raise UsageError(f"{front_door!r}: expected one of {', '.join(FRONT_DOORS)}", field="--front-door")
    if front_door == "none" or (front_door is None and not uses_stack(wl)):
        return None
    table = tables.stack_prices(pricing)
    _region(table, region, {"field": "--region"})
    return compare_stack(wl, table, region, requests, front_door)


def _context(
    wl: Workload,
    table: LambdaPriceTable,
    region: str,
    free_tier: bool,
    found: list[Discount],
    surplus_credit: float | None,
) -> Context:
    return Context(
        name=wl.name,
        region=region,
        location=table.region(region).location,
        free_tier=free_tier,
        functions=[FunctionSummary(f.name, f.memory, f.architecture, f.duration, f.requests) for f in wl.functions],
        discounts=found,
        hourly_surplus_credit=surplus_credit,
        prices_effective=str(table.effective_date),
    )
