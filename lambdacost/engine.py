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
  bottom of the tiers; its requests cover every non-Edge request. It never
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

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]

#: Hours in a billing month (AWS's convention).
HOURS_PER_MONTH = 730.0
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600.0
#: Ephemeral storage included with every function.
INCLUDED_STORAGE_MB = 512.0
#: SnapStart bills a cached version for at least this many hours.
SNAPSTART_MIN_CACHE_HOURS = 3.0


class LineItem(NamedTuple):
    """How a line item is named and measured."""

    key: str
    label: str
    unit: str


#: Every line item the engine returns, in the order a bill lists them.
LINE_ITEMS: tuple[LineItem, ...] = (
    LineItem("requests", "Requests", "requests"),
    LineItem("duration", "Duration (on-demand)", "GB-s"),
    LineItem("init_duration", "INIT duration (cold starts)", "GB-s"),
    LineItem("free_tier_requests", "Free tier: requests", "requests"),
    LineItem("free_tier_duration", "Free tier: duration", "GB-s"),
    LineItem("ephemeral_storage", "Ephemeral storage over 512 MB", "GB-s"),
    LineItem("provisioned_concurrency", "Provisioned concurrency", "GB-s"),
    LineItem("provisioned_duration", "Provisioned duration", "GB-s"),
    LineItem("snapstart_cache", "SnapStart cache", "GB-s"),
    LineItem("snapstart_restore", "SnapStart restore", "GB"),
    LineItem("edge_requests", "Lambda@Edge requests", "requests"),
    LineItem("edge_duration", "Lambda@Edge duration", "GB-s"),
)


@dataclass(frozen=True)
class LambdaRates:
    """The rates of one region; per-architecture arrays are indexed [x86_64, arm64]."""

    request: Array  # (2,)
    tier_start: Array  # (2, T) lower end of each tier in GB-s
    tier_end: Array  # (2, T) upper end (inf for the last)
    tier_rate: Array  # (2, T) $ per GB-s
    provisioned_concurrency: Array  # (2,)
    provisioned_duration: Array  # (2,)
    ephemeral_storage: Array  # (2,)
    snapstart_cache: float
    snapstart_restore: float
    edge_request: float
    edge_gb_second: float
    free_requests: float
    free_gb_seconds: float


@dataclass(frozen=True)
class FunctionArrays:
    """One element per function along the last axis; leading axes are scenarios.

    ``pc_requests_served`` is NaN where PC serves its default share;
    ``snapstart_versions`` is 0 for functions without SnapStart.
    """

    memory_mb: ArrayLike
    is_arm: ArrayLike
    duration_ms: ArrayLike
    requests: ArrayLike
    ephemeral_storage_mb: ArrayLike = INCLUDED_STORAGE_MB
    cold_start_rate: ArrayLike = 0.0
    init_duration_ms: ArrayLike = 0.0
    is_edge: ArrayLike = False
    pc_count: ArrayLike = 0.0
    pc_hours: ArrayLike = HOURS_PER_MONTH
    pc_requests_served: ArrayLike = np.nan
    snapstart_restore_rate: ArrayLike = 0.0
    snapstart_versions: ArrayLike = 0.0
    snapstart_cache_hours: ArrayLike = HOURS_PER_MONTH
    snapstart_billed: ArrayLike = True


