"""Capacity of a validated workload: its traffic as arrays, :func:`lambdacost.core.capacity.analyze`
over them, and the view ``capacity`` and ``estimate`` render."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lambdacost.core.capacity import HOURS_PER_DAY, CapacityReport, TrafficArrays, analyze
from lambdacost.core.engine import LambdaRates
from lambdacost.errors import UsageError
from lambdacost.plan.estimate import function_arrays
from lambdacost.schema.prices import LambdaPriceTable, LambdaRegionRates
from lambdacost.schema.workload import Function, Workload


@dataclass(frozen=True)
class CapacityView:
    """What the renderers need: the workload, where it was priced, and its capacity report."""

    workload: Workload
    region: str
    rates: LambdaRegionRates
    table: LambdaPriceTable
    report: CapacityReport

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.workload.functions]


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


def analyze_workload(
    workload: Workload,
    rates: LambdaRates,
    *,
    account_limit: int | None = None,
    pc_quantile: float = 1.0,
    free_tier: bool | None = None,
) -> CapacityReport:
    """:func:`analyze` for a validated workload; the arguments override the file's settings."""
    return analyze(
        function_arrays(workload),
        traffic_arrays(workload.functions),
        rates,
        account_limit=workload.account_concurrency_limit if account_limit is None else account_limit,
        pc_quantile=pc_quantile,
        free_tier=bool(workload.free_tier) if free_tier is None else free_tier,
    )


def capacity_view(
    wl: Workload,
    table: LambdaPriceTable,
    region: str,
    *,
    account_limit: int | None = None,
    pc_quantile: float = 1.0,
    free_tier: bool | None = None,
) -> CapacityView:
    """Analyze a loaded workload in ``region`` (shared by ``capacity`` and ``estimate``)."""

    reserved = sum(f.reserved_concurrency or 0 for f in wl.functions)
    if account_limit is not None and reserved > account_limit:
        raise UsageError(
            f"{account_limit:,} is less than the {reserved:,} concurrent executions the functions reserve",
            field="--account-limit",
        )
    report = analyze_workload(
        wl, table.rates(region), account_limit=account_limit, pc_quantile=pc_quantile, free_tier=free_tier
    )
    return CapacityView(wl, region, table.region(region), table, report)
