"""The 2026 charges of a workload: its models and price tables laid out for :mod:`lambdacost.core.billing2026`.

Checks what only the price tables can tell (an instance type Managed Instances
cannot use, a rate a region lacks) and raises an error naming the workload
field; the CLI adds the file and the line.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from lambdacost.core import billing2026 as core
from lambdacost.errors import InputFileError

if TYPE_CHECKING:
    from lambdacost.schema.prices import Ec2PriceTable, LambdaPriceTable, ServicesPriceTable
    from lambdacost.schema.workload import Function, Workload

#: The sections of a region's Lambda rates each 2026 line item uses (for the "rates not read from AWS" note).
RATE_SECTION = {
    "managed_instances_fee": "managed_instances",
    "tenant_isolation": "tenant_isolation",
    "response_streaming": "response_streaming",
    "free_tier_streaming": "response_streaming",
    "event_source_epu": "event_source_mapping",
}
#: Durable functions' rates live in services.yaml.
DURABLE_ITEMS = ("durable_operations", "durable_data_written", "durable_data_retained")


@dataclass(frozen=True)
class SizedFleet:
    """A Managed Instances capacity provider sized from the load (no ``instance_hours`` given)."""

    function: str
    instance_type: str
    instance_vcpus: float
    instance_memory_gib: float
    environment_vcpus: float
    environment_memory_mb: float
    concurrency_per_vcpu: int
    peak_factor: float
    load: float  # requests in flight at the sizing load
    environments: float
    environments_per_instance: float
    instances: float
    min_instances: int
    instance_hours: float


@dataclass(frozen=True)
class Plan2026:
    features: core.Features2026
    rates: core.Rates2026
    fleets: tuple[SizedFleet, ...]
    hourly_rates: tuple[tuple[str, str, float, float], ...]  # function, type, on-demand $/h, paid $/h


def _where(i: int, *field: str | int) -> tuple[str | int, ...]:
    return ("functions", i, *field)


def peak_factor(fn: Function) -> float:
    """The function's peak over its monthly average load (1 without a traffic shape)."""
    t = fn.traffic
    if t is None:
        return 1.0
    if t.peak_factor is not None:
        return t.peak_factor
    weights = t.hourly or [1.0]
    return max(weights) / (sum(weights) / len(weights))


def rates_2026(table: LambdaPriceTable, services: ServicesPriceTable | None, region: str) -> core.Rates2026:
    """The region's 2026 rates; NaN where a table has none."""
    reg = table.region(region)
    nan = float("nan")
    durable = services.regions[region].lambda_durable if services and region in services.regions else None
    return core.Rates2026(
        request=np.array([reg.request.x86_64, reg.request.arm64]),
        management_fee=reg.managed_instances.management_fee if reg.managed_instances else nan,
        tenant_isolation=(
            np.array([reg.tenant_isolation.x86_64, reg.tenant_isolation.arm64])
            if reg.tenant_isolation
            else np.array([nan, nan])
        ),
        streaming_gb=reg.response_streaming.gb if reg.response_streaming else nan,
        free_streaming_gb=table.free_tier.streaming_gb,
        durable_operation=durable.operation if durable else nan,
        durable_gb_written=durable.gb_written if durable else nan,
        durable_gb_month=durable.gb_month_retained if durable else nan,
    )


def _missing(workload: Workload, table: LambdaPriceTable, services: ServicesPriceTable | None, region: str) -> None:
    reg = table.region(region)
    checks = (
        ("managed_instances", reg.managed_instances, "lambda.yaml managed_instances"),
        ("tenant_isolation", reg.tenant_isolation, "lambda.yaml tenant_isolation"),
        ("response_streaming", reg.response_streaming, "lambda.yaml response_streaming"),
        ("event_source", reg.event_source_mapping, "lambda.yaml event_source_mapping"),
        ("durable", services.regions.get(region) if services else None, "services.yaml lambda_durable"),
    )
    for i, fn in enumerate(workload.functions):
        for key, rates, where in checks:
            if getattr(fn, key) is not None and rates is None:
                raise InputFileError(
                    f"the price tables have no rates for it in {region} ({where})", field=_where(i, key)
                )


