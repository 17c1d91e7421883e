"""Lambda's billing rules on arrays: the rates and functions the engine takes, rounding, volume tiers.

Pure numpy. :mod:`lambdacost.core.engine` prices a whole workload with these.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lambdacost.core import aws

Array = NDArray[np.float64]

#: :data:`lambdacost.core.aws.HOURS_PER_MONTH` and friends as floats, the engine's arithmetic.
HOURS_PER_MONTH = float(aws.HOURS_PER_MONTH)
SECONDS_PER_MONTH = float(aws.SECONDS_PER_MONTH)
INCLUDED_STORAGE_MB = float(aws.LAMBDA_INCLUDED_TMP_MB)
#: Provisioned concurrency's billing increments per hour (5 minutes each).
PC_INCREMENTS_PER_HOUR = aws.SECONDS_PER_HOUR / aws.PC_BILLING_INCREMENT_S


@dataclass(frozen=True)
class LambdaRates:
    """The rates of one region; per-architecture arrays are indexed [x86_64, arm64]."""

    request: Array  # (2,)
    tier_start: Array  # (2, T) lower end of each tier in GB-s
    tier_end: Array  # (2, T) upper end (inf for the last)
    tier_rate: Array  # (2, T) $ per GB-s
    provisioned_concurrency: Array  # (2,)
    provisioned_duration: Array  # (2,)
    ephemeral_storage: Array  # (2,)
    snapstart_cache: float
    snapstart_restore: float
    edge_request: float
    edge_gb_second: float
    free_requests: float
    free_gb_seconds: float


@dataclass(frozen=True)
class FunctionArrays:
    """One element per function along the last axis; leading axes are scenarios.

    ``pc_requests_served`` is NaN where PC serves its default share;
    ``snapstart_versions`` is 0 for functions without SnapStart.
    """

    memory_mb: ArrayLike
    is_arm: ArrayLike
    duration_ms: ArrayLike
    requests: ArrayLike
    ephemeral_storage_mb: ArrayLike = INCLUDED_STORAGE_MB
    cold_start_rate: ArrayLike = 0.0
    init_duration_ms: ArrayLike = 0.0
    is_edge: ArrayLike = False
    pc_count: ArrayLike = 0.0
    pc_hours: ArrayLike = HOURS_PER_MONTH
    pc_requests_served: ArrayLike = np.nan
    snapstart_restore_rate: ArrayLike = 0.0
    snapstart_versions: ArrayLike = 0.0
    snapstart_cache_hours: ArrayLike = HOURS_PER_MONTH
    snapstart_billed: ArrayLike = True
    is_managed: ArrayLike = False  # runs on Lambda Managed Instances: requests only, no duration (core.billing2026)


def billed_ms(duration_ms: ArrayLike) -> Array:
    """Round a duration up to the whole millisecond, at least 1 ms above 0 (float noise under 0.1 ns is ignored)."""
    ms = np.asarray(duration_ms, dtype=np.float64)
    return np.where(ms > 0, np.maximum(np.ceil(ms - 1e-7), 1.0), 0.0)


def tiered_cost(gb_seconds: ArrayLike, start: Array, end: Array, rate: Array) -> Array:
    """Cost of ``gb_seconds`` through volume tiers ``[start, end)`` at ``rate`` (last axis: tiers)."""
    g = np.asarray(gb_seconds, dtype=np.float64)[..., None]
    width = np.clip(g - start, 0.0, np.where(np.isinf(start), 0.0, end - start))
    return np.asarray(np.sum(width * rate, axis=-1), dtype=np.float64)


def tier_slice_cost(top: ArrayLike, width: ArrayLike, start: Array, end: Array, rate: Array) -> Array:
    """Cost of the GB-s between ``top - width`` and ``top`` through the tiers (last axis: tiers).

    Equal to ``tiered_cost(top) - tiered_cost(top - width)``, but each tier's share
    of the slice, ``min(width, top - start, end - top + width, end - start)``, is
    exact when the slice lies in one tier, however large ``top`` is.
    """
    g = np.asarray(top, dtype=np.float64)[..., None]
    w = np.asarray(width, dtype=np.float64)[..., None]
    empty = np.isinf(start)
    span = np.where(empty, 0.0, end - start)
    overlap = np.minimum(np.minimum(w, g - start), np.minimum(np.where(empty, 0.0, end - g) + w, span))
    return np.asarray(np.sum(np.maximum(overlap, 0.0) * rate, axis=-1), dtype=np.float64)


def ratio(part: ArrayLike, whole: ArrayLike) -> Array:
    """``part / whole`` with 0 where ``whole`` is 0."""
    p = np.asarray(part, dtype=np.float64)
    w = np.asarray(whole, dtype=np.float64)
    return np.divide(p, w, out=np.zeros(np.broadcast_shapes(p.shape, w.shape)), where=w > 0)


def by_arch(x86: ArrayLike, arm: ArrayLike, arm_share: ArrayLike) -> Array:
    """Each function's value of a per-architecture quantity.

    ``arm_share`` is 1 for arm64 functions and 0 for x86_64 ones (bool or float);
    ``x86`` and ``arm`` may be per scenario (shape ``(..., 1)``). Arithmetic beats a
    gather or ``np.where`` on a mixed mask by a factor of several.
    """
    x, a = scalar_if_one(x86), scalar_if_one(arm)
    return np.asarray(x + np.asarray(arm_share, dtype=np.float64) * (a - x))


def pair_by_arch(pair: Array, arm_share: ArrayLike) -> Array:
    """A rate given as ``[x86_64, arm64]``, for each function."""
    return by_arch(pair[0], pair[1], arm_share)


def scalar_if_one(value: ArrayLike) -> Array | float:
    """A one-element array as a Python float (numpy's fast path for scalars)."""
    arr = np.asarray(value, dtype=np.float64)
    return float(arr.reshape(())) if arr.size == 1 else arr


def maybe(values: ArrayLike) -> bool:
    """False only for a scalar zero (the default: a feature nobody uses); arrays are checked per block."""
    arr = np.asarray(values)
    return arr.ndim > 0 or bool(arr)
