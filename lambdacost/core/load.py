"""The load of functions run as one service, and how a fleet is sized for it (the user's settings).

Pure numpy; used by :mod:`lambdacost.core.compare`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lambdacost.core.aws import LAMBDA_MAX_VCPUS, LAMBDA_MB_PER_VCPU
from lambdacost.core.engine import SECONDS_PER_MONTH

Array = NDArray[np.float64]

#: The break-even is searched up to this multiple of the given load.
BREAK_EVEN_SEARCH_MAX = 1000.0


@dataclass(frozen=True)
class CapacityModel:
    """How a fleet is sized: the settings the user can change."""

    target_utilization: float = 0.6
    min_units: int = 1
    unlimited: bool = False
    cpu_seconds_per_request: float | None = None


@dataclass(frozen=True)
class ServiceLoad:
    """What the functions, as one service, need at the given load (``k = 1``)."""

    requests_per_month: float
    vcpus: float  # average vCPUs busy
    memory_mb: float  # average memory held by the requests in flight
    concurrency: float  # average requests in flight
    request_memory_mb: float  # the largest memory setting: one request must fit a unit
    request_vcpus: float  # the largest vCPU share of one request

    @property
    def requests_per_second(self) -> float:
        return self.requests_per_month / SECONDS_PER_MONTH


def vcpu_share(memory_mb: ArrayLike) -> Array:
    """Lambda's CPU allocation: ``memory / 1,769 MB`` vCPUs, at most 6."""
    return np.asarray(np.minimum(np.asarray(memory_mb, dtype=np.float64) / LAMBDA_MB_PER_VCPU, LAMBDA_MAX_VCPUS))


def service_load(
    memory_mb: ArrayLike, duration_ms: ArrayLike, requests: ArrayLike, capacity: CapacityModel
) -> ServiceLoad:
    """The load of functions (one element per function) run as one service."""
    memory = np.atleast_1d(np.asarray(memory_mb, dtype=np.float64))
    seconds = np.atleast_1d(np.asarray(duration_ms, dtype=np.float64)) / 1000.0
    reqs = np.atleast_1d(np.asarray(requests, dtype=np.float64))
    rps = reqs / SECONDS_PER_MONTH
    if capacity.cpu_seconds_per_request is None:
        cpu_seconds = seconds * vcpu_share(memory)
    else:
        cpu_seconds = np.full_like(seconds, capacity.cpu_seconds_per_request)
    concurrency = rps * seconds
    return ServiceLoad(
        requests_per_month=float(reqs.sum()),
        vcpus=float(np.sum(rps * cpu_seconds)),
        memory_mb=float(np.sum(concurrency * memory)),
        concurrency=float(concurrency.sum()),
        request_memory_mb=float(memory.max()),
        request_vcpus=float(np.max(cpu_seconds / seconds)),
    )
