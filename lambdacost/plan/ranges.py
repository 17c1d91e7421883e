"""The values ``lambdacost sweep`` tries: a list, or a range with a step or a number of points.

``512MB,1GB,2GB``   these values
``128MB..3GB``      a range: memory every 64 MB, the other axes 10 evenly spaced points
``128MB..3GB:128MB`` every 128 MB from 128 MB, and the upper end
``100ms..2s/20``    20 evenly spaced points, both ends included

Values use the workload file's units (memory ``512MB``/``1.5GB``, duration
``120ms``/``2s``, requests ``3M/month``/``100k/day``). Memory is rounded to whole MB.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from lambdacost.core.aws import LAMBDA_TIMEOUT_S as TIMEOUT_S_MAX
from lambdacost.errors import UsageError
from lambdacost.schema import units
from lambdacost.schema.workload import MEMORY_MB_MAX, MEMORY_MB_MIN

#: The most values one axis may have.
MAX_AXIS_VALUES = 100_000
#: Points of a range given without a step or a count (memory: see DEFAULT_MEMORY_STEP_MB).
DEFAULT_POINTS = 10
DEFAULT_MEMORY_STEP_MB = 64.0

_COUNT = re.compile(r"^(?P<range>.*)/(?P<count>\d+)$")


@dataclass(frozen=True)
class AxisKind:
    """How one swept setting is read, checked and named."""

    name: str  # the workload key
    option: str
    parse: Callable[[object], Decimal | int]
    scale: float  # parsed value -> stored unit (s -> ms)
    low: float
    high: float
    unit: str

    def amount(self, text: str, flag: str) -> float:
        """``text`` in the stored unit, unchecked (a step)."""
        try:
            return float(self.parse(text.strip())) * self.scale
        except ValueError as exc:
            raise UsageError(str(exc), field=flag) from None

    def value(self, text: str, flag: str) -> float:
        """``text`` in the stored unit, within the setting's limits."""
        value = self.amount(text, flag)
        if not self.low <= value <= self.high:
            raise UsageError(f"{text.strip()!r} is out of range: {self.name} must be {self._bounds()}", field=flag)
        return value

    def _bounds(self) -> str:
        if self.name == "memory":
            return f"{MEMORY_MB_MIN:,} MB to {MEMORY_MB_MAX:,} MB"
        if self.name == "duration":
            return f"above 0 and at most {TIMEOUT_S_MAX} s"
        return "0 or more"


MEMORY = AxisKind("memory", "--memory", units.parse_memory_mb, 1.0, MEMORY_MB_MIN, MEMORY_MB_MAX, "MB")
DURATION = AxisKind("duration", "--duration", units.parse_duration_s, 1000.0, 1e-9, TIMEOUT_S_MAX * 1000.0, "ms")
REQUESTS = AxisKind("requests", "--requests", units.parse_per_month, 1.0, 0.0, math.inf, "requests a month")


def axis_values(kind: AxisKind, text: str) -> np.ndarray:
    """The values of ``--memory`` / ``--duration`` / ``--requests`` (in MB, ms, requests a month)."""
    flag = f"{kind.option} {text}"
    if ".." not in text:
        values = [kind.value(part, flag) for part in text.split(",") if part.strip()]
        if not values:
            raise UsageError("no values; expected e.g. 512MB,1GB or 128MB..3GB", field=flag)
        if len(values) > MAX_AXIS_VALUES:
            raise UsageError(f"{len(values):,} values; the limit is {MAX_AXIS_VALUES:,}", field=flag)
        return _whole_mb(kind, np.array(values))
    count = None
    body = text
    if (match := _COUNT.match(text.strip())) and not match["count"].startswith("0"):
        body, count = match["range"], int(match["count"])
    body, _, step_text = body.partition(":")
    low_text, _, high_text = body.partition("..")
    low, high = kind.value(low_text, flag), kind.value(high_text, flag)
    if low > high:
        raise UsageError(
            f"the range runs down ({low_text.strip()} > {high_text.strip()}); give it low..high", field=flag
        )
    if step_text and count is not None:
        raise UsageError("give a step (:STEP) or a number of points (/N), not both", field=flag)
    if not step_text and count is None and kind is MEMORY:
        step_text = f"{DEFAULT_MEMORY_STEP_MB:g}MB"
    if step_text:
        step = kind.amount(step_text, flag)
        if step <= 0:
            raise UsageError(f"the step {step_text.strip()!r} must be above 0", field=flag)
        n = math.floor((high - low) / step + 1e-9) + 1
        _check_count(n, flag)
        grid: np.ndarray = low + step * np.arange(n)
        grid = grid if grid[-1] >= high - 1e-9 else np.append(grid, high)
    else:
        n = DEFAULT_POINTS if count is None else count
        _check_count(n, flag)
        grid = np.linspace(low, high, n) if high > low else np.array([low])
    return _whole_mb(kind, grid)


def _check_count(n: int, flag: str) -> None:
    if n < 1:
        raise UsageError("the number of points must be 1 or more", field=flag)
    if n > MAX_AXIS_VALUES:
        raise UsageError(f"{n:,} values; the limit is {MAX_AXIS_VALUES:,} per axis", field=flag)


def _whole_mb(kind: AxisKind, values: np.ndarray) -> np.ndarray:
    """Memory is set in whole MB; duplicates (after rounding) are dropped, order kept."""
    if kind is MEMORY:
        values = np.round(values)
    _, first = np.unique(values, return_index=True)
    return np.asarray(values[np.sort(first)], dtype=np.float64)


def architectures(text: str) -> list[str]:
    """``x86_64,arm64`` as a list; anything else is an error naming ``--architecture``."""
    names = [p.strip() for p in text.split(",") if p.strip()]
    bad = [n for n in names if n not in ("x86_64", "arm64")]
    if bad or not names:
        raise UsageError(f"{text!r}: expected x86_64, arm64 or x86_64,arm64", field="--architecture")
    return list(dict.fromkeys(names))
