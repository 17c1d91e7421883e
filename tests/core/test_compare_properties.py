"""Property tests of :mod:`lambdacost.core.compare`: the break-even is where the costs cross."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambdacost.core import compare as cmp
from lambdacost.core.engine import FunctionArrays
from lambdacost.io import tables

EC2 = tables.ec2_prices().region("us-east-1").instances
NAMES = tuple(sorted(EC2))
RATES = tables.lambda_prices().rates("us-east-1")


def _setup(memory, duration, requests, arm, name, util, unlimited, min_units, cpu_ms):
    capacity = cmp.CapacityModel(util, min_units, unlimited, None if cpu_ms is None else cpu_ms / 1000)
    load = cmp.service_load([memory], [duration], [requests], capacity)
    units = cmp.ec2_units(
        NAMES,
        tuple(EC2[n].architecture for n in NAMES),
        [EC2[n].vcpus for n in NAMES],
        [EC2[n].memory_gib for n in NAMES],
        [EC2[n].hourly for n in NAMES],
        [EC2[n].burstable_baseline or np.nan for n in NAMES],
        0.05,
        capacity,
        load,
    ).take([NAMES.index(name)])
    fn = FunctionArrays(
        memory_mb=np.array([float(memory)]),
        is_arm=np.array([arm]),
        duration_ms=np.array([duration]),
        requests=np.array([requests]),
    )
    return capacity, load, units, fn


def _gap(units, load, curve, min_units, k):
    """Fleet cost minus Lambda's (from the engine itself) at load multipliers ``k``."""
    k = np.atleast_1d(np.asarray(k, dtype=np.float64))
    counts = cmp.fleet_counts(units, load, k, min_units)
    return cmp.fleet_cost(units, load, k, counts)[0] - curve.exact(k)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    memory=st.integers(128, 8192),
    duration=st.floats(1, 30_000),
    requests=st.floats(1e3, 1e9),
    arm=st.booleans(),
    free=st.booleans(),
    name=st.sampled_from(NAMES),
    util=st.floats(0.2, 1.0),
    unlimited=st.booleans(),
    min_units=st.integers(1, 3),
    cpu_ms=st.none() | st.floats(1, 2000),
)
def test_break_even_is_where_the_costs_cross(
    memory, duration, requests, arm, free, name, util, unlimited, min_units, cpu_ms
):
    capacity, load, units, fn = _setup(memory, duration, requests, arm, name, util, unlimited, min_units, cpu_ms)
    if not units.fits[0]:
        assert cmp.break_even(units, load, cmp.LambdaCurve(fn, RATES, free), min_units) is None
        return
    curve = cmp.LambdaCurve(fn, RATES, free)
    k = cmp.break_even(units, load, curve, min_units)
    if k is None:
        below = np.geomspace(1e-4, cmp.BREAK_EVEN_SEARCH_MAX, 2000)
        assert np.all(_gap(units, load, curve, min_units, below) > 0)
        return
    scale = max(1.0, float(curve.exact([k])[0]))
    # At the break-even the fleet costs no more than Lambda (up to rounding) ...
    assert _gap(units, load, curve, min_units, k)[0] <= 1e-9 * scale
    # ... and it costs more everywhere below it.
    if k > 0:
        below = np.concatenate([k * (1 - np.geomspace(1e-7, 1 - 1e-6, 500)), [k * (1 - 1e-6)]])
        assert np.all(_gap(units, load, curve, min_units, below) > -1e-9 * scale)
        assert _gap(units, load, curve, min_units, k * (1 - 1e-6))[0] > -1e-9 * scale


