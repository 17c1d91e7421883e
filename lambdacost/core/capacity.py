"""Capacity planning: concurrency, throttling, scaling, cold starts and provisioned concurrency.

Pure computation over numpy arrays (one row per function, 24 columns for the
hours of the day): no file access, no printing, no typer, rich or yaml. Costs
come from :func:`lambdacost.core.engine.price_functions`, priced once with a scenario
axis (as configured, without provisioned concurrency, with the recommended count).

The model (README, "lambdacost capacity"):

* Average concurrency by Little's law: requests/s x billed duration in seconds.
  An hourly profile (24 weights, normalised to a mean of 1) spreads the average
  over the day; the peak is the busiest hour's average (bursts within an hour are
  not modelled). A ``peak_factor`` gives the peak directly; without a traffic
  shape, traffic is flat and the peak equals the average.
* The account: hourly functions are added hour by hour; functions with only a
  peak factor are assumed to peak at the same time as everything else
  (conservative). Reserved concurrency carves a function's own limit out of the
  account's; the other functions share what is left (the unreserved pool). When
  demand exceeds a limit, the throttled share of peak requests is
  ``1 - limit / peak`` (the pool's shortfall is shared by its functions).
  Lambda@Edge functions run in CloudFront's regions and are left out of the
  account's sums and of provisioned concurrency.
* Scaling: each function adds at most 1,000 execution environments per 10
  seconds (AWS, "Lambda scaling behavior"); the time from the average to the
  peak (capped by the function's limit) is counted in whole 10-second steps.
* Cold starts: ``cold_start_rate`` of the on-demand invocations where given;
  otherwise the new execution environments the traffic shape needs each day (the
  rise in rounded-up concurrency from each hour to the next, round the clock; one
  rise from the average to the peak for a peak factor; none for flat traffic),
  times 730 / 24 = 30.4 days. That estimate is a floor: it ignores environments
  Lambda recycles and the idle gaps of sparse traffic. INIT time is priced by the
  engine as on-demand duration.
* Provisioned concurrency (PC): requests arrive at random (Poisson), so N warm
  environments offered A erlangs carry ``A (1 - B(N, A))`` (Erlang B,
  :mod:`lambdacost.core.erlang`), hour by hour; the overflow runs on demand. The
  recommended count is the cheapest (PC charge, PC duration of what it carries,
  on-demand duration and INIT of the overflow, at the account's tiered rate), or covers the
  chosen quantile of the hourly concurrency; it is suggested only where the engine
  prices it below on demand. The file's own PC is priced as configured.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lambdacost.core.aws import (
    DAYS_PER_MONTH,
    HOURS_PER_DAY,
    MIN_UNRESERVED_CONCURRENCY,
    SCALE_STEP_ENVIRONMENTS,
    SCALE_STEP_SECONDS,
)
from lambdacost.core.engine import (
    HOURS_PER_MONTH,
    Costs,
    FunctionArrays,
    LambdaRates,
    price_functions,
)
from lambdacost.core.erlang import best_count, carried, pc_economics, search_bound

__all__ = [
    "AS_CONFIGURED",
    "HOURS_PER_DAY",
    "MIN_UNRESERVED_CONCURRENCY",
    "SCALE_STEP_ENVIRONMENTS",
    "SCALE_STEP_SECONDS",
    "WITHOUT_PC",
    "WITH_PC",
    "CapacityReport",
    "TrafficArrays",
    "analyze",
    "pc_break_even",
    "scale_up_seconds",
    "throttled_share",
]

Array = NDArray[np.float64]

#: Scenario rows of :attr:`CapacityReport.costs`.
AS_CONFIGURED, WITHOUT_PC, WITH_PC = 0, 1, 2

_EPS = 1e-9


@dataclass(frozen=True)
class TrafficArrays:
    """Traffic shape and limits, one row per function.

    ``hourly_weights`` is ``(n, 24)``: rows of ones for functions without a profile.
    ``peak_factor`` is used where ``has_profile`` is False. ``reserved`` is NaN
    where a function has no reserved concurrency.
    """

    hourly_weights: ArrayLike
    has_profile: ArrayLike
    peak_factor: ArrayLike
    reserved: ArrayLike


@dataclass(frozen=True)
class CapacityReport:
    """The capacity of a workload: per function arrays ``(n,)`` (hourly ones ``(n, 24)``) and account figures."""

    account_limit: float
    reserved_total: float
    unreserved_pool: float
    account_hourly: Array  # (24,) demand by hour (peak-factor functions at their peak)
    account_peak: float
    account_peak_hour: int  # -1 without any hourly profile
    unreserved_peak: float
    pool_throttled_share: float
    has_profile: NDArray[np.bool_]
    counted: NDArray[np.bool_]  # counted against this region's account limit (not Lambda@Edge)
    reserved: Array  # NaN where none
    hourly_concurrency: Array  # (n, 24) average concurrency in each hour
    avg_concurrency: Array
    peak_concurrency: Array
    peak_hour: NDArray[np.intp]  # -1 without an hourly profile
    function_limit: Array  # reserved concurrency, or the unreserved pool (inf for Lambda@Edge)
    throttled_share: Array
    scale_up_seconds: Array
    cold_starts: Array  # a month, as configured
    cold_starts_estimated: NDArray[np.bool_]  # from the traffic shape (no cold_start_rate)
    init_cost: Array  # USD a month, as configured
    pc_break_even: Array  # NaN where PC is unavailable (Lambda@Edge)
    pc_quantile: float | None  # None: the cheapest count
    recommended_pc: Array  # the sizing rule's count (before asking whether it saves money)
    pc_utilization: Array  # share of the recommended environments' time spent busy (Erlang B)
    pc_served_share: Array  # share of the requests the recommended count serves (the rest overflow on demand)
    configured_pc: Array  # the file's provisioned_concurrency.count (0 where none)
    configured_pc_utilization: Array  # Erlang B; NaN where the file gives requests_served
    pc_blocked: NDArray[np.bool_]  # the function cannot carry PC (Lambda@Edge, SnapStart, ...)
    costs: Costs  # scenario axis: AS_CONFIGURED, WITHOUT_PC, WITH_PC

    @cached_property
    def cost_configured(self) -> Array:
        return np.asarray(self.costs.total[AS_CONFIGURED])

    @cached_property
    def pc_saves(self) -> NDArray[np.bool_]:
        """The recommended count costs less than on demand (as the engine prices both)."""
        return np.asarray((self.recommended_pc > 0) & (self.cost_with_pc < self.cost_without_pc - 1e-9))

    @cached_property
    def suggested_pc(self) -> Array:
        """The recommended count where it saves money, else 0."""
        return np.where(self.pc_saves, self.recommended_pc, 0.0)

    @cached_property
    def cost_suggested(self) -> Array:
        """Each function's monthly cost with :attr:`suggested_pc` (on demand where none is suggested)."""
        return np.where(self.pc_saves, self.cost_with_pc, self.cost_without_pc)

    @cached_property
    def cost_without_pc(self) -> Array:
        return np.asarray(self.costs.total[WITHOUT_PC])

    @cached_property
    def cost_with_pc(self) -> Array:
        return np.asarray(self.costs.total[WITH_PC])

    @property
    def account_headroom(self) -> float:
        return self.account_limit - self.account_peak

    @property
    def pool_below_aws_minimum(self) -> bool:
        """Reservations leave less unreserved than AWS keeps (:data:`MIN_UNRESERVED_CONCURRENCY`)."""
        return self.reserved_total > 0 and self.unreserved_pool < MIN_UNRESERVED_CONCURRENCY