class _Rows:
    """The rows of a batch where a feature is on, to price it on those rows only.

    Most functions use neither provisioned concurrency nor SnapStart nor extra
    storage; pricing a feature only where it is on keeps the engine's cost close
    to that of its plain on-demand core.
    """

    def __init__(self, index: tuple[NDArray[np.intp], ...], shape: tuple[int, ...], mask: NDArray[np.bool_]) -> None:
        self.index = index
        self.shape = shape
        self.mask = mask  # broadcast to the batch's shape

    @classmethod
    def where(cls, mask: ArrayLike, shape: tuple[int, ...]) -> _Rows | None:
        """The rows where the boolean ``mask`` is True, None if there are none."""
        arr = np.asarray(mask, dtype=bool)
        if arr.ndim == 0 and not arr:
            return None
        mask = np.broadcast_to(arr, shape)
        index = np.nonzero(mask)
        return cls(index, shape, mask) if index[0].size else None

    def take(self, values: ArrayLike) -> Array:
        """``values``, broadcast to the batch, on these rows (as float64)."""
        arr = np.asarray(values)
        if arr.ndim == 0:
            return np.full(self.index[0].shape, float(arr))
        return np.asarray(np.broadcast_to(arr, self.shape)[self.index], dtype=np.float64)

    def take_arch(self, is_arm: NDArray[np.bool_]) -> NDArray[np.intp]:
        """The architecture index (0 x86_64, 1 arm64) on these rows."""
        return np.asarray(is_arm[self.index], dtype=np.intp)

    def by_arch(self, x86: ArrayLike, arm: ArrayLike, arm_share: Array) -> Array:
        """A per-architecture, per-scenario quantity on these rows."""
        share = arm_share[self.index]
        if np.ndim(x86) == 0 and np.ndim(arm) == 0:
            return _by_arch(x86, arm, share)
        x = np.broadcast_to(np.asarray(x86, dtype=np.float64), self.shape)[self.index]
        a = np.broadcast_to(np.asarray(arm, dtype=np.float64), self.shape)[self.index]
        return _by_arch(x, a, share)

    def positions_in(self, other: _Rows) -> tuple[NDArray[np.bool_], NDArray[np.intp]]:
        """Which of these rows are also ``other``'s, and where they stand in ``other``'s rows."""
        found = other.mask[self.index]
        if not found.any():
            return found, np.zeros(0, dtype=np.intp)
        flat_other = np.ravel_multi_index(other.index, self.shape)
        flat_mine = np.ravel_multi_index(tuple(i[found] for i in self.index), self.shape)
        return found, np.searchsorted(flat_other, flat_mine)

    def scatter_sum(self, values: Array) -> Array:
        """Per scenario, the sum of ``values`` over these rows (shape ``(..., 1)``)."""
        out = np.zeros(self.shape[:-1] + (1,))
        np.add.at(out, self.index[:-1] + (np.zeros_like(self.index[-1]),), values)
        return out


@dataclass(frozen=True)
class _Sparse:
    """A line item that is non-zero only on some rows: its values on those rows."""

    rows: _Rows
    values: Array

    def dense(self) -> Array:
        out = np.zeros(self.rows.shape)
        out[self.rows.index] = self.values
        return out


@dataclass(frozen=True)
class _Product:
    """A line item that is ``base x factor`` (a quantity times a rate)."""

    base: Array | _Sparse | _Combined
    factor: Callable[[], Array | float] | Array | float

    def dense(self) -> Array:
        base = self.base if isinstance(self.base, np.ndarray) else self.base.dense()
        factor = self.factor() if callable(self.factor) else self.factor
        return np.asarray(base * factor, dtype=np.float64)


@dataclass(frozen=True)
class _Combined:
    """A dense array with some rows added to (``add``) or set to zero (``zero``)."""

    base: Array
    add: _Sparse | None = None
    zero: _Rows | None = None

    def dense(self) -> Array:
        out = np.array(self.base, dtype=np.float64)
        if self.add is not None:
            out[self.add.rows.index] += self.add.values
        if self.zero is not None:
            out[self.zero.index] = 0.0
        return out


_Item = Array | _Sparse | _Product | _Combined | None


