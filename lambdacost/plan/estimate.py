"""Price a validated workload: models in, :class:`Estimate` out.

The bridge between the pydantic workload model and the numpy engine: it lays the
functions out as arrays (one element per function), picks the region's rates,
and keeps what the renderers need to explain the result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lambdacost.core.engine import Costs, FunctionArrays, price_functions
from lambdacost.schema.prices import LambdaPriceTable, LambdaRegionRates
from lambdacost.schema.workload import Workload


@dataclass(frozen=True)
class Estimate:
    """A workload priced for one month in one region."""

    workload: Workload
    region: str
    rates: LambdaRegionRates
    table: LambdaPriceTable
    free_tier: bool
    costs: Costs

    @property
    def total(self) -> float:
        """The monthly total in USD, unrounded."""
        return float(self.costs.workload_total)


def function_arrays(workload: Workload) -> FunctionArrays:
    """The workload's functions as engine arrays."""
    fns = workload.functions

    def col(values: list[float] | list[bool], dtype: type = np.float64) -> np.ndarray:
        return np.array(values, dtype=dtype)

    pcs = [f.provisioned_concurrency for f in fns]
    snaps = [f.snapstart for f in fns]
    return FunctionArrays(
        memory_mb=col([f.memory for f in fns]),
        is_arm=col([f.architecture == "arm64" for f in fns], bool),
        duration_ms=col([f.duration for f in fns]),
        requests=col([f.requests for f in fns]),
        ephemeral_storage_mb=col([f.ephemeral_storage for f in fns]),
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
    )


def estimate(
    workload: Workload,
    table: LambdaPriceTable,
    *,
    region: str | None = None,
    free_tier: bool | None = None,
) -> Estimate:
    """Price ``workload``; ``region`` and ``free_tier`` override the file's settings."""
    code = region or workload.region
    apply_free = bool(workload.free_tier) if free_tier is None else free_tier
    costs = price_functions(function_arrays(workload), table.rates(code), free_tier=apply_free)
    return Estimate(workload, code, table.region(code), table, apply_free, costs)
