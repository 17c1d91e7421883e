"""Price a validated workload: models in, :class:`Estimate` out.

The bridge between the pydantic workload model and the numpy engine: it lays the
functions out as arrays (:mod:`lambdacost.plan.arrays`), picks the region's rates,
adds the 2026 charges (:mod:`lambdacost.plan.billing2026`) and keeps what the
renderers need to explain the result. :func:`estimate` is also the Python API's
``lambdacost.estimate``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from lambdacost.core.billing2026 import with_charges_2026
from lambdacost.core.engine import LINE_ITEMS, Costs, LambdaRates, price_functions
from lambdacost.errors import InputFileError
from lambdacost.io import loader, tables
from lambdacost.plan.arrays import function_arrays, served_arrays, served_fraction
from lambdacost.plan.capacity import CapacityView, capacity_view
from lambdacost.plan.discounts import Discount, discounts
from lambdacost.plan.inputs import WorkloadSource, workload_region, workload_source
from lambdacost.plan.stack import uses_stack
from lambdacost.schema.prices import LambdaPriceTable, LambdaRegionRates
from lambdacost.schema.workload import Workload

if TYPE_CHECKING:
    from lambdacost.plan.billing2026 import SizedFleet
    from lambdacost.plan.stack import StackPlan
    from lambdacost.schema.prices import Ec2PriceTable, ServicesPriceTable
    from lambdacost.schema.stack import StackPriceTable


#: Line items always listed for a Lambda function, even at zero.
_CORE_ITEMS = ("requests", "duration")
_EDGE_CORE_ITEMS = ("edge_requests", "edge_duration")


@dataclass(frozen=True)
class Line:
    """One line of a function's bill."""

    item: str
    label: str
    quantity: float
    unit: str
    rate: float
    cost: float


@dataclass(frozen=True)
class FunctionBill:
    name: str
    architecture: str
    memory_mb: int
    avg_concurrency: float
    total: float
    lines: list[Line]
    #: Requests a month throttled by the function's concurrency limit (not billed), and their share of its requests.
    throttled_requests: float = 0.0
    throttled_share: float = 0.0


@dataclass(frozen=True)
class LineSum:
    """One line item summed over the workload's functions; ``rate`` is cost / quantity."""

    item: str
    label: str
    unit: str
    quantity: float
    cost: float
    rate: float


@dataclass(frozen=True)
class Estimate:
    """A workload priced for one month in one region."""

    workload: Workload
    region: str
    rates: LambdaRegionRates
    table: LambdaPriceTable
    free_tier: bool
    costs: Costs
    #: Service -> discount in force: the workload's ``discounts``, then ``--plan`` and ``--discount`` over them.
    discounts: dict[str, Discount] = field(default_factory=dict)
    #: Managed Instances capacity providers sized from the load, with their assumptions.
    fleets: tuple[SizedFleet, ...] = ()
    #: (function, instance type, on-demand $/h, $/h paid) of each Managed Instances function.
    instance_rates: tuple[tuple[str, str, float, float], ...] = ()
    #: The unconfirmed rates this estimate uses, and the price tables' notes on them.
    unconfirmed: tuple[str, ...] = ()
    unconfirmed_notes: tuple[str, ...] = ()
    #: The free tier offered to this workload: AWS's, or what the file's ``free_tier`` says is left.
    free_requests: float = 0.0
    free_gb_seconds: float = 0.0
    #: The front doors and logs priced (None: no function has either), and the limits they add.
    stack: StackPlan | None = None
    stack_warnings: tuple[str, ...] = ()
    #: Each function's requests a month throttled by its concurrency limit (not billed; None: nothing throttled).
    throttled: np.ndarray | None = None
    #: Each function's requests a month before throttling (what the file asks for).
    demanded: np.ndarray | None = None

    @property
    def total(self) -> float:
        """The monthly total in USD, unrounded."""
        return float(self.costs.workload_total)

    @cached_property
    def bills(self) -> list[FunctionBill]:
        """Each function's line items (those it has), in bill order."""
        return function_bills(self)

    @property
    def throttled_functions(self) -> list[int]:
        """The indices of the functions whose concurrency limit throttles requests, in workload order."""
        return [] if self.throttled is None else np.flatnonzero(self.throttled > 0).tolist()

    def bills_of(self, indices: Sequence[int]) -> list[FunctionBill]:
        """The line items of the functions at ``indices``, in that order (a summary of a large
        workload lists a few of them)."""
        return function_bills(self, indices)

    @property
    def free_tier_used(self) -> tuple[float, float]:
        """Requests and GB-seconds of the free tier the workload used."""
        q = self.costs.quantity
        return 0.0 - float(q["free_tier_requests"].sum()), 0.0 - float(q["free_tier_duration"].sum())

    @property
    def line_item_sums(self) -> list[LineSum]:
        """The workload's line items summed over its functions (those it has), in bill order."""
        costs = self.costs
        out = []
        for li in LINE_ITEMS:
            if not costs.quantity.used(li.key):
                continue
            quantity, cost = float(costs.quantity[li.key].sum()), float(costs.cost[li.key].sum())
            if quantity != 0 or cost != 0:
                out.append(LineSum(li.key, li.label, li.unit, quantity, cost, cost / quantity if quantity else 0.0))
        return out

    @property
    def by_cost(self) -> list[int]:
        """The functions' indices, most expensive first (ties in the workload's order)."""
        return [int(i) for i in np.argsort(-self.costs.total, kind="stable")]

    def others_total(self, shown: int) -> float:
        """What the functions after the ``shown`` most expensive ones cost together (USD a month)."""
        return float(self.costs.total[self.by_cost[shown:]].sum())

    @property
    def function_totals(self) -> dict[str, float]:
        """Each function's monthly cost in USD, unrounded, by name (in the workload's order)."""
        return {f.name: float(t) for f, t in zip(self.workload.functions, self.costs.total, strict=True)}


