"""Fleets of servers: EC2 instances, Managed Instances and Fargate tasks as arrays of units, and a fleet's count and cost at a load.

Pure numpy; used by :mod:`lambdacost.core.compare`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lambdacost.core.engine import HOURS_PER_MONTH
from lambdacost.core.load import CapacityModel, ServiceLoad
from lambdacost.core.stack import FleetFrontDoor

Array = NDArray[np.float64]

#: A fleet count is ``ceil(need / capacity)``; needs within this of a whole unit count as it.
_CEIL_SLACK = 1e-9


@dataclass(frozen=True)
class Units:
    """Candidate fleet units (instance types or task sizes), one element per unit."""

    kind: str  # "ec2" or "fargate"
    names: tuple[str, ...]
    architectures: tuple[str, ...]
    vcpus: Array
    memory_mb: Array
    on_demand_monthly: Array  # 730 h at the on-demand rate
    monthly: Array  # after the discount
    cpu_capacity: Array  # vCPUs one unit supplies to the load
    memory_capacity_mb: Array  # memory one unit supplies to the load
    baseline_vcpus: Array  # unlimited mode: CPU a unit sustains without surplus credits (else 0)
    surplus_monthly_per_vcpu: Array  # unlimited mode: $ a month per vCPU above the baseline (else 0)
    fits: NDArray[np.bool_]  # one request fits in one unit
    burstable: NDArray[np.bool_]
    per_request: Array | None = None  # Managed Instances: the request charge, $ per request (else none)
    front_door: FleetFrontDoor | None = None  # an Application Load Balancer in front of the fleet (else none)

    def __len__(self) -> int:
        return len(self.names)

    def take(self, index: ArrayLike) -> Units:
        """The units at ``index`` (an integer array), in that order."""
        idx = np.atleast_1d(np.asarray(index, dtype=np.intp))
        return Units(
            self.kind,
            tuple(self.names[i] for i in idx),
            tuple(self.architectures[i] for i in idx),
            **{f: getattr(self, f)[idx] for f in _ARRAY_FIELDS},
            per_request=None if self.per_request is None else self.per_request[idx],
            front_door=self.front_door,
        )


_ARRAY_FIELDS = (
    "vcpus",
    "memory_mb",
    "on_demand_monthly",
    "monthly",
    "cpu_capacity",
    "memory_capacity_mb",
    "baseline_vcpus",
    "surplus_monthly_per_vcpu",
    "fits",
    "burstable",
)


def ec2_units(
    names: tuple[str, ...],
    architectures: tuple[str, ...],
    vcpus: ArrayLike,
    memory_gib: ArrayLike,
    hourly: ArrayLike,
    burstable_baseline: ArrayLike,
    surplus_credit_per_vcpu_hour: float,
    capacity: CapacityModel,
    load: ServiceLoad,
    discount: float = 0.0,
) -> Units:
    """EC2 instance types as fleet units; ``burstable_baseline`` is NaN for fixed-performance types."""
    v = np.asarray(vcpus, dtype=np.float64)
    mem = np.asarray(memory_gib, dtype=np.float64) * 1024.0
    base = np.asarray(burstable_baseline, dtype=np.float64)
    burstable = ~np.isnan(base)
    on_demand = np.asarray(hourly, dtype=np.float64) * HOURS_PER_MONTH
    u = capacity.target_utilization
    if capacity.unlimited:
        cpu = v * u
        baseline_vcpus = np.where(burstable, v * np.nan_to_num(base), 0.0)
        surplus = np.where(burstable, surplus_credit_per_vcpu_hour * HOURS_PER_MONTH, 0.0)
    else:
        cpu = v * np.where(burstable, np.nan_to_num(base), 1.0) * u
        baseline_vcpus = np.zeros_like(v)
        surplus = np.zeros_like(v)
    mem_cap = mem * u
    return Units(
        kind="ec2",
        names=tuple(names),
        architectures=tuple(architectures),
        vcpus=v,
        memory_mb=mem,
        on_demand_monthly=on_demand,
        monthly=on_demand * (1.0 - discount),
        cpu_capacity=cpu,
        memory_capacity_mb=mem_cap,
        baseline_vcpus=baseline_vcpus,
        surplus_monthly_per_vcpu=surplus,
        fits=mem_cap >= load.request_memory_mb,
        burstable=burstable,
    )


def managed_instance_units(ec2: Units, fee_share: float, request_rate: float, discount: float = 0.0) -> Units:
    """Lambda Managed Instances on the catalogue's fixed-performance types (no t3/t4g), as fleet units.

    Sized like EC2 (the same capacity model), each instance costs its on-demand
    price less the EC2 ``discount`` plus the management fee, ``fee_share`` of the
    on-demand price (never discounted); every request pays ``request_rate``.
    """
    keep = np.flatnonzero(~ec2.burstable)
    units = ec2.take(keep)
    od = units.on_demand_monthly
    return replace(
        units,
        kind="lmi",
        monthly=od * (1.0 - discount) + od * fee_share,
        per_request=np.full(len(keep), request_rate),
    )


def fargate_units(
    sizes: list[tuple[float, float]],
    vcpu_hour: float,
    gb_hour: float,
    architecture: str,
    capacity: CapacityModel,
    load: ServiceLoad,
    discount: float = 0.0,
) -> Units:
    """The smallest valid Fargate task size that holds one request, as a one-element :class:`Units`.

    It has at least the vCPU share of one request, and one request's memory
    within ``memory x target utilisation``. Fargate's price is linear in vCPU
    and memory, so the smallest size is also the finest-grained fleet.
    """
    vcpu = np.array([s[0] for s in sizes], dtype=np.float64)
    gb = np.array([s[1] for s in sizes], dtype=np.float64)
    hourly = vcpu * vcpu_hour + gb * gb_hour
    u = capacity.target_utilization
    ok = (vcpu >= load.request_vcpus - 1e-12) & (gb * 1024.0 * u >= load.request_memory_mb)
    # None fits: the largest, reported as not fitting.
    chosen = int(np.flatnonzero(ok)[np.argmin(hourly[ok])]) if ok.any() else int(np.argmax(vcpu * 1e6 + gb))
    on_demand = hourly[chosen : chosen + 1] * HOURS_PER_MONTH
    v, m = vcpu[chosen : chosen + 1], gb[chosen : chosen + 1] * 1024.0
    return Units(
        kind="fargate",
        names=(f"{_num(vcpu[chosen])} vCPU, {_num(gb[chosen])} GB",),
        architectures=(architecture,),
        vcpus=v,
        memory_mb=m,
        on_demand_monthly=on_demand,
        monthly=on_demand * (1.0 - discount),
        cpu_capacity=v * u,
        memory_capacity_mb=m * u,
        baseline_vcpus=np.zeros(1),
        surplus_monthly_per_vcpu=np.zeros(1),
        fits=ok[chosen : chosen + 1].copy(),
        burstable=np.zeros(1, dtype=bool),
    )


def _num(x: float) -> str:
    return f"{x:g}"


def fleet_counts(units: Units, load: ServiceLoad, k: ArrayLike, min_units: int) -> Array:
    """Units needed at load multipliers ``k``: shape ``(units, loads)``.

    The fleet runs all month, so it is sized for the peak hour's vCPUs and
    memory (the averages for flat traffic).
    """
    kk = np.asarray(k, dtype=np.float64).reshape(1, -1)
    cpu = kk * load.peak_vcpus / units.cpu_capacity[:, None]
    mem = kk * load.peak_memory_mb / units.memory_capacity_mb[:, None]
    n = np.maximum(np.ceil(cpu - _CEIL_SLACK), np.ceil(mem - _CEIL_SLACK))
    return np.asarray(np.maximum(n, float(min_units)))


def hour_levels(load: ServiceLoad) -> tuple[Array, Array]:
    """The distinct hourly CPU levels of the load (vCPUs at ``k = 1``) and the share of the day at each."""
    levels, hours = np.unique(np.asarray(load.hourly_vcpus, dtype=np.float64), return_counts=True)
    return levels, hours / hours.sum()


def surplus_vcpus(units: Units, load: ServiceLoad, k: ArrayLike, counts: Array) -> Array:
    """vCPUs used above the burstable baseline, averaged over the hours of the day (billed as surplus
    credits in unlimited mode; 0 for the units that bill none): shape ``(units, loads)``."""
    kk = np.asarray(k, dtype=np.float64).reshape(1, -1, 1)
    levels, share = hour_levels(load)
    above = np.maximum(kk * levels - (counts * units.baseline_vcpus[:, None])[..., None], 0.0)
    charged = units.surplus_monthly_per_vcpu[:, None] > 0
    return np.asarray(np.where(charged, above @ share, 0.0))


def fleet_cost(units: Units, load: ServiceLoad, k: ArrayLike, counts: Array) -> Array:
    """Monthly cost of ``counts`` units at load multipliers ``k``: shape ``(units, loads)``.

    Units that cannot hold one request cost infinity.
    """
    kk = np.asarray(k, dtype=np.float64).reshape(1, -1)
    cost = (
        counts * units.monthly[:, None]
        + surplus_vcpus(units, load, k, counts) * units.surplus_monthly_per_vcpu[:, None]
    )
    if units.per_request is not None:
        cost = cost + kk * load.requests_per_month * units.per_request[:, None]
    if units.front_door is not None:  # hours fixed, LCUs in proportion to the load
        cost = cost + units.front_door.hours_monthly + kk * units.front_door.lcu_monthly
    return np.asarray(np.where(units.fits[:, None], cost, np.inf))


def rank_units(units: Units, load: ServiceLoad, min_units: int) -> tuple[NDArray[np.intp], Array, Array]:
    """Order the units by monthly cost at the given load (cheapest first; ties by name).

    Returns the order, and the counts and costs at ``k = 1`` (in the units' own order).
    """
    counts = fleet_counts(units, load, [1.0], min_units)[:, 0]
    costs = fleet_cost(units, load, [1.0], counts[:, None])[:, 0]
    order = np.lexsort((np.array(units.names), costs))
    return order, counts, costs
