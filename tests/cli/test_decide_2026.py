"""`lambdacost decide` with Lambda MicroVMs and jobs that wait, worked out from the published rates."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app

# us-east-1 (pricing-facts.md sections 1, 3, 5 and 7), written out on purpose.
MICROVM_VCPU_S, MICROVM_GB_S = 0.0000276944, 0.0000036667
SNAPSHOT_WRITE_GB, SNAPSHOT_READ_GB, SNAPSHOT_GB_MONTH = 0.0038, 0.00155, 0.08
LAMBDA_GB_S_X86, LAMBDA_REQUEST = 0.0000166667, 0.0000002
DURABLE_OPERATION, STEP_TRANSITION = 8.00 / 1_000_000, 0.025 / 1000
FARGATE_VCPU_H_X86, FARGATE_GB_H_X86 = 0.04048, 0.004445


def run_json(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["decide", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def option(data: dict[str, Any], service: str) -> dict[str, Any]:
    return next(o for o in data["options"] if o["service"] == service)


def test_microvm_prices_a_two_hour_arm_job(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "2h", "--architecture", "arm64", "--runs", "30")
    vm = option(data, "lambda-microvm")
    assert vm["feasible"]
    # 1 vCPU and 2 GB (the 0.5 GB / 0.25 vCPU baseline bursting to 4x) for 7,200 s, and the 0.5 GB snapshot read.
    per_run = 7200 * (1 * MICROVM_VCPU_S + 2 * MICROVM_GB_S) + 0.5 * SNAPSHOT_READ_GB
    assert vm["cost_per_run"] == pytest.approx(per_run, rel=1e-12)
    assert vm["monthly_cost"] == pytest.approx(30 * per_run, rel=1e-12)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--duration", "2h"], "Arm (Graviton) only"),
        (["--duration", "9h", "--architecture", "arm64"], "at most 8 hours"),
        (["--duration", "1h", "--architecture", "arm64", "--region", "eu-central-1"], "not eu-central-1"),
        (["--continuous", "--architecture", "arm64"], "runs all the time"),
        (["--duration", "1h", "--architecture", "arm64", "--vcpus", "32"], "at most 16 vCPU"),
    ],
)
def test_microvm_limits(runner: CliRunner, args: list[str], words: str) -> None:
    vm = option(run_json(runner, *args), "lambda-microvm")
    assert not vm["feasible"]
    assert any(words in r for r in vm["reasons"])


def test_a_job_that_waits_goes_to_durable_functions(runner: CliRunner) -> None:
    """5 minutes of work, then 3 days waiting for an approval, 1,000 runs a month, 2 GB x86_64."""
    data = run_json(runner, "--duration", "5m", "--wait", "3d", "--runs", "1000")
    assert data["recommendation"] == "lambda-durable"
    assert not option(data, "lambda")["feasible"]  # it cannot wait 3 days inside one invocation
    compute = 1000 * 300 * 2 * LAMBDA_GB_S_X86  # no compute billed while waiting
    operations = 1000 * (1 + 1 + 1)  # start, one checkpoint for the one step, the wait
    written_gb = operations * 64 / 1024 / 1024
    retained = written_gb * ((300 + 3 * 86400) / 86400 + 14) * 24 / 730 * 0.15  # while it runs and 14 days after
    durable = 1000 * 2 * LAMBDA_REQUEST + compute + operations * DURABLE_OPERATION + written_gb * 0.25 + retained
    assert option(data, "lambda-durable")["monthly_cost"] == pytest.approx(durable, rel=1e-12)
    # Step Functions: the same compute, one transition for the step and one for the Wait state.
    sfn = 1000 * LAMBDA_REQUEST + compute + 1000 * 2 * STEP_TRANSITION
    assert option(data, "step-functions")["monthly_cost"] == pytest.approx(sfn, rel=1e-12)
    # Fargate is billed while the task waits: 1 vCPU, 2 GB for 3 days and 5 minutes, each run.
    hours = (300 + 3 * 86400) / 3600
    fargate = 1000 * hours * (FARGATE_VCPU_H_X86 + 2 * FARGATE_GB_H_X86)
    assert option(data, "fargate")["monthly_cost"] == pytest.approx(fargate, rel=1e-9)


def test_a_short_wait_inside_one_invocation_is_billed_on_lambda(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "30s", "--wait", "1m", "--runs", "100")
    lam = option(data, "lambda")
    assert lam["feasible"]
    assert lam["monthly_cost"] == pytest.approx(100 * LAMBDA_REQUEST + 100 * 90 * 2 * LAMBDA_GB_S_X86, rel=1e-12)


def test_a_waiting_microvm_is_suspended(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "1h", "--wait", "2h", "--architecture", "arm64", "--memory", "4GB")
    vm = option(data, "lambda-microvm")
    # 4 GB with 1 vCPU: the 1 GB / 0.5 vCPU baseline bursting to 4 GB / 2 vCPU.
    run = 3600 * (1 * MICROVM_VCPU_S + 4 * MICROVM_GB_S) + 1 * SNAPSHOT_READ_GB
    suspend = 4 * (SNAPSHOT_WRITE_GB + SNAPSHOT_READ_GB) + 4 * 7200 / (730 * 3600) * SNAPSHOT_GB_MONTH
    assert vm["monthly_cost"] == pytest.approx(run + suspend, rel=1e-12)


def test_bad_wait(runner: CliRunner) -> None:
    result = runner.invoke(app, ["decide", "--duration", "5m", "--wait", "soon"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "--wait" in result.stderr