def _ratio(part: ArrayLike, whole: ArrayLike) -> Array:
    p = np.asarray(part, dtype=np.float64)
    w = np.asarray(whole, dtype=np.float64)
    return np.divide(p, w, out=np.zeros(np.broadcast_shapes(p.shape, w.shape)), where=w > 0)


def _ceil(values: ArrayLike) -> Array:
    """Round up to whole environments, ignoring float noise."""
    return np.maximum(np.ceil(np.asarray(values, dtype=np.float64) - _EPS), 0.0)


def throttled_share(peak: ArrayLike, limit: ArrayLike) -> Array:
    """Share of peak requests throttled: ``1 - limit / peak`` where the peak is over the limit, else 0."""
    p = np.asarray(peak, dtype=np.float64)
    lim = np.asarray(limit, dtype=np.float64)
    return np.where(p > lim + _EPS, 1.0 - _ratio(lim, p), 0.0)


def scale_up_seconds(avg: ArrayLike, target: ArrayLike) -> Array:
    """Seconds to add environments from ``avg`` to ``target``, in whole 10-second steps of 1,000."""
    delta = np.maximum(np.asarray(target, dtype=np.float64) - np.asarray(avg, dtype=np.float64), 0.0)
    return _ceil(delta / SCALE_STEP_ENVIRONMENTS) * SCALE_STEP_SECONDS