class LineItemArrays(Mapping[str, Array]):
    """Line item key -> array of the batch's shape ``(..., n)``.

    The engine computes every line item, but keeps each in its cheapest exact
    form until it is read: items no function uses are read-only zero views;
    items only some functions use are kept as (rows, values); items that are a
    quantity times a rate are kept as that product. Reading an item expands it
    to a full array once.
    """

    def __init__(self, shape: tuple[int, ...], items: dict[str, _Item]) -> None:
        self._shape = shape
        self._items = items
        self._dense: dict[str, Array] = {}

    def __getitem__(self, key: str) -> Array:
        if key not in self._dense:
            item = self._items[key]
            if item is None:
                dense = np.broadcast_to(np.float64(0.0), self._shape)
            elif isinstance(item, _Sparse | _Product | _Combined):
                dense = np.broadcast_to(item.dense(), self._shape)
            else:
                dense = np.broadcast_to(item, self._shape)
            self._dense[key] = dense
        return self._dense[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def used(self, key: str) -> bool:
        """Whether any function of the batch has this line item at all."""
        return self._items[key] is not None


@dataclass(frozen=True)
class Costs:
    """The priced workload: every line item per function, in USD a month.

    Every array has the batch's shape ``(..., n)``; ``workload_total`` has ``(...,)``.
    """

    quantity: LineItemArrays  # line item key -> quantity
    cost: LineItemArrays  # line item key -> cost
    total: Array  # each function's monthly cost
    workload_total: Array  # the whole workload's monthly cost
    billed_ms: Array  # billed duration of one invocation, whole ms
    requests: Array  # invocations a month
    usage: LineItemArrays = field(repr=False)  # "pc_requests_served", "cold_starts"

    @property
    def billed_seconds(self) -> Array:
        """Billed duration of one invocation in seconds."""
        return np.asarray(self.billed_ms / 1000.0)

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


def billed_ms(duration_ms: ArrayLike) -> Array:
    """Round a duration up to the whole millisecond (float noise under 0.1 ns is ignored)."""
    out = np.subtract(np.asarray(duration_ms, dtype=np.float64), 1e-7)
    return np.ceil(out, out=out)


def tiered_cost(gb_seconds: ArrayLike, start: Array, end: Array, rate: Array) -> Array:
    """Cost of ``gb_seconds`` through volume tiers ``[start, end)`` at ``rate`` (last axis: tiers)."""
    g = np.asarray(gb_seconds, dtype=np.float64)[..., None]
    width = np.clip(g - start, 0.0, np.where(np.isinf(start), 0.0, end - start))
    return np.asarray(np.sum(width * rate, axis=-1), dtype=np.float64)


def _ratio(part: ArrayLike, whole: ArrayLike) -> Array:
    """``part / whole`` with 0 where ``whole`` is 0."""
    p = np.asarray(part, dtype=np.float64)
    w = np.asarray(whole, dtype=np.float64)
    return np.divide(p, w, out=np.zeros(np.broadcast_shapes(p.shape, w.shape)), where=w > 0)


def _by_arch(x86: ArrayLike, arm: ArrayLike, arm_share: Array) -> Array:
    """Each function's value of a per-architecture quantity.

    ``arm_share`` is 1.0 for arm64 functions and 0.0 for x86_64 ones; ``x86`` and
    ``arm`` may be per scenario (shape ``(..., 1)``). Arithmetic beats a gather
    or ``np.where`` on a mixed mask by a factor of several.
    """
    x, a = _scalar_if_one(x86), _scalar_if_one(arm)
    return np.asarray(x + arm_share * (a - x))


def _scalar_if_one(value: ArrayLike) -> Array | float:
    """A one-element array as a Python float (numpy's fast path for scalars)."""
    arr = np.asarray(value, dtype=np.float64)
    return float(arr.reshape(())) if arr.size == 1 else arr


def _nonzero(values: ArrayLike) -> NDArray[np.bool_]:
    return np.asarray(np.asarray(values) != 0, dtype=bool)


def price_functions(fn: FunctionArrays, rates: LambdaRates, free_tier: ArrayLike = True) -> Costs:
    """Price every function of a workload for one month.

    ``free_tier`` is a bool, or an array of bools broadcasting against the
    scenario axes (shape ``(..., 1)``).

    Only three full-size arrays are made (billed ms, on-demand GB-s and the
    totals); the features few functions use (provisioned concurrency, INIT,
    storage, SnapStart, Lambda@Edge) are priced on their own rows only.
    """
    memory_mb = np.asarray(fn.memory_mb, dtype=np.float64)
    requests = np.asarray(fn.requests, dtype=np.float64)
    arch_in = np.asarray(fn.is_arm, dtype=bool)
    shape = np.broadcast_shapes(memory_mb.shape, arch_in.shape, np.shape(fn.duration_ms), requests.shape)
    is_arm = np.broadcast_to(arch_in, shape)
    arm_share = is_arm.astype(np.float64)
    requests = np.broadcast_to(requests, shape)
    is_edge = np.asarray(fn.is_edge, dtype=bool)

    billed = billed_ms(fn.duration_ms)
    duration_gbs = np.multiply(memory_mb, billed, out=np.empty(shape))
    duration_gbs *= 1.0 / 1024e3  # GB-s of one invocation, for now

    # Lambda@Edge functions have their own rates and no free tier.
    edge = _Rows.where(is_edge, shape)
    edge_requests = edge_gbs = edge_request_cost = edge_duration_cost = None
    if edge is not None:
        edge_req = edge.take(requests)
        edge_requests = _Sparse(edge, edge_req)
        edge_gbs = _Sparse(edge, duration_gbs[edge.index] * edge_req)
        edge_request_cost = _Sparse(edge, edge_req * rates.edge_request)
        edge_duration_cost = _Sparse(edge, edge_gbs.values * rates.edge_gb_second)

    # Provisioned concurrency: which requests it serves; the rest run on demand.
    pc = _Rows.where(_nonzero(fn.pc_count), shape)
    pc_served = pc_gbs = pc_duration_gbs = pc_cost = pc_duration_cost = None
    if pc is not None:
        count, hours, req = pc.take(fn.pc_count), pc.take(fn.pc_hours), pc.take(requests)
        gb_s = duration_gbs[pc.index]
        gb, seconds = pc.take(memory_mb) / 1024.0, np.maximum(pc.take(billed), 1.0) / 1000.0
        asked = pc.take(fn.pc_requests_served)
        served = np.where(np.isnan(asked), req * (hours / HOURS_PER_MONTH), asked)
        served = np.minimum(np.minimum(served, count * hours * 3600.0 / seconds), req)
        billed_hours = np.ceil(np.round(hours * 12.0, 6)) / 12.0  # rounded up to 5 minutes
        arch_pc = pc.take_arch(is_arm)
        pc_served = _Sparse(pc, served)
        pc_gbs = _Sparse(pc, count * gb * billed_hours * 3600.0)
        pc_duration_gbs = _Sparse(pc, served * gb_s)
        pc_cost = _Sparse(pc, pc_gbs.values * rates.provisioned_concurrency.take(arch_pc))
        pc_duration_cost = _Sparse(pc, pc_duration_gbs.values * rates.provisioned_duration.take(arch_pc))

    def on_demand_at(rows: _Rows) -> Array:
        """Invocations that run on demand (not on PC), on ``rows``."""
        out = rows.take(requests)
        if pc is not None and pc_served is not None:
            found, pos = rows.positions_in(pc)
            out[found] -= pc_served.values[pos]
        return out

    if pc is not None and pc_served is not None:
        gb_s_pc = duration_gbs[pc.index]
        duration_gbs *= requests
        duration_gbs[pc.index] = gb_s_pc * (requests[pc.index] - pc_served.values)
    else:
        duration_gbs *= requests
    if edge is not None:
        duration_gbs[edge.index] = 0.0

    # Cold starts bill their INIT time as on-demand duration.
    cold = _Rows.where(_nonzero(fn.cold_start_rate) & _nonzero(fn.init_duration_ms) & ~is_edge, shape)
    cold_starts = init_gbs = None
    if cold is not None:
        starts = cold.take(fn.cold_start_rate) * on_demand_at(cold)
        init = cold.take(memory_mb) / 1024e3 * billed_ms(cold.take(fn.init_duration_ms)) * starts
        cold_starts, init_gbs = _Sparse(cold, starts), _Sparse(cold, init)
    od_gbs = _Combined(duration_gbs, add=init_gbs) if init_gbs is not None else duration_gbs

    # Volume tiers per architecture, and the GB-s free tier shared between them.
    gbs_all = np.sum(duration_gbs, axis=-1, keepdims=True)
    gbs_arm = np.vecdot(duration_gbs, arm_share)[..., None]
    if init_gbs is not None and cold is not None:
        init_arm = init_gbs.values * arm_share[cold.index]
        gbs_all = gbs_all + cold.scatter_sum(init_gbs.values)
        gbs_arm = gbs_arm + cold.scatter_sum(init_arm)
    gbs_x86 = gbs_all - gbs_arm
    free_on = np.asarray(free_tier, dtype=bool)
    free_gbs = np.minimum(np.where(free_on, rates.free_gb_seconds, 0.0), gbs_all)
    free_x86 = free_gbs * _ratio(gbs_x86, gbs_all)
    free_arm = free_gbs - free_x86
    start, end, tier_rate = rates.tier_start, rates.tier_end, rates.tier_rate
    gross_x86 = tiered_cost(gbs_x86, start[0], end[0], tier_rate[0])
    gross_arm = tiered_cost(gbs_arm, start[1], end[1], tier_rate[1])
    net_x86 = tiered_cost(gbs_x86 - free_x86, start[0], end[0], tier_rate[0])
    net_arm = tiered_cost(gbs_arm - free_arm, start[1], end[1], tier_rate[1])
    # Per on-demand GB-s of each architecture: blended tier rate, free GB-s, net rate.
    rate_x86, rate_arm = _ratio(gross_x86, gbs_x86), _ratio(gross_arm, gbs_arm)
    net_rate_x86, net_rate_arm = _ratio(net_x86, gbs_x86), _ratio(net_arm, gbs_arm)
    free_x86_share, free_arm_share = _ratio(-free_x86, gbs_x86), _ratio(-free_arm, gbs_arm)
    free_fn_gbs = _Product(od_gbs, lambda: _by_arch(free_x86_share, free_arm_share, arm_share))
    free_fn_credit = _Product(od_gbs, lambda: _by_arch(net_rate_x86 - rate_x86, net_rate_arm - rate_arm, arm_share))
    duration_cost = _Product(duration_gbs, lambda: _by_arch(rate_x86, rate_arm, arm_share))
    init_cost = None
    if cold is not None and init_gbs is not None:
        init_cost = _Sparse(cold, init_gbs.values * cold.by_arch(rate_x86, rate_arm, arm_share))

    # Requests, and the request free tier shared by every non-Edge request.
    if rates.request[0] == rates.request[1]:
        request_rate: Array | float = float(rates.request[0])
    else:
        request_rate = _by_arch(rates.request[0], rates.request[1], arm_share)
    total_requests = np.sum(requests, axis=-1, keepdims=True)
    if edge is not None:
        total_requests = total_requests - edge.scatter_sum(edge_req)
    free_requests = np.minimum(np.where(free_on, rates.free_requests, 0.0), total_requests)
    free_share = _ratio(free_requests, total_requests)
    lambda_requests = _Combined(requests, zero=edge) if edge is not None else requests

    # Each function's total: requests and on-demand GB-s at their net rates,
    # then the line items only some functions have, on their rows.
    total = np.multiply(requests, _scalar_if_one(request_rate * (1.0 - free_share)), out=np.empty(shape))
    net_x, net_a = _scalar_if_one(net_rate_x86), _scalar_if_one(net_rate_arm)
    scratch = np.multiply(arm_share, net_a - net_x, out=np.empty(shape))  # net rate of each function
    scratch += net_x
    scratch *= duration_gbs
    total += scratch
    del scratch
    if cold is not None and init_gbs is not None:
        total[cold.index] += init_gbs.values * cold.by_arch(net_rate_x86, net_rate_arm, arm_share)
    if edge is not None:
        total[edge.index] = 0.0

    storage = _Rows.where(np.asarray(fn.ephemeral_storage_mb) > INCLUDED_STORAGE_MB, shape)
    storage_gbs = storage_cost = None
    if storage is not None:
        extra_gb = (storage.take(fn.ephemeral_storage_mb) - INCLUDED_STORAGE_MB) / 1024.0
        storage_req = storage.take(requests)
        if edge is not None:
            storage_req[np.broadcast_to(is_edge, shape)[storage.index]] = 0.0
        gbs = extra_gb * storage.take(billed) / 1000.0 * storage_req
        storage_gbs = _Sparse(storage, gbs)
        storage_cost = _Sparse(storage, gbs * rates.ephemeral_storage.take(storage.take_arch(is_arm)))

    snap = _Rows.where(_nonzero(fn.snapstart_versions), shape)
    snap_cache_gbs = snap_restore_gb = snap_cache_cost = snap_restore_cost = None
    if snap is not None:
        gb = snap.take(memory_mb) / 1024.0
        cache_hours = np.maximum(snap.take(fn.snapstart_cache_hours), SNAPSTART_MIN_CACHE_HOURS)
        cache = gb * cache_hours * 3600.0 * snap.take(fn.snapstart_versions)
        restore = snap.take(fn.snapstart_restore_rate) * on_demand_at(snap) * gb
        billed_snap = snap.take(fn.snapstart_billed)
        snap_cache_gbs, snap_restore_gb = _Sparse(snap, cache), _Sparse(snap, restore)
        snap_cache_cost = _Sparse(snap, cache * billed_snap * rates.snapstart_cache)
        snap_restore_cost = _Sparse(snap, restore * billed_snap * rates.snapstart_restore)

    sparse_costs = (storage_cost, pc_cost, pc_duration_cost, snap_cache_cost, snap_restore_cost)
    for item in (*sparse_costs, edge_request_cost, edge_duration_cost):
        if item is not None:
            total[item.rows.index] += item.values

    quantity_items: dict[str, _Item] = {
        "requests": lambda_requests,
        "duration": duration_gbs,
        "init_duration": init_gbs,
        "free_tier_requests": _Product(lambda_requests, -free_share),
        "free_tier_duration": free_fn_gbs,
        "ephemeral_storage": storage_gbs,
        "provisioned_concurrency": pc_gbs,
        "provisioned_duration": pc_duration_gbs,
        "snapstart_cache": snap_cache_gbs,
        "snapstart_restore": snap_restore_gb,
        "edge_requests": edge_requests,
        "edge_duration": edge_gbs,
    }
    cost_items: dict[str, _Item] = {
        "requests": _Product(lambda_requests, request_rate),
        "duration": duration_cost,
        "init_duration": init_cost,
        "free_tier_requests": _Product(lambda_requests, -free_share * request_rate),
        "free_tier_duration": free_fn_credit,
        "ephemeral_storage": storage_cost,
        "provisioned_concurrency": pc_cost,
        "provisioned_duration": pc_duration_cost,
        "snapstart_cache": snap_cache_cost,
        "snapstart_restore": snap_restore_cost,
        "edge_requests": edge_request_cost,
        "edge_duration": edge_duration_cost,
    }
    return Costs(
        quantity=LineItemArrays(shape, quantity_items),
        cost=LineItemArrays(shape, cost_items),
        total=total,
        workload_total=np.sum(total, axis=-1),
        billed_ms=billed,
        requests=requests,
        usage=LineItemArrays(shape, {"pc_requests_served": pc_served, "cold_starts": cold_starts}),
    )
