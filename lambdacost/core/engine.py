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
from types import EllipsisType
from typing import Any, NamedTuple

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
    # 2025-2026 billing dimensions (lambdacost.core.billing2026)
    LineItem("async_requests", "Asynchronous events over 256 KB", "requests"),
    LineItem("managed_instances", "Managed Instances: instances", "instance-hours"),
    LineItem("managed_instances_fee", "Managed Instances: management fee", "instance-hours"),
    LineItem("durable_operations", "Durable operations", "operations"),
    LineItem("durable_data_written", "Durable data written", "GB"),
    LineItem("durable_data_retained", "Durable data retained", "GB-months"),
    LineItem("tenant_isolation", "Tenant-isolated environments", "GB"),
    LineItem("response_streaming", "Response streaming beyond 6 MB", "GB"),
    LineItem("free_tier_streaming", "Free tier: response streaming", "GB"),
    LineItem("event_source_epu", "Event source mapping pollers", "EPU-hours"),
    LineItem("savings_plan", "Compute Savings Plan (duration, PC)", "USD"),
    # the stack around the function (lambdacost.core.stack)
    LineItem("function_url", "Function URL (no charge)", "requests"),
    LineItem("api_gateway_http", "API Gateway HTTP API", "requests"),
    LineItem("api_gateway_rest", "API Gateway REST API", "requests"),
    LineItem("api_gateway_websocket_messages", "API Gateway WebSocket messages", "messages"),
    LineItem("api_gateway_websocket_minutes", "API Gateway WebSocket connections", "connection-minutes"),
    LineItem("alb_hours", "Application Load Balancer hours", "hours"),
    LineItem("alb_lcus", "Application Load Balancer LCUs", "LCU-hours"),
    LineItem("logs_ingestion", "CloudWatch Logs ingestion", "GB"),
    LineItem("logs_storage", "CloudWatch Logs storage", "GB-months"),
)


_LINE_ITEM_KEYS = frozenset(li.key for li in LINE_ITEMS)


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
    is_managed: ArrayLike = False  # runs on Lambda Managed Instances: requests only, no duration (core.billing2026)


#: Where a feature is on in one block: its rows (an index tuple), or ``...`` for
#: the whole block when it is on in so many rows that pricing every row is cheaper.
Selection = tuple[NDArray[np.intp], ...] | EllipsisType


class _SparseParts:
    """A line item that only some rows have, collected block by block.

    Each part is the item's values on a block's selected rows (or on the whole
    block). It is expanded to a full array only when read: most callers read
    totals only.
    """

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape
        self.parts: list[tuple[slice, Selection, Array]] = []

    def add(self, sel: Selection, block: slice, values: Array) -> None:
        self.parts.append((block, sel, values))

    def __bool__(self) -> bool:
        return bool(self.parts)

    def dense(self) -> Array:
        out = np.zeros(self.shape)
        for block, sel, values in self.parts:
            out[..., block][sel] = values
        return out

    def rows(self) -> tuple[NDArray[np.intp], ...]:
        """The selected rows as one index tuple into the batch."""
        index = []
        for block, sel, _ in self.parts:
            local = np.nonzero(np.ones(self.shape[:-1] + (block.stop - block.start,), bool)) if sel is ... else sel
            index.append((*local[:-1], local[-1] + block.start))
        return tuple(np.concatenate([ix[d] for ix in index]) for d in range(len(self.shape)))


def _sum_by_scenario(sel: Selection, values: Array, lead: tuple[int, ...]) -> Array:
    """Per scenario (shape ``lead``, ending in 1), the sum of ``values`` on the selected rows."""
    if sel is ...:
        return np.asarray(np.sum(values, axis=-1, keepdims=True))
    if len(lead) == 1:
        return np.array([values.sum()])
    flat = np.ravel_multi_index(sel[:-1], lead[:-1]) if len(lead) > 2 else sel[0]
    sums = np.bincount(flat, weights=values, minlength=int(np.prod(lead[:-1])))
    return np.asarray(sums, dtype=np.float64).reshape(lead)


@dataclass(frozen=True)
class _Product:
    """A line item that is ``base x factor`` (a quantity times a rate)."""

    base: Array | _SparseParts | _Combined | _Product
    factor: Callable[[], Array | float] | Array | float

    def dense(self) -> Array:
        base = self.base if isinstance(self.base, np.ndarray) else self.base.dense()
        factor = self.factor() if callable(self.factor) else self.factor
        return np.asarray(base * factor, dtype=np.float64)


