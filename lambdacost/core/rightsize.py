"""Right-sizing memory from observed durations: candidates, duration models, performance risk.

Lambda gives CPU in proportion to memory (:func:`lambdacost.core.compare.vcpu_share`),
so how a duration changes with memory depends on the work:

* a bound pair when the logs hold one memory size: CPU-bound work scales with
  the vCPU share (``d x share(now) / share(new)``); work that waits (I/O,
  downstream calls) keeps its duration. The truth is between the two.
* a fit when the logs hold several sizes: ``d(m) = a + b / share(m)`` (a part
  that does not scale, a part that does), least squares weighted by record
  counts, with ``a, b >= 0``.

Pure numpy.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from lambdacost.core.aws import LAMBDA_MAX_VCPUS, LAMBDA_MB_PER_VCPU
from lambdacost.core.compare import vcpu_share

Array = NDArray[np.float64]

#: Memory kept free over the largest Max Memory Used seen (20%).
MEMORY_HEADROOM = 0.2
#: Memory sizes offered besides the smallest that fits (MB): common settings, 1 vCPU, and powers of two.
COMMON_SIZES_MB = (128, 256, 512, 768, 1024, 1536, LAMBDA_MB_PER_VCPU, 2048, 3008, 4096, 6144, 8192, 10240)
#: Candidates within this share of the cheapest cost are "as cheap": the fastest of them is recommended.
AS_CHEAP = 0.01
#: Performance risk by how much p99 could grow (worst case over the models): up to each bound.
RISK_LEVELS = ((1.1, "very low"), (1.5, "low"), (3.0, "medium"), (math.inf, "high"))


def smallest_fit(max_used_mb: float, min_mb: float, max_mb: float, headroom: float = MEMORY_HEADROOM) -> float:
    """The smallest memory size (whole MB) holding ``max_used_mb`` with ``headroom`` to spare."""
    return float(min(max(math.ceil(max_used_mb * (1.0 + headroom) - 1e-9), min_mb), max_mb))


def candidate_sizes(fit_mb: float, observed_mb: list[float], max_mb: float) -> Array:
    """The fit, the common sizes above it up to where CPU stops scaling, and the sizes observed."""
    top = min(max_mb, LAMBDA_MAX_VCPUS * LAMBDA_MB_PER_VCPU)
    sizes = [fit_mb, *(s for s in COMMON_SIZES_MB if fit_mb < s <= top), *observed_mb]
    return np.unique(np.asarray(sizes, dtype=np.float64))


def cpu_bound_ratio(from_mb: float, to_mb: Array | float) -> Array:
    """Duration at ``to_mb`` over duration at ``from_mb`` for work that only needs CPU."""
    return np.asarray(vcpu_share(from_mb) / vcpu_share(to_mb), dtype=np.float64)


def fit_durations(memory_mb: Array, mean_ms: Array, weights: Array) -> tuple[float, float]:
    """``(a, b)`` of ``d(m) = a + b / share(m)`` fitted to mean durations at several sizes, ``a, b >= 0``."""
    x = 1.0 / vcpu_share(memory_mb)
    w = np.asarray(weights, dtype=np.float64) / np.sum(weights)
    y = np.asarray(mean_ms, dtype=np.float64)
    xm, ym = float(w @ x), float(w @ y)
    var = float(w @ (x - xm) ** 2)
    b = float(w @ ((x - xm) * (y - ym))) / var if var > 0 else 0.0
    a = ym - b * xm
    if b < 0:  # durations do not fall with memory: nothing scales
        return ym, 0.0
    if a < 0:  # everything scales
        return 0.0, float(w @ (x * y)) / float(w @ (x * x))
    return a, b


def fit_ratio(a: float, b: float, from_mb: float, to_mb: Array | float) -> Array:
    """Duration at ``to_mb`` over duration at ``from_mb`` under the fitted model."""
    at = np.asarray(a + b / vcpu_share(to_mb), dtype=np.float64)
    now = float(a + b / float(vcpu_share(from_mb)))
    return np.asarray(at / now if now > 0 else np.ones_like(at), dtype=np.float64)


def risk(p99_now: float, p99_worst: float) -> str:
    """The performance risk of a change that could take p99 from ``p99_now`` to ``p99_worst``."""
    growth = p99_worst / p99_now if p99_now > 0 else 1.0
    return next(level for bound, level in RISK_LEVELS if growth <= bound)


def recommend(cost: Array, p99: Array) -> int:
    """Index of the candidate to recommend: the fastest of those within ``AS_CHEAP`` of the cheapest."""
    cheap = cost <= float(np.min(cost)) * (1.0 + AS_CHEAP) + 1e-12
    order = np.lexsort((cost, np.where(cheap, p99, np.inf)))
    return int(order[0])
