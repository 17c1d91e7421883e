"""The engine: published examples to the cent, the scalar reference, and properties."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from lambdacost.core.engine import FunctionArrays, LambdaRates, billed_ms, price_functions, tiered_cost
from lambdacost.schema.prices import LambdaPriceTable
from tests import reference
from tests.reference import RefFunction
from tests.strategies import functions, workloads

# us-east-1 rates, as published (pricing-facts.md section 1); written out here on purpose.
REQUEST = 0.20 / 1_000_000
X86_TIER1, X86_TIER2, X86_TIER3 = 0.0000166667, 0.0000150000, 0.0000133334
ARM_TIER1, ARM_TIER2, ARM_TIER3 = 0.0000133334, 0.0000120001, 0.0000106667
PC_X86, PC_DURATION_X86 = 0.0000041667, 0.0000097222
STORAGE = 0.0000000309
EDGE_REQUEST, EDGE_GBS = 0.60 / 1_000_000, 0.00005001
SNAP_CACHE, SNAP_RESTORE = 0.0000015046, 0.0001397998


@pytest.fixture(scope="module")
def rates(lambda_prices: LambdaPriceTable) -> LambdaRates:
    return lambda_prices.rates("us-east-1")


def arrays(fns: list[RefFunction]) -> FunctionArrays:
    def col(attr: str, dtype: type = np.float64) -> np.ndarray:
        return np.array([getattr(f, attr) for f in fns], dtype=dtype)

    return FunctionArrays(
        memory_mb=col("memory_mb"),
        is_arm=col("arm", bool),
        duration_ms=col("duration_ms"),
        requests=col("requests"),
        ephemeral_storage_mb=col("storage_mb"),
        cold_start_rate=col("cold_start_rate"),
        init_duration_ms=col("init_ms"),
        is_edge=col("edge", bool),
        pc_count=col("pc_count"),
        pc_hours=col("pc_hours"),
        pc_requests_served=np.array([np.nan if f.pc_served is None else f.pc_served for f in fns]),
        snapstart_restore_rate=col("snap_restore_rate"),
        snapstart_versions=col("snap_versions"),
        snapstart_cache_hours=col("snap_cache_hours"),
        snapstart_billed=col("snap_billed", bool),
    )


def one(memory_mb: float, duration_ms: float, requests: float, **kw: object) -> FunctionArrays:
    return arrays([RefFunction(memory_mb=memory_mb, arm=False, duration_ms=duration_ms, requests=requests, **kw)])  # type: ignore[arg-type]


# ---------------------------------------------------------------- published examples


def test_seed_example_512mb_200ms_1m_requests_no_free_tier(rates: LambdaRates) -> None:
    """Public example 1: 100,000 GB-s x $0.0000166667 = $1.67, requests $0.20, total $1.87."""
    costs = price_functions(one(512, 200, 1_000_000), rates, free_tier=False)
    gb_s = 0.5 * 0.2 * 1_000_000
    assert gb_s == 100_000
    assert costs.quantity["duration"][0] == pytest.approx(gb_s)
    assert costs.cost["duration"][0] == pytest.approx(gb_s * X86_TIER1)
    assert round(costs.cost["duration"][0], 2) == 1.67
    assert round(costs.cost["requests"][0], 2) == 0.20
    assert round(float(costs.workload_total), 2) == 1.87
    assert float(costs.workload_total) == pytest.approx(gb_s * X86_TIER1 + 1_000_000 * REQUEST)


def test_aws_mobile_backend_example_with_free_tier(rates: LambdaRates) -> None:
    """Public example 2 (AWS pricing page): 3M requests, 120 ms, 1,536 MB, free tier: $2.73."""
    costs = price_functions(one(1536, 120, 3_000_000), rates, free_tier=True)
    gb_s = 1.5 * 0.120 * 3_000_000
    assert gb_s == pytest.approx(540_000)
    compute = (gb_s - 400_000) * X86_TIER1
    requests = (3_000_000 - 1_000_000) * REQUEST
    assert round(compute, 2) == 2.33 and round(requests, 2) == 0.40
    assert float(costs.workload_total) == pytest.approx(compute + requests)
    assert round(float(costs.workload_total), 2) == 2.73
    assert costs.quantity["free_tier_requests"][0] == pytest.approx(-1_000_000)
    assert costs.quantity["free_tier_duration"][0] == pytest.approx(-400_000)


def test_infracost_golden_128mb_350ms_100k_requests(rates: LambdaRates) -> None:
    """Public example 3 (Infracost): requests $0.02; 4,375 GB-s -> $0.07."""
    costs = price_functions(one(128, 350, 100_000), rates, free_tier=False)
    gb_s = 128 / 1024 * 0.350 * 100_000
    assert gb_s == pytest.approx(4_375)
    assert costs.quantity["duration"][0] == pytest.approx(4_375)
    assert round(costs.cost["requests"][0], 2) == round(100_000 * REQUEST, 2) == 0.02
    assert round(costs.cost["duration"][0], 2) == round(gb_s * X86_TIER1, 2) == 0.07


# ---------------------------------------------------------------- billing rules, by hand


def test_duration_is_rounded_up_to_the_millisecond(rates: LambdaRates) -> None:
    costs = price_functions(one(1024, 100.2, 1000), rates, free_tier=False)
    assert costs.quantity["duration"][0] == pytest.approx(1.0 * 0.101 * 1000)
    assert billed_ms(np.array([100.0, 100.00000000000001, 0.1 * 1000, 99.5]))[1] == 100.0
    assert list(billed_ms(np.array([100.0, 99.5, 1.0001]))) == [100.0, 100.0, 2.0]


def test_volume_tiers_x86(rates: LambdaRates) -> None:
    # 10 GB x 900 s x 2,000,000 = 18 billion GB-s: 6B at tier 1, 9B at tier 2, 3B at tier 3.
    costs = price_functions(one(10_240, 900_000, 2_000_000), rates, free_tier=False)
    expected = 6e9 * X86_TIER1 + 9e9 * X86_TIER2 + 3e9 * X86_TIER3
    assert costs.cost["duration"][0] == pytest.approx(expected, rel=1e-12)


def test_tiers_are_per_architecture_and_shared_by_functions(rates: LambdaRates) -> None:
    # Two x86 functions of 4 billion GB-s each: 8B in all, 6B at tier 1 and 2B at tier 2,
    # shared half and half; an arm64 function of 4B GB-s stays in arm's first tier.
    big = RefFunction(memory_mb=10_240, arm=False, duration_ms=400_000, requests=1_000_000)
    arm = RefFunction(memory_mb=10_240, arm=True, duration_ms=400_000, requests=1_000_000)
    assert 10 * 400 * 1_000_000 == 4e9
    costs = price_functions(arrays([big, big, arm]), rates, free_tier=False)
    x86_total = 6e9 * X86_TIER1 + 2e9 * X86_TIER2
    assert costs.cost["duration"][0] == pytest.approx(x86_total / 2, rel=1e-12)
    assert costs.cost["duration"][1] == pytest.approx(x86_total / 2, rel=1e-12)
    assert costs.cost["duration"][2] == pytest.approx(4e9 * ARM_TIER1, rel=1e-12)


ARM_TIER2, ARM_TIER3 = 0.0000120001, 0.0000106667


@pytest.mark.parametrize("free_tier", [False, True], ids=["no-free-tier", "free-tier"])
@pytest.mark.parametrize(
    ("x86_requests", "arm_requests"), [(3, 1e9), (1_000, 1e12)], ids=["3-next-to-1e9", "1000-next-to-1e12"]
)
def test_small_x86_function_next_to_a_huge_arm64_one_is_billed_its_gb_seconds(
    rates: LambdaRates, free_tier: bool, x86_requests: int, arm_requests: float
) -> None:
    # Each architecture's GB-s are summed on their own: a 128 MB, 1 ms x86 function
    # (0.125 GB x 0.001 s a request) is not lost to rounding next to an arm64 function
    # of 10 GB x 900 s a request (9e12 or 9e15 GB-s; derived as all - arm64 it was billed $0).
    small = RefFunction(memory_mb=128, arm=False, duration_ms=1, requests=x86_requests)
    huge = RefFunction(memory_mb=10_240, arm=True, duration_ms=900_000, requests=arm_requests)
    costs = price_functions(arrays([small, huge]), rates, free_tier=free_tier)
    x86_gbs = 0.125 * 0.001 * x86_requests
    arm_gbs = 10 * 900 * arm_requests
    all_gbs, all_requests = x86_gbs + arm_gbs, x86_requests + arm_requests
    assert costs.quantity["duration"][0] == pytest.approx(x86_gbs, rel=1e-12)
    assert costs.cost["duration"][0] == pytest.approx(x86_gbs * X86_TIER1, rel=1e-12)
    # arm64: 7.5 billion GB-s at tier 1, 11.25 billion at tier 2, the rest at tier 3.
    arm_cost = 7.5e9 * ARM_TIER1 + (18.75e9 - 7.5e9) * ARM_TIER2 + (arm_gbs - 18.75e9) * ARM_TIER3
    assert costs.cost["duration"][1] == pytest.approx(arm_cost, rel=1e-12)
    # The free tier (400,000 GB-s, 1M requests) is shared in proportion to GB-s and requests.
    free_gbs = 400_000 * x86_gbs / all_gbs if free_tier else 0.0
    free_requests = x86_requests * 1_000_000 / all_requests if free_tier else 0.0
    assert -costs.quantity["free_tier_duration"][0] == pytest.approx(free_gbs, rel=1e-9, abs=1e-18)
    expected = (x86_gbs - free_gbs) * X86_TIER1 + (x86_requests - free_requests) * REQUEST
    assert costs.total[0] == pytest.approx(expected, rel=1e-9)


def test_free_tier_is_applied_once_across_functions_and_architectures(rates: LambdaRates) -> None:
    # 300,000 GB-s on x86 and 300,000 on arm64; 800,000 requests each.
    x86 = RefFunction(memory_mb=1024, arm=False, duration_ms=375, requests=800_000)
    arm = RefFunction(memory_mb=1024, arm=True, duration_ms=375, requests=800_000)
    costs = price_functions(arrays([x86, arm]), rates, free_tier=True)
    free_each = 400_000 / 2  # shared in proportion to GB-s (equal here)
    assert -costs.quantity["free_tier_duration"].sum() == pytest.approx(400_000)
    assert -costs.quantity["free_tier_requests"].sum() == pytest.approx(1_000_000)
    expected = (300_000 - free_each) * X86_TIER1 + (300_000 - free_each) * ARM_TIER1 + (1_600_000 - 1_000_000) * REQUEST
    assert float(costs.workload_total) == pytest.approx(expected)


def test_ephemeral_storage_does_not_depend_on_memory(rates: LambdaRates) -> None:
    # (2,048 - 512) MB = 1.5 GB x 0.5 s x 1,000,000 invocations = 750,000 GB-s.
    for memory in (128, 3008):
        costs = price_functions(one(memory, 500, 1_000_000, storage_mb=2048), rates, free_tier=False)
        assert costs.quantity["ephemeral_storage"][0] == pytest.approx(1.5 * 0.5 * 1_000_000)
        assert costs.cost["ephemeral_storage"][0] == pytest.approx(750_000 * STORAGE)


def test_provisioned_concurrency(rates: LambdaRates) -> None:
    # 10 environments of 2 GB for 8 h: 10 x 2 x 28,800 s = 576,000 GB-s at the PC rate.
    # Default share served: 3,650,000 x 8 / 730 = 40,000 requests at 100 ms on PC duration.
    costs = price_functions(one(2048, 100, 3_650_000, pc_count=10, pc_hours=8), rates, free_tier=False)
    assert costs.cost["provisioned_concurrency"][0] == pytest.approx(10 * 2 * 8 * 3600 * PC_X86)
    served = 3_650_000 * 8 / 730
    assert costs.pc_requests_served[0] == pytest.approx(served)
    assert costs.cost["provisioned_duration"][0] == pytest.approx(served * 2 * 0.1 * PC_DURATION_X86)
    on_demand = 3_650_000 - served
    assert costs.cost["duration"][0] == pytest.approx(on_demand * 2 * 0.1 * X86_TIER1)
    assert costs.cost["requests"][0] == pytest.approx(3_650_000 * REQUEST)


def test_provisioned_concurrency_capacity_caps_requests_served(rates: LambdaRates) -> None:
    # One environment, 1 h, 1 s per request: at most 3,600 requests on PC.
    costs = price_functions(
        one(1024, 1000, 1_000_000, pc_count=1, pc_hours=1, pc_served=500_000.0), rates, free_tier=False
    )
    assert costs.pc_requests_served[0] == pytest.approx(3600)


def test_provisioned_hours_round_up_to_five_minutes(rates: LambdaRates) -> None:
    costs = price_functions(one(1024, 100, 0, pc_count=1, pc_hours=1.01), rates, free_tier=False)
    assert costs.quantity["provisioned_concurrency"][0] == pytest.approx(1 * (1 + 5 / 60) * 3600)


def test_init_duration_is_billed_as_on_demand_duration(rates: LambdaRates) -> None:
    # 2% of 1,000,000 cold starts x 400 ms x 0.5 GB = 4,000 GB-s.
    costs = price_functions(one(512, 50, 1_000_000, cold_start_rate=0.02, init_ms=400), rates, free_tier=False)
    assert costs.cold_starts[0] == pytest.approx(20_000)
    assert costs.quantity["init_duration"][0] == pytest.approx(0.5 * 0.4 * 20_000)
    assert costs.cost["init_duration"][0] == pytest.approx(4_000 * X86_TIER1)


def test_snapstart_cache_and_restore(rates: LambdaRates) -> None:
    # 1 GB, 2 versions cached all month: 1 x 730 x 3,600 x 2 GB-s; 1% of 1M restores of 1 GB.
    costs = price_functions(one(1024, 100, 1_000_000, snap_versions=2, snap_restore_rate=0.01), rates, free_tier=False)
    assert costs.cost["snapstart_cache"][0] == pytest.approx(730 * 3600 * 2 * SNAP_CACHE)
    assert costs.cost["snapstart_restore"][0] == pytest.approx(10_000 * 1 * SNAP_RESTORE)
    short = price_functions(one(1024, 100, 1000, snap_versions=1, snap_cache_hours=1), rates, free_tier=False)
    assert short.quantity["snapstart_cache"][0] == pytest.approx(3 * 3600)  # billed for at least 3 h
    java = price_functions(one(1024, 100, 1000, snap_versions=1, snap_billed=False), rates, free_tier=False)
    assert java.cost["snapstart_cache"][0] == 0


def test_lambda_at_edge_has_its_own_rates_and_no_free_tier(rates: LambdaRates) -> None:
    costs = price_functions(one(128, 25, 5_000_000, edge=True), rates, free_tier=True)
    expected = 5_000_000 * EDGE_REQUEST + 0.125 * 0.025 * 5_000_000 * EDGE_GBS
    assert float(costs.workload_total) == pytest.approx(expected)
    assert costs.cost["requests"][0] == 0 and costs.quantity["free_tier_requests"][0] == 0


def test_scenario_axis_broadcasts(rates: LambdaRates) -> None:
    loads = np.array([[0.1], [1.0], [10.0]])
    base = np.array([1_000_000.0, 3_000_000.0])
    fns = FunctionArrays(
        memory_mb=np.array([512.0, 1536.0]),
        is_arm=np.array([False, True]),
        duration_ms=np.array([200.0, 120.0]),
        requests=base * loads,
    )
    costs = price_functions(fns, rates, free_tier=True)
    assert costs.total.shape == (3, 2) and costs.workload_total.shape == (3,)
    for i, k in enumerate(loads[:, 0]):
        single = FunctionArrays(
            memory_mb=np.array([512.0, 1536.0]),
            is_arm=np.array([False, True]),
            duration_ms=np.array([200.0, 120.0]),
            requests=base * k,
        )
        assert_allclose(costs.total[i], price_functions(single, rates).total, rtol=1e-12)


def test_tiered_cost_is_continuous_at_boundaries(rates: LambdaRates) -> None:
    start, end, rate = rates.tier_start[0], rates.tier_end[0], rates.tier_rate[0]
    for boundary in (6e9, 15e9):
        below, at, above = tiered_cost(np.array([boundary - 1, boundary, boundary + 1]), start, end, rate)
        assert at - below == pytest.approx(X86_TIER1 if boundary == 6e9 else X86_TIER2, rel=1e-3)
        assert above - at == pytest.approx(X86_TIER2 if boundary == 6e9 else X86_TIER3, rel=1e-3)


# ---------------------------------------------------------------- against the reference


@contextmanager
def engine_tuning(*, block_elements: int, dense_share: float) -> Iterator[None]:
    """Run the engine with other block sizes and dense/sparse thresholds (restored after)."""
    from lambdacost.core import blocks

    saved = blocks.BLOCK_ELEMENTS, blocks.DENSE_SHARE
    blocks.BLOCK_ELEMENTS, blocks.DENSE_SHARE = block_elements, dense_share
    try:
        yield
    finally:
        blocks.BLOCK_ELEMENTS, blocks.DENSE_SHARE = saved


@st.composite
def scenario_axes(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Leading (scenario) axes: a load factor on the requests and a free-tier switch per scenario.

    Shape ``()`` is a plain workload; ``(k,)`` and ``(j, k)`` put one or two axes in front.
    """
    shape = draw(st.sampled_from([(), (3,), (2, 3)]))
    size = int(np.prod(shape))
    loads = draw(st.lists(st.floats(min_value=0.0, max_value=20.0), min_size=size, max_size=size))
    free = draw(st.lists(st.booleans(), min_size=size, max_size=size))
    return np.array(loads).reshape(shape), np.array(free).reshape(shape)


