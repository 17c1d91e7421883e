"""The engine's first pass: each block of rows priced on its own, the account's sums collected.

A block holds about :data:`BLOCK_ELEMENTS` elements so that its arrays stay in
the CPU cache over the dozen passes made on them. The features few functions
use (provisioned concurrency, Lambda@Edge, INIT, extra /tmp, SnapStart) are
priced on their own rows only, or on the whole block (masked) when they are on
in more than :data:`DENSE_SHARE` of it. Pure numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lambdacost.core import aws
from lambdacost.core.billing import (
    HOURS_PER_MONTH,
    INCLUDED_STORAGE_MB,
    PC_INCREMENTS_PER_HOUR,
    FunctionArrays,
    LambdaRates,
    billed_ms,
    maybe,
    pair_by_arch,
)
from lambdacost.core.lineitems import Selection, SparseParts, sum_by_scenario

Array = NDArray[np.float64]

#: Elements priced per block: a block's arrays stay in the CPU cache while the
#: engine makes its dozen passes over them (about 3x faster than whole arrays).
BLOCK_ELEMENTS = 65_536
#: A feature on more than this share of a block's rows is priced on the whole
#: block (masked): pricing every row in the cache beats gathering them.
DENSE_SHARE = 1 / 8
#: The line items (and usage figures) that only some rows have.
SPARSE_KEYS = (
    "pc_served", "pc_gbs", "pc_duration_gbs", "pc_cost", "pc_duration_cost", "edge_requests", "edge_gbs",
    "edge_request_cost", "edge_duration_cost", "cold_starts", "init_gbs", "storage_gbs",
    "storage_cost", "snap_cache_gbs", "snap_restore_gb", "snap_cache_cost", "snap_restore_cost",
)  # fmt: skip


def blocks(shape: tuple[int, ...]) -> list[slice]:
    """Slices of the last (function) axis holding about ``BLOCK_ELEMENTS`` elements each."""
    n = shape[-1]
    lead = int(np.prod(shape[:-1])) if len(shape) > 1 else 1
    step = max(1, BLOCK_ELEMENTS // max(lead, 1))
    return [slice(i, min(i + step, n)) for i in range(0, n, step)]


def select(mask: NDArray[np.bool_]) -> Selection | None:
    """The rows of a block where ``mask`` holds: None if none, the whole block (``...``) if many."""
    count = int(np.count_nonzero(mask))
    if count == 0:
        return None
    if count > DENSE_SHARE * mask.size:
        return ...
    return np.nonzero(mask)


class Batch:
    """The functions' fields broadcast to the batch's shape; the optional ones only where some row uses them."""

    def __init__(self, fn: FunctionArrays) -> None:
        memory = np.asarray(fn.memory_mb, dtype=np.float64)
        requests = np.asarray(fn.requests, dtype=np.float64)
        arm = np.asarray(fn.is_arm, dtype=bool)
        duration = np.asarray(fn.duration_ms, dtype=np.float64)
        self.shape = np.broadcast_shapes(memory.shape, arm.shape, duration.shape, requests.shape)
        self.lead = self.shape[:-1] + (1,)
        self.memory, self.requests = self.full(memory), self.full(requests)
        self.is_arm, self.duration = self.full(arm, bool), self.full(duration)
        self.is_edge = self.full(fn.is_edge, bool)
        self.has_lmi = maybe(fn.is_managed)
        self.is_managed = self.full(fn.is_managed, bool)
        self.has_pc, self.has_edge, self.has_snap = maybe(fn.pc_count), maybe(fn.is_edge), maybe(fn.snapstart_versions)
        self.has_cold = maybe(fn.cold_start_rate) and maybe(fn.init_duration_ms)
        self.has_storage = maybe(np.asarray(fn.ephemeral_storage_mb) > INCLUDED_STORAGE_MB)
        self.fn = fn
        self._columns: dict[str, Array] = {}

    def full(self, values: ArrayLike, dtype: type = np.float64) -> NDArray[Any]:
        return np.broadcast_to(np.asarray(values, dtype=dtype), self.shape)

    def col(self, name: str) -> Array:
        """An optional field of :class:`FunctionArrays` as floats of the batch's shape (converted once)."""
        if name not in self._columns:
            self._columns[name] = self.full(getattr(self.fn, name))
        return self._columns[name]


@dataclass
class BlockRows:
    """Where, in one block, each feature is on (local indices), kept for the second pass."""

    edge: tuple[NDArray[np.intp], ...] | None = None
    cold: Selection | None = None
    init_gbs: Array | None = None
    extra_cost: list[tuple[Selection, Array]] = field(default_factory=list)


