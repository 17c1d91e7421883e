"""The columns every log reader produces: one element per REPORT record.

Every column is float64 so that a batch is a handful of flat arrays; a missing
value (no timestamp, no INIT on a warm start) is NaN. ``status`` codes follow
the JSON log format's ``status`` field.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

#: ``status`` codes: success, error, timeout, failure (as in ``platform.report``).
STATUS_CODES = {"success": 0.0, "error": 1.0, "timeout": 2.0, "failure": 3.0}
SUCCESS, ERROR, TIMEOUT, FAILURE = 0.0, 1.0, 2.0, 3.0
#: The longest invocation Lambda runs (15 minutes), in ms; a larger billed duration is not a real record.
MAX_BILLED_MS = 900_000.0
#: Lambda's memory range (MB); records outside it are malformed.
MEMORY_RANGE_MB = (128.0, 10_240.0)


@dataclass(frozen=True)
class Reports:
    """A batch of REPORT records of one function, column by column."""

    timestamp_ms: Array  # ms since the epoch (UTC), NaN where the input has none
    duration_ms: Array
    billed_ms: Array
    memory_mb: Array
    max_used_mb: Array
    init_ms: Array  # NaN on warm starts
    restore_ms: Array  # SnapStart restore, NaN where none
    billed_restore_ms: Array  # NaN where none
    status: Array  # STATUS_CODES

    def __len__(self) -> int:
        return int(self.billed_ms.size)

    @classmethod
    def empty(cls) -> Reports:
        return cls(**{f.name: np.empty(0) for f in fields(cls)})

    @classmethod
    def concat(cls, parts: list[Reports]) -> Reports:
        parts = [p for p in parts if len(p)]
        if not parts:
            return cls.empty()
        if len(parts) == 1:
            return parts[0]
        return cls(**{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)})

    def take(self, index: NDArray[np.intp] | NDArray[np.bool_]) -> Reports:
        return Reports(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def valid(self) -> NDArray[np.bool_]:
        """Records whose numbers are possible for Lambda (the rest are malformed)."""
        lo, hi = MEMORY_RANGE_MB
        with np.errstate(invalid="ignore"):
            ok = (self.billed_ms >= 1) & (self.billed_ms <= MAX_BILLED_MS)  # Lambda bills at least 1 ms
            ok &= (self.memory_mb >= lo) & (self.memory_mb <= hi) & (self.memory_mb == np.round(self.memory_mb))
            used = self.max_used_mb  # NaN where an export leaves it out
            ok &= np.isnan(used) | ((used >= 0) & (used <= hi * 2))
            ok &= np.isfinite(self.duration_ms) & (self.duration_ms >= 0)
            for extra in (self.init_ms, self.restore_ms, self.billed_restore_ms):
                ok &= np.isnan(extra) | ((extra >= 0) & (extra <= MAX_BILLED_MS))
        return np.asarray(ok)


def from_rows(rows: list[tuple[float, ...]]) -> Reports:
    """Records given one tuple per record, in the column order of :class:`Reports`."""
    if not rows:
        return Reports.empty()
    table = np.array(rows, dtype=np.float64).reshape(len(rows), len(fields(Reports)))
    return Reports(*(np.ascontiguousarray(table[:, i]) for i in range(table.shape[1])))
