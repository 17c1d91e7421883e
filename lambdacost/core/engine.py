"""The Lambda cost engine: numpy arrays in, numpy arrays out.

Pure computation: no file access, no printing, and no imports of typer, rich or
yaml. Every input is an array with one element per function along the last
axis; any leading axes are scenarios (broadcasting), so one call can price the
same workload at a hundred loads. Everything that is shared across an account
(the volume tiers and the free tier) is summed along the last axis only.

Billing rules (AWS Lambda pricing page; see ``pricing/lambda.yaml``):

* Duration is rounded up to the whole millisecond; GB = MB / 1,024.
* On-demand GB-seconds (invoke and INIT) of all functions of one architecture
  are priced together through that architecture's volume tiers, and the cost is
  shared back to functions in proportion to their GB-seconds.
* The free tier (1M requests, 400,000 GB-s a month) is applied once for the whole
  workload, across both architectures: its GB-seconds are split between the
  architectures in proportion to their on-demand GB-seconds and taken off the
  usage before the tiers (AWS: total compute less free-tier compute is the
  billable compute), so the billable GB-s fill the tiers from the bottom and the
  free GB-s are worth the rate of the highest tier in use; its requests cover
  every non-Edge request. It never
  covers provisioned concurrency or Lambda@Edge. Each function's share is in
  proportion to its GB-seconds (requests).
* Provisioned concurrency (PC): ``count x GB x enabled seconds`` (enabled time
  rounded up to 5 minutes) at the PC rate, plus the GB-seconds of the requests
  PC serves at the PC duration rate. PC serves by default the requests that
  arrive while it is enabled (``requests x hours / 730``), capped by what
  ``count`` environments can serve; the rest run on demand.
* Cold starts (``cold_start_rate`` of the on-demand invocations) bill their INIT
  time as on-demand duration (AWS, from 1 August 2025).
* Ephemeral storage: ``(storage MB - 512) / 1,024 x billed seconds x
  invocations`` at the storage rate; it does not depend on memory.
* SnapStart: the cache, ``GB x max(hours, 3) x 3,600 x versions``; restores,
  ``restore_rate x on-demand invocations x GB``. Java managed runtimes pay neither.
* Lambda@Edge: its own request and GB-second rates, no free tier, no tiers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lambdacost.core.billing import (
    HOURS_PER_MONTH,
    INCLUDED_STORAGE_MB,
    SECONDS_PER_MONTH,
    FunctionArrays,
    LambdaRates,
    billed_ms,
    by_arch,
    pair_by_arch,
    ratio,
    scalar_if_one,
    tier_slice_cost,
    tiered_cost,
)
from lambdacost.core.blocks import Batch, Sums, blocks, first_pass
from lambdacost.core.lineitems import LINE_ITEMS, Combined, LineItem, LineItemArrays, Product, SparseParts

__all__ = [
    "HOURS_PER_MONTH",
    "INCLUDED_STORAGE_MB",
    "LINE_ITEMS",
    "SECONDS_PER_MONTH",
    "Costs",
    "FunctionArrays",
    "LambdaRates",
    "LineItem",
    "LineItemArrays",
    "billed_ms",
    "price_functions",
    "tier_slice_cost",
    "tiered_cost",
]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Costs:
    """The priced workload: every line item per function, in USD a month.

    Every array has the batch's shape ``(..., n)``; ``workload_total`` has ``(...,)``.
    """

    quantity: LineItemArrays  # line item key -> quantity
    cost: LineItemArrays  # line item key -> cost
    total: Array  # each function's monthly cost
    workload_total: Array  # the whole workload's monthly cost
    duration_ms: Array  # mean duration of one invocation, as given
    requests: Array  # invocations a month
    usage: LineItemArrays = field(repr=False)  # "pc_requests_served", "cold_starts"

    @property
    def billed_ms(self) -> Array:
        """Billed duration of one invocation: rounded up to the whole ms."""
        return billed_ms(self.duration_ms)

    @property
    def avg_concurrency(self) -> Array:
        """Average concurrent executions by Little's law: requests/s x duration s."""
        return np.asarray(self.requests * (1.0 / (SECONDS_PER_MONTH * 1000.0)) * self.billed_ms)

    @property
    def pc_requests_served(self) -> Array:
        """Invocations a month served by provisioned concurrency."""
        return self.usage["pc_requests_served"]

    @property
    def cold_starts(self) -> Array:
        """On-demand invocations a month that start cold (and bill INIT)."""
        return self.usage["cold_starts"]

    def rate(self, key: str) -> Array:
        """Effective rate of a line item (cost / quantity; 0 where the quantity is 0)."""
        q = self.quantity[key]
        c = self.cost[key]
        return np.divide(c, q, out=np.zeros(np.broadcast_shapes(q.shape, c.shape)), where=q != 0)