def function_bills(est: Estimate, indices: Sequence[int] | None = None) -> list[FunctionBill]:
    """Each function's line items (those it has), in bill order; only the functions at ``indices``
    (in that order) if given."""
    costs = est.costs
    used = [li for li in LINE_ITEMS if costs.quantity.used(li.key) or li.key in _CORE_ITEMS + _EDGE_CORE_ITEMS]
    n = len(est.workload.functions)
    rows = np.arange(n) if indices is None else np.asarray(indices, dtype=np.intp)

    def column(values: Any) -> list[float]:
        """The functions' values at ``rows`` as Python floats (gathered once, not per function)."""
        return np.broadcast_to(np.asarray(values, dtype=np.float64), (n,))[rows].tolist()  # type: ignore[no-any-return]

    quantities = [column(costs.quantity[li.key]) for li in used]
    amounts = [column(costs.cost[li.key]) for li in used]
    rates = [column(costs.rate(li.key)) for li in used]
    concurrency = column(costs.avg_concurrency)
    totals = column(costs.total)
    throttled = column(est.throttled if est.throttled is not None else 0.0)
    demanded = column(est.demanded if est.demanded is not None else 0.0)
    keys = [li.key for li in used]
    bills = []
    functions = est.workload.functions
    for pos, i in enumerate(rows.tolist()):
        fn = functions[i]
        core = _EDGE_CORE_ITEMS if fn.edge else _CORE_ITEMS
        lines = [
            Line(li.key, li.label, quantities[k][pos], li.unit, rates[k][pos], amounts[k][pos])
            for k, li in enumerate(used)
            if keys[k] in core or quantities[k][pos] != 0 or amounts[k][pos] != 0
        ]
        bills.append(
            FunctionBill(
                fn.name,
                fn.architecture,
                fn.memory,
                concurrency[pos],
                totals[pos],
                lines,
                throttled[pos],
                throttled[pos] / demanded[pos] if demanded[pos] > 0 else 0.0,
            )
        )
    return bills


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


def workload_discounts(workload: Workload, given: Sequence[Discount] = ()) -> dict[str, Discount]:
    """The workload's own discounts, overridden service by service by ``given`` (``--plan``, ``--discount``)."""
    own = workload.discounts.rates() if workload.discounts else {}
    out = {s: Discount(s, v, "the workload's discounts") for s, v in own.items()}
    out.update({d.service: d for d in given})
    return {s: d for s, d in out.items() if d.fraction > 0}


