"""Profile real usage: REPORT records in, per-function statistics and the bill they made out.

Records stream through :class:`lambdacost.core.logstats.FunctionStats` (memory
bounded by the number of functions). The window is priced from each record's
own billed duration through the shared engine: each function and memory size
becomes two engine rows of whole-ms invocations whose billed ms add up exactly
(:func:`~lambdacost.core.logstats.split_rows`), so tiers, the free tier and the
ms rounding are the engine's, and no mean is ever rounded. The projected month
is the workload file the profile writes (the window's rate for 730 hours at the
latest memory size and the mean billed duration) priced by ``estimate`` itself,
so ``lambdacost estimate`` of that file gives the same month to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np

from lambdacost.core.engine import SECONDS_PER_MONTH, FunctionArrays, LambdaRates, price_functions
from lambdacost.core.logstats import (
    INIT_BILLED_SINCE_MS,
    FunctionStats,
    exposure_seconds,
    histogram_mean,
    hourly_rates,
    quantiles,
    split_rows,
)
from lambdacost.errors import UsageError
from lambdacost.schema.prices import LambdaPriceTable, LambdaRegionRates

QUANTILES = (0.5, 0.9, 0.99)


@dataclass(frozen=True)
class Bill:
    """One function's charges over a period, in USD, with the quantities they price."""

    requests: float
    invoke_gb_seconds: float
    init_gb_seconds: float
    restore_gb_seconds: float
    restored_gb: float
    request_cost: float
    invoke_cost: float
    init_cost: float
    restore_duration_cost: float
    restore_cost: float
    free_tier_cost: float  # negative: the free tier's credit
    total: float


@dataclass(frozen=True)
class FunctionProfile:
    """What the records of one function say."""

    name: str
    stats: FunctionStats
    invocations: int
    per_second: float
    per_month: float
    billed_mean_ms: float
    billed_quantiles_ms: dict[float, float]
    billed_max_ms: float
    duration_mean_ms: float
    memory_sizes: list[tuple[float, int]]  # (MB, records)
    memory_mb: float  # the latest configured size
    used_p99_mb: float
    used_max_mb: float
    cold_start_share: float
    init_mean_ms: float
    hourly_per_second: list[float | None]  # by UTC hour; None where the window has no such hour
    window: Bill
    month: Bill


@dataclass(frozen=True)
class Profile:
    """Every function's profile, the window and how it was priced."""

    functions: list[FunctionProfile]
    first_ms: float | None
    last_ms: float | None
    window_seconds: float
    window_from_option: bool
    region: str
    architecture: str
    free_tier: bool
    table: LambdaPriceTable
    rates: LambdaRegionRates
    records: int
    malformed: int
    first_malformed: str | None
    managed_instances: int
    right_size: list[Any] = field(default_factory=list)  # lambdacost.plan.rightsize.RightSize
    workload: dict[str, Any] = field(default_factory=dict)  # the workload file it implies

    @property
    def init_rule(self) -> dict[str, int]:
        """How the INIT of the cold starts was billed (counts of cold starts)."""
        return {
            "billed": sum(f.stats.init_billed for f in self.functions),
            "included_in_billed_duration": sum(f.stats.init_included for f in self.functions),
            "before_august_2025": sum(f.stats.init_before_rule for f in self.functions),
        }


def collect(batches: Iterable[tuple[str, Any]]) -> dict[str, FunctionStats]:
    """Fold every batch of records into per-function statistics."""
    stats: dict[str, FunctionStats] = {}
    for name, reports in batches:
        fs = stats.setdefault(name, FunctionStats(name))
        fs.add(**vars(reports))  # the columns of lambdacost.io.logs.Reports
    return stats


def window_of(stats: list[FunctionStats], window_seconds: float | None) -> tuple[float | None, float | None, float]:
    """``(first, last, seconds)``: the observed window, or the one given."""
    first = min(f.first_ms for f in stats)
    last = max(f.last_ms for f in stats)
    timed = np.isfinite(first) and np.isfinite(last)
    if window_seconds is not None:
        return (first if timed else None), (last if timed else None), window_seconds
    if not timed:
        raise UsageError("the records carry no timestamps; give the period they cover", field="--window")
    if last <= first:
        raise UsageError("every record has the same timestamp; give the period they cover", field="--window")
    return first, last, (last - first) / 1000.0


