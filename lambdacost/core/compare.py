"""Lambda against a server fleet (EC2 instances or Fargate tasks): pure numpy.

No file access, no printing, no imports of typer, rich or yaml. The load is a
multiplier ``k`` of the workload's own load (``k = 1``: the requests it gives);
every cost is a function of ``k``, evaluated on arrays of ``k``.

The capacity model (every number here is shown to the user as an assumption):

* A request needs ``duration x vCPU share`` vCPU-seconds, where the vCPU share
  is the function's Lambda CPU allocation, ``min(memory MB / 1,769, 6)``, unless
  a CPU time per request is given. The service needs on average
  ``requests/s x vCPU-seconds per request`` vCPUs.
* It holds on average ``requests/s x duration s`` requests at once (Little's
  law), each with the function's memory setting.
* A unit (an instance or a task) supplies ``vCPUs x target utilisation``; a
  burstable instance (t3, t4g) only its baseline share of each vCPU, unless it
  runs in unlimited mode, where it supplies the full vCPUs and the CPU used
  above the baseline is billed as surplus credits per vCPU-hour. A unit
  supplies ``memory x target utilisation`` of memory, and must hold at least
  one request (the largest memory setting) in that.
* The fleet is ``max(min units, ceil(vCPUs needed / per unit),
  ceil(memory needed / per unit))`` units, running 730 hours a month.

The Lambda cost comes from :func:`lambdacost.core.engine.price_functions`, with the
requests scaled along a leading scenario axis. It is continuous, non-decreasing
and piecewise linear in ``k`` (request and GB-second free tier, volume tiers,
provisioned concurrency caps); the fleet cost is a step function (plus, in
unlimited mode, a linear surplus-credit charge within each step). The break-even
is found exactly: the breakpoints of both are enumerated, and on each piece
where both are linear the crossing is solved as a linear equation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lambdacost.core.billing2026 import LMI_MIN_INSTANCES
from lambdacost.core.engine import (
    HOURS_PER_MONTH,
    SECONDS_PER_MONTH,
    Costs,
    FunctionArrays,
    LambdaRates,
    billed_ms,
    price_functions,
)
from lambdacost.core.stack import FleetFrontDoor

Array = NDArray[np.float64]

#: At 1,769 MB a Lambda function has the equivalent of one vCPU (AWS docs).
LAMBDA_MB_PER_VCPU = 1769.0
#: The most vCPUs a Lambda function gets (at 10,240 MB).
LAMBDA_MAX_VCPUS = 6.0
#: The break-even is searched up to this multiple of the given load.
BREAK_EVEN_SEARCH_MAX = 1000.0
#: The chart spans this range of multiples of the given load.
CHART_RANGE = (0.01, 100.0)
#: The Lambda line items a Compute Savings Plan covers (duration and provisioned concurrency).
SAVINGS_PLAN_LAMBDA_ITEMS = (
    "duration",
    "init_duration",
    "free_tier_duration",
    "provisioned_concurrency",
    "provisioned_duration",
)
#: Fleet step points handled in one vectorized pass of the break-even search.
_WINDOW_POINTS = 1_000_000
#: A fleet count is ``ceil(need / capacity)``; needs within this of a whole unit count as it.
_CEIL_SLACK = 1e-9


@dataclass(frozen=True)
class CapacityModel:
    """How a fleet is sized: the settings the user can change."""

    target_utilization: float = 0.6
    min_units: int = 1
    unlimited: bool = False
    cpu_seconds_per_request: float | None = None


@dataclass(frozen=True)
class ServiceLoad:
    """What the functions, as one service, need at the given load (``k = 1``)."""

    requests_per_month: float
    vcpus: float  # average vCPUs busy
    memory_mb: float  # average memory held by the requests in flight
    concurrency: float  # average requests in flight
    request_memory_mb: float  # the largest memory setting: one request must fit a unit
    request_vcpus: float  # the largest vCPU share of one request

    @property
    def requests_per_second(self) -> float:
        return self.requests_per_month / SECONDS_PER_MONTH


def vcpu_share(memory_mb: ArrayLike) -> Array:
    """Lambda's CPU allocation: ``memory / 1,769 MB`` vCPUs, at most 6."""
    return np.asarray(np.minimum(np.asarray(memory_mb, dtype=np.float64) / LAMBDA_MB_PER_VCPU, LAMBDA_MAX_VCPUS))