@settings(max_examples=60, deadline=None)
@given(
    memory=st.integers(128, 10240),
    duration=st.floats(1, 900_000),
    requests=st.floats(1, 1e10),
    arm=st.booleans(),
    free=st.booleans(),
    k=st.lists(st.floats(0, cmp.BREAK_EVEN_SEARCH_MAX), min_size=1, max_size=20),
)
def test_lambda_curve_interpolation_matches_the_engine(memory, duration, requests, arm, free, k):
    fn = FunctionArrays(
        memory_mb=np.array([float(memory)]),
        is_arm=np.array([arm]),
        duration_ms=np.array([duration]),
        requests=np.array([requests]),
    )
    curve = cmp.LambdaCurve(fn, RATES, free)
    exact = curve.exact(k)
    np.testing.assert_allclose(curve(np.array(k)), exact, rtol=1e-9, atol=1e-9)


def test_lambda_curve_with_provisioned_concurrency_and_two_architectures():
    """Features the analytic breakpoints only partly cover are still priced exactly (by splitting pieces)."""
    fn = FunctionArrays(
        memory_mb=np.array([1024.0, 2048.0]),
        is_arm=np.array([False, True]),
        duration_ms=np.array([120.0, 800.0]),
        requests=np.array([3e6, 5e5]),
        pc_count=np.array([2.0, 0.0]),
        cold_start_rate=np.array([0.01, 0.02]),
        init_duration_ms=np.array([400.0, 900.0]),
    )
    curve = cmp.LambdaCurve(fn, RATES, True)
    k = np.geomspace(1e-3, cmp.BREAK_EVEN_SEARCH_MAX, 3001)
    np.testing.assert_allclose(curve(k), curve.exact(k), rtol=1e-9, atol=1e-9)


def test_fleet_counts_over_types_and_loads_at_once():
    capacity = cmp.CapacityModel()
    load = cmp.service_load([512], [200], [1e6], capacity)
    units = cmp.ec2_units(
        ("t3.small", "m7i.large"),
        ("x86_64", "x86_64"),
        [2, 2],
        [2, 8],
        [0.0208, 0.1008],
        [0.2, np.nan],
        0.05,
        capacity,
        load,
    )
    k = np.array([1.0, 100.0])
    counts = cmp.fleet_counts(units, load, k, 1)
    # vCPUs at 100x: 100 x 1e6 / 2,628,000 x 0.2 x 512/1769 = 2.2027; t3.small 0.24 each, m7i.large 1.2 each.
    vcpus = 100 * 1e6 / 2_628_000 * 0.2 * 512 / 1769
    assert counts.tolist() == [[1, np.ceil(vcpus / 0.24)], [1, np.ceil(vcpus / 1.2)]]
    cost = cmp.fleet_cost(units, load, k, counts)
    assert cost[1, 1] == pytest.approx(2 * 730 * 0.1008)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    memory=st.integers(128, 8192),
    duration=st.floats(1, 30_000),
    requests=st.floats(1e3, 1e11),  # up to a 100,000-function workload's volume
    arm=st.booleans(),
    free=st.booleans(),
    name=st.sampled_from(NAMES),
    unlimited=st.booleans(),
    min_units=st.integers(1, 3),
)
def test_break_even_search_skips_nothing(memory, duration, requests, arm, free, name, unlimited, min_units):
    """The search starts where a lower bound of the fleet's cost first reaches Lambda's, in small
    windows: it finds exactly what a walk over every step point from 0 in the largest windows finds."""
    from lambdacost.core import breakeven

    _, load, units, fn = _setup(memory, duration, requests, arm, name, 0.7, unlimited, min_units, None)
    curve = cmp.LambdaCurve(fn, RATES, free)
    fast = breakeven.break_even(units, load, curve, min_units)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(breakeven, "_first_possible", lambda *a: 0.0)
        mp.setattr(breakeven, "_FIRST_WINDOW_POINTS", breakeven._WINDOW_POINTS)
        plain = breakeven.break_even(units, load, curve, min_units)
    assert (fast is None) == (plain is None)
    if fast is not None:
        assert fast == pytest.approx(plain, rel=1e-12, abs=1e-15)