def price_functions(fn: FunctionArrays, rates: LambdaRates, free_tier: ArrayLike = True) -> Costs:
    """Price every function of a workload for one month.

    ``free_tier`` is a bool, or an array of bools broadcasting against the
    scenario axes (shape ``(..., 1)``).

    Two passes over blocks of rows: the first (:func:`lambdacost.core.blocks.first_pass`)
    computes each function's on-demand GB-s and the features few functions use
    (provisioned concurrency, INIT, storage, SnapStart, Lambda@Edge) on their own
    rows, and sums what the account shares; the account's tier and free-tier rates
    follow (:func:`_account`); the second pass applies them to each function.
    """
    batch = Batch(fn)
    sums = first_pass(batch, rates)
    account = _account(sums, rates, free_tier)
    total = _totals(batch, sums, account, rates)
    return _costs(batch, sums, account, rates, total)


@dataclass(frozen=True)
class _Account:
    """The account's figures per scenario (shape ``(..., 1)``): GB-s, tiered and free-tier costs, rates."""

    gbs_x86: Array
    gbs_arm: Array
    free_x86: Array  # free GB-s of each architecture
    free_arm: Array
    credit_x86: Array  # what those free GB-s are worth
    credit_arm: Array
    rate_x86: Array  # blended tier rate per on-demand GB-s
    rate_arm: Array
    net_x86: Array | float  # the same, less the free tier
    net_arm: Array | float
    free_share: Array  # share of the non-Edge requests the free tier covers
    request_net: Array | float  # the request rate less the free tier (one rate for both architectures)
    same_request_rate: bool = field(default=True)


def _account(sums: Sums, rates: LambdaRates, free_tier: ArrayLike) -> _Account:
    """Volume tiers per architecture, the free tier shared by both."""
    gbs_x86, gbs_arm = sums.gbs_x86, sums.gbs_arm
    gbs_all = gbs_x86 + gbs_arm
    free_on = np.asarray(free_tier, dtype=bool)
    free_gbs = np.minimum(np.where(free_on, rates.free_gb_seconds, 0.0), gbs_all)
    free_x86 = free_gbs * ratio(gbs_x86, gbs_all)
    free_arm = free_gbs * ratio(gbs_arm, gbs_all)
    start, end, tier_rate = rates.tier_start, rates.tier_end, rates.tier_rate
    gross_x86 = tiered_cost(gbs_x86, start[0], end[0], tier_rate[0])
    gross_arm = tiered_cost(gbs_arm, start[1], end[1], tier_rate[1])
    # The free GB-s come off the usage before the tiers, so they are worth the
    # slice [G - F, G] of the tiered cost, computed directly (not as the difference
    # of two tiered costs, which loses cents when G is huge).
    credit_x86 = tier_slice_cost(gbs_x86, free_x86, start[0], end[0], tier_rate[0])
    credit_arm = tier_slice_cost(gbs_arm, free_arm, start[1], end[1], tier_rate[1])
    free_requests = np.minimum(np.where(free_on, rates.free_requests, 0.0), sums.lambda_requests)
    free_share = ratio(free_requests, sums.lambda_requests)
    return _Account(
        gbs_x86=gbs_x86,
        gbs_arm=gbs_arm,
        free_x86=free_x86,
        free_arm=free_arm,
        credit_x86=credit_x86,
        credit_arm=credit_arm,
        rate_x86=ratio(gross_x86, gbs_x86),
        rate_arm=ratio(gross_arm, gbs_arm),
        net_x86=scalar_if_one(ratio(gross_x86 - credit_x86, gbs_x86)),
        net_arm=scalar_if_one(ratio(gross_arm - credit_arm, gbs_arm)),
        free_share=free_share,
        request_net=scalar_if_one(float(rates.request[0]) * (1.0 - free_share)),
        same_request_rate=bool(rates.request[0] == rates.request[1]),
    )