def _instances(workload: Workload, ec2: Ec2PriceTable | None, region: str) -> dict[int, tuple[float, float, float]]:
    """Function index -> (vCPUs, GiB, on-demand $/h) of its Managed Instances type."""
    out: dict[int, tuple[float, float, float]] = {}
    lmi = [(i, fn) for i, fn in enumerate(workload.functions) if fn.managed_instances is not None]
    if not lmi:
        return out
    catalogue = ec2.regions[region].instances if ec2 is not None and region in ec2.regions else {}
    for i, fn in lmi:
        assert fn.managed_instances is not None
        name = fn.managed_instances.instance_type
        field = _where(i, "managed_instances", "instance_type")
        if name not in catalogue:
            known = ", ".join(n for n, it in sorted(catalogue.items()) if it.burstable_baseline is None) or "none"
            raise InputFileError(
                f"{name!r} is not in the EC2 price table for {region}; known types: {known}", field=field
            )
        it = catalogue[name]
        if it.burstable_baseline is not None:
            raise InputFileError(
                f"{name} is a burstable type; Managed Instances run on C, M and R families", field=field
            )
        if it.architecture != fn.architecture:
            raise InputFileError(
                f"{name} is {it.architecture} but the function is {fn.architecture} (set architecture: "
                f"{it.architecture})",
                field=field,
            )
        out[i] = (float(it.vcpus), float(it.memory_gib), float(it.hourly))
    return out


def plan_2026(
    workload: Workload,
    table: LambdaPriceTable,
    region: str,
    *,
    ec2: Ec2PriceTable | None,
    services: ServicesPriceTable | None,
    discounts: dict[str, float],
    served_share: np.ndarray | None = None,
) -> Plan2026:
    """Each function's use of the 2026 features as arrays, the region's rates, and the fleets sized from the load.

    ``served_share`` is the share of each function's requests its concurrency limit serves (None:
    all): the per-request charges (asynchronous event chunks, durable operations, streamed
    responses) are of the served requests only, as AWS bills no throttled invocation."""
    fns = workload.functions
    share = np.ones(len(fns)) if served_share is None else np.asarray(served_share, dtype=np.float64)
    _missing(workload, table, services, region)
    lmi = _managed_instances(workload, _instances(workload, ec2, region), discounts.get("ec2", 0.0))
    invocations = _col([f.durable.invocations_per_execution if f.durable else 1.0 for f in fns])
    stream = [f.response_streaming for f in fns]
    streamed = [
        (s.responses if s.responses is not None else f.requests) if s else 0.0 for f, s in zip(fns, stream, strict=True)
    ]
    esm = [f.event_source for f in fns]
    reg = table.region(region).event_source_mapping
    epu_rate = {"sqs": reg.sqs_epu_hour if reg else np.nan, "kafka": reg.kafka_epu_hour if reg else np.nan}
    durable = [f.durable for f in fns]
    features = core.Features2026(
        memory_mb=_col([f.memory for f in fns]),
        is_arm=np.array([f.architecture == "arm64" for f in fns]),
        requests=_col([f.requests for f in fns]) * invocations * share,
        async_event_kb=_col([f.async_event_size or 0.0 for f in fns]),
        lmi_instance_hours=lmi.hours,
        lmi_on_demand_hourly=lmi.on_demand,
        lmi_paid_hourly=lmi.paid,
        durable_executions=_col([f.requests if f.durable else 0.0 for f in fns]) * share,
        durable_operations=_col([d.operations_per_execution if d else 0.0 for d in durable]),
        durable_kb_written=_col([d.data_written_per_execution if d else 0.0 for d in durable]),
        durable_retained_days=_col([d.running_days + d.retention_days if d else 0.0 for d in durable]),
        tenant_environments=_col([f.tenant_isolation.environments_per_month if f.tenant_isolation else 0 for f in fns]),
        stream_responses=_col(streamed) * share,
        stream_response_mb=_col([s.response_size if s else 0.0 for s in stream]),
        epu_hours=_col([e.epu_hours if e else 0.0 for e in esm]),
        epu_rate=_col([epu_rate[e.type] if e else 0.0 for e in esm]),
        lambda_discount=discounts.get("lambda", 0.0),
    )
    return Plan2026(features, rates_2026(table, services, region), lmi.fleets, lmi.hourly)


def _col(values: list[float]) -> np.ndarray:
    return np.array(values, dtype=np.float64)


@dataclass(frozen=True)
class _Lmi:
    hours: np.ndarray
    on_demand: np.ndarray
    paid: np.ndarray
    fleets: tuple[SizedFleet, ...]
    hourly: tuple[tuple[str, str, float, float], ...]