def price(
    workload: Workload,
    table: LambdaPriceTable,
    *,
    region: str | None = None,
    free_tier: bool | None = None,
    discounts: Sequence[Discount] = (),
    ec2: Ec2PriceTable | None = None,
    services: ServicesPriceTable | None = None,
    stack: StackPriceTable | None = None,
) -> Estimate:
    """Price a validated ``workload``; ``region``, ``free_tier`` and ``discounts`` override the file's settings.

    ``ec2`` and ``services`` are the EC2 and services price tables, needed only by
    Managed Instances and durable functions; ``stack`` the API Gateway, load balancer and
    CloudWatch Logs table, needed only by a workload with a front door or logs.
    """
    from lambdacost.core.stack import with_stack
    from lambdacost.plan import billing2026 as b26
    from lambdacost.plan import stack as st

    code = region or workload.region
    apply_free = bool(workload.free_tier) if free_tier is None else free_tier
    rates, free_streaming = _free_left(workload, table.rates(code), table)
    demanded = function_arrays(workload)
    arrays, throttled = served_arrays(workload, demanded)
    costs = price_functions(arrays, rates, free_tier=apply_free)
    offs = workload_discounts(workload, discounts)
    share = None if throttled is None else served_fraction(np.asarray(demanded.requests), throttled)
    plan = b26.plan_2026(
        workload,
        table,
        code,
        ec2=ec2,
        services=services,
        discounts={s: d.fraction for s, d in offs.items()},
        served_share=share,
    )
    costs = with_charges_2026(
        costs, plan.features, replace(plan.rates, free_streaming_gb=free_streaming), free_tier=apply_free
    )
    stack_plan = st.plan_stack(
        workload,
        stack,
        code,
        np.asarray(demanded.requests, dtype=np.float64),
        None if throttled is None else np.asarray(arrays.requests, dtype=np.float64),
    )
    if stack_plan is not None:
        costs = with_stack(costs, stack_plan.features, stack_plan.rates)
    used = {key for key in costs.quantity if costs.quantity.used(key)}
    tenant_archs: set[str] = {f.architecture for f in workload.functions if f.tenant_isolation is not None}
    flagged, notes = b26.unconfirmed_used(table, services, code, used, tenant_archs)
    more, more_notes = st.unconfirmed_stack(stack, code, used)
    flagged, notes = flagged + more, notes + more_notes
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
        rates.free_requests,
        rates.free_gb_seconds,
        stack=stack_plan,
        stack_warnings=tuple(st.timeout_warnings(workload)),
        throttled=throttled,
        demanded=np.asarray(demanded.requests, dtype=np.float64),
    )


def estimate(
    workload: WorkloadSource,
    *,
    region: str | None = None,
    free_tier: bool | None = None,
    pricing: str | Path | None = None,
    discount: Sequence[str] = (),
    plan: str | None = None,
) -> Estimate:
    """Price a workload (a file's path, the file's contents as a mapping, or a model) for one month.

    ``region`` and ``free_tier`` override the workload's settings; ``pricing`` is a folder of
    price tables to use instead of the shipped ones; ``discount`` (``SERVICE=FRACTION`` texts)
    and ``plan`` (a plan of ``pricing/discounts.yaml``) override the workload's discounts."""
    wl, path = workload_source(workload)
    table = tables.lambda_prices(pricing)
    code = workload_region(table, region, path, wl.region)
    offs = discounts(discount, plan, Path(pricing) if pricing is not None else None)
    fns = wl.functions
    try:
        return price(
            wl,
            table,
            region=code,
            free_tier=free_tier,
            discounts=offs,
            ec2=tables.ec2_prices(pricing) if any(f.managed_instances for f in fns) else None,
            services=tables.services_prices(pricing) if any(f.durable for f in fns) else None,
            stack=tables.stack_prices(pricing) if uses_stack(wl) else None,
        )
    except InputFileError as exc:
        raise (loader.with_location(exc, path) if path is not None else exc) from None


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
    discount: Sequence[str] = (),
    plan: str | None = None,
) -> EstimateReport:
    """:func:`estimate`, and with ``with_capacity`` the workload's capacity at the same settings."""
    est = estimate(workload, region=region, free_tier=free_tier, pricing=pricing, discount=discount, plan=plan)
    if not with_capacity:
        return EstimateReport(est, None)
    return EstimateReport(est, capacity_view(est.workload, est.table, est.region, free_tier=est.free_tier))
