"""core.stack on whole arrays: account-wide tiers over functions and scenarios, one shared ALB."""

from __future__ import annotations

import numpy as np
import pytest

from lambdacost.core import stack


def test_account_tiers_split_by_usage_in_every_scenario() -> None:
    rest = stack.make_tiers([333e6, 1e9, 20e9, None], [3.5e-6, 2.8e-6, 2.38e-6, 1.51e-6])
    usage = np.array([[100e6, 300e6], [1e6, 1e6]])  # two scenarios, two functions
    cost = stack.account_tiered(usage, rest)
    whole = 333e6 * 3.5e-6 + 67e6 * 2.8e-6
    assert cost[0] == pytest.approx([whole / 4, whole * 3 / 4])
    assert cost[1] == pytest.approx([3.5, 3.5])


def test_http_api_512_kb_increments() -> None:
    got = stack.metered([1.0, 1.0, 1.0, 1.0], [1.0, 512.0, 513.0, 1536.0], stack.HTTP_API_INCREMENT_KB)
    assert list(got) == [1.0, 1.0, 2.0, 3.0]


def test_shared_alb_adds_the_dimensions_then_takes_the_largest() -> None:
    """Two functions at 10 new connections a second each: together 20/25 = 0.8 LCU, half each; 730 h split."""
    reqs = np.array([10.0, 10.0, 99.0]) * 730 * 3600
    on = np.array([True, True, False])
    load = stack.alb_load(reqs, 1.0, 1.0, 0.1, 10)
    hours, lcu_hours = stack.shared_alb(load, on, stack.ALB_GB_PER_LCU_LAMBDA)
    assert list(hours) == pytest.approx([365.0, 365.0, 0.0])
    assert list(lcu_hours) == pytest.approx([0.4 * 730, 0.4 * 730, 0.0])


def test_logs_add_the_platform_lines() -> None:
    assert stack.log_gb(1_000_000, 2.0) == pytest.approx(1e6 * 2.3 / 1e6)
    assert stack.log_gb_months(30.0, 30, 0.5) == pytest.approx(30.0 * 30 / (730 / 24) * 0.5)
