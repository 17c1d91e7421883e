"""A plain-Python, one-function-at-a-time reference of Lambda billing.

Written from the billing rules (README "How lambdacost prices a workload"),
independently of the engine's vectorized code, with no numpy: the engine is
checked against it by hypothesis in ``test_engine.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

HOURS_PER_MONTH = 730.0


def billed_ms(ms: float) -> float:
    """Round up to the whole millisecond, at least 1 ms when above 0 (AWS bills at least 1 ms);
    less than 0.1 ns over a whole ms is float noise."""
    return float(max(math.ceil(ms - 1e-7), 1)) if ms > 0 else 0.0


@dataclass
class RefFunction:
    memory_mb: float
    arm: bool
    duration_ms: float
    requests: float
    storage_mb: float = 512.0
    cold_start_rate: float = 0.0
    init_ms: float = 0.0
    edge: bool = False
    pc_count: float = 0.0
    pc_hours: float = HOURS_PER_MONTH
    pc_served: float | None = None
    snap_restore_rate: float = 0.0
    snap_versions: float = 0.0
    snap_cache_hours: float = HOURS_PER_MONTH
    snap_billed: bool = True


@dataclass
class RefRates:
    request: tuple[float, float]
    tiers: tuple[list[tuple[float, float]], list[tuple[float, float]]]  # (upper end, rate) per arch
    pc: tuple[float, float]
    pc_duration: tuple[float, float]
    storage: tuple[float, float]
    snap_cache: float
    snap_restore: float
    edge_request: float
    edge_gbs: float
    free_requests: float
    free_gbs: float


@dataclass
class RefResult:
    lines: list[dict[str, float]] = field(default_factory=list)
    totals: list[float] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(self.totals)


def rates_from_table(region: object, table: object) -> RefRates:
    """Reference rates from the pydantic price table (no engine code involved)."""
    r = region
    t = table

    def tiers(lst: list) -> list[tuple[float, float]]:  # type: ignore[type-arg]
        return [(math.inf if x.up_to_gb_seconds is None else x.up_to_gb_seconds, x.rate) for x in lst]

    return RefRates(
        request=(r.request.x86_64, r.request.arm64),  # type: ignore[attr-defined]
        tiers=(tiers(r.duration.x86_64), tiers(r.duration.arm64)),  # type: ignore[attr-defined]
        pc=(r.provisioned_concurrency.x86_64, r.provisioned_concurrency.arm64),  # type: ignore[attr-defined]
        pc_duration=(r.provisioned_duration.x86_64, r.provisioned_duration.arm64),  # type: ignore[attr-defined]
        storage=(r.ephemeral_storage.x86_64, r.ephemeral_storage.arm64),  # type: ignore[attr-defined]
        snap_cache=r.snapstart.cache,  # type: ignore[attr-defined]
        snap_restore=r.snapstart.restore,  # type: ignore[attr-defined]
        edge_request=t.edge.request,  # type: ignore[attr-defined]
        edge_gbs=t.edge.gb_second,  # type: ignore[attr-defined]
        free_requests=t.free_tier.requests,  # type: ignore[attr-defined]
        free_gbs=t.free_tier.gb_seconds,  # type: ignore[attr-defined]
    )


def tiered(gbs: float, tiers: list[tuple[float, float]]) -> float:
    """Walk the tiers from the bottom, one at a time."""
    cost, lower = 0.0, 0.0
    for upper, rate in tiers:
        if gbs <= lower:
            break
        cost += (min(gbs, upper) - lower) * rate
        lower = upper
    return cost


def price(functions: list[RefFunction], rates: RefRates, free_tier: bool = True) -> RefResult:
    """Price a workload one function at a time, then share the account-wide items."""
    per_fn = []
    od_gbs = {False: 0.0, True: 0.0}
    lambda_requests_total = 0.0
    for f in functions:
        gb = f.memory_mb / 1024
        seconds = billed_ms(f.duration_ms) / 1000
        served = 0.0
        if f.pc_count > 0:
            wanted = f.pc_served if f.pc_served is not None else f.requests * f.pc_hours / HOURS_PER_MONTH
            capacity = f.pc_count * f.pc_hours * 3600 / max(seconds, 0.001)
            served = min(wanted, capacity, f.requests)
        on_demand = f.requests - served
        line = dict.fromkeys(
            [
                "requests",
                "duration_gbs",
                "init_gbs",
                "storage",
                "pc",
                "pc_duration",
                "snap_cache",
                "snap_restore",
                "edge",
            ],
            0.0,
        )
        if f.edge:
            line["edge"] = f.requests * rates.edge_request + gb * seconds * f.requests * rates.edge_gbs
        else:
            a = 1 if f.arm else 0
            line["requests"] = f.requests * rates.request[a]
            lambda_requests_total += f.requests
            line["duration_gbs"] = gb * seconds * on_demand
            if f.cold_start_rate > 0 and f.init_ms > 0:
                init_s = billed_ms(f.init_ms) / 1000
                line["init_gbs"] = gb * init_s * f.cold_start_rate * on_demand
            od_gbs[f.arm] += line["duration_gbs"] + line["init_gbs"]
            extra_gb = max(f.storage_mb - 512, 0) / 1024
            line["storage"] = extra_gb * seconds * f.requests * rates.storage[a]
            if f.pc_count > 0:
                hours = math.ceil(round(f.pc_hours * 12, 6)) / 12
                line["pc"] = f.pc_count * gb * hours * 3600 * rates.pc[a]
                line["pc_duration"] = served * gb * seconds * rates.pc_duration[a]
            if f.snap_versions > 0 and f.snap_billed:
                line["snap_cache"] = gb * max(f.snap_cache_hours, 3) * 3600 * f.snap_versions * rates.snap_cache
                line["snap_restore"] = f.snap_restore_rate * on_demand * gb * rates.snap_restore
        per_fn.append(line)

    # Account-wide: tiers per architecture, free tier shared by both.
    total_gbs = od_gbs[False] + od_gbs[True]
    free_gbs = min(rates.free_gbs if free_tier else 0.0, total_gbs)
    arch_cost = {}
    for arm in (False, True):
        share = od_gbs[arm] / total_gbs if total_gbs > 0 else 0.0
        arch_cost[arm] = tiered(od_gbs[arm] - free_gbs * share, rates.tiers[1 if arm else 0])
    free_req = min(rates.free_requests if free_tier else 0.0, lambda_requests_total)

    result = RefResult()
    for f, line in zip(functions, per_fn, strict=True):
        total = (
            line["storage"]
            + line["pc"]
            + line["pc_duration"]
            + line["snap_cache"]
            + line["snap_restore"]
            + line["edge"]
        )
        if not f.edge:
            mine = line["duration_gbs"] + line["init_gbs"]
            if od_gbs[f.arm] > 0:
                total += arch_cost[f.arm] * mine / od_gbs[f.arm]
            req_share = f.requests / lambda_requests_total if lambda_requests_total > 0 else 0.0
            total += line["requests"] - free_req * req_share * rates.request[1 if f.arm else 0]
        result.lines.append(line)
        result.totals.append(total)
    return result
