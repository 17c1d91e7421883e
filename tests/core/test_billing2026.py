"""The 2025-2026 Lambda charges, each worked out by hand from AWS's published rates.

Rates (us-east-1, AWS Lambda pricing page 2026, pricing-facts.md section 7) are
written out here on purpose, so a reader can follow each expected value.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose

from lambdacost.core import billing2026 as b
from lambdacost.core.engine import Costs, FunctionArrays, LambdaRates, price_functions
from lambdacost.schema.prices import LambdaPriceTable

DURABLE_OPERATION = 8.00 / 1_000_000
DURABLE_GB_WRITTEN = 0.25
DURABLE_GB_MONTH = 0.15
TENANT_X86_PER_GB = 0.000167
STREAM_PER_GB = 0.008
M7G_XLARGE = 0.1632  # on-demand $/h, us-east-1
FEE = 0.15


def test_async_events_count_one_request_per_further_64kb() -> None:
    # 256 KB: 1 request; 300 KB: 256 + one 64 KB chunk = 2; 320 KB: exactly one chunk; 1 MB: 1 + (1024-256)/64 = 13.
    extra = b.async_extra_requests([1000, 1000, 1000, 1000, 1000], [100, 256, 300, 320, 1024])
    assert_allclose(extra, [0, 0, 1000, 1000, 12_000])
    assert_allclose(b.async_extra_requests(10, 321), 20)  # a byte over one chunk starts a second


def test_streamed_gb_counts_only_beyond_six_mb_per_response() -> None:
    # Public example 9: 1M responses of 7 MB -> 1M x 1 MB = 976.5625 GB (1 GB = 1,024 MB); 100 KB responses: 0.
    gb = b.streamed_gb([1_000_000, 2_000_000], [7.0, 100 / 1024])
    assert_allclose(gb, [1_000_000 / 1024, 0.0])
    assert round(float(gb[0]) * STREAM_PER_GB, 2) == 7.81


def test_account_free_share_splits_the_allowance_in_proportion() -> None:
    share = b.account_free_share([[60.0, 140.0]], 100.0)
    assert_allclose(share, [[0.5]])
    assert_allclose(b.account_free_share([[30.0, 20.0]], 100.0), [[1.0]])  # all covered
    assert_allclose(b.account_free_share([[0.0, 0.0]], 100.0), [[0.0]])  # nothing to cover


def test_public_example_7_durable_functions() -> None:
    """Insurance claims: 1M executions, 4 operations, 104 KB written, 7 days running, 14 retained."""
    usage = b.durable_usage(1_000_000, 4, 8 + 3 * 32, 7, 14)
    assert float(usage.operations) == 4_000_000
    assert float(usage.operations) * DURABLE_OPERATION == pytest.approx(32.00)
    assert float(usage.gb_written) == pytest.approx(104.0)  # AWS counts 1 GB = 1,000,000 KB here
    assert float(usage.gb_written) * DURABLE_GB_WRITTEN == pytest.approx(26.00)
    assert float(usage.gb_months) == pytest.approx(104 * 7 / 30 + 104 * 14 / 30)
    assert round(float(usage.gb_months) * DURABLE_GB_MONTH, 2) == 10.92


def test_tenant_isolation_quantity_is_environments_times_memory_gb() -> None:
    # Public example 8: 200,000 new environments of 1,024 MB x $0.000167 per GB = $33.40.
    gb = b.tenant_environments_gb(200_000, 1024)
    assert float(gb) == 200_000
    assert float(gb) * TENANT_X86_PER_GB == pytest.approx(33.40)


def test_public_example_6_managed_instances_charges() -> None:
    """High-throughput API: 2,000 instance-hours of m7g.xlarge at the Savings Plan rate $0.0457/h."""
    charges = b.managed_instance_charges(2000, M7G_XLARGE, 0.0457, FEE)
    assert float(charges.instances) == pytest.approx(2000 * 0.0457)  # $91.40
    assert float(charges.management_fee) == pytest.approx(2000 * 0.15 * 0.1632)  # $48.96, on the on-demand price
    requests = 100_000_000 * 0.20 / 1_000_000
    assert round(requests + float(charges.instances) + float(charges.management_fee), 2) == 160.36


def test_managed_instance_fleet_has_the_minimum_and_scales_with_load() -> None:
    # m7g.xlarge: 4 vCPU, 16 GiB. A 2 GB function at 2 GiB/vCPU is a 1-vCPU environment taking 16 requests.
    # 100M requests of 200 ms: mean concurrency 100e6 / (730 x 3600) x 0.2 = 7.61 -> 1 environment, 3 at the least
    # -> 1 instance (4 fit), 3 at the least -> 3 x 730 instance-hours.
    fleet = b.managed_instance_fleet(100e6, 200, 2048, 4, 16)
    assert float(fleet.environment_vcpus) == 1
    assert float(fleet.environments) == 3
    assert float(fleet.environments_per_instance) == 4
    assert float(fleet.instances) == 3
    assert float(fleet.instance_hours) == 3 * 730
    # 10x the load at peak factor 2: concurrency 7.61 x 10 x 2 = 152.2 -> ceil(152.2 / 16) = 10 envs -> 3 instances.
    big = b.managed_instance_fleet(1e9, 200, 2048, 4, 16, peak_factor=2.0)
    assert float(big.environments) == np.ceil(1e9 / (730 * 3600) * 0.2 * 2 / 16)
    assert float(big.instances) == np.ceil(float(big.environments) / 4)
    # An 8 GB environment at 2 GiB/vCPU has 4 vCPUs: one per m7g.xlarge (vCPU-bound); memory-bound at 8 GiB/vCPU.
    assert float(b.managed_instance_fleet(1e6, 100, 8192, 4, 16).environments_per_instance) == 1
    assert float(b.managed_instance_fleet(1e6, 100, 16384, 4, 16, memory_per_vcpu_gib=8).environments_per_instance) == 1


def test_managed_instance_fleet_is_nan_where_the_environment_does_not_fit() -> None:
    fleet = b.managed_instance_fleet([1e6, 1e6], [100, 100], [2048, 10240], [2, 2], [8, 8])
    assert float(fleet.environments_per_instance[0]) == 2
    assert float(fleet.environments_per_instance[1]) == 0
    assert np.isnan(fleet.instance_hours[1])


def test_managed_instance_fleet_is_vectorized_over_functions_and_scenarios() -> None:
    requests = np.array([[1e6], [1e9]]) * np.ones((2, 3))
    fleet = b.managed_instance_fleet(requests, [100, 200, 300], 2048, 4, 16)
    assert fleet.instances.shape == (2, 3)
    for i in range(2):
        for j, ms in enumerate([100, 200, 300]):
            one = b.managed_instance_fleet(requests[i, j], ms, 2048, 4, 16)
            assert float(one.instances) == fleet.instances[i, j]


def test_break_even_requests() -> None:
    # A fleet of $160/month against Lambda duration at $0.000005 a request breaks even at 32M requests.
    assert float(b.managed_instance_break_even_requests(160.0, 0.000005)) == pytest.approx(32_000_000)
    assert np.isinf(b.managed_instance_break_even_requests(160.0, 0.0))


def test_discount_is_a_negative_share_of_the_cost() -> None:
    assert_allclose(b.discounted([100.0, 20.0], 0.17), [-17.0, -3.4])


def test_module_imports_numpy_and_stdlib_only() -> None:
    code = (
        "import lambdacost.core.billing2026, sys; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'pydantic','yaml','rich','typer'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- public examples through the engine

REQUEST = 0.20 / 1_000_000
X86_TIER1, ARM_TIER1 = 0.0000166667, 0.0000133334


@pytest.fixture(scope="module")
def engine_rates(lambda_prices: LambdaPriceTable) -> LambdaRates:
    return lambda_prices.rates("us-east-1")


def rates_2026(**kw: float) -> b.Rates2026:
    values: dict[str, object] = {
        "request": np.array([REQUEST, REQUEST]),
        "management_fee": FEE,
        "tenant_isolation": np.array([TENANT_X86_PER_GB, np.nan]),
        "streaming_gb": STREAM_PER_GB,
        "free_streaming_gb": 100.0,
        "durable_operation": DURABLE_OPERATION,
        "durable_gb_written": DURABLE_GB_WRITTEN,
        "durable_gb_month": DURABLE_GB_MONTH,
    }
    values.update(kw)
    return b.Rates2026(**values)  # type: ignore[arg-type]


def cents(costs: Costs, key: str) -> float:
    return round(float(costs.cost[key].sum()), 2)


def test_public_example_7_durable_functions_total(engine_rates: LambdaRates) -> None:
    """$421.34 compute + $0.20 requests + $32.00 operations + $26.00 written + $10.92 retained = $490.46."""
    executions, invocations = 1_000_000, 2
    fn = FunctionArrays(
        memory_mb=np.array([1024.0]),
        is_arm=np.array([True]),
        duration_ms=np.array([32_000.0 / invocations]),  # 30 s + 2 s of compute, over 2 invocations
        requests=np.array([executions * invocations]),
    )
    costs = b.with_charges_2026(
        price_functions(fn, engine_rates, free_tier=True),
        b.Features2026(
            memory_mb=1024.0,
            is_arm=True,
            requests=executions * invocations,
            durable_executions=executions,
            durable_operations=4,
            durable_kb_written=8 + 3 * 32,
            durable_retained_days=7 + 14,
        ),
        rates_2026(),
    )
    compute = (32_000_000 - 400_000) * ARM_TIER1
    assert round(compute, 2) == 421.34
    assert cents(costs, "duration") + cents(costs, "free_tier_duration") == pytest.approx(421.34)
    assert cents(costs, "requests") + cents(costs, "free_tier_requests") == pytest.approx(
        (2_000_000 - 1_000_000) * REQUEST
    )
    assert cents(costs, "durable_operations") == 32.00
    assert cents(costs, "durable_data_written") == 26.00
    assert cents(costs, "durable_data_retained") == 10.92
    expected = compute + 0.20 + 32.00 + 26.00 + (104 * 7 / 30 + 104 * 14 / 30) * 0.15
    assert float(costs.workload_total) == pytest.approx(expected)
    assert round(float(costs.workload_total), 2) == 490.46


def test_public_example_8_tenant_isolation_total(engine_rates: LambdaRates) -> None:
    """Requests $2.00 + compute 20M GB-s x $0.0000166667 + tenant isolation $33.40, no free tier."""
    fn = FunctionArrays(memory_mb=1024.0, is_arm=False, duration_ms=2000.0, requests=np.array([10_000_000.0]))
    costs = b.with_charges_2026(
        price_functions(fn, engine_rates, free_tier=False),
        b.Features2026(memory_mb=1024.0, is_arm=False, requests=10_000_000.0, tenant_environments=200_000),
        rates_2026(),
        free_tier=False,
    )
    assert float(costs.cost["requests"][0]) == pytest.approx(2.00)
    assert float(costs.cost["duration"][0]) == pytest.approx(20_000_000 * X86_TIER1)  # $333.334
    assert float(costs.quantity["tenant_isolation"][0]) == 200_000  # environments x 1 GB
    assert float(costs.cost["tenant_isolation"][0]) == pytest.approx(200_000 * 0.000167 * 1)
    # AWS prints the compute as $333.34 and the total as $368.74; 20,000,000 x $0.0000166667 is
    # $333.334, which rounds to $333.33, so the exact total $368.734 shows as $368.73.
    assert float(costs.workload_total) == pytest.approx(2.00 + 20_000_000 * X86_TIER1 + 33.40)
    assert round(float(costs.workload_total), 2) == 368.73
    assert pytest.approx(368.74) == 2.00 + 333.34 + 33.40  # AWS's own sum of its rounded lines


def test_public_example_9_response_streaming_total(engine_rates: LambdaRates) -> None:
    """3M requests of 500 ms at 1,536 MB; 1M responses of 7 MB; the 100 GB streaming free tier used up."""
    fn = FunctionArrays(memory_mb=1536.0, is_arm=False, duration_ms=500.0, requests=np.array([3_000_000.0]))
    costs = b.with_charges_2026(
        price_functions(fn, engine_rates, free_tier=True),
        b.Features2026(
            memory_mb=1536.0, is_arm=False, requests=3e6, stream_responses=1_000_000, stream_response_mb=7.0
        ),
        rates_2026(free_streaming_gb=0.0),
    )
    compute = (2_250_000 - 400_000) * X86_TIER1
    streaming = 1_000_000 * (7 - 6) / 1024 * 0.008
    assert cents(costs, "duration") + cents(costs, "free_tier_duration") == pytest.approx(30.83)
    assert cents(costs, "requests") + cents(costs, "free_tier_requests") == pytest.approx(0.40)
    assert float(costs.quantity["response_streaming"][0]) == pytest.approx(976.5625)
    assert cents(costs, "response_streaming") == 7.81
    assert float(costs.cost["free_tier_streaming"][0]) == 0.0
    # AWS adds its lines rounded to the cent: $30.83 + $0.40 + $7.81 = $39.04 (unrounded: $39.0459).
    assert round(compute, 2) + 0.40 + round(streaming, 2) == pytest.approx(39.04)
    assert float(costs.workload_total) == pytest.approx(compute + 0.40 + streaming)


def test_streaming_free_tier_is_shared_by_the_workload(engine_rates: LambdaRates) -> None:
    # Two functions streaming 150 GB and 50 GB: the 100 GB free are split 75 / 25.
    fn = FunctionArrays(memory_mb=128.0, is_arm=False, duration_ms=100.0, requests=np.array([1000.0, 1000.0]))
    responses = np.array([150 * 1024.0, 50 * 1024.0])  # 1 MB beyond 6 MB each
    costs = b.with_charges_2026(
        price_functions(fn, engine_rates, free_tier=True),
        b.Features2026(
            memory_mb=128.0, is_arm=False, requests=1000.0, stream_responses=responses, stream_response_mb=7.0
        ),
        rates_2026(),
    )
    assert_allclose(costs.quantity["free_tier_streaming"], [-75.0, -25.0])
    assert float(costs.workload_total) == pytest.approx(
        float(price_functions(fn, engine_rates).workload_total) + 100 * STREAM_PER_GB
    )


def test_async_and_event_source_and_savings_plan(engine_rates: LambdaRates) -> None:
    fn = FunctionArrays(memory_mb=1024.0, is_arm=False, duration_ms=1000.0, requests=np.array([1_000_000.0]))
    base = price_functions(fn, engine_rates, free_tier=False)
    costs = b.with_charges_2026(
        base,
        b.Features2026(
            memory_mb=1024.0,
            is_arm=False,
            requests=1e6,
            async_event_kb=300,
            epu_hours=2 * 730,
            epu_rate=0.00925,
            lambda_discount=0.17,
        ),
        rates_2026(),
        free_tier=False,
    )
    assert float(costs.cost["async_requests"][0]) == pytest.approx(1_000_000 * REQUEST)  # one extra each
    assert float(costs.cost["event_source_epu"][0]) == pytest.approx(2 * 730 * 0.00925)  # two SQS pollers
    # 17% off the 1M GB-s of duration, not off the requests.
    assert float(costs.cost["savings_plan"][0]) == pytest.approx(-0.17 * 1_000_000 * X86_TIER1)
    expected = 1e6 * REQUEST + 1e6 * X86_TIER1 * 0.83 + 1e6 * REQUEST + 2 * 730 * 0.00925
    assert float(costs.workload_total) == pytest.approx(expected)


def test_no_feature_leaves_the_costs_unchanged(engine_rates: LambdaRates) -> None:
    fn = FunctionArrays(memory_mb=1024.0, is_arm=False, duration_ms=1000.0, requests=np.array([1_000_000.0]))
    base = price_functions(fn, engine_rates)
    assert b.with_charges_2026(base, b.Features2026(memory_mb=1024.0, is_arm=False, requests=1e6), rates_2026()) is base
