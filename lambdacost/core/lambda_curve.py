"""The monthly Lambda cost as a function of the load multiplier ``k``: exact at every breakpoint.

Pure numpy; used by :mod:`lambdacost.core.compare`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lambdacost.core.engine import HOURS_PER_MONTH, Costs, FunctionArrays, LambdaRates, billed_ms, price_functions
from lambdacost.core.load import BREAK_EVEN_SEARCH_MAX

Array = NDArray[np.float64]

#: The Lambda line items a Compute Savings Plan covers (duration and provisioned concurrency).
SAVINGS_PLAN_LAMBDA_ITEMS = (
    "duration",
    "init_duration",
    "free_tier_duration",
    "provisioned_concurrency",
    "provisioned_duration",
)


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