def service_load(
    memory_mb: ArrayLike, duration_ms: ArrayLike, requests: ArrayLike, capacity: CapacityModel
) -> ServiceLoad:
    """The load of functions (one element per function) run as one service."""
    memory = np.atleast_1d(np.asarray(memory_mb, dtype=np.float64))
    seconds = np.atleast_1d(np.asarray(duration_ms, dtype=np.float64)) / 1000.0
    reqs = np.atleast_1d(np.asarray(requests, dtype=np.float64))
    rps = reqs / SECONDS_PER_MONTH
    if capacity.cpu_seconds_per_request is None:
        cpu_seconds = seconds * vcpu_share(memory)
    else:
        cpu_seconds = np.full_like(seconds, capacity.cpu_seconds_per_request)
    concurrency = rps * seconds
    return ServiceLoad(
        requests_per_month=float(reqs.sum()),
        vcpus=float(np.sum(rps * cpu_seconds)),
        memory_mb=float(np.sum(concurrency * memory)),
        concurrency=float(concurrency.sum()),
        request_memory_mb=float(memory.max()),
        request_vcpus=float(np.max(cpu_seconds / seconds)),
    )


# ---------------------------------------------------------------- fleets


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
    """Units needed at load multipliers ``k``: shape ``(units, loads)``."""
    kk = np.asarray(k, dtype=np.float64).reshape(1, -1)
    cpu = kk * load.vcpus / units.cpu_capacity[:, None]
    mem = kk * load.memory_mb / units.memory_capacity_mb[:, None]
    n = np.maximum(np.ceil(cpu - _CEIL_SLACK), np.ceil(mem - _CEIL_SLACK))
    return np.asarray(np.maximum(n, float(min_units)))


def fleet_cost(units: Units, load: ServiceLoad, k: ArrayLike, counts: Array) -> Array:
    """Monthly cost of ``counts`` units at load multipliers ``k``: shape ``(units, loads)``.

    Units that cannot hold one request cost infinity.
    """
    kk = np.asarray(k, dtype=np.float64).reshape(1, -1)
    surplus = np.maximum(kk * load.vcpus - counts * units.baseline_vcpus[:, None], 0.0)
    cost = counts * units.monthly[:, None] + surplus * units.surplus_monthly_per_vcpu[:, None]
    if units.per_request is not None:
        cost = cost + kk * load.requests_per_month * units.per_request[:, None]
    if units.front_door is not None:  # hours fixed, LCUs in proportion to the load
        cost = cost + units.front_door.hours_monthly + kk * units.front_door.lcu_monthly
    return np.asarray(np.where(units.fits[:, None], cost, np.inf))


def surplus_vcpus(units: Units, load: ServiceLoad, k: ArrayLike, counts: Array) -> Array:
    """vCPUs used above the burstable baseline (billed as surplus credits in unlimited mode)."""
    kk = np.asarray(k, dtype=np.float64).reshape(1, -1)
    charged = units.surplus_monthly_per_vcpu[:, None] > 0
    return np.asarray(np.where(charged, np.maximum(kk * load.vcpus - counts * units.baseline_vcpus[:, None], 0.0), 0.0))


def rank_units(units: Units, load: ServiceLoad, min_units: int) -> tuple[NDArray[np.intp], Array, Array]:
    """Order the units by monthly cost at the given load (cheapest first; ties by name).

    Returns the order, and the counts and costs at ``k = 1`` (in the units' own order).
    """
    counts = fleet_counts(units, load, [1.0], min_units)[:, 0]
    costs = fleet_cost(units, load, [1.0], counts[:, None])[:, 0]
    order = np.lexsort((np.array(units.names), costs))
    return order, counts, costs


