"""`lambdacost compare --vs lmi` and `--vs all`: Lambda Managed Instances beside EC2 and Fargate."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app

FEE, REQUEST = 0.15, 0.20 / 1_000_000
ARGS = ["--memory", "2GB", "--duration", "200ms", "--requests", "100M/month", "--architecture", "arm64"]


def run_json(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["compare", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_vs_lmi_prices_the_cheapest_type_with_fee_and_requests(runner: CliRunner) -> None:
    data = run_json(runner, *ARGS, "--vs", "lmi", "--discount", "ec2=72%")
    (opt,) = data["options"]
    assert opt["kind"] == "lmi"
    assert opt["architecture"] == "arm64"
    assert opt["count"] >= 3  # a capacity provider keeps three instances
    # An instance: the on-demand price less 72%, plus 15% of the on-demand price; every request $0.20 per 1M.
    assert opt["unit_monthly_cost"] == pytest.approx(opt["unit_on_demand_monthly_cost"] * (0.28 + FEE))
    assert opt["request_charge"] == pytest.approx(100e6 * REQUEST)
    assert opt["monthly_cost"] == pytest.approx(opt["count"] * opt["unit_monthly_cost"] + 100e6 * REQUEST)
    assert not opt["name"].startswith(("t3", "t4g"))  # no burstable types
    assert data["assumptions"]["managed_instances"].startswith("sized like EC2, at least 3 instances")


def test_vs_all_lists_managed_instances_beside_ec2_and_fargate(runner: CliRunner) -> None:
    kinds = [o["kind"] for o in run_json(runner, *ARGS, "--vs", "all")["options"]]
    assert kinds == ["ec2", "fargate", "lmi"]
    table = runner.invoke(app, ["compare", *ARGS, "--vs", "all"], terminal_width=200)
    assert "Managed Instances" in table.stdout


def test_vs_lmi_with_both_architectures_is_an_error(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    path = write_file(
        "w.yaml",
        "name: w\nfunctions:\n"
        "  - {name: a, memory: 2GB, duration: 200ms, requests: 10M, architecture: arm64}\n"
        "  - {name: b, memory: 2GB, duration: 200ms, requests: 10M}\n",
    )
    result = runner.invoke(app, ["compare", str(path), "--vs", "lmi"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "--vs" in result.stderr and "one architecture" in result.stderr
    # With --vs all the others are still compared.
    assert [o["kind"] for o in run_json(runner, str(path), "--vs", "all")["options"]] == ["ec2", "fargate"]