def pc_break_even(rates: LambdaRates, is_arm: ArrayLike) -> Array:
    """Busy share above which provisioned concurrency is cheaper than on demand, per function."""
    arch = np.asarray(is_arm, dtype=np.intp)
    on_demand = rates.tier_rate[:, 0][arch]
    return np.asarray(
        rates.provisioned_concurrency[arch] / (on_demand - rates.provisioned_duration[arch]), dtype=np.float64
    )


def _column(values: ArrayLike, n: int) -> Array:
    return np.array(np.broadcast_to(np.asarray(values, dtype=np.float64), (n,)))


@dataclass(frozen=True)
class _Demand:
    """Concurrency by hour of the day and at the peak, per function."""

    avg: Array  # (n,)
    hourly: Array  # (n, 24)
    peak: Array  # (n,)
    peak_hour: NDArray[np.intp]  # (n,), -1 without an hourly profile
    has_profile: NDArray[np.bool_]  # (n,)

    @property
    def all_day(self) -> Array:
        """What each function asks for each hour: peak-factor functions at their peak all day."""
        return np.where(self.has_profile[:, None], self.hourly, self.peak[:, None])


def _demand(avg: Array, traffic: TrafficArrays, n: int) -> _Demand:
    weights = np.asarray(traffic.hourly_weights, dtype=np.float64).reshape(n, HOURS_PER_DAY)
    has_profile = np.broadcast_to(np.asarray(traffic.has_profile, dtype=bool), (n,))
    hourly = avg[:, None] * _ratio(weights, weights.mean(axis=1, keepdims=True))
    peak = np.where(has_profile, hourly.max(axis=1), avg * _column(traffic.peak_factor, n))
    peak_hour = np.where(has_profile, np.argmax(hourly, axis=1), -1)
    return _Demand(avg, hourly, peak, peak_hour, has_profile)


@dataclass(frozen=True)
class _Limits:
    """Reserved concurrency, the pool the other functions share, and what each is throttled."""

    reserved: Array  # (n,), NaN where none
    is_reserved: NDArray[np.bool_]
    reserved_total: float
    pool: float
    limit: Array  # (n,): each function's concurrency limit
    account_hourly: Array  # (24,)
    pool_hourly: Array  # (24,)
    pool_throttle: Array  # (24,)
    throttled: Array  # (n,)


def _limits(d: _Demand, traffic: TrafficArrays, counted: NDArray[np.bool_], account_limit: float, n: int) -> _Limits:
    reserved = _column(traffic.reserved, n)
    is_reserved = ~np.isnan(reserved)
    reserved_total = float(np.sum(reserved, where=is_reserved))
    pool = float(account_limit) - reserved_total
    limit = np.where(is_reserved, reserved, np.where(counted, pool, np.inf))
    demand = d.all_day
    shared = counted & ~is_reserved
    pool_hourly = np.sum(demand, axis=0, where=shared[:, None])
    pool_throttle = throttled_share(pool_hourly, pool)
    fn_pool_throttle = np.max(np.where(demand > 0, pool_throttle[None, :], 0.0), axis=1)
    throttled = np.where(is_reserved, throttled_share(d.peak, reserved), np.where(shared, fn_pool_throttle, 0.0))
    return _Limits(
        reserved=reserved,
        is_reserved=is_reserved,
        reserved_total=reserved_total,
        pool=pool,
        limit=limit,
        account_hourly=np.sum(demand, axis=0, where=counted[:, None]),
        pool_hourly=pool_hourly,
        pool_throttle=pool_throttle,
        throttled=throttled,
    )


