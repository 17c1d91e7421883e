"""Erlang B: what N always-warm environments carry of Poisson arrivals, and the cheapest N.

Pure numpy. With requests arriving at random (Poisson) and a mean duration, the
offered load is ``A = arrival rate x mean duration`` erlangs (Little's law). N
provisioned environments carry ``A x (1 - B(N, A))`` of it; the overflow,
``A x B(N, A)``, runs on demand. ``B`` comes from the stable recurrence
``B(0) = 1, B(n) = A B(n-1) / (n + A B(n-1))``, evaluated for every function and
hour at once, one step per environment, up to a bounded count.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lambdacost.core.aws import MB_PER_GB
from lambdacost.core.billing import SECONDS_PER_MONTH, FunctionArrays, LambdaRates, billed_ms

Array = NDArray[np.float64]

__all__ = ["best_count", "carried", "erlang_b", "pc_economics", "search_bound"]


def erlang_b(n: ArrayLike, load: ArrayLike) -> Array:
    """Blocking probability ``B(n, A)`` (broadcast; ``n`` whole numbers >= 0)."""
    counts = np.asarray(n, dtype=np.float64)
    a = np.asarray(load, dtype=np.float64)
    counts, a = np.broadcast_arrays(counts, a)
    b = np.ones(a.shape)
    top = int(counts.max()) if counts.size else 0
    for k in range(1, top + 1):
        ab = a * b
        b = np.where(k <= counts, np.divide(ab, k + ab), b)
    return b


def carried(n: ArrayLike, load: ArrayLike) -> Array:
    """Erlangs ``n`` environments carry of an offered ``load``: ``A (1 - B(n, A))``."""
    a = np.asarray(load, dtype=np.float64)
    return a * (1.0 - erlang_b(n, a))


def search_bound(peak: ArrayLike) -> Array:
    """A count past which no environment can pay: ``A + 6 sqrt(A) + 6`` of the busiest hour (B is then ~1e-9)."""
    p = np.maximum(np.asarray(peak, dtype=np.float64), 0.0)
    return np.ceil(p + 6.0 * np.sqrt(p) + 6.0)


def best_count(loads: ArrayLike, cap: ArrayLike, env_cost: ArrayLike, gain: ArrayLike) -> tuple[Array, Array]:
    """The count that saves the most, per function, and the saving (0 and 0 where none saves).

    ``loads`` is ``(n, H)``: the offered erlangs of each of H equal slices of the month.
    An environment costs ``env_cost`` a month; each erlang carried by PC instead of on
    demand for the whole month saves ``gain``, so N environments save
    ``gain x mean_h carried(N, A_h) - N x env_cost``. Counts are searched up to
    ``min(cap, search_bound(max load))``.
    """
    a = np.asarray(loads, dtype=np.float64)
    n = a.shape[0]
    g = np.broadcast_to(np.asarray(gain, dtype=np.float64), (n,))
    c = np.broadcast_to(np.asarray(env_cost, dtype=np.float64), (n,))
    top = np.minimum(np.floor(np.asarray(cap, dtype=np.float64) + 1e-9), search_bound(a.max(axis=1, initial=0.0)))
    top = np.where(np.isfinite(top), np.maximum(top, 0.0), 0.0)
    order = np.argsort(-top, kind="stable")  # the functions still searched are a prefix
    a, g, c, top_sorted = a[order], g[order], c[order], top[order]
    best_n, best_saving = np.zeros(n), np.zeros(n)
    b = np.ones(a.shape)
    for k in range(1, int(top_sorted[0]) + 1 if n else 1):
        m = int(np.searchsorted(-top_sorted, -k, side="right"))
        ab = a[:m] * b[:m]
        b[:m] = ab / (k + ab)
        saving = g[:m] * (a[:m] * (1.0 - b[:m])).mean(axis=1) - k * c[:m]
        better = saving > best_saving[:m] + 1e-12 * np.abs(best_saving[:m])
        best_n[:m] = np.where(better, k, best_n[:m])
        best_saving[:m] = np.where(better, saving, best_saving[:m])
    out_n, out_s = np.empty(n), np.empty(n)
    out_n[order], out_s[order] = best_n, best_saving
    return out_n, out_s


def _column(values: ArrayLike, n: int) -> Array:
    return np.array(np.broadcast_to(np.asarray(values, dtype=np.float64), (n,)))


def pc_economics(
    fn: FunctionArrays, rates: LambdaRates, cold_rate: ArrayLike, n: int, on_demand_rate: ArrayLike = 0.0
) -> tuple[Array, Array]:
    """A month of one PC environment, and what PC saves per erlang it carries for a month.

    The saving is the on-demand duration less the PC duration, plus the INIT time of the
    cold starts (``cold_rate`` of on-demand invocations) the carried requests no longer have.
    On-demand GB-s cost ``on_demand_rate`` (the account's rate through the volume tiers)
    where it is positive, else the first tier's rate.
    """
    arch = np.broadcast_to(np.asarray(fn.is_arm, dtype=np.intp), (n,))
    gb = _column(fn.memory_mb, n) / MB_PER_GB
    given = _column(on_demand_rate, n)
    on_demand = np.where(given > 0, given, rates.tier_rate[:, 0][arch])
    requests_per_erlang = SECONDS_PER_MONTH * 1000.0 / np.maximum(billed_ms(_column(fn.duration_ms, n)), 1.0)
    init_gbs = np.asarray(cold_rate, dtype=np.float64) * billed_ms(_column(fn.init_duration_ms, n)) / 1000.0 * gb
    gain = gb * SECONDS_PER_MONTH * (on_demand - rates.provisioned_duration[arch])
    gain = gain + requests_per_erlang * init_gbs * on_demand
    return gb * SECONDS_PER_MONTH * rates.provisioned_concurrency[arch], np.asarray(gain, dtype=np.float64)
