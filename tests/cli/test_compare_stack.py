"""`lambdacost compare` of whole stacks: the seed's function (512 MB, 200 ms, 1M requests a month)
behind an HTTP API, against t3.small and Fargate fleets behind an Application Load Balancer.

Worked out here from the published us-east-1 rates (pricing-facts.md sections 1, 3, 4 and 5).
"""

from __future__ import annotations

import json
import math

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app

REQUEST, X86_TIER1 = 0.20 / 1e6, 0.0000166667
HTTP_API = 1.00 / 1e6
ALB_HOUR, LCU_HOUR = 0.0225, 0.008
T3_SMALL = 0.0208  # $/h, 2 vCPU, 2 GiB, 20% baseline per vCPU
FARGATE_VCPU, FARGATE_GB = 0.04048, 0.004445
SECONDS = 730 * 3600
SEED = ["--memory", "512MB", "--duration", "200ms", "--requests", "1M/month", "--no-free-tier", "--format", "json"]

LAMBDA_PER_K = 1e6 * REQUEST + 1e6 * 0.5 * 0.2 * X86_TIER1  # $1.87: the seed's own sum
STACK_PER_K = LAMBDA_PER_K + 1e6 * HTTP_API  # + $1.00 of HTTP API
RPS = 1e6 / SECONDS
# ALB LCUs: one new connection per request (25 a second per LCU) is the largest dimension at 1 KB a request
LCU = max(RPS / 25, RPS * 0.2 / 3000, RPS * 3600 * 1 / 1e6 / 1.0, 0.0)
ALB_FIXED, ALB_PER_K = 730 * ALB_HOUR, LCU * 730 * LCU_HOUR
VCPUS_PER_K = RPS * 0.2 * 512 / 1769  # busy vCPUs: duration x Lambda's vCPU share


def run(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["compare", *SEED, *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def break_even(unit_monthly: float, per_unit_vcpus: float) -> float:
    """Where Lambda's stack (linear) meets the fleet's: try each count of units in turn."""
    for count in range(1, 100):
        k = (count * unit_monthly + ALB_FIXED) / (STACK_PER_K - ALB_PER_K)
        if math.ceil(VCPUS_PER_K * k / per_unit_vcpus) <= count:
            return k
    raise AssertionError("no break-even")


def test_whole_stack_against_t3_small(runner: CliRunner) -> None:
    doc = run(runner, "--front-door", "api_gateway_http", "--vs", "ec2", "--instance", "t3.small")
    assert doc["lambda"]["monthly_cost"] == pytest.approx(STACK_PER_K)  # $2.87
    assert doc["lambda"]["front_door_monthly_cost"] == pytest.approx(1.00)
    t3 = doc["options"][0]
    assert t3["load_balancer_monthly_cost"] == pytest.approx(ALB_FIXED + ALB_PER_K)
    assert t3["monthly_cost"] == pytest.approx(730 * T3_SMALL + ALB_FIXED + ALB_PER_K)  # $31.70
    # t3.small supplies its 20% baseline of 2 vCPUs at 60% target utilisation: 0.24 vCPU
    k = break_even(730 * T3_SMALL, 2 * 0.2 * 0.6)
    assert t3["break_even_requests_per_month"] == pytest.approx(k * 1e6, rel=1e-6)


def test_whole_stack_against_fargate(runner: CliRunner) -> None:
    """One request of 512 MB needs the 1 GB task at 60% (0.5 vCPU, the smallest with 1 GB)."""
    doc = run(runner, "--front-door", "api_gateway_http", "--vs", "fargate")
    task = doc["options"][0]
    unit = 730 * (0.5 * FARGATE_VCPU + 1 * FARGATE_GB)
    assert task["monthly_cost"] == pytest.approx(unit + ALB_FIXED + ALB_PER_K)
    k = break_even(unit, 0.5 * 0.6)
    assert task["break_even_requests_per_month"] == pytest.approx(k * 1e6, rel=1e-6)


def test_without_a_front_door_the_fleets_stand_alone(runner: CliRunner) -> None:
    doc = run(runner, "--vs", "ec2", "--instance", "t3.small")
    assert doc["lambda"]["monthly_cost"] == pytest.approx(LAMBDA_PER_K)
    assert doc["options"][0]["monthly_cost"] == pytest.approx(730 * T3_SMALL)
    assert doc["options"][0]["load_balancer_monthly_cost"] == 0


def test_bad_front_door_option(runner: CliRunner) -> None:
    result = runner.invoke(app, ["compare", *SEED, "--front-door", "nginx"])
    assert result.exit_code == 2
    assert "--front-door" in result.stderr
