"""Statistics of REPORT records, kept in memory bounded by the number of functions.

Billed durations are whole milliseconds, so a histogram of them (one per
function and memory size) gives exact quantiles and exact totals however many
records pass through; so does a histogram of max memory used (whole MB). Each
batch of records is folded in with ``np.bincount``; nothing per record is kept.

Billing rules applied to each record (AWS Lambda pricing page; AWS Compute Blog,
"AWS Lambda standardizes billing for INIT Phase"):

* the record's ``Billed Duration`` as written (1 ms steps since December 2020,
  100 ms steps before; old records are counted and billed as they were);
* INIT (``Init Duration``, rounded up to the ms) billed as duration on cold
  starts from 1 August 2025 on (and on records without a timestamp), not before;
  where ``Billed Duration`` already includes it (custom runtimes and container
  images) it is not added again;
* SnapStart: ``Billed Restore Duration`` billed as duration, and each restore
  restores the function's memory (GB) at the restore rate.

Pure numpy: no file access, no printing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from lambdacost.core.capacity import HOURS_PER_DAY

Array = NDArray[np.float64]
Counts = NDArray[np.int64]

#: INIT is billed for every on-demand cold start from this instant (2025-08-01T00:00:00Z), in ms since the epoch.
INIT_BILLED_SINCE_MS = 1_754_006_400_000.0
MS_PER_HOUR = 3_600_000.0
#: Status codes of the records (as the JSON log format's ``status``).
ERROR, TIMEOUT, FAILURE = 1.0, 2.0, 3.0


def _ceil_ms(ms: Array | float) -> Array:
    """Round up to the whole ms, ignoring float noise (as the engine bills)."""
    return np.ceil(np.asarray(ms, dtype=np.float64) - 1e-7)


def _add_counts(hist: Counts, values: NDArray[np.int64]) -> Counts:
    """``hist`` with a bincount of ``values`` added, grown as needed."""
    counts = np.bincount(values, minlength=hist.size)
    if counts.size > hist.size:
        counts[: hist.size] += hist
        return counts
    return hist + counts


@dataclass
class MemoryGroup:
    """The records of one function at one memory size."""

    memory_mb: float
    billed: Counts = field(default_factory=lambda: np.zeros(0, np.int64))  # records by billed ms
    extra_ms: float = 0.0  # INIT and restore ms billed on top of the billed durations
    init_ms: float = 0.0  # of which INIT
    restores: int = 0  # SnapStart restores billed per GB
    last_ms: float = -np.inf  # the latest timestamp seen at this size

    @property
    def count(self) -> int:
        return int(self.billed.sum())

    @property
    def billed_ms(self) -> float:
        """The sum of the records' billed durations."""
        return float(np.dot(np.arange(self.billed.size, dtype=np.float64), self.billed))


@dataclass
class FunctionStats:
    """Everything kept about one function's records."""

    name: str
    groups: dict[float, MemoryGroup] = field(default_factory=dict)
    used: Counts = field(default_factory=lambda: np.zeros(0, np.int64))  # records by max memory used (MB)
    duration_ms: float = 0.0  # sum of the measured durations
    cold_starts: int = 0
    init_measured_ms: float = 0.0  # sum of Init Duration on cold starts
    init_billed: int = 0  # cold starts whose INIT was billed on top of Billed Duration
    init_included: int = 0  # cold starts whose Billed Duration already includes INIT
    init_before_rule: int = 0  # cold starts before 1 August 2025 (INIT not billed)
    restores_unbilled: int = 0  # restores without a billed restore duration (Java)
    timeouts: int = 0
    errors: int = 0
    old_billing: int = 0  # records billed in 100 ms steps
    first_ms: float = np.inf
    last_ms: float = -np.inf
    hourly: Counts = field(default_factory=lambda: np.zeros(HOURS_PER_DAY, np.int64))  # by UTC hour of day

    @property
    def count(self) -> int:
        return sum(g.count for g in self.groups.values())

    def add(
        self,
        *,
        timestamp_ms: Array,
        duration_ms: Array,
        billed_ms: Array,
        memory_mb: Array,
        max_used_mb: Array,
        init_ms: Array,
        restore_ms: Array,
        billed_restore_ms: Array,
        status: Array,
    ) -> None:
        """Fold one batch of records in (one element per record)."""
        billed = billed_ms.astype(np.int64)
        cold = ~np.isnan(init_ms)
        included = cold & (billed_ms + 1.0 >= duration_ms + init_ms)
        with np.errstate(invalid="ignore"):
            before = cold & ~included & (timestamp_ms < INIT_BILLED_SINCE_MS)
        billed_init = cold & ~included & ~before
        init_charged = np.where(billed_init, _ceil_ms(np.nan_to_num(init_ms)), 0.0)
        has_restore = ~np.isnan(billed_restore_ms)
        extra = init_charged + np.where(has_restore, billed_restore_ms, 0.0)
        for memory in np.unique(memory_mb):
            at = memory_mb == memory
            group = self.groups.setdefault(float(memory), MemoryGroup(float(memory)))
            group.billed = _add_counts(group.billed, billed[at])
            group.extra_ms += float(extra[at].sum())
            group.init_ms += float(init_charged[at].sum())
            group.restores += int(np.count_nonzero(has_restore[at]))
            group.last_ms = max(group.last_ms, float(np.nanmax(timestamp_ms[at], initial=-np.inf)))
        self.used = _add_counts(self.used, np.rint(max_used_mb[~np.isnan(max_used_mb)]).astype(np.int64))
        self.duration_ms += float(duration_ms.sum())
        self.cold_starts += int(cold.sum())
        self.init_measured_ms += float(init_ms[cold].sum())
        self.init_billed += int(billed_init.sum())
        self.init_included += int(included.sum())
        self.init_before_rule += int(before.sum())
        self.restores_unbilled += int(np.count_nonzero(~np.isnan(restore_ms) & ~has_restore))
        self.timeouts += int(np.count_nonzero(status == TIMEOUT))
        self.errors += int(np.count_nonzero((status == ERROR) | (status == FAILURE)))
        self.old_billing += int(np.count_nonzero((billed % 100 == 0) & (billed_ms > _ceil_ms(duration_ms))))
        timed = timestamp_ms[~np.isnan(timestamp_ms)]
        if timed.size:
            self.first_ms = min(self.first_ms, float(timed.min()))
            self.last_ms = max(self.last_ms, float(timed.max()))
            hours = (np.floor(timed / MS_PER_HOUR) % HOURS_PER_DAY).astype(np.int64)
            self.hourly += np.bincount(hours, minlength=HOURS_PER_DAY)

    def billed_histogram(self) -> Counts:
        """Records by billed ms, all memory sizes together."""
        size = max((g.billed.size for g in self.groups.values()), default=0)
        out = np.zeros(size, np.int64)
        for g in self.groups.values():
            out[: g.billed.size] += g.billed
        return out

    def latest_memory_mb(self) -> float:
        """The memory size of the latest record (the most common one where no record has a time)."""
        groups = list(self.groups.values())
        if all(g.last_ms == -np.inf for g in groups):
            return max(groups, key=lambda g: g.count).memory_mb
        return max(groups, key=lambda g: g.last_ms).memory_mb


