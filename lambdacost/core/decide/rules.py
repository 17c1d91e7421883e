"""Lambda's limits for a job, its memory and steps, and the phrases the reasons share."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from lambdacost.core.aws import (
    LAMBDA_MAX_MEMORY_MB,
    LAMBDA_MAX_TMP_MB,
    LAMBDA_MAX_VCPUS,
    LAMBDA_MB_PER_VCPU,
    LAMBDA_MIN_MEMORY_MB,
    SECONDS_PER_DAY,
)
from lambdacost.core.decide.model import STEP_S, DecideRates, Job


def minutes(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:g} s"
    if seconds < 3600:
        return f"{seconds / 60:.3g} min"
    hours = seconds / 3600
    return f"{hours:.3g} h" if hours < 48 else f"{hours / 24:.3g} days"


def minimum_text(seconds: float) -> str:
    """``60`` -> ``"1-minute minimum"``."""
    return f"{seconds / 60:g}-minute minimum" if seconds % 60 == 0 else f"{seconds:g}-second minimum"


def years_text(seconds: float) -> str:
    years = seconds / (365 * SECONDS_PER_DAY)
    return f"{years:g} year" + ("" if years == 1 else "s")


def free_count_text(n: float | None) -> str:
    """The free transitions of a month: ``4000`` -> ``"4,000 free"``."""
    return "free transitions" if n is None else f"{n:,.0f} free"


def eks_text(rates: DecideRates) -> str:
    if rates.eks_cluster_hour is None:
        return "plus the EKS control plane, per cluster-hour"
    unconfirmed = " (unconfirmed rate)" if rates.eks_unconfirmed else ""
    return f"plus the EKS control plane, ${rates.eks_cluster_hour:.2f} per cluster-hour{unconfirmed}"


def size_text(mb: float) -> str:
    return f"{mb / 1024:g} GB" if mb >= 1024 else f"{mb:g} MB"


def cheapest(mask: NDArray[np.bool_], cost: NDArray[np.float64]) -> int | None:
    """Index of the cheapest row where ``mask`` holds, None if none does."""
    if not mask.any():
        return None
    return int(np.argmin(np.where(mask, cost, np.inf)))


def lambda_memory_mb(job: Job) -> int:
    """Memory to configure so Lambda gives the job its memory and vCPUs (128 MB at least)."""
    need = job.memory_mb
    if job.vcpus is not None:
        # 6 vCPUs come with the 10,240 MB maximum, a little under 6 x 1,769 MB.
        need = max(need, min(math.ceil(job.vcpus * LAMBDA_MB_PER_VCPU), LAMBDA_MAX_MEMORY_MB))
    return int(max(math.ceil(need), LAMBDA_MIN_MEMORY_MB))


def step_count(job: Job) -> int:
    """Lambda steps (invocations) the job is split into: 12-minute chunks when chunkable."""
    if not job.chunkable:
        return 1
    return max(1, math.ceil(job.duration_s / STEP_S - 1e-9))


def lambda_limits(job: Job) -> list[str]:
    """Why Lambda cannot run (any part of) this job; empty if its limits allow it."""
    out = []
    if job.gpu:
        out.append("needs a GPU: Lambda has none")
    if job.vcpus is not None and job.vcpus > LAMBDA_MAX_VCPUS:
        out.append(
            f"needs {job.vcpus:g} vCPUs: Lambda gives at most {LAMBDA_MAX_VCPUS:g} (at {LAMBDA_MAX_MEMORY_MB:,} MB)"
        )
    if job.memory_mb > LAMBDA_MAX_MEMORY_MB:
        out.append(f"memory {size_text(job.memory_mb)} is over Lambda's {LAMBDA_MAX_MEMORY_MB:,} MB limit")
    if job.storage_mb > LAMBDA_MAX_TMP_MB:
        out.append(
            f"needs {size_text(job.storage_mb)} of local storage: Lambda's /tmp is at most {LAMBDA_MAX_TMP_MB:,} MB"
        )
    return out
