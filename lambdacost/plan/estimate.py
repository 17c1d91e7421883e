"""Price a validated workload: models in, :class:`Estimate` out.

The bridge between the pydantic workload model and the numpy engine: it lays the
functions out as arrays (:mod:`lambdacost.plan.arrays`), picks the region's rates,
and keeps what the renderers need to explain the result. :func:`estimate` is also
the Python API's ``lambdacost.estimate``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lambdacost.core.engine import Costs, price_functions
from lambdacost.io import loader
from lambdacost.plan.arrays import function_arrays
from lambdacost.plan.capacity import CapacityView, capacity_view
from lambdacost.plan.inputs import WorkloadSource, workload_region, workload_source
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

    @property
    def function_totals(self) -> dict[str, float]:
        """Each function's monthly cost in USD, unrounded, by name (in the workload's order)."""
        return {f.name: float(t) for f, t in zip(self.workload.functions, self.costs.total, strict=True)}


def price(
    workload: Workload,
    table: LambdaPriceTable,
    *,
    region: str | None = None,
    free_tier: bool | None = None,
) -> Estimate:
    """Price a validated ``workload``; ``region`` and ``free_tier`` override the file's settings."""
    code = region or workload.region
    apply_free = workload.free_tier if free_tier is None else free_tier
    costs = price_functions(function_arrays(workload), table.rates(code), free_tier=apply_free)
    return Estimate(workload, code, table.region(code), table, apply_free, costs)


def estimate(
    workload: WorkloadSource,
    *,
    region: str | None = None,
    free_tier: bool | None = None,
    pricing: str | Path | None = None,
) -> Estimate:
    """Price a workload (a file's path, the file's contents as a mapping, or a model) for one month.

    ``region`` and ``free_tier`` override the workload's settings; ``pricing`` is a folder of
    price tables to use instead of the shipped ones."""
    wl, path = workload_source(workload)
    table = loader.load_lambda_prices(pricing)
    return price(wl, table, region=workload_region(table, region, path, wl.region), free_tier=free_tier)


@dataclass(frozen=True)
class EstimateReport:
    """What ``lambdacost estimate`` shows: the bill and (for the table and JSON) the capacity under it."""

    estimate: Estimate
    capacity: CapacityView | None


def estimate_report(
    workload: WorkloadSource,
    *,
    region: str | None = None,
    free_tier: bool | None = None,
    pricing: str | Path | None = None,
    with_capacity: bool = True,
) -> EstimateReport:
    """:func:`estimate`, and with ``with_capacity`` the workload's capacity at the same settings."""
    est = estimate(workload, region=region, free_tier=free_tier, pricing=pricing)
    if not with_capacity:
        return EstimateReport(est, None)
    return EstimateReport(est, capacity_view(est.workload, est.table, est.region, free_tier=est.free_tier))