def _cold_start_rate(
    fn: FunctionArrays, d: _Demand, limit: Array, capped_peak: Array, on_demand: Array, is_edge: NDArray[np.bool_]
) -> tuple[Array, NDArray[np.bool_]]:
    """The file's cold-start rate, or the environments the traffic shape adds each day; and where it is estimated."""
    n = d.avg.shape[0]
    envs = np.minimum(_ceil(d.hourly), limit[:, None])
    rises_profile = np.sum(np.maximum(envs - np.roll(envs, 1, axis=1), 0.0), axis=1)
    rises_peak = _ceil(capped_peak) - _ceil(np.minimum(d.avg, capped_peak))
    estimated_starts = np.where(d.has_profile, rises_profile, rises_peak) * DAYS_PER_MONTH
    given_rate = _column(fn.cold_start_rate, n)
    estimated = (given_rate == 0) & ~is_edge
    return np.where(estimated, np.minimum(_ratio(estimated_starts, on_demand), 1.0), given_rate), estimated


def _pc_served(d: _Demand, count: Array) -> tuple[Array, Array]:
    """Share of the requests ``count`` environments serve (Erlang B, hour by hour), and their utilisation."""
    loads = d.hourly
    exact_to = search_bound(loads.max(axis=1, initial=0.0))  # beyond it B(n, A) < 1e-9: n serves everything
    busy = carried(np.minimum(count, exact_to)[:, None], loads)
    return _ratio(busy.sum(axis=1), loads.sum(axis=1)), _ratio(busy.mean(axis=1), count)


def _sized_pc(
    d: _Demand, lim: _Limits, cap_ok: NDArray[np.bool_], pc_quantile: float | None, economics: tuple[Array, Array]
) -> Array:
    """The PC count of the sizing rule: the cheapest count (``pc_quantile`` None), or the quantile's."""
    pc_cap = np.where(lim.is_reserved, lim.reserved, max(lim.pool, 0.0))
    cap = np.where(cap_ok, pc_cap, 0.0)
    if pc_quantile is None:
        return best_count(d.hourly, cap, *economics)[0]
    target = d.peak if pc_quantile >= 1.0 else np.quantile(d.hourly, pc_quantile, axis=1)
    return np.minimum(_ceil(target), np.floor(cap + _EPS))


def _configured_served(fn: FunctionArrays, d: _Demand, requests: Array) -> tuple[Array, Array, Array]:
    """The file's PC: its count, the requests it serves (the file's figure, else Erlang B over the enabled hours)
    and its utilisation."""
    n = requests.shape[-1]
    count = _column(fn.pc_count, n)
    share, utilization = _pc_served(d, count)
    given = _column(fn.pc_requests_served, n)
    modelled = requests * share * _column(fn.pc_hours, n) / HOURS_PER_MONTH
    served = np.where(np.isnan(given), np.where(count > 0, modelled, np.nan), given)
    return count, served, np.where(np.isnan(given), utilization, np.nan)


def _scenarios(
    fn: FunctionArrays, requests: Array, cold_rate: Array, configured: Array, recommended: Array, served: Array
) -> FunctionArrays:
    """The functions as configured, without PC and with the recommended PC (rows of :data:`AS_CONFIGURED` ...)."""
    n = requests.shape[-1]
    nan = np.full(n, np.nan)
    return replace(
        fn,
        requests=np.broadcast_to(requests, (3, n)),  # the engine takes the batch's shape from the core fields
        cold_start_rate=cold_rate,
        pc_count=np.stack([_column(fn.pc_count, n), np.zeros(n), recommended]),
        pc_hours=np.stack([_column(fn.pc_hours, n), np.full(n, HOURS_PER_MONTH), np.full(n, HOURS_PER_MONTH)]),
        pc_requests_served=np.stack([configured, nan, served]),
    )


