"""Capacity of a validated workload: its traffic as arrays, :func:`lambdacost.core.capacity.analyze`
over them, and the :class:`CapacityView` ``capacity`` and ``estimate`` render, with the judgements
the renderers state (what is throttled, whether provisioned concurrency pays)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from lambdacost.core.aws import MIN_UNRESERVED_CONCURRENCY
from lambdacost.core.capacity import CapacityReport, analyze, throttled_share
from lambdacost.core.engine import LambdaRates
from lambdacost.errors import UsageError
from lambdacost.io import tables
from lambdacost.plan.arrays import function_arrays, served_arrays, traffic_arrays
from lambdacost.plan.inputs import WorkloadSource, workload_region, workload_source
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
    #: Limits a front door adds (API Gateway's 29-second integration timeout), one sentence each.
    front_door_warnings: tuple[str, ...] = ()

    def listed(self, limit: int) -> list[int]:
        """The functions a table lists, in the workload's order: every one up to ``limit``, else the
        ``limit`` with the highest peak concurrency."""
        n = len(self.workload.functions)
        if n <= limit:
            return list(range(n))
        return sorted(int(i) for i in np.argsort(-self.report.peak_concurrency, kind="stable")[:limit])

    def others_sum(self, values: np.ndarray, listed: list[int]) -> float:
        """``values`` summed over the functions not in ``listed``."""
        mask = np.ones(len(values), bool)
        mask[listed] = False
        return float(np.asarray(values)[mask].sum())

    @cached_property
    def names(self) -> list[str]:
        return [f.name for f in self.workload.functions]

    @cached_property
    def alone_throttled_share(self) -> np.ndarray:
        """Share of each function's peak requests throttled by the unreserved pool on its own
        (the other functions' demand aside)."""
        r = self.report
        return throttled_share(r.peak_concurrency, max(r.unreserved_pool, 0.0))

    @property
    def pool_throttled_beyond_functions(self) -> bool:
        """The functions sharing the unreserved pool are throttled together more than any one of them
        alone, and one of them has demand: the pool's own throttling is worth stating."""
        r = self.report
        shared = r.counted & np.isnan(r.reserved)
        alone = self.alone_throttled_share[shared]
        alone_max = float(alone.max()) if alone.size else 0.0
        return bool(np.any(r.peak_concurrency[shared] > 0) and r.pool_throttled_share > alone_max + 1e-9)

    @property
    def pool_below_minimum(self) -> bool:
        """Reserved concurrency leaves less unreserved than the minimum AWS keeps."""
        return bool(self.report.pool_below_aws_minimum)

    @property
    def min_unreserved(self) -> float:
        return float(MIN_UNRESERVED_CONCURRENCY)

    @cached_property
    def pc_saving(self) -> np.ndarray:
        """USD a month each function saves with the recommended provisioned concurrency (negative: it costs more)."""
        return np.asarray(self.report.cost_without_pc - self.report.cost_with_pc)

    @cached_property
    def pc_candidates(self) -> list[int]:
        """The functions provisioned concurrency is recommended for, the largest peak first."""
        r = self.report
        order = np.argsort(-r.peak_concurrency, kind="stable")
        return [int(i) for i in order[r.recommended_pc[order] > 0]]

    @cached_property
    def pc_pays(self) -> list[int]:
        """Of :attr:`pc_candidates`, those the recommended provisioned concurrency saves money for."""
        saves = self.report.pc_saves
        return [i for i in self.pc_candidates if saves[i]]

    @property
    def pc_extra_cost(self) -> float:
        """USD a month the recommended provisioned concurrency adds over on demand, summed over :attr:`pc_candidates`."""
        saving = self.pc_saving
        return float(-sum(float(saving[i]) for i in self.pc_candidates))

    @cached_property
    def no_pc_reasons(self) -> list[str | None]:
        """Why no provisioned concurrency is suggested for each function (None where some is)."""
        r = self.report
        saves, recommended = r.pc_saves.tolist(), r.recommended_pc.tolist()
        avg, limit = r.avg_concurrency.tolist(), r.function_limit.tolist()
        out: list[str | None] = []
        for i, f in enumerate(self.workload.functions):
            why = no_pc_reason(f)
            if why is None and not saves[i]:
                if recommended[i] > 0:
                    why = f"{recommended[i]:,.0f} environments would cost more than on demand"
                elif avg[i] > 0 and limit[i] >= 1:
                    why = "no count is busy enough to pay for itself with random arrivals"
                elif avg[i] > 0:
                    why = "its concurrency limit leaves no room for provisioned concurrency"
                else:
                    why = "it has no requests"
            out.append(why)
        return out

    @property
    def total_suggested(self) -> float:
        """The workload's monthly cost with the suggested PC (only where it saves money)."""
        return float(np.sum(self.report.cost_suggested))

    @property
    def total_configured(self) -> float:
        return float(self.report.costs.workload_total[0])

    @property
    def pc_break_even_min(self) -> float | None:
        """The lowest busy share at which provisioned concurrency pays (None where none is available)."""
        be = self.report.pc_break_even[~np.isnan(self.report.pc_break_even)]
        return float(be.min()) if be.size else None


def analyze_workload(
    workload: Workload,
    rates: LambdaRates,
    *,
    account_limit: int | None = None,
    pc_quantile: float | None = None,
    free_tier: bool | None = None,
) -> CapacityReport:
    """:func:`analyze` for a validated workload; the arguments override the file's settings.
    Costs are those of the requests the concurrency limits serve, as :mod:`lambdacost.plan.estimate` bills."""
    limit = workload.account_concurrency_limit if account_limit is None else account_limit
    demanded = function_arrays(workload)
    served, throttled = served_arrays(workload, demanded, limit)
    return analyze(
        demanded,
        traffic_arrays(workload.functions),
        rates,
        account_limit=limit,
        billed_requests=None if throttled is None else served.requests,
        pc_quantile=pc_quantile,
        free_tier=bool(workload.free_tier) if free_tier is None else free_tier,
        pc_blocked=np.array([no_pc_reason(f) is not None for f in workload.functions], dtype=bool),
    )


#: Why a function cannot carry provisioned concurrency (the loader refuses the first three
#: combinations; AWS's TenancyConfig documentation lists PC as incompatible with tenant isolation).
def no_pc_reason(f: Function) -> str | None:
    """Why provisioned concurrency cannot be used for ``f``, or None."""
    if f.edge:
        return "Lambda@Edge does not support provisioned concurrency"
    if f.snapstart is not None:
        return "SnapStart cannot be combined with provisioned concurrency"
    if f.managed_instances is not None:
        return "Managed Instances functions cannot use provisioned concurrency"
    if f.tenant_isolation is not None:
        return "tenant isolation mode cannot be combined with provisioned concurrency"
    return None


def capacity_view(
    wl: Workload,
    table: LambdaPriceTable,
    region: str,
    *,
    account_limit: int | None = None,
    pc_quantile: float | None = None,
    free_tier: bool | None = None,
) -> CapacityView:
    """Analyze a loaded workload in ``region`` (shared by ``capacity`` and ``estimate``).

    Functions on Lambda Managed Instances are left out: they run in their capacity
    provider's environments, not Lambda's on-demand ones (no cold starts, no
    provisioned concurrency), unless every function is on them.
    """
    on_demand = [f for f in wl.functions if f.managed_instances is None]
    if on_demand and len(on_demand) < len(wl.functions):
        wl = wl.model_copy(update={"functions": on_demand})

    reserved = sum(f.reserved_concurrency or 0 for f in wl.functions)
    if account_limit is not None and reserved > account_limit:
        raise UsageError(
            f"{account_limit:,} is less than the {reserved:,} concurrent executions the functions reserve",
            field="--account-limit",
        )
    report = analyze_workload(
        wl, table.rates(region), account_limit=account_limit, pc_quantile=pc_quantile, free_tier=free_tier
    )
    from lambdacost.plan.stack import timeout_warnings

    return CapacityView(wl, region, table.region(region), table, report, tuple(timeout_warnings(wl)))


def capacity(
    workload: WorkloadSource,
    *,
    account_limit: int | None = None,
    pc_quantile: float | None = None,
    region: str | None = None,
    pricing: str | Path | None = None,
) -> CapacityView:
    """The capacity of a workload (a file, a mapping or a model) in its region or ``region``.

    ``pc_quantile`` None sizes provisioned concurrency at its cheapest count; a number
    from 0 to 1 sizes it for that quantile of the hourly concurrency (1: the peak)."""
    if (
        pc_quantile is not None and not 0.0 <= pc_quantile <= 1.0
    ):  # NaN too: some Typer versions let it through the option's range
        raise UsageError(f"'{pc_quantile:g}' is not a number from 0 to 1", field="--pc-quantile")
    wl, path = workload_source(workload)
    table = tables.lambda_prices(pricing)
    code = workload_region(table, region, path, wl.region)
    return capacity_view(wl, table, code, account_limit=account_limit, pc_quantile=pc_quantile)