# ---------------------------------------------------------------- Lambda as a function of load


def _scaled(fn: FunctionArrays, k: ArrayLike) -> FunctionArrays:
    kk = np.asarray(k, dtype=np.float64).reshape(-1, 1)
    return replace(fn, requests=kk * np.asarray(fn.requests, dtype=np.float64).reshape(1, -1))


def lambda_costs(fn: FunctionArrays, rates: LambdaRates, free_tier: bool, k: ArrayLike) -> Costs:
    """The engine's costs at load multipliers ``k`` (leading axis: loads)."""
    return price_functions(_scaled(fn, k), rates, free_tier=free_tier)


def lambda_monthly(costs: Costs, discount: float = 0.0) -> Array:
    """The workload's monthly Lambda cost per load, less a Savings Plan ``discount`` on duration and PC."""
    total = np.asarray(costs.workload_total, dtype=np.float64)
    if discount:
        covered = sum(np.sum(costs.cost[key], axis=-1) for key in SAVINGS_PLAN_LAMBDA_ITEMS)
        total = total - discount * np.asarray(covered)
    return np.asarray(total)


class LambdaCurve:
    """The monthly Lambda cost as a function of the load multiplier.

    Holds the cost at every breakpoint in ``[0, k_max]``; between breakpoints
    the cost is linear, so :meth:`__call__` interpolates exactly.
    :meth:`exact` asks the engine.
    """

    def __init__(
        self,
        fn: FunctionArrays,
        rates: LambdaRates,
        free_tier: bool,
        discount: float = 0.0,
        k_max: float = BREAK_EVEN_SEARCH_MAX,
        extra: Callable[[Array], Array] | None = None,
    ) -> None:
        self.fn, self.rates, self.free_tier, self.discount, self.k_max = fn, rates, free_tier, discount, k_max
        self.extra = extra  # the stack around the functions (front door) at each load, added to Lambda's cost
        self.knots, self.values = self._breakpoints()

    def exact(self, k: ArrayLike) -> Array:
        """The cost at ``k`` from the engine (and the stack around the functions, if any)."""
        cost = lambda_monthly(lambda_costs(self.fn, self.rates, self.free_tier, k), self.discount)
        if self.extra is None:
            return cost
        return np.asarray(cost + self.extra(np.atleast_1d(np.asarray(k, dtype=np.float64))).reshape(cost.shape))

    def __call__(self, k: ArrayLike) -> Array:
        kk = np.asarray(k, dtype=np.float64)
        inside = np.interp(kk, self.knots, self.values)
        if np.any(kk > self.k_max):
            return np.asarray(
                np.where(kk > self.k_max, self.exact(np.maximum(kk, self.k_max)).reshape(kk.shape), inside)
            )
        return np.asarray(inside)

    def _breakpoints(self) -> tuple[Array, Array]:
        fn, rates, k_max = self.fn, self.rates, self.k_max
        req1 = np.atleast_1d(np.asarray(fn.requests, dtype=np.float64))
        n = req1.size
        shape = (n,)
        knots = [0.0, k_max]

        # Provisioned concurrency serves min(requests x hours / 730, capacity) (or a given count).
        pc_count = np.broadcast_to(np.asarray(fn.pc_count, dtype=np.float64), shape)
        pc = (pc_count > 0) & (req1 > 0)
        if pc.any():
            hours = np.broadcast_to(np.asarray(fn.pc_hours, dtype=np.float64), shape)[pc]
            seconds = np.maximum(np.broadcast_to(billed_ms(fn.duration_ms), shape)[pc], 1.0) / 1000.0
            cap = pc_count[pc] * hours * 3600.0 / seconds
            asked = np.broadcast_to(np.asarray(fn.pc_requests_served, dtype=np.float64), shape)[pc]
            r = req1[pc]
            default_kink = cap / (r * hours / HOURS_PER_MONTH)
            given_kink = np.minimum(asked, cap) / r
            knots += list(np.where(np.isnan(asked), default_kink, given_kink))

        # The request free tier ends where the non-Edge requests reach it.
        is_edge = np.broadcast_to(np.asarray(fn.is_edge, dtype=bool), shape)
        lambda_req = float(req1[~is_edge].sum())
        if self.free_tier and lambda_req > 0:
            knots.append(rates.free_requests / lambda_req)

        def gb_seconds(k: Array) -> tuple[Array, Array]:
            """On-demand GB-s per architecture (x86_64, arm64) at ``k``: shape ``(len(k), 2)``."""
            costs = lambda_costs(fn, rates, self.free_tier, k)
            gbs = costs.quantity["duration"] + costs.quantity["init_duration"]
            arm = np.broadcast_to(np.asarray(fn.is_arm, dtype=bool), gbs.shape)
            by_arch = np.stack(
                [np.sum(np.where(arm, 0.0, gbs), axis=-1), np.sum(np.where(arm, gbs, 0.0), axis=-1)], axis=-1
            )
            return by_arch, costs.workload_total

        # The GB-s free tier ends where the on-demand GB-s reach it.
        k1 = _clean(knots, k_max)
        g, _ = gb_seconds(k1)
        total = g.sum(axis=-1)
        if self.free_tier:
            knots += list(_first_reach(k1, total, np.array([rates.free_gb_seconds])))
        # Tier boundaries, on the GB-s left after the free tier, per architecture.
        k2 = _clean(knots, k_max)
        g, _ = gb_seconds(k2)
        total = g.sum(axis=-1, keepdims=True)
        free = np.minimum(rates.free_gb_seconds if self.free_tier else 0.0, total)
        net = g - free * np.divide(g, total, out=np.zeros_like(g), where=total > 0)
        for a in range(2):
            ends = rates.tier_end[a][np.isfinite(rates.tier_end[a])]
            knots += list(_first_reach(k2, net[:, a], ends))

        # Check linearity between the knots with the engine itself; split any
        # piece that is not (a combination the analysis above does not cover).
        k = _clean(knots, k_max)
        v = self.exact(k)
        for _ in range(40):
            mid = (k[:-1] + k[1:]) / 2.0
            vm = self.exact(mid)
            bad = np.abs(vm - (v[:-1] + v[1:]) / 2.0) > 1e-9 * np.maximum(1.0, np.abs(vm))
            if not bad.any():
                break
            k = np.concatenate([k, mid[bad]])
            v = np.concatenate([v, vm[bad]])
            order = np.argsort(k, kind="stable")
            k, v = k[order], v[order]
        return k, v


