"""Throttling as billing sees it: the share of a month's requests Lambda serves under a concurrency limit.

Pure numpy. AWS bills no throttled invocation (no request, no duration, no INIT),
so an estimate prices only the served requests.

The model (a fluid one, hour by hour over the day's traffic shape):

* Each function's demand in an hour is its average concurrency (Little's law:
  requests/s x billed duration in seconds) times that hour's weight of its
  hourly profile (normalised to a mean of 1). Without an hourly profile traffic
  is taken as flat at the average: a ``peak_factor`` says how high the peak is,
  not how long it lasts, so it throttles nothing the average does not.
* A function with reserved concurrency ``r`` serves ``min(demand, r)`` each hour.
* The functions without reserved concurrency share the unreserved pool ``P``
  (the account limit less every reservation): when their summed demand ``D`` in
  an hour is over ``P``, each is served ``P / D`` of its demand in that hour.
* A function's served share is its served concurrency summed over the 24 hours
  divided by its demand summed over them (1 where it has no demand). Functions
  outside the account's limits (Lambda@Edge, Managed Instances) are served in full.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lambdacost.core.aws import HOURS_PER_DAY
from lambdacost.core.billing import SECONDS_PER_MONTH, billed_ms, ratio

__all__ = ["avg_concurrency", "hourly_demand", "never_throttled", "served_share"]

Array = NDArray[np.float64]


def avg_concurrency(requests: ArrayLike, duration_ms: ArrayLike) -> Array:
    """Average concurrency by Little's law: requests/s x billed duration in seconds."""
    return np.asarray(np.asarray(requests, dtype=np.float64) * billed_ms(duration_ms) / (SECONDS_PER_MONTH * 1000.0))


def never_throttled(requests: ArrayLike, duration_ms: ArrayLike, account_limit: float) -> bool:
    """Without reservations, whether no hour can pass the account limit whatever the profiles:
    an hour's weight is at most 24 times the mean, so 24 x the summed average bounds every hour."""
    return bool(HOURS_PER_DAY * float(np.sum(avg_concurrency(requests, duration_ms))) <= account_limit)


def hourly_demand(requests: ArrayLike, duration_ms: ArrayLike, weights: ArrayLike, has_profile: ArrayLike) -> Array:
    """Each function's average concurrency in each hour of the day, ``(n, 24)``.

    ``weights`` is ``(n, 24)``; rows where ``has_profile`` is False are flat at the average.
    """
    avg = avg_concurrency(requests, duration_ms)
    w = np.asarray(weights, dtype=np.float64)
    shape = ratio(w, w.mean(axis=-1, keepdims=True))
    flat = ~np.asarray(has_profile, dtype=bool)
    return np.asarray(avg[:, None] * np.where(flat[:, None], 1.0, shape))


def served_share(demand: ArrayLike, reserved: ArrayLike, counted: ArrayLike, account_limit: float) -> Array:
    """Share of each function's requests served, ``(n,)``, from its hourly ``demand`` ``(n, 24)``.

    ``reserved`` is NaN where a function has no reserved concurrency; ``counted`` is
    False for functions outside the account's limits (served in full).
    """
    d = np.asarray(demand, dtype=np.float64)
    r = np.asarray(reserved, dtype=np.float64)
    is_reserved = ~np.isnan(r)
    shared = np.asarray(counted, dtype=bool) & ~is_reserved
    pool = max(float(account_limit) - float(np.sum(r, where=is_reserved)), 0.0)
    pool_demand = np.sum(d, axis=0, where=shared[:, None])
    pool_served = np.where(pool_demand > pool, ratio(pool, pool_demand), 1.0)
    served = np.where(
        is_reserved[:, None],
        np.minimum(d, np.where(is_reserved, r, 0.0)[:, None]),
        np.where(shared[:, None], d * pool_served[None, :], d),
    )
    total = d.sum(axis=-1)
    return np.where(total > 0, ratio(served.sum(axis=-1), total), 1.0)