def price_rows(
    stats: list[FunctionStats], factor: float, is_arm: bool, rates: LambdaRates, free_tier: bool
) -> list[Bill]:
    """Each function's bill for its records times ``factor`` (1: the window; the month's share)."""
    owner, memory, requests, billed, parts = [], [], [], [], []
    for i, fs in enumerate(stats):
        for g in fs.groups.values():
            lo_n, lo_ms, hi_n, hi_ms = split_rows(
                np.array(g.count * factor), np.array((g.billed_ms + g.extra_ms) * factor)
            )
            owner += [i, i]
            memory += [g.memory_mb, g.memory_mb]
            requests += [float(lo_n), float(hi_n)]
            billed += [float(lo_ms), float(hi_ms)]
            gb = g.memory_mb / 1024.0 / 1000.0 * factor
            parts.append(
                (
                    i,
                    g.billed_ms * gb,
                    g.init_ms * gb,
                    (g.extra_ms - g.init_ms) * gb,
                    g.restores * factor * g.memory_mb / 1024.0,
                )
            )
    costs = price_functions(
        FunctionArrays(
            memory_mb=np.array(memory), is_arm=is_arm, duration_ms=np.array(billed), requests=np.array(requests)
        ),
        rates,
        free_tier=free_tier,
    )
    idx = np.array(owner)

    def per_function(values: Any) -> Any:
        return np.bincount(idx, weights=np.asarray(values, dtype=np.float64), minlength=len(stats))

    req_cost, duration_cost = per_function(costs.cost["requests"]), per_function(costs.cost["duration"])
    free = per_function(costs.cost["free_tier_requests"]) + per_function(costs.cost["free_tier_duration"])
    totals = per_function(costs.total)
    sums = np.zeros((len(stats), 4))
    for i, *values in parts:
        sums[i] += values
    bills = []
    for i in range(len(stats)):
        invoke, init, restore, restored = sums[i]
        gbs = invoke + init + restore
        share = np.array([invoke, init, restore]) / gbs if gbs > 0 else np.zeros(3)
        restore_cost = restored * rates.snapstart_restore
        bills.append(
            Bill(
                requests=float(per_function(requests)[i]),
                invoke_gb_seconds=float(invoke),
                init_gb_seconds=float(init),
                restore_gb_seconds=float(restore),
                restored_gb=float(restored),
                request_cost=float(req_cost[i]),
                invoke_cost=float(duration_cost[i] * share[0]),
                init_cost=float(duration_cost[i] * share[1]),
                restore_duration_cost=float(duration_cost[i] * share[2]),
                restore_cost=float(restore_cost),
                free_tier_cost=float(free[i]),
                total=float(totals[i] + restore_cost),
            )
        )
    return bills


def _function_profile(fs: FunctionStats, window: Bill, month: Bill, seconds: float, exposure: Any) -> FunctionProfile:
    hist = fs.billed_histogram()
    q = quantiles(hist, np.array(QUANTILES))
    used = quantiles(fs.used, np.array([0.99, 1.0])) if fs.used.sum() else np.array([np.nan, np.nan])
    rates = hourly_rates(fs.hourly, exposure)
    n = fs.count
    return FunctionProfile(
        name=fs.name,
        stats=fs,
        invocations=n,
        per_second=n / seconds,
        per_month=n / seconds * SECONDS_PER_MONTH,
        billed_mean_ms=histogram_mean(hist),
        billed_quantiles_ms=dict(zip(QUANTILES, q.tolist(), strict=True)),
        billed_max_ms=float(np.flatnonzero(hist)[-1]),
        duration_mean_ms=fs.duration_ms / n,
        memory_sizes=sorted((g.memory_mb, g.count) for g in fs.groups.values()),
        memory_mb=fs.latest_memory_mb(),
        used_p99_mb=float(used[0]),
        used_max_mb=float(used[1]),
        cold_start_share=fs.cold_starts / n,
        init_mean_ms=fs.init_measured_ms / fs.cold_starts if fs.cold_starts else 0.0,
        hourly_per_second=[None if np.isnan(r) else float(r) for r in rates],
        window=window,
        month=month,
    )


def month_bills(wl: Any, table: LambdaPriceTable, region: str) -> list[Bill]:
    """Each function's month, as ``estimate`` prices the workload file."""
    from lambdacost.plan.estimate import price

    c = price(wl, table, region=region).costs

    def item(costs: Any, key: str) -> Any:
        return np.asarray(costs[key], dtype=np.float64)

    snap = item(c.cost, "snapstart_restore") + item(c.cost, "snapstart_cache")
    free = item(c.cost, "free_tier_requests") + item(c.cost, "free_tier_duration")
    return [
        Bill(
            requests=float(c.requests[j]),
            invoke_gb_seconds=float(item(c.quantity, "duration")[j]),
            init_gb_seconds=float(item(c.quantity, "init_duration")[j]),
            restore_gb_seconds=0.0,
            restored_gb=float(item(c.quantity, "snapstart_restore")[j]),
            request_cost=float(item(c.cost, "requests")[j]),
            invoke_cost=float(item(c.cost, "duration")[j]),
            init_cost=float(item(c.cost, "init_duration")[j]),
            restore_duration_cost=0.0,
            restore_cost=float(snap[j]),
            free_tier_cost=float(free[j]),
            total=float(c.total[j]),
        )
        for j in range(c.total.shape[-1])
    ]