@dataclass
class Sums:
    """What the first pass keeps: each row's on-demand GB-s, the sparse items, and the account's sums."""

    sparse: dict[str, SparseParts]
    duration_gbs: Array  # (..., n) on-demand invocation GB-s
    gbs_x86: Array  # (..., 1) on-demand GB-s (invoke and INIT) of x86_64 functions
    gbs_arm: Array  # (..., 1) the same for arm64
    lambda_requests: Array  # (..., 1) requests of non-Edge functions
    rows: list[BlockRows] = field(default_factory=list)


@dataclass
class _Block:
    """One block's slice and the values every feature reads."""

    b: slice
    r: Array
    arm: NDArray[np.bool_]
    edge: NDArray[np.bool_] | None
    billed: Array
    gbs_per_invocation: Array
    rows: BlockRows

    def on(self, mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """``mask`` without the Lambda@Edge rows (none of the optional features applies to them)."""
        if self.edge is not None:
            mask &= ~self.edge
        return mask


def first_pass(x: Batch, rates: LambdaRates) -> Sums:
    """Price every block's rows and features; sum the account's GB-s (per architecture) and requests."""
    sums = Sums(
        sparse={key: SparseParts(x.shape) for key in SPARSE_KEYS},
        duration_gbs=np.empty(x.shape),
        # Each architecture's GB-s are summed on their own: a small x86 sum derived as
        # ``all - arm64`` would be lost to rounding next to a huge arm64 one.
        gbs_x86=np.zeros(x.lead),
        gbs_arm=np.zeros(x.lead),
        lambda_requests=np.zeros(x.lead),
    )
    block_list = blocks(x.shape)
    # 0/1 weights of each architecture, in two buffers of one block reused by every block
    # (cache-hot; converting the whole batch at once costs more in fresh memory).
    arm_buffer, x86_buffer = (
        np.empty(x.lead[:-1] + (block_list[0].stop,)),
        np.empty(x.lead[:-1] + (block_list[0].stop,)),
    )
    for b in block_list:
        billed = billed_ms(x.duration[..., b])
        gbs_per_invocation = np.multiply(x.memory[..., b], billed)
        gbs_per_invocation *= 1.0 / 1024e3
        edge = x.is_edge[..., b] if x.has_edge else None
        blk = _Block(b, x.requests[..., b], x.is_arm[..., b], edge, billed, gbs_per_invocation, BlockRows())
        sums.rows.append(blk.rows)
        on_demand = _provisioned(x, blk, rates, sums) if x.has_pc else blk.r
        dgbs = np.multiply(gbs_per_invocation, on_demand, out=sums.duration_gbs[..., b])
        block_requests = np.sum(blk.r, axis=-1, keepdims=True)
        if x.has_lmi and (lmi := np.nonzero(x.is_managed[..., b]))[0].size:
            dgbs[lmi] = 0.0  # Managed Instances bill instance-hours instead (core.billing2026)
        if edge is not None:
            block_requests -= _edge(x, blk, dgbs, rates, sums)
        sums.lambda_requests += block_requests
        width = b.stop - b.start
        arm_weight, x86_weight = arm_buffer[..., :width], x86_buffer[..., :width]
        np.copyto(arm_weight, blk.arm)
        np.subtract(1.0, arm_weight, out=x86_weight)
        sums.gbs_x86 += np.vecdot(dgbs, x86_weight)[..., None]
        sums.gbs_arm += np.vecdot(dgbs, arm_weight)[..., None]
        if x.has_cold:
            _cold_starts(x, blk, on_demand, sums)
        if x.has_storage:
            _storage(x, blk, rates, sums)
        if x.has_snap:
            _snapstart(x, blk, on_demand, rates, sums)
    return sums


def _provisioned(x: Batch, blk: _Block, rates: LambdaRates, sums: Sums) -> Array:
    """Provisioned concurrency on its rows; returns the block's on-demand requests."""
    b, r = blk.b, blk.r
    pc_count = x.col("pc_count")[..., b]
    if (sel := select(pc_count != 0)) is None:
        return r
    count, hours, req = pc_count[sel], x.col("pc_hours")[..., b][sel], r[sel]
    asked = x.col("pc_requests_served")[..., b][sel]
    served = np.where(np.isnan(asked), req * (hours / HOURS_PER_MONTH), asked)
    served = np.minimum(np.minimum(served, count * hours * 3_600_000.0 / np.maximum(blk.billed[sel], 1.0)), req)
    served *= count != 0
    billed_hours = np.ceil(np.round(hours * PC_INCREMENTS_PER_HOUR, 6)) / PC_INCREMENTS_PER_HOUR  # up to 5 minutes
    env_gbs = count * (x.memory[..., b][sel] / 1024.0) * billed_hours * 3600.0
    served_gbs = served * blk.gbs_per_invocation[sel]
    pc_cost = env_gbs * pair_by_arch(rates.provisioned_concurrency, blk.arm[sel])
    pc_duration_cost = served_gbs * pair_by_arch(rates.provisioned_duration, blk.arm[sel])
    for key, values in (
        ("pc_served", served),
        ("pc_gbs", env_gbs),
        ("pc_duration_gbs", served_gbs),
        ("pc_cost", pc_cost),
        ("pc_duration_cost", pc_duration_cost),
    ):
        sums.sparse[key].add(sel, b, values)
    blk.rows.extra_cost.append((sel, pc_cost + pc_duration_cost))
    on_demand = r.copy()
    on_demand[sel] -= served
    return on_demand


def _edge(x: Batch, blk: _Block, dgbs: Array, rates: LambdaRates, sums: Sums) -> Array:
    """Lambda@Edge on its rows (taken out of on-demand GB-s); returns its requests per scenario."""
    assert blk.edge is not None
    edge = np.nonzero(blk.edge)
    if not edge[0].size:
        return np.zeros(x.lead)
    req = blk.r[edge]
    gbs = blk.gbs_per_invocation[edge] * req
    request_cost, duration_cost = req * rates.edge_request, gbs * rates.edge_gb_second
    for key, values in (
        ("edge_requests", req),
        ("edge_gbs", gbs),
        ("edge_request_cost", request_cost),
        ("edge_duration_cost", duration_cost),
    ):
        sums.sparse[key].add(edge, blk.b, values)
    blk.rows.edge = edge
    blk.rows.extra_cost.append((edge, request_cost + duration_cost))
    dgbs[edge] = 0.0
    return sum_by_scenario(edge, req, x.lead)


def _cold_starts(x: Batch, blk: _Block, on_demand: Array, sums: Sums) -> None:
    """Cold starts and their INIT GB-s (on-demand duration) on their rows."""
    b = blk.b
    cold_rate, init_ms = x.col("cold_start_rate")[..., b], x.col("init_duration_ms")[..., b]
    on = blk.on((cold_rate != 0) & (init_ms != 0))
    if (sel := select(on)) is None:
        return
    starts = cold_rate[sel] * on_demand[sel] * on[sel]
    init = x.memory[..., b][sel] * (1.0 / 1024e3) * billed_ms(init_ms[sel]) * starts
    sums.sparse["cold_starts"].add(sel, b, starts)
    sums.sparse["init_gbs"].add(sel, b, init)
    blk.rows.cold, blk.rows.init_gbs = sel, init
    sums.gbs_x86 += sum_by_scenario(sel, init * ~blk.arm[sel], x.lead)
    sums.gbs_arm += sum_by_scenario(sel, init * blk.arm[sel], x.lead)


def _storage(x: Batch, blk: _Block, rates: LambdaRates, sums: Sums) -> None:
    """Ephemeral storage over the included 512 MB on its rows."""
    b = blk.b
    storage_mb = x.col("ephemeral_storage_mb")[..., b]
    on = blk.on(storage_mb > INCLUDED_STORAGE_MB)
    if (sel := select(on)) is None:
        return
    extra_gb = np.maximum(storage_mb[sel] - INCLUDED_STORAGE_MB, 0.0) * on[sel] / 1024.0
    gbs = extra_gb * blk.billed[sel] / 1000.0 * blk.r[sel]
    cost = gbs * pair_by_arch(rates.ephemeral_storage, blk.arm[sel])
    sums.sparse["storage_gbs"].add(sel, b, gbs)
    sums.sparse["storage_cost"].add(sel, b, cost)
    blk.rows.extra_cost.append((sel, cost))


def _snapstart(x: Batch, blk: _Block, on_demand: Array, rates: LambdaRates, sums: Sums) -> None:
    """SnapStart's cache and restores on its rows."""
    b = blk.b
    versions = x.col("snapstart_versions")[..., b]
    on = blk.on(versions != 0)
    if (sel := select(on)) is None:
        return
    gb = x.memory[..., b][sel] / 1024.0 * on[sel]
    hours = np.maximum(x.col("snapstart_cache_hours")[..., b][sel], aws.SNAPSTART_MIN_CACHE_HOURS)
    cache = gb * hours * 3600.0 * versions[sel]
    restore = x.col("snapstart_restore_rate")[..., b][sel] * on_demand[sel] * gb
    billed_snap = x.col("snapstart_billed")[..., b][sel]
    cache_cost = cache * billed_snap * rates.snapstart_cache
    restore_cost = restore * billed_snap * rates.snapstart_restore
    for key, values in (
        ("snap_cache_gbs", cache),
        ("snap_restore_gb", restore),
        ("snap_cache_cost", cache_cost),
        ("snap_restore_cost", restore_cost),
    ):
        sums.sparse[key].add(sel, b, values)
    blk.rows.extra_cost.append((sel, cache_cost + restore_cost))
