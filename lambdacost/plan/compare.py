"""``compare``'s inputs as :mod:`lambdacost.core.compare` needs them: the workload (a file's, or one
function described by options), the discounts in force, and the EC2 and Fargate units of a region."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdacost.schema.workload import Workload

#: What each service's discount is taken off.
DISCOUNT_SCOPE = {
    "lambda": "Lambda duration and provisioned concurrency (not requests)",
    "ec2": "EC2 instance-hours (not surplus credits)",
    "fargate": "Fargate vCPU-hours and GB-hours",
}
FLAG_OF_FIELD = {
    "memory": "--memory",
    "duration": "--duration",
    "requests": "--requests",
    "architecture": "--architecture",
}


def parse(parser: Any, value: str, flag: str) -> float:
    from lambdacost.errors import UsageError

    try:
        return float(parser(value))
    except ValueError as exc:
        raise UsageError(str(exc), field=flag) from None


def workload(
    path: Path | None,
    function: str | None,
    memory: str | None,
    duration: str | None,
    requests: str | None,
    architecture: str,
) -> tuple[Workload, dict[str, Any]]:
    """The workload to compare (the file's, or one function from the flags) and where its load came from."""
    from pydantic import ValidationError

    from lambdacost.errors import UsageError
    from lambdacost.io import loader
    from lambdacost.schema.workload import Function, Workload

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
        raise UsageError(message, field=FLAG_OF_FIELD.get(str(loc), "--memory")) from None
    return Workload(name="function", functions=[fn]), {"field": "--requests"}


def discounts(given: list[str], plan: str | None, pricing: Path | None) -> dict[str, tuple[float, str]]:
    """Service -> (fraction off, where it came from): the plan's, then each --discount over it."""
    from lambdacost.errors import UsageError
    from lambdacost.io import tables
    from lambdacost.schema import units

    out: dict[str, tuple[float, str]] = {}
    if plan is not None:
        table = tables.discounts(pricing)
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


def ec2_units(
    pricing: Path | None,
    region: str,
    where: dict[str, Any],
    capacity: Any,
    load: Any,
    discount: float,
    instance: str | None,
) -> Any:
    import numpy as np

    from lambdacost.core import compare as cmp
    from lambdacost.errors import PricingError, UsageError
    from lambdacost.io import tables

    table = tables.ec2_prices(pricing)
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


def fargate_units(
    pricing: Path | None, region: str, where: dict[str, Any], capacity: Any, load: Any, discount: float, fns: list[Any]
) -> Any:
    from lambdacost.core import compare as cmp
    from lambdacost.errors import PricingError, UsageError
    from lambdacost.io import tables

    table = tables.fargate_prices(pricing)
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