def profile(
    batches: Iterable[tuple[str, Any]],
    table: LambdaPriceTable,
    *,
    region: str,
    architecture: str = "x86_64",
    free_tier: bool = True,
    window_seconds: float | None = None,
    right_size: bool = False,
    reader: Any = None,
    name: str = "profiled",
) -> Profile:
    """Profile the records of ``batches``; ``reader`` (a LogReader) supplies the skipped-line counts."""
    from dataclasses import replace

    from lambdacost.schema.workload import Workload

    stats = list(collect(batches).values())
    first, last, seconds = window_of(stats, window_seconds)
    rates = table.rates(region)
    window = price_rows(stats, 1.0, architecture == "arm64", rates, free_tier=False)
    exposure = exposure_seconds(first, last) if first is not None and last is not None else np.zeros(24)
    functions = [_function_profile(fs, w, w, seconds, exposure) for fs, w in zip(stats, window, strict=True)]
    result = Profile(
        functions=functions,
        first_ms=first,
        last_ms=last,
        window_seconds=seconds,
        window_from_option=window_seconds is not None,
        region=region,
        architecture=architecture,
        free_tier=free_tier,
        table=table,
        rates=table.region(region),
        records=sum(f.invocations for f in functions),
        malformed=getattr(reader, "malformed", 0),
        first_malformed=getattr(reader, "first_malformed", None),
        managed_instances=getattr(reader, "managed_instances", 0),
    )
    result.workload.update(workload(result, name))
    wl = Workload.model_validate(result.workload)
    months = month_bills(wl, table, region)
    result.functions[:] = [replace(f, month=m) for f, m in zip(functions, months, strict=True)]
    if right_size:
        from lambdacost.plan.rightsize import right_size as size

        result.right_size.extend(size(result, wl))
    return result


def latest_mean_ms(fs: FunctionStats, memory_mb: float) -> float:
    """The mean billed duration of the records at ``memory_mb``."""
    g = fs.groups[memory_mb]
    return g.billed_ms / g.count


def workload(result: Profile, name: str = "profiled") -> dict[str, Any]:
    """The workload file the profile implies, as a dict `estimate`, `capacity` and `compare` accept.

    Per function: the latest memory size, the mean billed duration at that size, requests a month at the
    window's rate, the share of invocations that billed INIT (or a SnapStart restore) and its
    mean billed ms, and the hourly profile when the window covers every hour of the day.
    """
    functions = []
    for f in result.functions:
        fs = f.stats
        extra_events = fs.init_billed + sum(g.restores for g in fs.groups.values())
        fn: dict[str, Any] = {
            "name": f.name[:140],
            "memory": f"{f.memory_mb:g}MB",
            "architecture": result.architecture,
            "duration": f"{latest_mean_ms(fs, f.memory_mb):.6g}ms",
            "requests": float(f"{f.per_month:.9g}"),
        }
        if extra_events:
            extra_ms = sum(g.extra_ms for g in fs.groups.values())
            fn["cold_start_rate"] = float(f"{extra_events / f.invocations:.9g}")
            fn["init_duration"] = f"{min(extra_ms / extra_events, 10_000.0):.6g}ms"
        restores = sum(g.restores for g in fs.groups.values())
        if restores:
            fn["snapstart"] = {"restore_rate": float(f"{restores / f.invocations:.9g}")}
        if all(r is not None for r in f.hourly_per_second) and any(f.hourly_per_second):
            fn["traffic"] = {"hourly": [float(f"{r:.6g}") for r in f.hourly_per_second]}
        functions.append(fn)
    data = {"name": name, "region": result.region, "free_tier": result.free_tier, "functions": functions}
    return data


def profile_report(
    logfiles: Sequence[str],
    *,
    function: str | None = None,
    architecture: str = "x86_64",
    right_size: bool = False,
    window: str | None = None,
    free_tier: bool = True,
    region: str | None = None,
    pricing: str | Path | None = None,
    stdin: IO[bytes] | None = None,
) -> Profile:
    """``lambdacost profile``: read ``logfiles`` (``-``: ``stdin``, else standard input) and profile them.

    ``window`` is the period the logs cover (``"6h"``), for records without timestamps."""
    from lambdacost.io import tables
    from lambdacost.io.logs import LogReader
    from lambdacost.plan.inputs import parse_option, workload_region
    from lambdacost.schema.units import parse_duration_s

    table = tables.lambda_prices(pricing)
    code = workload_region(table, region, None, "us-east-1")
    seconds = None if window is None else parse_option("--window", parse_duration_s, window, positive=True)
    reader = LogReader(logfiles, function=function, stdin=stdin)
    return profile(
        reader,
        table,
        region=code,
        architecture=architecture,
        free_tier=free_tier,
        window_seconds=seconds,
        right_size=right_size,
        reader=reader,
        name=function or "profiled",
    )


__all__ = ["INIT_BILLED_SINCE_MS", "Bill", "FunctionProfile", "Profile", "profile", "profile_report", "workload"]
