"""The load of functions run as one service, and how a fleet is sized for it (the user's settings).

Pure numpy; used by :mod:`lambdacost.core.compare`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lambdacost.core.aws import HOURS_PER_DAY, LAMBDA_MAX_VCPUS, LAMBDA_MB_PER_VCPU
from lambdacost.core.capacity import TrafficArrays
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
    """What the functions, as one service, need at the given load (``k = 1``).

    The averages are over the month; the ``peak_*`` figures are those of the
    busiest hour, which a fleet running all month is sized for (equal to the
    averages for flat traffic). ``hourly_vcpus`` is the CPU used in each hour of
    the day (its mean is ``vcpus``): what surplus credits are billed on.
    """

    requests_per_month: float
    vcpus: float  # average vCPUs busy
    memory_mb: float  # average memory held by the requests in flight
    concurrency: float  # average requests in flight
    request_memory_mb: float  # the largest memory setting: one request must fit a unit
    request_vcpus: float  # the largest vCPU share of one request
    peak_vcpus: float  # vCPUs busy in the peak hour
    peak_memory_mb: float  # memory held in the peak hour
    peak_concurrency: float  # requests in flight in the peak hour
    peak_hour: int  # the hour of the day (0-23) of the peak vCPUs; -1 without an hourly profile
    shaped: bool  # some function has a traffic shape (a peak factor above 1 or an hourly profile)
    hourly_vcpus: tuple[float, ...]  # CPU used in each hour of the day (mean: ``vcpus``)
    arm64_share: float  # of the average vCPUs, the share of the arm64 functions

    @property
    def requests_per_second(self) -> float:
        return self.requests_per_month / SECONDS_PER_MONTH

    @property
    def peak_factor(self) -> float:
        """The fleet's sizing load over the average: the larger of the vCPU and memory ratios (1 when flat)."""
        ratios = [p / a for p, a in ((self.peak_vcpus, self.vcpus), (self.peak_memory_mb, self.memory_mb)) if a > 0]
        return max(ratios, default=1.0)


def vcpu_share(memory_mb: ArrayLike) -> Array:
    """Lambda's CPU allocation: ``memory / 1,769 MB`` vCPUs, at most 6."""
    return np.asarray(np.minimum(np.asarray(memory_mb, dtype=np.float64) / LAMBDA_MB_PER_VCPU, LAMBDA_MAX_VCPUS))


def _multipliers(traffic: TrafficArrays | None, n: int) -> tuple[Array, Array, NDArray[np.bool_], NDArray[np.bool_]]:
    """Per function and hour, the load over its average: for sizing and for use; which have a profile or a shape.

    An hourly profile gives both (its weights over their mean). A peak factor
    gives only the peak: for sizing the function is taken at its peak all day
    (as ``capacity`` does: peaking with everything else, the conservative
    case); for the CPU used it is taken as flat at its average.
    """
    if traffic is None:
        ones = np.ones((n, HOURS_PER_DAY))
        return ones, ones, np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    weights = np.asarray(traffic.hourly_weights, dtype=np.float64).reshape(n, HOURS_PER_DAY)
    profile = np.broadcast_to(np.asarray(traffic.has_profile, dtype=bool), (n,))
    factor = np.broadcast_to(np.asarray(traffic.peak_factor, dtype=np.float64), (n,))
    mean = weights.mean(axis=1, keepdims=True)
    shape = np.divide(weights, mean, out=np.ones_like(weights), where=mean > 0)
    use = np.where(profile[:, None], shape, 1.0)
    size = np.where(profile[:, None], shape, factor[:, None])
    return size, use, profile, profile | (factor > 1.0)


def service_load(
    memory_mb: ArrayLike,
    duration_ms: ArrayLike,
    requests: ArrayLike,
    capacity: CapacityModel,
    traffic: TrafficArrays | None = None,
    is_arm: ArrayLike = False,
) -> ServiceLoad:
    """The load of functions (one element per function) run as one service, with its peak hour."""
    memory = np.atleast_1d(np.asarray(memory_mb, dtype=np.float64))
    seconds = np.atleast_1d(np.asarray(duration_ms, dtype=np.float64)) / 1000.0
    reqs = np.atleast_1d(np.asarray(requests, dtype=np.float64))
    rps = reqs / SECONDS_PER_MONTH
    if capacity.cpu_seconds_per_request is None:
        cpu_seconds = seconds * vcpu_share(memory)
    else:
        cpu_seconds = np.full_like(seconds, capacity.cpu_seconds_per_request)
    concurrency = rps * seconds
    vcpus = rps * cpu_seconds
    size, use, profile, shaped = _multipliers(traffic, reqs.size)
    hourly_vcpus = vcpus @ size  # (24,): what the fleet must carry each hour
    return ServiceLoad(
        requests_per_month=float(reqs.sum()),
        vcpus=float(np.sum(vcpus)),
        memory_mb=float(np.sum(concurrency * memory)),
        concurrency=float(concurrency.sum()),
        request_memory_mb=float(memory.max()),
        request_vcpus=float(np.max(cpu_seconds / seconds)),
        peak_vcpus=float(hourly_vcpus.max()),
        peak_memory_mb=float(((concurrency * memory) @ size).max()),
        peak_concurrency=float((concurrency @ size).max()),
        peak_hour=int(np.argmax(hourly_vcpus)) if profile.any() else -1,
        shaped=bool(shaped.any()),
        hourly_vcpus=tuple(float(v) for v in vcpus @ use),
        arm64_share=float(
            np.sum(vcpus, where=np.broadcast_to(np.asarray(is_arm, dtype=bool), vcpus.shape)) / np.sum(vcpus)
        ),
    )


def fleet_architecture(load: ServiceLoad) -> str:
    """The one architecture a fleet of the load runs: that of the functions, or with both, the one that
    carries more than half of the CPU (x86_64 on an even split)."""
    return "arm64" if load.arm64_share > 0.5 else "x86_64"
