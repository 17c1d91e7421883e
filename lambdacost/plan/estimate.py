"""Price a validated workload: models in, :class:`Estimate` out.

The bridge between the pydantic workload model and the numpy engine: it lays the
functions out as arrays (one element per function), picks the region's rates,
adds the 2026 charges (:mod:`lambdacost.plan.billing2026`) and keeps what the
renderers need to explain the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from lambdacost.core.billing2026 import with_charges_2026
from lambdacost.core.engine import Costs, FunctionArrays, LambdaRates, price_functions
from lambdacost.schema.prices import LambdaPriceTable, LambdaRegionRates
from lambdacost.schema.workload import Workload

if TYPE_CHECKING:
    from lambdacost.plan.billing2026 import SizedFleet
    from lambdacost.schema.prices import Ec2PriceTable, ServicesPriceTable


@dataclass(frozen=True)
class Estimate:
    """A workload priced for one month in one region."""

    workload: Workload
    region: str
    rates: LambdaRegionRates
    table: LambdaPriceTable
    free_tier: bool
    costs: Costs
    #: Service -> (fraction off, where it came from): the workload's discounts, then --plan and --discount.
    discounts: dict[str, tuple[float, str]] = field(default_factory=dict)
    #: Managed Instances capacity providers sized from the load, with their assumptions.
    fleets: tuple[SizedFleet, ...] = ()
    #: (function, instance type, on-demand $/h, $/h paid) of each Managed Instances function.
    instance_rates: tuple[tuple[str, str, float, float], ...] = ()
    #: The unconfirmed rates this estimate uses, and the price tables' notes on them.
    unconfirmed: tuple[str, ...] = ()
    unconfirmed_notes: tuple[str, ...] = ()

    @property
    def total(self) -> float:
        """The monthly total in USD, unrounded."""
        return float(self.costs.workload_total)


def function_arrays(workload: Workload) -> FunctionArrays:
    """The workload's functions as engine arrays.

    A durable function's ``requests`` count executions: the engine bills
    ``executions x invocations_per_execution`` requests of ``duration /
    invocations_per_execution`` each. A Managed Instances function bills requests
    only (no duration, no ephemeral storage).
    """
    fns = workload.functions

    def col(values: list[float] | list[bool], dtype: type = np.float64) -> np.ndarray:
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


def _free_left(workload: Workload, rates: LambdaRates, table: LambdaPriceTable) -> tuple[LambdaRates, float]:
    """The engine's rates with what is left of the free tier, and the free streaming GB."""
    left = workload.free_tier
    if isinstance(left, bool):
        return rates, table.free_tier.streaming_gb
    return (
        replace(
            rates,
            free_requests=min(rates.free_requests, left.requests if left.requests is not None else np.inf),
            free_gb_seconds=min(rates.free_gb_seconds, left.gb_seconds if left.gb_seconds is not None else np.inf),
        ),
        min(table.free_tier.streaming_gb, left.streaming_gb if left.streaming_gb is not None else np.inf),
    )


def workload_discounts(workload: Workload, given: dict[str, tuple[float, str]] | None) -> dict[str, tuple[float, str]]:
    """The workload's own discounts, overridden service by service by ``given`` (``--plan``, ``--discount``)."""
    out = {
        s: (v, "the workload's discounts")
        for s, v in (workload.discounts.rates() if workload.discounts else {}).items()
    }
    out.update(given or {})
    return {s: v for s, v in out.items() if v[0] > 0}


def estimate(
    workload: Workload,
    table: LambdaPriceTable,
    *,
    region: str | None = None,
    free_tier: bool | None = None,
    discounts: dict[str, tuple[float, str]] | None = None,
    ec2: Ec2PriceTable | None = None,
    services: ServicesPriceTable | None = None,
) -> Estimate:
    """Price ``workload``; ``region``, ``free_tier`` and ``discounts`` override the file's settings.

    ``ec2`` and ``services`` are the EC2 and services price tables, needed only by
    Managed Instances and durable functions.
    """
    from lambdacost.plan import billing2026 as b26

    code = region or workload.region
    apply_free = bool(workload.free_tier) if free_tier is None else free_tier
    rates, free_streaming = _free_left(workload, table.rates(code), table)
    costs = price_functions(function_arrays(workload), rates, free_tier=apply_free)
    offs = workload_discounts(workload, discounts)
    plan = b26.plan_2026(
        workload, table, code, ec2=ec2, services=services, discounts={s: v[0] for s, v in offs.items()}
    )
    costs = with_charges_2026(
        costs, plan.features, replace(plan.rates, free_streaming_gb=free_streaming), free_tier=apply_free
    )
    used = {key for key in costs.quantity if costs.quantity.used(key)}
    flagged, notes = b26.unconfirmed_used(table, services, code, used)
    return Estimate(
        workload,
        code,
        table.region(code),
        table,
        apply_free,
        costs,
        offs,
        plan.fleets,
        plan.hourly_rates,
        tuple(flagged),
        tuple(notes),
    )