def _clean(knots: list[float], k_max: float) -> Array:
    arr = np.asarray(knots, dtype=np.float64)
    arr = arr[np.isfinite(arr) & (arr >= 0) & (arr <= k_max)]
    return np.unique(arr)


def _first_reach(x: Array, y: Array, targets: Array) -> Array:
    """For a non-decreasing, piecewise-linear ``y(x)`` known at ``x``, the first ``x`` where it reaches each target."""
    yy = np.maximum.accumulate(y)
    t = np.asarray(targets, dtype=np.float64)
    t = t[(t > yy[0]) & (t <= yy[-1])]
    i = np.searchsorted(yy, t, side="left")
    x0, x1, y0, y1 = x[i - 1], x[i], yy[i - 1], yy[i]
    return np.asarray(x0 + (t - y0) * (x1 - x0) / (y1 - y0))


# ---------------------------------------------------------------- break-even


def _fleet_points(units: Units, load: ServiceLoad, lo: float, hi: float) -> Array:
    """Every load multiplier in ``(lo, hi]`` where the fleet's count or surplus slope changes."""
    spacings = [units.cpu_capacity[0] / load.vcpus, units.memory_capacity_mb[0] / load.memory_mb]
    if units.surplus_monthly_per_vcpu[0] > 0 and units.baseline_vcpus[0] > 0:
        spacings.append(units.baseline_vcpus[0] / load.vcpus)
    parts = []
    for s in spacings:
        j = np.arange(np.floor(lo / s) + 1.0, np.floor(hi / s) + 1.0)
        parts.append(j * s)
    return np.concatenate(parts) if parts else np.zeros(0)