@dataclass(frozen=True)
class _Combined:
    """A dense array with a sparse item added (``add``) or some rows set to zero (``zero``)."""

    base: Array
    add: _SparseParts | None = None
    zero: _SparseParts | None = None

    def dense(self) -> Array:
        out = np.array(self.base, dtype=np.float64)
        if self.add is not None:
            out += self.add.dense()
        if self.zero is not None:
            out[self.zero.rows()] = 0.0
        return out


_Item = Array | _SparseParts | _Product | _Combined | None


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
            if key not in self._items and key not in _LINE_ITEM_KEYS:
                raise KeyError(key)
            item = self._items.get(key)  # a line item no function of the batch has reads as zeros
            if item is None:
                dense = np.broadcast_to(np.float64(0.0), self._shape)
            elif isinstance(item, _SparseParts | _Product | _Combined):
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
        item = self._items.get(key)
        return item is not None and (not isinstance(item, _SparseParts) or bool(item))

    def extended(self, items: Mapping[str, Array]) -> LineItemArrays:
        """These line items and ``items`` (full arrays of the batch's shape); the others stay unread.

        Every key of :data:`LINE_ITEMS` can be read; one that neither has reads as zeros.
        """
        merged: dict[str, _Item] = {key: None for key, _, _ in LINE_ITEMS}
        merged.update(self._items)
        merged.update(items)
        out = LineItemArrays(self._shape, merged)
        out._dense.update(self._dense)
        return out


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
    """Round a duration up to the whole millisecond, at least 1 ms above 0 (float noise under 0.1 ns is ignored)."""
    ms = np.asarray(duration_ms, dtype=np.float64)
    return np.where(ms > 0, np.maximum(np.ceil(ms - 1e-7), 1.0), 0.0)


def tiered_cost(gb_seconds: ArrayLike, start: Array, end: Array, rate: Array) -> Array:
    """Cost of ``gb_seconds`` through volume tiers ``[start, end)`` at ``rate`` (last axis: tiers)."""
    g = np.asarray(gb_seconds, dtype=np.float64)[..., None]
    width = np.clip(g - start, 0.0, np.where(np.isinf(start), 0.0, end - start))
    return np.asarray(np.sum(width * rate, axis=-1), dtype=np.float64)


def tier_slice_cost(top: ArrayLike, width: ArrayLike, start: Array, end: Array, rate: Array) -> Array:
    """Cost of the GB-s between ``top - width`` and ``top`` through the tiers (last axis: tiers).

    Equal to ``tiered_cost(top) - tiered_cost(top - width)``, but each tier's share
    of the slice, ``min(width, top - start, end - top + width, end - start)``, is
    exact when the slice lies in one tier, however large ``top`` is.
    """
    g = np.asarray(top, dtype=np.float64)[..., None]
    w = np.asarray(width, dtype=np.float64)[..., None]
    empty = np.isinf(start)
    span = np.where(empty, 0.0, end - start)
    overlap = np.minimum(np.minimum(w, g - start), np.minimum(np.where(empty, 0.0, end - g) + w, span))
    return np.asarray(np.sum(np.maximum(overlap, 0.0) * rate, axis=-1), dtype=np.float64)


def _ratio(part: ArrayLike, whole: ArrayLike) -> Array:
    """``part / whole`` with 0 where ``whole`` is 0."""
    p = np.asarray(part, dtype=np.float64)
    w = np.asarray(whole, dtype=np.float64)
    return np.divide(p, w, out=np.zeros(np.broadcast_shapes(p.shape, w.shape)), where=w > 0)


def _by_arch(x86: ArrayLike, arm: ArrayLike, arm_share: ArrayLike) -> Array:
    """Each function's value of a per-architecture quantity.

    ``arm_share`` is 1 for arm64 functions and 0 for x86_64 ones (bool or float);
    ``x86`` and ``arm`` may be per scenario (shape ``(..., 1)``). Arithmetic beats a
    gather or ``np.where`` on a mixed mask by a factor of several.
    """
    x, a = _scalar_if_one(x86), _scalar_if_one(arm)
    return np.asarray(x + np.asarray(arm_share, dtype=np.float64) * (a - x))


