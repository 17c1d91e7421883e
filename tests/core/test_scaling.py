"""The duration model shared by `sweep --scale-duration` and `profile --right-size`."""

from __future__ import annotations

import numpy as np
import pytest

from lambdacost.core.scaling import cpu_scaled_duration_ms, duration_range_ms


def test_cpu_bound_work_scales_with_the_vcpu_share() -> None:
    # 1,769 MB is one vCPU: doubling it halves CPU-bound work; halving it doubles it.
    assert cpu_scaled_duration_ms(100.0, 1769, 3538) == pytest.approx(50.0)
    assert cpu_scaled_duration_ms(100.0, 1769, 884.5) == pytest.approx(200.0)
    assert cpu_scaled_duration_ms([100.0, 300.0], [512, 1024], [1024, 1024]).tolist() == pytest.approx([50.0, 300.0])


def test_range_runs_from_cpu_bound_to_unchanged() -> None:
    low, high = duration_range_ms(np.array([100.0, 100.0]), np.array([512, 512]), np.array([1024, 256]))
    assert low.tolist() == pytest.approx([50.0, 100.0])
    assert high.tolist() == pytest.approx([100.0, 200.0])