def quantiles(hist: Counts, qs: Array) -> Array:
    """Nearest-rank quantiles of the values a histogram counts (value = index)."""
    cum = np.cumsum(hist)
    total = cum[-1] if cum.size else 0
    if total == 0:
        return np.full(np.shape(qs), np.nan)
    ranks = np.maximum(np.ceil(np.asarray(qs) * total - 1e-9), 1)
    return np.searchsorted(cum, ranks).astype(np.float64)


def histogram_mean(hist: Counts) -> float:
    total = hist.sum()
    return float(np.dot(np.arange(hist.size, dtype=np.float64), hist) / total) if total else float("nan")


def exposure_seconds(first_ms: float, last_ms: float) -> Array:
    """Seconds of the window ``[first, last]`` that fall in each UTC hour of the day."""
    out = np.zeros(HOURS_PER_DAY)
    if not last_ms > first_ms:
        return out
    hours = np.arange(np.floor(first_ms / MS_PER_HOUR), np.ceil(last_ms / MS_PER_HOUR))
    overlap = np.minimum(last_ms, (hours + 1) * MS_PER_HOUR) - np.maximum(first_ms, hours * MS_PER_HOUR)
    np.add.at(out, (hours % HOURS_PER_DAY).astype(np.int64), np.maximum(overlap, 0.0) / 1000.0)
    return out


def hourly_rates(hourly: Counts, exposure: Array) -> Array:
    """Requests per second in each hour of the day (NaN for hours the window did not cover)."""
    out = np.full(HOURS_PER_DAY, np.nan)
    np.divide(hourly, exposure, out=out, where=exposure > 0)
    return out


def split_rows(requests: Array, billed_ms: Array) -> tuple[Array, Array, Array, Array]:
    """``requests`` invocations billing ``billed_ms`` in total, as two groups of whole-ms invocations.

    Returns ``(requests_low, ms_low, requests_high, ms_high)`` with ``ms_high = ms_low + 1``:
    the same request count and exactly the same billed ms, so a price computed per
    invocation (rounded up to the ms) is exact and never rounds the mean.
    """
    n = np.asarray(requests, dtype=np.float64)
    total = np.asarray(billed_ms, dtype=np.float64)
    mean = np.divide(total, n, out=np.zeros_like(total), where=n > 0)
    low = np.floor(mean + 1e-9)
    high_share = np.clip(mean - low, 0.0, 1.0)
    return n * (1.0 - high_share), low, n * high_share, low + 1.0


def scaled_billed_ms(hist: Counts, ratio: float) -> float:
    """Total billed ms if every record's billed duration were ``ratio`` times as long (rounded up each)."""
    values = np.arange(hist.size, dtype=np.float64)
    return float(np.dot(np.where(hist > 0, _ceil_ms(values * ratio), 0.0), hist))


def scaled_quantiles(groups: list[tuple[Counts, float]], qs: Array) -> Array:
    """Quantiles of several histograms, each scaled by its ratio (``(hist, ratio)`` pairs)."""
    values, counts = [], []
    for hist, ratio in groups:
        nz = np.flatnonzero(hist)
        values.append(_ceil_ms(nz.astype(np.float64) * ratio))
        counts.append(hist[nz])
    v, c = np.concatenate(values), np.concatenate(counts)
    order = np.argsort(v, kind="stable")
    v, cum = v[order], np.cumsum(c[order])
    ranks = np.maximum(np.ceil(np.asarray(qs) * cum[-1] - 1e-9), 1)
    return np.asarray(v[np.searchsorted(cum, ranks)], dtype=np.float64)