# BLOCK_ELEMENTS: the default (one block), 1 (a block per function) and 7 (blocks of
# several functions, the last one short; with scenario axes, fewer functions per block).
# DENSE_SHARE 0 prices every feature on the whole block, 2 on its own rows only.
@pytest.mark.parametrize("block_elements", [65_536, 1, 7], ids=["one-block", "block-per-row", "blocks-of-7"])
@pytest.mark.parametrize(
    "dense_share", [0.0, 1 / 8, 2.0], ids=["every-feature-dense", "default", "every-feature-on-its-rows"]
)
@settings(max_examples=100, deadline=None)
@given(fns=workloads, scenarios=scenario_axes())
def test_engine_matches_scalar_reference(
    fns: list[RefFunction],
    scenarios: tuple[np.ndarray, np.ndarray],
    dense_share: float,
    block_elements: int,
    rates: LambdaRates,
    lambda_prices: LambdaPriceTable,
) -> None:
    loads, free = scenarios
    base = arrays(fns)
    fn = base
    if loads.ndim:  # requests scaled per scenario: shape loads.shape + (n,)
        fn = FunctionArrays(**{**vars(base), "requests": np.asarray(base.requests) * loads[..., None]})
    free_tier = free[..., None] if free.ndim else bool(free)
    with engine_tuning(block_elements=block_elements, dense_share=dense_share):
        costs = price_functions(fn, rates, free_tier=free_tier)
    ref_rates = reference.rates_from_table(lambda_prices.region("us-east-1"), lambda_prices)
    for index in np.ndindex(loads.shape):
        scaled = [RefFunction(**{**vars(f), "requests": f.requests * float(loads[index])}) for f in fns]
        ref = reference.price(scaled if loads.ndim else fns, ref_rates, bool(free[index]))
        assert_allclose(costs.total[index], ref.totals, rtol=1e-9, atol=1e-9)
        assert float(costs.workload_total[index]) == pytest.approx(ref.total, rel=1e-9, abs=1e-9)
    # Every line item adds up to the function's total.
    summed = sum(costs.cost[k] for k in costs.cost)
    assert_allclose(summed, costs.total, rtol=1e-9, atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(fns=workloads, free_tier=st.booleans())
def test_cost_is_never_negative_and_free_tier_is_bounded(
    fns: list[RefFunction], free_tier: bool, rates: LambdaRates
) -> None:
    costs = price_functions(arrays(fns), rates, free_tier=free_tier)
    assert (costs.total >= -1e-9).all()
    assert -costs.quantity["free_tier_requests"].sum() <= 1_000_000 * (1 + 1e-9)
    assert -costs.quantity["free_tier_duration"].sum() <= 400_000 * (1 + 1e-9)
    for key in ("free_tier_requests", "free_tier_duration"):
        assert (costs.cost[key] <= 1e-12).all()


@settings(max_examples=100, deadline=None)
@given(
    fns=workloads,
    which=st.integers(min_value=0, max_value=7),
    factor=st.floats(min_value=1.0, max_value=10.0),
    free_tier=st.booleans(),
)
def test_cost_is_non_decreasing_in_requests_duration_and_memory(
    fns: list[RefFunction], which: int, factor: float, free_tier: bool, rates: LambdaRates
) -> None:
    i = which % len(fns)
    for attr in ("requests", "duration_ms", "memory_mb"):
        before = [RefFunction(**vars(f)) for f in fns]
        if attr == "requests":
            before[i].pc_served = None  # a fixed PC share would not grow with the requests
        bigger = [RefFunction(**vars(f)) for f in before]
        value = getattr(bigger[i], attr) * factor
        if attr == "memory_mb":
            value = min(value, 10_240.0)
        if attr == "duration_ms":
            value = min(value, 900_000.0 if not bigger[i].edge else 30_000.0)
        setattr(bigger[i], attr, value)
        base = price_functions(arrays(before), rates, free_tier=free_tier)
        grown = price_functions(arrays(bigger), rates, free_tier=free_tier)
        assert float(grown.workload_total) >= float(base.workload_total) * (1 - 1e-9) - 1e-9, attr
        assert grown.total[i] >= base.total[i] * (1 - 1e-9) - 1e-9, attr


# Each architecture's tier boundaries (GB-s a month) and the published rates on either side.
TIER_BOUNDARIES = [
    pytest.param(False, 6e9, X86_TIER1, X86_TIER2, id="x86-6B"),
    pytest.param(False, 15e9, X86_TIER2, X86_TIER3, id="x86-15B"),
    pytest.param(True, 7.5e9, ARM_TIER1, ARM_TIER2, id="arm-7.5B"),
    pytest.param(True, 18.75e9, ARM_TIER2, ARM_TIER3, id="arm-18.75B"),
]


@pytest.mark.parametrize(("arm", "boundary", "rate_below", "rate_above"), TIER_BOUNDARIES)
@settings(max_examples=25, deadline=None)
@given(f=functions(features=False))
def test_total_is_continuous_across_tier_boundaries(
    f: RefFunction, arm: bool, boundary: float, rate_below: float, rate_above: float, rates: LambdaRates
) -> None:
    # Scale the requests so the GB-s land 1 GB-s below and 1 GB-s above the boundary:
    # the bill grows by one GB-s at each tier's rate (and the extra requests), no jump.
    gb_s_per_request = f.memory_mb / 1024 * reference.billed_ms(f.duration_ms) / 1000
    fns = []
    for gbs in (boundary - 1, boundary + 1):
        g = RefFunction(**vars(f))
        g.arm = arm
        g.requests = gbs / gb_s_per_request
        fns.append(g)
    lo = price_functions(arrays(fns[:1]), rates, free_tier=False).workload_total
    hi = price_functions(arrays(fns[1:]), rates, free_tier=False).workload_total
    requests_delta = (fns[1].requests - fns[0].requests) * REQUEST
    # The two rates differ by about $1.3e-6 a GB-s; float error on bills of up to
    # ~$10^7 stays under $1e-8, so 1e-7 tells one rate from the other.
    assert float(hi - lo) == pytest.approx(rate_below + rate_above + requests_delta, rel=0, abs=1e-7)


def test_core_modules_import_no_io_or_ui_modules() -> None:
    # Every module of lambdacost.core, each in a fresh interpreter: numpy and the standard library only.
    import lambdacost.core

    modules = sorted(m.name for m in pkgutil.walk_packages(lambdacost.core.__path__, "lambdacost.core."))
    assert "lambdacost.core.engine" in modules and "lambdacost.core.aws" in modules
    for module in modules:
        code = (
            f"import sys, {module}; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'rich', 'typer', 'yaml', 'pydantic'}))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        assert out == "[]", module


@settings(max_examples=60, deadline=None)
@given(
    fns=workloads,
    loads=st.lists(st.floats(min_value=0.0, max_value=50.0), min_size=1, max_size=4),
    free_tier=st.booleans(),
)
def test_scenario_axis_matches_one_call_per_scenario(
    fns: list[RefFunction], loads: list[float], free_tier: bool, rates: LambdaRates
) -> None:
    base = arrays(fns)
    scaled = FunctionArrays(**{**vars(base), "requests": np.asarray(base.requests) * np.array(loads)[:, None]})
    together = price_functions(scaled, rates, free_tier=free_tier)
    for i, load in enumerate(loads):
        alone = price_functions(
            FunctionArrays(**{**vars(base), "requests": np.asarray(base.requests) * load}), rates, free_tier=free_tier
        )
        # Sums run in another order, and free-tier credits are differences of tiered costs: float
        # noise of a few parts in 10^9 is expected (and far below a cent).
        assert_allclose(together.total[i], alone.total, rtol=1e-7, atol=1e-9)
        for key in together.cost:
            assert_allclose(together.cost[key][i], alone.cost[key], rtol=1e-7, atol=1e-9, err_msg=key)
            assert_allclose(together.quantity[key][i], alone.quantity[key], rtol=1e-7, atol=1e-6, err_msg=key)


def test_blocks_cover_every_row_once(rates: LambdaRates) -> None:
    from lambdacost.core import blocks

    fns = [
        RefFunction(
            memory_mb=128 + i % 7,
            arm=i % 3 == 0,
            duration_ms=100 + i,
            requests=1000.0 * i,
            cold_start_rate=0.1,
            init_ms=300,
        )
        for i in range(5)
    ]
    small = blocks.BLOCK_ELEMENTS
    try:
        blocks.BLOCK_ELEMENTS = 2  # many blocks, one of them short
        blocked = price_functions(arrays(fns), rates)
    finally:
        blocks.BLOCK_ELEMENTS = small
    assert_allclose(blocked.total, price_functions(arrays(fns), rates).total, rtol=1e-12)


@settings(max_examples=200, deadline=None)
@given(top=st.floats(min_value=0, max_value=1e16), width=st.floats(min_value=0, max_value=1e6))
def test_tier_slice_cost_is_the_difference_of_tiered_costs(top: float, width: float, rates: LambdaRates) -> None:
    from lambdacost.core.engine import tier_slice_cost

    width = min(width, top)
    start, end, rate = rates.tier_start[0], rates.tier_end[0], rates.tier_rate[0]
    direct = float(tier_slice_cost(top, width, start, end, rate))
    assert direct == pytest.approx(
        float(tiered_cost(top, start, end, rate) - tiered_cost(top - width, start, end, rate)), rel=1e-6, abs=1e-3
    )
    assert 0 <= direct <= width * X86_TIER1 * (1 + 1e-12)
    if top - width >= 15e9:  # the whole slice in the third tier: exact
        assert direct == pytest.approx(width * X86_TIER3, rel=1e-12)