def _managed_instances(workload: Workload, instances: dict[int, tuple[float, float, float]], ec2_off: float) -> _Lmi:
    """Instance-hours (given, or sized from the load in one vectorized call) and the rates of each LMI function."""
    fns = workload.functions
    n = len(fns)
    hours, on_demand, paid = np.zeros(n), np.zeros(n), np.zeros(n)
    if not instances:
        return _Lmi(hours, on_demand, paid, (), ())
    idx = np.array(sorted(instances))
    spec = np.array([instances[i] for i in idx])
    lmi = [fns[i].managed_instances for i in idx]
    settings = [m for m in lmi if m is not None]
    invocations = _col([fns[i].durable.invocations_per_execution if fns[i].durable else 1.0 for i in idx])
    fleet = core.managed_instance_fleet(
        _col([fns[i].requests for i in idx]) * invocations,
        _col([fns[i].duration for i in idx]) / invocations,
        _col([fns[i].memory for i in idx]),
        spec[:, 0],
        spec[:, 1],
        peak_factor=_col([peak_factor(fns[i]) for i in idx]),
        memory_per_vcpu_gib=_col([m.memory_per_vcpu for m in settings]),
        concurrency_per_vcpu=_col([m.concurrency_per_vcpu for m in settings]),
        min_instances=_col([m.min_instances for m in settings]),
    )
    fleets, hourly = [], []
    for j, i in enumerate(idx):
        m = settings[j]
        if fleet.environments_per_instance[j] < 1:
            raise InputFileError(
                f"an execution environment of {fns[i].memory:,} MB and {fleet.environment_vcpus[j]:g} vCPU does "
                f"not fit on {m.instance_type} ({spec[j, 0]:g} vCPU, {spec[j, 1]:g} GiB)",
                field=_where(int(i), "managed_instances", "instance_type"),
            )
        hours[i] = m.instance_hours if m.instance_hours is not None else fleet.instance_hours[j]
        on_demand[i] = spec[j, 2]
        paid[i] = m.hourly_rate if m.hourly_rate is not None else spec[j, 2] * (1.0 - ec2_off)
        hourly.append((fns[i].name, m.instance_type, float(on_demand[i]), float(paid[i])))
        if m.instance_hours is None:
            fleets.append(_sized(fns[int(i)], m, spec[j], fleet, j))
    return _Lmi(hours, on_demand, paid, tuple(fleets), tuple(hourly))


def _sized(fn: Function, m: object, spec: np.ndarray, fleet: core.Fleet, j: int) -> SizedFleet:
    from lambdacost.schema.billing2026 import ManagedInstances

    assert isinstance(m, ManagedInstances)
    env_vcpus = float(fleet.environment_vcpus[j])
    return SizedFleet(
        function=fn.name,
        instance_type=m.instance_type,
        instance_vcpus=float(spec[0]),
        instance_memory_gib=float(spec[1]),
        environment_vcpus=env_vcpus,
        environment_memory_mb=float(fn.memory),
        concurrency_per_vcpu=m.concurrency_per_vcpu,
        peak_factor=peak_factor(fn),
        load=fn.requests / (core.HOURS_PER_MONTH * 3600) * fn.duration / 1000 * peak_factor(fn),
        environments=float(fleet.environments[j]),
        environments_per_instance=float(fleet.environments_per_instance[j]),
        instances=float(fleet.instances[j]),
        min_instances=m.min_instances,
        instance_hours=float(fleet.instance_hours[j]),
    )


def unconfirmed_used(
    table: LambdaPriceTable,
    services: ServicesPriceTable | None,
    region: str,
    used: set[str],
    architectures: Set[str] | None = None,
) -> tuple[list[str], list[str]]:
    """The unconfirmed rates an estimate uses and the notes on them.

    The region's classic rates always; a 2026 section's (and durable functions') only where a line item of
    theirs is used (and a per-architecture one only for ``architectures`` that use the 2026 features).
    """
    reg = table.region(region)
    rates, notes = list(reg.unconfirmed), [reg.notes] if reg.unconfirmed and reg.notes else []
    for section in sorted({RATE_SECTION[k] for k in used if k in RATE_SECTION}):
        flagged = getattr(reg, section)
        # A per-architecture rate counts only where a function of that architecture uses the section.
        wanted = (
            [
                u
                for u in flagged.unconfirmed
                if architectures is None or u not in ("x86_64", "arm64") or u in architectures
            ]
            if flagged
            else []
        )
        if wanted:
            rates += [f"{section}.{u}" for u in wanted]
            notes += [f"{section}: {flagged.notes}"] if flagged.notes else []
    svc = services.regions.get(region) if services is not None else None
    if svc is not None and used & set(DURABLE_ITEMS):
        durable = [u for u in svc.unconfirmed if u.startswith("lambda_durable")]
        rates += [f"services.{u}" for u in durable]
        notes += [svc.notes] if durable and svc.notes else []
    return rates, notes
