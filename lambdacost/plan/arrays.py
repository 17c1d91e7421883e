"""A validated workload's functions as the arrays :mod:`lambdacost.core` works on (one element per
function): the one place the pydantic models become numpy arrays."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from lambdacost.core.capacity import HOURS_PER_DAY, TrafficArrays
from lambdacost.core.engine import FunctionArrays
from lambdacost.core.throttling import hourly_demand, never_throttled, served_share
from lambdacost.schema.workload import Function, Workload


def function_arrays(workload: Workload) -> FunctionArrays:
    """The workload's functions as engine arrays.

    A durable function's ``requests`` count executions: the engine bills
    ``executions x invocations_per_execution`` requests of ``duration /
    invocations_per_execution`` each. A Managed Instances function bills requests
    only (no duration, no ephemeral storage): its instances are priced by
    :mod:`lambdacost.plan.billing2026`.
    """
    fns = workload.functions

    def col(values: Sequence[float] | Sequence[bool], dtype: type = np.float64) -> np.ndarray:
        return np.array(values, dtype=dtype)

    pcs = [f.provisioned_concurrency for f in fns]
    snaps = [f.snapstart for f in fns]
    invocations = col([f.durable.invocations_per_execution if f.durable else 1.0 for f in fns])
    managed = col([f.managed_instances is not None for f in fns], bool)
    return FunctionArrays(
        memory_mb=col([f.memory for f in fns]),
        is_arm=col([f.architecture == "arm64" for f in fns], bool),
        duration_ms=col([f.duration for f in fns]) / invocations,
        requests=col([f.requests for f in fns]) * invocations,
        ephemeral_storage_mb=np.where(managed, 512.0, col([f.ephemeral_storage for f in fns])),
        cold_start_rate=col([f.cold_start_rate for f in fns]),
        init_duration_ms=col([f.init_duration for f in fns]),
        is_edge=col([f.edge for f in fns], bool),
        pc_count=col([p.count if p else 0 for p in pcs]),
        pc_hours=col([p.hours_per_month if p else 0.0 for p in pcs]),
        pc_requests_served=col([p.requests_served if p and p.requests_served is not None else np.nan for p in pcs]),
        snapstart_restore_rate=col([s.restore_rate if s else 0.0 for s in snaps]),
        snapstart_versions=col([s.versions if s else 0 for s in snaps]),
        snapstart_cache_hours=col([s.cache_hours_per_month if s else 0.0 for s in snaps]),
        snapstart_billed=col([bool(s and s.runtime != "java") for s in snaps], bool),
        is_managed=managed if managed.any() else False,
    )


def traffic_arrays(functions: Sequence[Function]) -> TrafficArrays:
    """The traffic shapes and reserved concurrency of a workload's functions as arrays."""
    n = len(functions)
    weights = np.ones((n, HOURS_PER_DAY))
    has_profile = np.zeros(n, dtype=bool)
    peak_factor = np.ones(n)
    reserved = np.full(n, np.nan)
    for i, f in enumerate(functions):  # reading the models; the computation is vectorized
        if f.traffic is not None and f.traffic.hourly is not None:
            weights[i] = f.traffic.hourly
            has_profile[i] = True
        elif f.traffic is not None and f.traffic.peak_factor is not None:
            peak_factor[i] = f.traffic.peak_factor
        if f.reserved_concurrency is not None:
            reserved[i] = f.reserved_concurrency
    return TrafficArrays(weights, has_profile, peak_factor, reserved)


def served_arrays(
    workload: Workload, arrays: FunctionArrays, account_limit: float | None = None
) -> tuple[FunctionArrays, np.ndarray | None]:
    """The functions' arrays with only the requests their concurrency limits serve (AWS bills no
    throttled invocation; :mod:`lambdacost.core.throttling`), and the requests throttled (None: none are).
    ``account_limit`` overrides the workload's ``account_concurrency_limit``."""
    fns = workload.functions
    limit = workload.account_concurrency_limit if account_limit is None else account_limit
    if all(f.reserved_concurrency is None for f in fns) and never_throttled(arrays.requests, arrays.duration_ms, limit):
        return arrays, None  # the common case, without reading every function's traffic
    traffic = traffic_arrays(fns)
    demand = hourly_demand(arrays.requests, arrays.duration_ms, traffic.hourly_weights, traffic.has_profile)
    counted = np.array([not f.edge and f.managed_instances is None for f in fns], dtype=bool)
    share = served_share(demand, traffic.reserved, counted, limit)
    if np.all(share >= 1.0):
        return arrays, None
    requests = np.asarray(arrays.requests, dtype=np.float64)
    served = requests * share
    pc_given = np.asarray(arrays.pc_requests_served, dtype=np.float64)
    return replace(arrays, requests=served, pc_requests_served=np.minimum(pc_given, served)), requests - served


def served_fraction(asked: np.ndarray, throttled: np.ndarray) -> np.ndarray:
    """Each function's share of its requests served (1 where it asks for none)."""
    asked = np.asarray(asked, dtype=np.float64)
    return np.asarray(np.divide(asked - throttled, asked, out=np.ones_like(asked), where=asked > 0))