def _pair_by_arch(pair: Array, arm_share: ArrayLike) -> Array:
    """A rate given as ``[x86_64, arm64]``, for each function."""
    return _by_arch(pair[0], pair[1], arm_share)


def _scalar_if_one(value: ArrayLike) -> Array | float:
    """A one-element array as a Python float (numpy's fast path for scalars)."""
    arr = np.asarray(value, dtype=np.float64)
    return float(arr.reshape(())) if arr.size == 1 else arr


def _maybe(values: ArrayLike) -> bool:
    """False only for a scalar zero (the default: a feature nobody uses); arrays are checked per block."""
    arr = np.asarray(values)
    return arr.ndim > 0 or bool(arr)


#: Elements priced per block: a block's arrays stay in the CPU cache while the
#: engine makes its dozen passes over them (about 3x faster than whole arrays).
BLOCK_ELEMENTS = 65_536


def _blocks(shape: tuple[int, ...]) -> list[slice]:
    """Slices of the last (function) axis holding about ``BLOCK_ELEMENTS`` elements each."""
    n = shape[-1]
    lead = int(np.prod(shape[:-1])) if len(shape) > 1 else 1
    step = max(1, BLOCK_ELEMENTS // max(lead, 1))
    return [slice(i, min(i + step, n)) for i in range(0, n, step)]


@dataclass
class _BlockRows:
    """Where, in one block, each feature is on (local indices), kept for the second pass."""

    edge: tuple[NDArray[np.intp], ...] | None = None
    cold: Selection | None = None
    init_gbs: Array | None = None
    extra_cost: list[tuple[Selection, Array]] = field(default_factory=list)


#: A feature on more than this share of a block's rows is priced on the whole
#: block (masked): pricing every row in the cache beats gathering them.
DENSE_SHARE = 1 / 8


def _select(mask: NDArray[np.bool_]) -> Selection | None:
    """The rows of a block where ``mask`` holds: None if none, the whole block (``...``) if many."""
    count = int(np.count_nonzero(mask))
    if count == 0:
        return None
    if count > DENSE_SHARE * mask.size:
        return ...
    return np.nonzero(mask)


def price_functions(fn: FunctionArrays, rates: LambdaRates, free_tier: ArrayLike = True) -> Costs:
    """Price every function of a workload for one month.

    ``free_tier`` is a bool, or an array of bools broadcasting against the
    scenario axes (shape ``(..., 1)``).

    Two passes over blocks of rows: the first computes each function's on-demand
    GB-s and the features few functions use (provisioned concurrency, INIT,
    storage, SnapStart, Lambda@Edge) on their own rows, and sums what the account
    shares; the second applies the account-wide tier and free-tier rates.
    """
    memory_in = np.asarray(fn.memory_mb, dtype=np.float64)
    requests_in = np.asarray(fn.requests, dtype=np.float64)
    arm_in = np.asarray(fn.is_arm, dtype=bool)
    duration_in = np.asarray(fn.duration_ms, dtype=np.float64)
    shape = np.broadcast_shapes(memory_in.shape, arm_in.shape, duration_in.shape, requests_in.shape)

    def full(values: ArrayLike, dtype: type = np.float64) -> NDArray[Any]:
        return np.broadcast_to(np.asarray(values, dtype=dtype), shape)

    memory, requests, is_arm, duration = full(memory_in), full(requests_in), full(arm_in, bool), full(duration_in)
    has_pc, has_edge, has_snap = _maybe(fn.pc_count), _maybe(fn.is_edge), _maybe(fn.snapstart_versions)
    has_cold = _maybe(fn.cold_start_rate) and _maybe(fn.init_duration_ms)
    has_storage = _maybe(np.asarray(fn.ephemeral_storage_mb) > INCLUDED_STORAGE_MB)
    is_edge = full(fn.is_edge, bool)
    has_lmi = _maybe(fn.is_managed)
    is_managed = full(fn.is_managed, bool)
    if has_pc:
        pc_count, pc_hours, pc_asked = full(fn.pc_count), full(fn.pc_hours), full(fn.pc_requests_served)
    if has_cold:
        cold_rate, init_ms = full(fn.cold_start_rate), full(fn.init_duration_ms)
    if has_storage:
        storage_mb = full(fn.ephemeral_storage_mb)
    if has_snap:
        snap_versions, snap_rate = full(fn.snapstart_versions), full(fn.snapstart_restore_rate)
        snap_hours, snap_billed = full(fn.snapstart_cache_hours), full(fn.snapstart_billed)

    sparse = {
        key: _SparseParts(shape)
        for key in (
            "pc_served", "pc_gbs", "pc_duration_gbs", "pc_cost", "pc_duration_cost", "edge_requests", "edge_gbs",
            "edge_request_cost", "edge_duration_cost", "cold_starts", "init_gbs", "storage_gbs",
            "storage_cost", "snap_cache_gbs", "snap_restore_gb", "snap_cache_cost", "snap_restore_cost",
        )
    }  # fmt: skip
    lead = shape[:-1] + (1,)
    # Each architecture's GB-s are summed on their own: a small x86 sum derived as
    # ``all - arm64`` would be lost to rounding next to a huge arm64 one.
    gbs_x86, gbs_arm, lambda_requests_sum = np.zeros(lead), np.zeros(lead), np.zeros(lead)
    duration_gbs = np.empty(shape)
    blocks = _blocks(shape)
    block_rows: list[_BlockRows] = []

    # Pass 1: on-demand GB-s, the features on their own rows, and the account's sums.
    # A feature's values are computed on its selected rows `sel` (an index, or the
    # whole block masked by `on`, where off rows must come out as 0).
    for b in blocks:
        rows = _BlockRows()
        block_rows.append(rows)
        r, arm = requests[..., b], is_arm[..., b]
        edge_b = is_edge[..., b] if has_edge else None
        billed = billed_ms(duration[..., b])
        gbs_per_invocation = np.multiply(memory[..., b], billed)
        gbs_per_invocation *= 1.0 / 1024e3
        on_demand = r
        if has_pc and (sel := _select(pc_count[..., b] != 0)) is not None:
            count, hours, req = pc_count[..., b][sel], pc_hours[..., b][sel], r[sel]
            asked = pc_asked[..., b][sel]
            served = np.where(np.isnan(asked), req * (hours / HOURS_PER_MONTH), asked)
            served = np.minimum(np.minimum(served, count * hours * 3_600_000.0 / np.maximum(billed[sel], 1.0)), req)
            served *= count != 0
            billed_hours = np.ceil(np.round(hours * 12.0, 6)) / 12.0  # rounded up to 5 minutes
            env_gbs = count * (memory[..., b][sel] / 1024.0) * billed_hours * 3600.0
            served_gbs = served * gbs_per_invocation[sel]
            pc_cost = env_gbs * _pair_by_arch(rates.provisioned_concurrency, arm[sel])
            pc_duration_cost = served_gbs * _pair_by_arch(rates.provisioned_duration, arm[sel])
            for key, values in (("pc_served", served), ("pc_gbs", env_gbs), ("pc_duration_gbs", served_gbs)):
                sparse[key].add(sel, b, values)
            sparse["pc_cost"].add(sel, b, pc_cost)
            sparse["pc_duration_cost"].add(sel, b, pc_duration_cost)
            rows.extra_cost.append((sel, pc_cost + pc_duration_cost))
            on_demand = r.copy()
            on_demand[sel] -= served
        dgbs = np.multiply(gbs_per_invocation, on_demand, out=duration_gbs[..., b])
        block_lambda_requests = np.sum(r, axis=-1, keepdims=True)
        if has_lmi and (lmi := np.nonzero(is_managed[..., b]))[0].size:
            dgbs[lmi] = 0.0  # Managed Instances bill instance-hours instead (core.billing2026)
        if edge_b is not None and (edge := np.nonzero(edge_b))[0].size:
            req = r[edge]
            gbs = gbs_per_invocation[edge] * req
            request_cost, duration_cost = req * rates.edge_request, gbs * rates.edge_gb_second
            for key, values in (("edge_requests", req), ("edge_gbs", gbs)):
                sparse[key].add(edge, b, values)
            sparse["edge_request_cost"].add(edge, b, request_cost)
            sparse["edge_duration_cost"].add(edge, b, duration_cost)
            rows.edge = edge
            rows.extra_cost.append((edge, request_cost + duration_cost))
            dgbs[edge] = 0.0
            block_lambda_requests -= _sum_by_scenario(edge, req, lead)
        lambda_requests_sum += block_lambda_requests
        gbs_x86 += np.vecdot(dgbs, (~arm).astype(np.float64))[..., None]
        gbs_arm += np.vecdot(dgbs, arm.astype(np.float64))[..., None]
        if has_cold:
            on = (cold_rate[..., b] != 0) & (init_ms[..., b] != 0)
            if edge_b is not None:
                on &= ~edge_b
            if (sel := _select(on)) is not None:
                starts = cold_rate[..., b][sel] * on_demand[sel] * on[sel]
                init = memory[..., b][sel] * (1.0 / 1024e3) * billed_ms(init_ms[..., b][sel]) * starts
                sparse["cold_starts"].add(sel, b, starts)
                sparse["init_gbs"].add(sel, b, init)
                rows.cold, rows.init_gbs = sel, init
                gbs_x86 += _sum_by_scenario(sel, init * ~arm[sel], lead)
                gbs_arm += _sum_by_scenario(sel, init * arm[sel], lead)
        if has_storage:
            on = storage_mb[..., b] > INCLUDED_STORAGE_MB
            if edge_b is not None:
                on &= ~edge_b
            if (sel := _select(on)) is not None:
                extra_gb = np.maximum(storage_mb[..., b][sel] - INCLUDED_STORAGE_MB, 0.0) * on[sel] / 1024.0
                gbs = extra_gb * billed[sel] / 1000.0 * r[sel]
                cost = gbs * _pair_by_arch(rates.ephemeral_storage, arm[sel])
                sparse["storage_gbs"].add(sel, b, gbs)
                sparse["storage_cost"].add(sel, b, cost)
                rows.extra_cost.append((sel, cost))
        if has_snap:
            on = snap_versions[..., b] != 0
            if edge_b is not None:
                on &= ~edge_b
            if (sel := _select(on)) is not None:
                gb = memory[..., b][sel] / 1024.0 * on[sel]
                cache = (
                    gb
                    * np.maximum(snap_hours[..., b][sel], SNAPSTART_MIN_CACHE_HOURS)
                    * 3600.0
                    * snap_versions[..., b][sel]
                )
                restore = snap_rate[..., b][sel] * on_demand[sel] * gb
                billed_snap = snap_billed[..., b][sel]
                cache_cost = cache * billed_snap * rates.snapstart_cache
                restore_cost = restore * billed_snap * rates.snapstart_restore
                for key, values in (("snap_cache_gbs", cache), ("snap_restore_gb", restore)):
                    sparse[key].add(sel, b, values)
                sparse["snap_cache_cost"].add(sel, b, cache_cost)
                sparse["snap_restore_cost"].add(sel, b, restore_cost)
                rows.extra_cost.append((sel, cache_cost + restore_cost))

    # The account: volume tiers per architecture, the free tier shared by both.
    gbs_all = gbs_x86 + gbs_arm
    free_on = np.asarray(free_tier, dtype=bool)
    free_gbs = np.minimum(np.where(free_on, rates.free_gb_seconds, 0.0), gbs_all)
    free_x86 = free_gbs * _ratio(gbs_x86, gbs_all)
    free_arm = free_gbs * _ratio(gbs_arm, gbs_all)
    start, end, tier_rate = rates.tier_start, rates.tier_end, rates.tier_rate
    gross_x86 = tiered_cost(gbs_x86, start[0], end[0], tier_rate[0])
    gross_arm = tiered_cost(gbs_arm, start[1], end[1], tier_rate[1])
    # The free GB-s come off the usage before the tiers, so they are worth the
    # slice [G - F, G] of the tiered cost, computed directly (not as the difference
    # of two tiered costs, which loses cents when G is huge).
    credit_x86 = tier_slice_cost(gbs_x86, free_x86, start[0], end[0], tier_rate[0])
    credit_arm = tier_slice_cost(gbs_arm, free_arm, start[1], end[1], tier_rate[1])
    net_x86, net_arm = gross_x86 - credit_x86, gross_arm - credit_arm
    # Per on-demand GB-s of each architecture: blended tier rate, free GB-s, net rate.
    rate_x86, rate_arm = _ratio(gross_x86, gbs_x86), _ratio(gross_arm, gbs_arm)
    net_rate_x86, net_rate_arm = _ratio(net_x86, gbs_x86), _ratio(net_arm, gbs_arm)
    free_requests = np.minimum(np.where(free_on, rates.free_requests, 0.0), lambda_requests_sum)
    free_share = _ratio(free_requests, lambda_requests_sum)
    same_request_rate = bool(rates.request[0] == rates.request[1])
    net_x, net_a = _scalar_if_one(net_rate_x86), _scalar_if_one(net_rate_arm)
    request_net = _scalar_if_one(float(rates.request[0]) * (1.0 - free_share))

    # Pass 2: each function's total.
    total = np.empty(shape)
    for b, rows in zip(blocks, block_rows, strict=True):
        arm, dgbs, t = is_arm[..., b], duration_gbs[..., b], total[..., b]
        if same_request_rate:
            np.multiply(requests[..., b], request_net, out=t)
        else:
            np.multiply(requests[..., b], _pair_by_arch(rates.request, arm) * (1.0 - free_share), out=t)
        od = dgbs
        if rows.cold is not None and rows.init_gbs is not None:
            od = dgbs.copy()  # in the CPU cache: cheaper than pricing INIT row by row
            od[rows.cold] += rows.init_gbs
        net = _by_arch(net_x, net_a, arm)
        net *= od
        t += net
        if rows.edge is not None:
            t[rows.edge] = 0.0
        for index, cost in rows.extra_cost:
            t[index] += cost

    joined: dict[str, _SparseParts | None] = {key: parts if parts else None for key, parts in sparse.items()}
    init_gbs = joined["init_gbs"]
    od_gbs: Array | _Combined = duration_gbs if init_gbs is None else _Combined(duration_gbs, add=init_gbs)
    lambda_requests: Array | _Combined = requests
    if joined["edge_requests"] is not None:
        lambda_requests = _Combined(requests, zero=joined["edge_requests"])

    def per_arch(x86: ArrayLike, arm: ArrayLike) -> Callable[[], Array]:
        return lambda: _by_arch(x86, arm, is_arm)

    request_rate: Callable[[], Array] | float = (
        float(rates.request[0]) if same_request_rate else per_arch(rates.request[0], rates.request[1])
    )
    quantity = LineItemArrays(shape, {
        "requests": lambda_requests,
        "duration": duration_gbs,
        "init_duration": joined["init_gbs"],
        "free_tier_requests": _Product(lambda_requests, -free_share),
        "free_tier_duration": _Product(od_gbs, per_arch(_ratio(-free_x86, gbs_x86), _ratio(-free_arm, gbs_arm))),
        "ephemeral_storage": joined["storage_gbs"],
        "provisioned_concurrency": joined["pc_gbs"],
        "provisioned_duration": joined["pc_duration_gbs"],
        "snapstart_cache": joined["snap_cache_gbs"],
        "snapstart_restore": joined["snap_restore_gb"],
        "edge_requests": joined["edge_requests"],
        "edge_duration": joined["edge_gbs"],
    })  # fmt: skip
    cost = LineItemArrays(shape, {
        "requests": _Product(lambda_requests, request_rate),
        "duration": _Product(duration_gbs, per_arch(rate_x86, rate_arm)),
        "init_duration": None if init_gbs is None else _Product(init_gbs, per_arch(rate_x86, rate_arm)),
        "free_tier_requests": _Product(_Product(lambda_requests, request_rate), -free_share),
        "free_tier_duration": _Product(od_gbs, per_arch(_ratio(-credit_x86, gbs_x86), _ratio(-credit_arm, gbs_arm))),
        "ephemeral_storage": joined["storage_cost"],
        "provisioned_concurrency": joined["pc_cost"],
        "provisioned_duration": joined["pc_duration_cost"],
        "snapstart_cache": joined["snap_cache_cost"],
        "snapstart_restore": joined["snap_restore_cost"],
        "edge_requests": joined["edge_request_cost"],
        "edge_duration": joined["edge_duration_cost"],
    })  # fmt: skip
    return Costs(
        quantity=quantity,
        cost=cost,
        total=total,
        workload_total=np.sum(total, axis=-1),
        duration_ms=duration,
        requests=requests,
        usage=LineItemArrays(shape, {"pc_requests_served": joined["pc_served"], "cold_starts": joined["cold_starts"]}),
    )
