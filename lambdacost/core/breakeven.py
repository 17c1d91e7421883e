"""Where a fleet's cost meets Lambda's: the exact break-even load, and the fleet's steps up to it.

Pure numpy; used by :mod:`lambdacost.core.compare`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lambdacost.core.fleets import Units, fleet_cost, fleet_counts, hour_levels
from lambdacost.core.lambda_curve import LambdaCurve
from lambdacost.core.load import BREAK_EVEN_SEARCH_MAX, ServiceLoad

Array = NDArray[np.float64]

#: Fleet step points handled in one vectorized pass of the break-even search.
_WINDOW_POINTS = 1_000_000
#: The first window's points; each next window holds 8 times more, up to :data:`_WINDOW_POINTS`.
_FIRST_WINDOW_POINTS = 4_096


def _spacings(units: Units, load: ServiceLoad) -> list[float]:
    """The load multipliers between the fleet's step points: one unit more of CPU or of memory at the peak, and
    (with surplus credits) one unit's baseline more at each hourly CPU level."""
    spacings = [units.cpu_capacity[0] / load.peak_vcpus, units.memory_capacity_mb[0] / load.peak_memory_mb]
    if units.surplus_monthly_per_vcpu[0] > 0 and units.baseline_vcpus[0] > 0:
        levels, _ = hour_levels(load)
        spacings += [units.baseline_vcpus[0] / v for v in levels if v > 0]
    return spacings


def _fleet_points(units: Units, load: ServiceLoad, lo: float, hi: float) -> Array:
    """Every load multiplier in ``(lo, hi]`` where the fleet's count or surplus slope changes."""
    parts = [np.arange(np.floor(lo / s) + 1.0, np.floor(hi / s) + 1.0) * s for s in _spacings(units, load)]
    return np.concatenate(parts) if parts else np.zeros(0)


def _window_end(units: Units, load: ServiceLoad, lo: float, k_max: float, points: int = _WINDOW_POINTS) -> float:
    """The end of a window from ``lo`` that holds about ``points`` step points x hourly levels."""
    density = sum(1.0 / s for s in _spacings(units, load))
    levels = len(hour_levels(load)[0]) if units.surplus_monthly_per_vcpu[0] > 0 else 1
    return float(min(k_max, lo + points / levels / density))


def _fleet_floor(units: Units, load: ServiceLoad, k: Array, min_units: int) -> Array:
    """A lower bound of one unit type's monthly cost at loads ``k``: the fractional count
    (``max(min_units, k x peak need / capacity)``, before rounding up) at the unit's monthly price,
    plus the per-request and front-door charges, without surplus credits (all of them are >= 0).
    Convex and piecewise linear, with one kink (where the load outgrows ``min_units``)."""
    need = max(load.peak_vcpus / units.cpu_capacity[0], load.peak_memory_mb / units.memory_capacity_mb[0])
    cost = np.maximum(float(min_units), k * need) * units.monthly[0]
    if units.per_request is not None:
        cost = cost + k * load.requests_per_month * units.per_request[0]
    if units.front_door is not None:
        cost = cost + units.front_door.hours_monthly + k * units.front_door.lcu_monthly
    return np.asarray(cost)


def _first_possible(units: Units, load: ServiceLoad, curve: LambdaCurve, min_units: int, k_max: float) -> float | None:
    """The smallest load in ``[0, k_max]`` where :func:`_fleet_floor` reaches Lambda's cost, or None:
    the fleet cannot break even below it. Both are linear between Lambda's knots and the floor's
    kink, so the crossing is solved on those pieces directly (a workload whose fleet never pays is
    answered without walking its millions of step points)."""
    need = max(load.peak_vcpus / units.cpu_capacity[0], load.peak_memory_mb / units.memory_capacity_mb[0])
    kinks = [min_units / need] if need > 0 else []
    pts = np.unique(np.concatenate([[0.0, k_max], curve.knots, kinks]))
    pts = pts[(pts >= 0.0) & (pts <= k_max)]
    gap = _fleet_floor(units, load, pts, min_units) - curve(pts)
    below = np.flatnonzero(gap <= 0)
    if not below.size:
        return None
    i = int(below[0])
    if i == 0:
        return 0.0
    a, b, ga, gb = pts[i - 1], pts[i], gap[i - 1], gap[i]
    return float(min(max(a + ga * (b - a) / (ga - gb), a), b))


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
    start = _first_possible(units, load, curve, min_units, k_max)
    if start is None:
        return None
    # one step of the fleet back, so that the piece holding ``start`` is searched whole
    lo = max(0.0, start - min(_spacings(units, load)))
    points = _FIRST_WINDOW_POINTS  # the break-even is usually a few steps from ``start``: small windows first
    while lo < k_max:
        hi = _window_end(units, load, lo, k_max, points)
        points = min(points * 8, _WINDOW_POINTS)
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
    hi = n * min(units.cpu_capacity[0] / load.peak_vcpus, units.memory_capacity_mb[0] / load.peak_memory_mb)
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