def _totals(x: Batch, sums: Sums, acc: _Account, rates: LambdaRates) -> Array:
    """The second pass: each function's total at the account's rates, plus its features' costs."""
    total = np.empty(x.shape)
    for b, rows in zip(blocks(x.shape), sums.rows, strict=True):
        arm, dgbs, t = x.is_arm[..., b], sums.duration_gbs[..., b], total[..., b]
        if acc.same_request_rate:
            np.multiply(x.requests[..., b], acc.request_net, out=t)
        else:
            np.multiply(x.requests[..., b], pair_by_arch(rates.request, arm) * (1.0 - acc.free_share), out=t)
        od = dgbs
        if rows.cold is not None and rows.init_gbs is not None:
            od = dgbs.copy()  # in the CPU cache: cheaper than pricing INIT row by row
            od[rows.cold] += rows.init_gbs
        net = by_arch(acc.net_x86, acc.net_arm, arm)
        net *= od
        t += net
        if rows.edge is not None:
            t[rows.edge] = 0.0
        for index, cost in rows.extra_cost:
            t[index] += cost
    return total


def _costs(x: Batch, sums: Sums, acc: _Account, rates: LambdaRates, total: Array) -> Costs:
    """Every line item, kept lazy (:class:`LineItemArrays`) until it is read."""
    joined: dict[str, SparseParts | None] = {key: parts if parts else None for key, parts in sums.sparse.items()}
    duration_gbs, requests = sums.duration_gbs, x.requests
    init_gbs = joined["init_gbs"]
    od_gbs: Array | Combined = duration_gbs if init_gbs is None else Combined(duration_gbs, add=init_gbs)
    lambda_requests: Array | Combined = requests
    if joined["edge_requests"] is not None:
        lambda_requests = Combined(requests, zero=joined["edge_requests"])

    def per_arch(x86: ArrayLike, arm: ArrayLike) -> Callable[[], Array]:
        return lambda: by_arch(x86, arm, x.is_arm)

    request_rate: Callable[[], Array] | float = (
        float(rates.request[0]) if acc.same_request_rate else per_arch(rates.request[0], rates.request[1])
    )
    free_gbs = per_arch(ratio(-acc.free_x86, acc.gbs_x86), ratio(-acc.free_arm, acc.gbs_arm))
    free_credit = per_arch(ratio(-acc.credit_x86, acc.gbs_x86), ratio(-acc.credit_arm, acc.gbs_arm))
    duration_rate = per_arch(acc.rate_x86, acc.rate_arm)
    quantity = LineItemArrays(x.shape, {
        "requests": lambda_requests,
        "duration": duration_gbs,
        "init_duration": init_gbs,
        "free_tier_requests": Product(lambda_requests, -acc.free_share),
        "free_tier_duration": Product(od_gbs, free_gbs),
        "ephemeral_storage": joined["storage_gbs"],
        "provisioned_concurrency": joined["pc_gbs"],
        "provisioned_duration": joined["pc_duration_gbs"],
        "snapstart_cache": joined["snap_cache_gbs"],
        "snapstart_restore": joined["snap_restore_gb"],
        "edge_requests": joined["edge_requests"],
        "edge_duration": joined["edge_gbs"],
    })  # fmt: skip
    cost = LineItemArrays(x.shape, {
        "requests": Product(lambda_requests, request_rate),
        "duration": Product(duration_gbs, duration_rate),
        "init_duration": None if init_gbs is None else Product(init_gbs, duration_rate),
        "free_tier_requests": Product(Product(lambda_requests, request_rate), -acc.free_share),
        "free_tier_duration": Product(od_gbs, free_credit),
        "ephemeral_storage": joined["storage_cost"],
        "provisioned_concurrency": joined["pc_cost"],
        "provisioned_duration": joined["pc_duration_cost"],
        "snapstart_cache": joined["snap_cache_cost"],
        "snapstart_restore": joined["snap_restore_cost"],
        "edge_requests": joined["edge_request_cost"],
        "edge_duration": joined["edge_duration_cost"],
    })  # fmt: skip
    usage = LineItemArrays(x.shape, {"pc_requests_served": joined["pc_served"], "cold_starts": joined["cold_starts"]})
    return Costs(
        quantity=quantity,
        cost=cost,
        total=total,
        workload_total=np.sum(total, axis=-1),
        duration_ms=x.duration,
        requests=requests,
        usage=usage,
    )
