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
