"""``profile --right-size``: what each function would have cost a month at other memory sizes.

Measured: every record's billed duration at the memory size it ran with, and the
largest memory it used. Modelled: the duration at another size (see
:mod:`lambdacost.core.rightsize`). Each candidate is priced for the projected
month as ``estimate`` prices the profile's workload file, with this function's
memory and mean billed duration changed and every other function as it is (the
tiers and the free tier are the account's). The mean billed duration at a
candidate comes from the records' own billed durations, scaled one by one and
rounded up to the ms; INIT and restore times are kept as measured.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from lambdacost.core import rightsize as rs
from lambdacost.core.engine import price_functions
from lambdacost.core.logstats import (
    FunctionStats,
    histogram_mean,
    quantiles,
    scaled_billed_ms,
    scaled_quantiles,
)
from lambdacost.plan.arrays import function_arrays
from lambdacost.plan.profile import Profile
from lambdacost.schema.prices import LambdaPriceTable
from lambdacost.schema.workload import MEMORY_MB_MAX, MEMORY_MB_MIN, Workload


@dataclass(frozen=True)
class Candidate:
    """One memory size: its projected duration, p99 and monthly cost, each as a (low, high) range."""

    memory_mb: float
    mean_ms: tuple[float, float]
    p99_ms: tuple[float, float]
    cost: tuple[float, float]
    observed: bool  # the logs hold records at this size


@dataclass(frozen=True)
class RightSize:
    """The candidates of one function and the one to pick."""

    function: str
    model: str  # "bounds" (one size observed) or "fit" (several)
    fit: tuple[float, float] | None  # (a, b) of d(m) = a + b / vCPU share, in ms
    memory_mb: float  # the current (latest) size
    max_used_mb: float
    smallest_fit_mb: float
    current_cost: float
    current_p99_ms: float
    candidates: list[Candidate]
    recommended: int  # index into candidates
    risk: str

    @property
    def pick(self) -> Candidate:
        return self.candidates[self.recommended]


def _ratios(fs: FunctionStats, sizes: np.ndarray, fit: tuple[float, float] | None) -> list[list[np.ndarray]]:
    """Per model, per memory group: the duration ratio at each candidate size."""
    if fit is not None:
        return [[rs.fit_ratio(*fit, g.memory_mb, sizes) for g in fs.groups.values()]]
    cpu = [rs.cpu_bound_ratio(g.memory_mb, sizes) for g in fs.groups.values()]
    same = [np.ones_like(sizes) for _ in fs.groups.values()]
    return [cpu, same]


def _fit(fs: FunctionStats) -> tuple[float, float] | None:
    groups = list(fs.groups.values())
    if len(groups) < 2:
        return None
    means = np.array([histogram_mean(g.billed) for g in groups])
    return rs.fit_durations(np.array([g.memory_mb for g in groups]), means, np.array([g.count for g in groups]))


def _scenario_costs(wl: Workload, table: LambdaPriceTable, region: str, j: int, sizes: np.ndarray,
                    mean_ms: np.ndarray, free_tier: bool) -> np.ndarray:  # fmt: skip
    """Function ``j``'s month at each candidate size and mean billed ms, the others as in the workload."""
    base = function_arrays(wl)
    memory = np.tile(np.asarray(base.memory_mb, dtype=np.float64), (sizes.size, 1))
    duration = np.tile(np.asarray(base.duration_ms, dtype=np.float64), (sizes.size, 1))
    memory[:, j], duration[:, j] = sizes, mean_ms
    costs = price_functions(replace(base, memory_mb=memory, duration_ms=duration), table.rates(region), free_tier)
    return np.asarray(costs.total[:, j], dtype=np.float64)


def _one(result: Profile, wl: Workload, j: int) -> RightSize:
    f = result.functions[j]
    fs = f.stats
    used = f.used_max_mb
    fit_mb = rs.smallest_fit(used, MEMORY_MB_MIN, MEMORY_MB_MAX) if np.isfinite(used) else f.memory_mb
    sizes = rs.candidate_sizes(fit_mb, [m for m, _ in f.memory_sizes], MEMORY_MB_MAX)
    fit = _fit(fs)
    groups = list(fs.groups.values())
    n = sum(g.count for g in groups)
    per_model = []
    for ratios in _ratios(fs, sizes, fit):
        pairs = [[(g, float(r[c])) for g, r in zip(groups, ratios, strict=True)] for c in range(sizes.size)]
        mean = np.array([sum(scaled_billed_ms(g.billed, ratio) for g, ratio in row) for row in pairs]) / n
        cost = _scenario_costs(wl, result.table, result.region, j, sizes, mean, result.free_tier)
        p99 = np.array(
            [scaled_quantiles([(g.billed, ratio) for g, ratio in row], np.array([0.99]))[0] for row in pairs]
        )
        per_model.append((cost, p99, mean))
    costs = np.array([m[0] for m in per_model])
    p99s = np.array([m[1] for m in per_model])
    means = np.array([m[2] for m in per_model])
    observed = {m for m, _ in f.memory_sizes}
    candidates = [
        Candidate(
            memory_mb=float(s),
            mean_ms=(float(means[:, c].min()), float(means[:, c].max())),
            p99_ms=(float(p99s[:, c].min()), float(p99s[:, c].max())),
            cost=(float(costs[:, c].min()), float(costs[:, c].max())),
            observed=float(s) in observed,
        )
        for c, s in enumerate(sizes)
    ]
    # Rank by the fit, or (one size) by the duration staying as it is; never below what fits in memory.
    ranking = costs[-1].copy()
    ranking[sizes < fit_mb] = np.inf
    pick = rs.recommend(ranking, p99s[-1])
    now_p99 = float(quantiles(fs.billed_histogram(), np.array([0.99]))[0])
    return RightSize(
        function=f.name,
        model="fit" if fit is not None else "bounds",
        fit=fit,
        memory_mb=f.memory_mb,
        max_used_mb=f.used_max_mb,
        smallest_fit_mb=fit_mb,
        current_cost=f.month.total,
        current_p99_ms=now_p99,
        candidates=candidates,
        recommended=pick,
        risk=rs.risk(now_p99, float(p99s[:, pick].max())),
    )


def right_size(result: Profile, wl: Workload) -> list[RightSize]:
    """Every function's candidates, priced for the projected month."""
    return [_one(result, wl, j) for j in range(len(result.functions))]