def analyze(
    fn: FunctionArrays,
    traffic: TrafficArrays,
    rates: LambdaRates,
    *,
    account_limit: float,
    pc_quantile: float | None = None,
    free_tier: bool = True,
    pc_blocked: ArrayLike = False,
    billed_requests: ArrayLike | None = None,
) -> CapacityReport:
    """The capacity report of a workload's functions (``fn`` one-dimensional, one element per function).

    ``pc_blocked`` marks functions that cannot carry provisioned concurrency besides
    Lambda@Edge (SnapStart, ...): none is recommended for them. ``billed_requests`` are the
    requests the concurrency limits serve (:mod:`lambdacost.core.throttling`; None: all of
    ``fn.requests``): concurrency and throttling come from what is asked, costs and cold starts
    from what is served, since AWS bills no throttled invocation.
    """
    configured = price_functions(fn, rates, free_tier=free_tier)
    requests = np.asarray(configured.requests, dtype=np.float64)
    n = requests.shape[-1]
    billed = requests if billed_requests is None else np.minimum(_column(billed_requests, n), requests)
    is_edge = np.broadcast_to(np.asarray(fn.is_edge, dtype=bool), (n,))
    blocked = is_edge | np.broadcast_to(np.asarray(pc_blocked, dtype=bool), (n,))
    counted = ~is_edge
    d = _demand(np.asarray(configured.avg_concurrency, dtype=np.float64), traffic, n)
    lim = _limits(d, traffic, counted, account_limit, n)
    # Scaling from the average to the peak (as far as the limit allows).
    capped_peak = np.minimum(d.peak, lim.limit)
    scale = scale_up_seconds(np.minimum(d.avg, capped_peak), capped_peak)
    pc_count, pc_served, pc_util = _configured_served(fn, d, requests)
    pc_served = np.minimum(pc_served, billed)  # NaN (no PC) stays NaN
    on_demand = billed - np.nan_to_num(pc_served)
    cold_rate, estimated = _cold_start_rate(fn, d, lim.limit, capped_peak, on_demand, is_edge)
    break_even = np.where(is_edge, np.nan, pc_break_even(rates, np.broadcast_to(fn.is_arm, (n,))))
    economics = pc_economics(fn, rates, cold_rate, n, configured.rate("duration"))  # through the tiers
    recommended = _sized_pc(d, lim, ~blocked & (requests > 0), pc_quantile, economics)
    share, utilization = _pc_served(d, recommended)
    scenarios = _scenarios(fn, billed, cold_rate, pc_served, recommended, np.minimum(requests * share, billed))
    costs = price_functions(scenarios, rates, free_tier=free_tier)
    cold_starts = np.where(is_edge, 0.0, cold_rate * (billed - costs.pc_requests_served[AS_CONFIGURED]))
    any_profile = bool(np.any(d.has_profile & counted))
    return CapacityReport(
        account_limit=float(account_limit),
        reserved_total=lim.reserved_total,
        unreserved_pool=lim.pool,
        account_hourly=lim.account_hourly,
        account_peak=float(lim.account_hourly.max()),
        account_peak_hour=int(np.argmax(lim.account_hourly)) if any_profile else -1,
        unreserved_peak=float(lim.pool_hourly.max()),
        pool_throttled_share=float(lim.pool_throttle.max()),
        has_profile=np.array(d.has_profile),
        counted=counted,
        reserved=lim.reserved,
        hourly_concurrency=d.hourly,
        avg_concurrency=d.avg,
        peak_concurrency=d.peak,
        peak_hour=d.peak_hour,
        function_limit=lim.limit,
        throttled_share=lim.throttled,
        scale_up_seconds=scale,
        cold_starts=cold_starts,
        cold_starts_estimated=estimated,
        init_cost=np.asarray(costs.cost["init_duration"][AS_CONFIGURED]),
        pc_break_even=break_even,
        pc_quantile=None if pc_quantile is None else float(pc_quantile),
        recommended_pc=recommended,
        pc_utilization=utilization,
        pc_served_share=np.where(recommended > 0, share, 0.0),
        configured_pc=pc_count,
        configured_pc_utilization=pc_util,
        pc_blocked=np.array(blocked),
        costs=costs,
    )
