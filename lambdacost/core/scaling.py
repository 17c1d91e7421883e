"""How a function's duration may change with its memory: Lambda gives CPU in proportion to memory.

A model, not a measurement. At 1,769 MB a function has one vCPU's worth of CPU
(:data:`lambdacost.core.compare.LAMBDA_MB_PER_VCPU`); work that is bound by CPU
takes ``duration x share(memory) / share(new memory)``. Work that waits on the
network or a disk does not speed up at all. So for a new memory size the
duration lies between :func:`cpu_scaled_duration_ms` and the duration as
measured: :func:`duration_range_ms` gives both ends, the range
``profile --right-size`` reports and ``sweep --scale-duration`` takes the
CPU-bound end of.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lambdacost.core.compare import Array, vcpu_share


def cpu_scaled_duration_ms(duration_ms: ArrayLike, memory_mb: ArrayLike, new_memory_mb: ArrayLike) -> Array:
    """The duration at ``new_memory_mb`` of CPU-bound work that takes ``duration_ms`` at ``memory_mb``."""
    ratio = vcpu_share(memory_mb) / vcpu_share(new_memory_mb)
    return np.asarray(np.asarray(duration_ms, dtype=np.float64) * ratio)


def duration_range_ms(duration_ms: ArrayLike, memory_mb: ArrayLike, new_memory_mb: ArrayLike) -> tuple[Array, Array]:
    """(shortest, longest) plausible duration at ``new_memory_mb``: one end is CPU-bound scaling, the
    other the duration unchanged (more memory: CPU-bound is the lower bound; less: the upper)."""
    given = np.asarray(duration_ms, dtype=np.float64)
    scaled = cpu_scaled_duration_ms(given, memory_mb, new_memory_mb)
    return np.asarray(np.minimum(given, scaled)), np.asarray(np.maximum(given, scaled))
