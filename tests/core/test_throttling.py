"""The served share of requests under concurrency limits (lambdacost.core.throttling), worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from lambdacost.core.throttling import hourly_demand, never_throttled, served_share

NAN = float("nan")


def test_hourly_demand_is_littles_law_times_the_normalised_profile() -> None:
    # 2,628,000 requests a month (730 h x 3,600 s) of 1,000 ms: 1 request/s x 1 s = concurrency 1.
    # Profile [3] * 12 + [1] * 12 has mean 2: hours at 1.5 and 0.5. The second row has no profile: flat at 1.
    weights = np.array([[3.0] * 12 + [1.0] * 12, [5.0] * 24])
    d = hourly_demand([2_628_000.0, 2_628_000.0], [1000.0, 1000.0], weights, [True, False])
    assert d[0] == pytest.approx([1.5] * 12 + [0.5] * 12)
    assert d[1] == pytest.approx([1.0] * 24)


def test_reserved_limit_serves_min_of_demand_and_limit_each_hour() -> None:
    # Demand 20 for 6 hours and 4 for 18; reserved 10: served 6 x 10 + 18 x 4 = 132 of 6 x 20 + 18 x 4 = 192.
    demand = np.array([[20.0] * 6 + [4.0] * 18])
    assert served_share(demand, [10.0], [True], 1000.0) == pytest.approx([132 / 192])


def test_reserved_zero_serves_nothing_and_no_demand_is_served_in_full() -> None:
    demand = np.array([[0.5] * 24, [0.0] * 24])
    assert served_share(demand, [0.0, 0.0], [True, True], 1000.0) == pytest.approx([0.0, 1.0])


def test_unreserved_pool_is_shared_in_proportion_to_demand() -> None:
    # Account 100, one function reserves 40 (demand 10: served in full): pool 60.
    # Two shared functions: 60 and 30 in hours 0-11 (sum 90 > 60: each served 60/90 = 2/3),
    # 10 and 20 in hours 12-23 (sum 30: served in full).
    # First: (12 x 60 x 2/3 + 12 x 10) / (12 x 60 + 12 x 10) = (480 + 120) / 840 = 5/7.
    # Second: (12 x 30 x 2/3 + 12 x 20) / (12 x 30 + 12 x 20) = (240 + 240) / 600 = 4/5.
    # An Edge function (not counted) with huge demand is served in full and takes nothing from the pool.
    demand = np.array([[10.0] * 24, [60.0] * 12 + [10.0] * 12, [30.0] * 12 + [20.0] * 12, [1e6] * 24])
    share = served_share(demand, [40.0, NAN, NAN, NAN], [True, True, True, False], 100.0)
    assert share == pytest.approx([1.0, 5 / 7, 4 / 5, 1.0])


def test_reservations_beyond_the_account_leave_an_empty_pool() -> None:
    demand = np.array([[1.0] * 24, [1.0] * 24])
    assert served_share(demand, [10.0, NAN], [True, True], 5.0) == pytest.approx([1.0, 0.0])


def test_never_throttled_bounds_every_hour_by_24_times_the_average() -> None:
    # Concurrency 1 + 1 = 2 (2,628,000 requests of 1,000 ms each): no hour can pass 24 x 2 = 48.
    # A profile with all its weight in one hour reaches exactly 48 there.
    assert never_throttled([2_628_000.0, 2_628_000.0], [1000.0, 1000.0], 48.0)
    assert not never_throttled([2_628_000.0, 2_628_000.0], [1000.0, 1000.0], 47.0)
    weights = np.array([[1.0] + [0.0] * 23, [1.0] + [0.0] * 23])
    d = hourly_demand([2_628_000.0, 2_628_000.0], [1000.0, 1000.0], weights, [True, True])
    assert d.sum(axis=0).max() == pytest.approx(48.0)
    assert served_share(d, [NAN, NAN], [True, True], 47.0) == pytest.approx([47 / 48, 47 / 48])
