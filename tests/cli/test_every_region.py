"""``compare --vs all`` and ``decide`` in every region of the shipped tables.

Expected money is worked out here from the regional rates the tables cite
(SkyPilot's EC2 catalogue, the Fargate pricing page, AWS's Lambda metered-unit
map), typed in below per region: Lambda requests and first-tier x86 GB-s,
EC2 t4g.micro, c5.large and c7i.large per hour, Fargate Linux/x86 per vCPU-hour and GB-hour.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app

# region: (request, GB-s x86 tier 1, t4g.micro, c5.large, c7i.large ($/h), Fargate vCPU-h, Fargate GB-h)
RATES: dict[str, tuple[float, float, float | None, float | None, float | None, float, float]] = {
    "us-east-1": (0.0000002, 0.0000166667, 0.0084, 0.085, 0.08925, 0.04048, 0.004445),
    "us-east-2": (0.0000002, 0.0000166667, 0.0084, 0.085, 0.08925, 0.04048, 0.004445),
    "us-west-1": (0.0000002, 0.0000166667, 0.01, 0.106, 0.1113, 0.04656, 0.00511),
    "us-west-2": (0.0000002, 0.0000166667, 0.0084, 0.085, 0.08925, 0.04048, 0.004445),
    "eu-west-1": (0.0000002, 0.0000166667, 0.0092, 0.096, 0.09576, 0.04048, 0.004445),
    "eu-west-2": (0.0000002, 0.0000166667, 0.0094, 0.101, 0.10605, 0.04656, 0.00511),
    "eu-central-1": (0.0000002, 0.0000166667, 0.0096, 0.097, 0.10185, 0.04656, 0.00511),
    "eu-north-1": (0.0000002, 0.0000166667, 0.0086, 0.091, 0.09555, 0.0445, 0.0049),
    "ap-northeast-1": (0.0000002, 0.0000166667, 0.0108, 0.107, 0.11235, 0.05056, 0.00553),
    "ap-southeast-1": (0.0000002, 0.0000166667, 0.0106, 0.098, 0.1029, 0.05056, 0.00553),
    "ap-southeast-2": (0.0000002, 0.0000166667, 0.0106, 0.111, 0.11655, 0.04856, 0.00532),
    "ap-south-1": (0.0000002, 0.0000166667, 0.0056, 0.085, 0.08925, 0.04256, 0.004655),
    "sa-east-1": (0.0000002, 0.0000166667, None, None, None, 0.0696, 0.0076),
    "ca-central-1": (0.0000002, 0.0000166667, 0.0092, 0.093, 0.09765, 0.04456, 0.004865),
    "af-south-1": (0.00000027, 0.0000221, 0.0108, 0.114, None, 0.0546, 0.006),
    "ap-east-1": (0.00000028, 0.00002292, 0.0116, 0.108, 0.1134, 0.0556, 0.0061),
    "eu-south-1": (0.00000023, 0.0000195172, 0.0096, 0.101, None, 0.0486, 0.0053),
    "me-south-1": (0.00000025, 0.0000206667, 0.01, 0.106, None, 0.0526, 0.0058),
}
HOURS = 730
# One function: 512 MB, 200 ms, 1M requests a month, no free tier.
LOAD = ["--memory", "512MB", "--duration", "200ms", "--requests", "1M/month", "--no-free-tier"]


def invoke_json(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr + result.stdout
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("region", sorted(RATES))
def test_compare_vs_all(runner: CliRunner, region: str) -> None:
    request, gb_s, t4g_micro, _, _, vcpu_h, gb_h = RATES[region]
    if t4g_micro is None:
        result = runner.invoke(app, ["compare", *LOAD, "--vs", "all", "--region", region])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"Error: --region: no EC2 prices for region '{region}'")
        return
    data = invoke_json(runner, "compare", *LOAD, "--vs", "all", "--region", region)
    # 1M x 0.5 GB x 0.2 s = 100,000 GB-s
    assert data["lambda"]["monthly_cost"] == pytest.approx(100_000 * gb_s + 1_000_000 * request, rel=1e-5)
    # The fleet runs the function's architecture: for an arm64 function the cheapest type
    # holding one 512 MB request is t4g.micro (1 GiB), one instance all month.
    arm = invoke_json(runner, "compare", *LOAD, "--vs", "ec2", "--architecture", "arm64", "--region", region)
    ec2 = next(o for o in arm["options"] if o["kind"] == "ec2")
    assert (ec2["name"], ec2["count"]) == ("t4g.micro", 1)
    assert ec2["monthly_cost"] == pytest.approx(HOURS * t4g_micro, rel=1e-5)
    fargate = next(o for o in data["options"] if o["kind"] == "fargate")
    # The smallest task holding 512 MB at 60% target utilisation: 0.5 vCPU, 1 GB.
    assert fargate["name"] == "0.5 vCPU, 1 GB"
    assert fargate["monthly_cost"] == pytest.approx(HOURS * (0.5 * vcpu_h + 1 * gb_h), rel=1e-5)


@pytest.mark.parametrize("region", sorted(RATES))
def test_decide_prices_every_option(runner: CliRunner, region: str) -> None:
    _, _, _, c5_large, c7i_large, vcpu_h, gb_h = RATES[region]
    data = invoke_json(runner, "decide", "--duration", "40m", "--memory", "2GB", "--region", region)
    by_service = {o["service"]: o for o in data["options"]}
    hours = 40 / 60
    # Fargate: 1 vCPU and 2 GB for 40 minutes, once a month.
    assert by_service["fargate"]["monthly_cost"] == pytest.approx(hours * (vcpu_h + 2 * gb_h), rel=1e-9)
    if c5_large is None:
        assert by_service["ec2"]["priced"] is False
        assert f"no EC2 prices for {region}" in data["pricing"]["not_priced"]
    else:
        # Plain EC2: the cheapest non-burstable x86 type with 1 vCPU and 2 GiB is c5.large or
        # c7i.large (where offered), billed per second.
        cheapest = min(h for h in (c5_large, c7i_large) if h is not None)
        assert by_service["ec2"]["monthly_cost"] == pytest.approx(hours * cheapest, rel=1e-9)
    assert by_service["step-functions"]["priced"] is True
    if region != "us-east-1":
        assert "fargate.linux_arm64" in data["pricing"]["unconfirmed_rates"]


def test_decide_prices_a_32_vcpu_job(runner: CliRunner) -> None:
    # 32 vCPUs and 64 GB, x86, in eu-west-1: the cheapest type with both is c7i.8xlarge, its price
    # derived from c7i.large's ($0.09576/h) x 16 (32 vCPUs against 2).
    data = invoke_json(runner, "decide", "--duration", "2h", "--memory", "64GB", "--vcpus", "32", "-r", "eu-west-1")
    ec2 = next(o for o in data["options"] if o["service"] == "ec2")
    assert ec2["priced"] is True
    assert ec2["monthly_cost"] == pytest.approx(2 * 16 * 0.09576, rel=1e-9)
    assert "c7i.8xlarge" in ec2["reasons"][0] and "unconfirmed" in ec2["reasons"][0]


def test_regions_lists_the_services_priced_and_the_unconfirmed_counts(runner: CliRunner) -> None:
    data = invoke_json(runner, "regions")
    by_code = {r["region"]: r for r in data["regions"]}
    assert set(RATES) <= set(by_code)
    assert by_code["us-east-1"]["priced"] == ["lambda", "ec2", "fargate", "services", "stack"]
    assert by_code["us-east-1"]["unconfirmed_counts"]["lambda"] == 0
    # pricing/stack.yaml: us-east-1 read from AWS; elsewhere its five sections are us-east-1's, unconfirmed
    assert by_code["us-east-1"]["unconfirmed_counts"]["stack"] == 0
    assert by_code["eu-west-2"]["unconfirmed_counts"]["stack"] == 5
    assert by_code["sa-east-1"]["priced"] == ["lambda", "fargate", "services", "stack"]
    assert by_code["me-central-1"]["priced"] == ["lambda", "stack"]
    # Outside us-east-1 Fargate flags two rates: Linux/Arm and ephemeral storage.
    assert by_code["eu-west-2"]["unconfirmed_counts"]["fargate"] == 2
    assert by_code["af-south-1"]["request_x86_64"] == RATES["af-south-1"][0]
    assert data["price_set"]["name"] == "shipped"
    assert {s["table"] for s in data["sources"]} == {"lambda", "ec2", "fargate", "services", "stack"}
    # The table and Markdown show the counts: Lambda, EC2 (derived / types), Fargate, Services, Stack;
    # "-" where a table has no prices for the region.
    md = runner.invoke(app, ["regions", "--format", "markdown"]).stdout
    row = next(line for line in md.splitlines() if line.startswith("| af-south-1 |"))
    c = by_code["af-south-1"]["unconfirmed_counts"]
    types = by_code["af-south-1"]["ec2_instance_types"]
    assert row.endswith(f"| {c['lambda']} | {c['ec2']}/{types} | {c['fargate']} | {c['services']} | {c['stack']} |")
    me = next(line for line in md.splitlines() if line.startswith("| me-central-1 |"))
    assert me.endswith("| - | - | - | 5 |")


def test_compare_names_the_rates_not_read_from_aws(runner: CliRunner) -> None:
    # m5.8xlarge's price is m5.xlarge's ($0.222/h in eu-west-2) x 8; Fargate Arm there is 0.80 of x86.
    data = invoke_json(runner, "compare", *LOAD, "--vs", "ec2", "--instance", "m5.8xlarge", "-r", "eu-west-2")
    assert data["unconfirmed_rates"] == ["ec2.m5.8xlarge (scaled from m5.xlarge)"]
    assert data["options"][0]["monthly_cost"] == pytest.approx(HOURS * 8 * 0.222)
    arm = [*LOAD, "--architecture", "arm64", "--vs", "fargate", "-r", "eu-west-2"]
    assert invoke_json(runner, "compare", *arm)["unconfirmed_rates"] == ["fargate.linux_arm64"]
    assert invoke_json(runner, "compare", *LOAD, "--vs", "all", "-r", "us-east-1")["unconfirmed_rates"] == []
