"""Lambda MicroVMs: limits and the price of one run, worked out from AWS's published rates."""

from __future__ import annotations

import pytest

from lambdacost.core.microvm import MicroVmRates, microvm_run, microvm_run_cost

# us-east-1, AWS Lambda pricing page (2026), pricing-facts.md section 7; written out on purpose.
RATES = MicroVmRates(vcpu_second=0.0000276944, gb_second=0.0000036667, snapshot_read_gb=0.00155)


def test_a_two_hour_arm_job_on_the_default_baseline() -> None:
    run = microvm_run(1.0, 2.0, 7200, "arm64", "us-east-1", gpu=False)
    assert run.fits
    assert run.baseline_gb == 0.5  # 0.5 GB / 0.25 vCPU bursts to 2 GB / 1 vCPU
    items = microvm_run_cost(run, 7200, RATES)
    assert items["MicroVM vCPU"] == pytest.approx(1.0 * 7200 * 0.0000276944)  # $0.1994
    assert items["MicroVM memory"] == pytest.approx(2.0 * 7200 * 0.0000036667)  # $0.0528
    assert items["Snapshot read at launch"] == pytest.approx(0.5 * 0.00155)


def test_the_baseline_is_billed_when_the_job_needs_less() -> None:
    run = microvm_run(0.1, 0.2, 60, "arm64", "us-west-2", gpu=False)
    assert (run.billed_vcpus, run.billed_gb) == (0.25, 0.5)


def test_limits() -> None:
    assert "Arm (Graviton) only" in microvm_run(1, 2, 60, "x86_64", "us-east-1", False).problems[0]
    assert "not eu-central-1" in microvm_run(1, 2, 60, "arm64", "eu-central-1", False).problems[0]
    assert "at most 8 hours" in microvm_run(1, 2, 8 * 3600 + 1, "arm64", "us-east-1", False).problems[0]
    assert microvm_run(1, 2, 8 * 3600, "arm64", "us-east-1", False).fits
    assert "GPU" in microvm_run(1, 2, 60, "arm64", "us-east-1", True).problems[0]
    # The largest baseline, 8 GB / 4 vCPU, bursts to 32 GB / 16 vCPU.
    assert microvm_run(16, 32, 60, "arm64", "us-east-1", False).fits
    assert "at most 16 vCPU and 32 GB" in microvm_run(17, 8, 60, "arm64", "us-east-1", False).problems[0]