def _window_end(units: Units, load: ServiceLoad, lo: float, k_max: float) -> float:
    density = load.vcpus / units.cpu_capacity[0] + load.memory_mb / units.memory_capacity_mb[0]
    if units.surplus_monthly_per_vcpu[0] > 0 and units.baseline_vcpus[0] > 0:
        density += load.vcpus / units.baseline_vcpus[0]
    return float(min(k_max, lo + _WINDOW_POINTS / density))


def break_even(
    units: Units, load: ServiceLoad, curve: LambdaCurve, min_units: int, k_max: float = BREAK_EVEN_SEARCH_MAX
) -> float | None:
    """The smallest load multiplier ``k`` in ``[0, k_max]`` where the fleet (one unit type) costs no more than Lambda.

    None if there is none. The fleet cost is constant (or linear, with
    surplus credits) between its step points; Lambda's is linear between its
    breakpoints; on each piece between the union of both, the difference is
    linear and its zero is solved directly. A piece ``(lo, hi]`` has the fleet
    count of its inside (a count changes just after a step point).
    """
    if not units.fits[0]:
        return None
    lo = 0.0
    while lo < k_max:
        hi = _window_end(units, load, lo, k_max)
        lambda_knots = curve.knots[(curve.knots > lo) & (curve.knots < hi)]
        pts = np.unique(np.concatenate([[lo, hi], lambda_knots, _fleet_points(units, load, lo, hi)]))
        a, b = pts[:-1], pts[1:]
        counts = fleet_counts(units, load, (a + b) / 2.0, min_units)
        cost_a = fleet_cost(units, load, a, counts)[0]
        cost_b = fleet_cost(units, load, b, counts)[0]
        d_a = cost_a - curve(a)
        d_b = cost_b - curve(b)
        hit = (d_a <= 0) | (d_b <= 0)
        if hit.any():
            i = int(np.argmax(hit))
            if d_a[i] <= 0:
                return float(a[i])
            k = a[i] + d_a[i] * (b[i] - a[i]) / (d_a[i] - d_b[i])
            return float(min(max(k, a[i]), b[i]))
        lo = hi
    return None


@dataclass(frozen=True)
class Step:
    """One step of a fleet: ``count`` units from load ``k_from`` (exclusive) to ``k_to``."""

    count: int
    k_from: float
    k_to: float
    monthly: float  # at the start of the step (without surplus credits above it)


def fleet_steps(units: Units, load: ServiceLoad, min_units: int, k_to: float, limit: int = 20) -> list[Step]:
    """The fleet's first steps (at most ``limit``), up to the end of the step that holds load ``k_to``."""
    hi = min(k_to, _window_end(units, load, 0.0, k_to))
    n = float(fleet_counts(units, load, [hi], min_units)[0, 0])
    hi = n * min(units.cpu_capacity[0] / load.vcpus, units.memory_capacity_mb[0] / load.memory_mb)
    pts = np.unique(np.concatenate([[0.0, hi], _fleet_points(units, load, 0.0, hi)]))
    a, b = pts[:-1], pts[1:]
    counts = fleet_counts(units, load, (a + b) / 2.0, min_units)[0]
    change = np.flatnonzero(np.diff(counts) != 0) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [len(counts)]])
    steps = []
    for s, e in zip(starts[:limit], ends[:limit], strict=True):
        c = float(counts[s])
        steps.append(Step(int(c), float(a[s]), float(b[e - 1]), float(c * units.monthly[0])))
    return steps


# ---------------------------------------------------------------- the comparison


@dataclass(frozen=True)
class Option:
    """One alternative to Lambda, at the given load."""

    units: Units  # one unit type
    count: int
    monthly: float
    surplus_vcpus: float
    break_even_k: float | None
    steps: list[Step]
    curve: Array  # monthly cost at each chart load

    @property
    def kind(self) -> str:
        return self.units.kind

    @property
    def name(self) -> str:
        return self.units.names[0]


@dataclass(frozen=True)
class Comparison:
    load: ServiceLoad
    capacity: CapacityModel
    lambda_monthly: float
    lambda_curve: Array
    chart_k: Array
    options: list[Option]  # the chosen (or forced) EC2 type and the Fargate task
    runners_up: list[Option]  # the next cheapest EC2 types
    catalogue_size: int
    lambda_stack_monthly: float = 0.0  # of lambda_monthly: the functions' front door (API Gateway, ALB)


def chart_loads(points: int = 241) -> Array:
    """Load multipliers for the chart: log-spaced over :data:`CHART_RANGE`."""
    return np.geomspace(CHART_RANGE[0], CHART_RANGE[1], points)


def make_option(units: Units, load: ServiceLoad, curve: LambdaCurve, capacity: CapacityModel, chart_k: Array) -> Option:
    """Price one unit type at the given load, find its break-even and its chart line."""
    at = np.concatenate([[1.0], chart_k])
    counts = fleet_counts(units, load, at, capacity.min_units)
    costs = fleet_cost(units, load, at, counts)[0]
    k_star = break_even(units, load, curve, capacity.min_units)
    steps = fleet_steps(units, load, capacity.min_units, max(1.0, k_star or 1.0) * 1.0)
    return Option(
        units=units,
        count=int(counts[0, 0]),
        monthly=float(costs[0]),
        surplus_vcpus=float(surplus_vcpus(units, load, [1.0], counts[:, :1])[0, 0]),
        break_even_k=k_star,
        steps=steps,
        curve=costs[1:],
    )


def compare(
    fn: FunctionArrays,
    rates: LambdaRates,
    *,
    free_tier: bool,
    load: ServiceLoad,
    capacity: CapacityModel,
    ec2: Units | None,
    fargate: Units | None,
    lambda_discount: float = 0.0,
    runners_up: int = 3,
    lmi: Units | None = None,
    lmi_min_units: int = LMI_MIN_INSTANCES,
    lambda_stack: Callable[[Array], Array] | None = None,
) -> Comparison:
    """Compare Lambda with the cheapest (or the only) EC2 type of ``ec2`` and with ``fargate``.

    ``ec2`` holds the catalogue (or just the forced type); the cheapest type at
    the given load is chosen over all of it at once, and the next
    ``runners_up`` are priced too (only when there is a choice).
    """
    chart_k = chart_loads()
    curve = LambdaCurve(fn, rates, free_tier, lambda_discount, extra=lambda_stack)
    lam = float(curve.exact([1.0])[0])
    options: list[Option] = []
    others: list[Option] = []
    if ec2 is not None and len(ec2):
        order, _, costs = rank_units(ec2, load, capacity.min_units)
        usable = order[np.isfinite(costs[order])]
        if usable.size:
            options.append(make_option(ec2.take(usable[0]), load, curve, capacity, chart_k))
            if len(ec2) > 1:
                others = [make_option(ec2.take(i), load, curve, capacity, chart_k) for i in usable[1 : 1 + runners_up]]
    if fargate is not None and len(fargate) and fargate.fits[0]:
        options.append(make_option(fargate, load, curve, capacity, chart_k))
    if lmi is not None and len(lmi):
        # A capacity provider keeps at least three instances (one per Availability Zone).
        lmi_capacity = replace(capacity, min_units=max(capacity.min_units, lmi_min_units))
        order, _, costs = rank_units(lmi, load, lmi_capacity.min_units)
        usable = order[np.isfinite(costs[order])]
        if usable.size:
            options.append(make_option(lmi.take(usable[0]), load, curve, lmi_capacity, chart_k))
    return Comparison(
        load=load,
        capacity=capacity,
        lambda_monthly=lam,
        lambda_curve=curve(chart_k),
        chart_k=chart_k,
        options=options,
        runners_up=others,
        catalogue_size=len(ec2) if ec2 is not None else 0,
        lambda_stack_monthly=float(lambda_stack(np.ones(1))[0]) if lambda_stack is not None else 0.0,
    )
