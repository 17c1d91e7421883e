"""`lambdacost estimate` with the 2026 keys: AWS's worked examples 6-9 to the cent, the SnapStart
month of 744 hours, --discount and --plan, and one error line for values only the price tables can refuse.

Expected money is worked out here from the published us-east-1 rates (pricing-facts.md sections 1 and 7).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app

REQUEST = 0.20 / 1_000_000
X86_TIER1, ARM_TIER1 = 0.0000166667, 0.0000133334
M7G_XLARGE, FEE = 0.1632, 0.15
SNAP_CACHE, SNAP_RESTORE = 0.0000015046, 0.0001397998


def run_json(runner: CliRunner, path: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["estimate", str(path), "--format", "json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def lines(doc: dict, fn: int = 0) -> dict[str, dict]:  # type: ignore[type-arg]
    return {ln["item"]: ln for ln in doc["functions"][fn]["lines"]}


def test_public_example_6_managed_instances(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    """100M requests, m7g.xlarge at the 3-year Compute Savings Plan rate $0.0457/h, 2,000 instance-hours: $160.36."""
    path = write_file(
        "lmi.yaml",
        "name: high-throughput API\nfree_tier: false\nfunctions:\n"
        "  - name: api\n    memory: 2GB\n    architecture: arm64\n    duration: 200ms\n    requests: 100M\n"
        "    managed_instances: {instance_type: m7g.xlarge, instance_hours: 2000, hourly_rate: 0.0457}\n",
    )
    doc = run_json(runner, path)
    items = lines(doc)
    assert items["requests"]["cost"] == pytest.approx(100_000_000 * REQUEST)  # $20.00
    assert items["duration"]["cost"] == 0  # no duration charge on Managed Instances
    assert items["managed_instances"]["quantity"] == 2000
    assert items["managed_instances"]["cost"] == pytest.approx(2000 * 0.0457)  # $91.40
    assert items["managed_instances_fee"]["cost"] == pytest.approx(2000 * FEE * M7G_XLARGE)  # $48.96
    assert doc["total"] == pytest.approx(20.00 + 91.40 + 48.96)
    assert round(doc["total"], 2) == 160.36


def test_example_6_with_the_ec2_discount_instead_of_the_rate(
    runner: CliRunner, write_file: Callable[[str, str], Path]
) -> None:
    # 72% off $0.1632 is $0.045696/h: AWS rounds it to $0.0457, so this total is a cent lower ($160.35).
    path = write_file(
        "lmi.yaml",
        "name: api\nfree_tier: false\ndiscounts: {ec2: 72%}\nfunctions:\n"
        "  - name: api\n    memory: 2GB\n    architecture: arm64\n    duration: 200ms\n    requests: 100M\n"
        "    managed_instances: {instance_type: m7g.xlarge, instance_hours: 2000}\n",
    )
    doc = run_json(runner, path)
    items = lines(doc)
    assert items["managed_instances"]["rate"] == pytest.approx(M7G_XLARGE * 0.28)
    assert items["managed_instances_fee"]["rate"] == pytest.approx(M7G_XLARGE * FEE)  # the fee is not discounted
    assert doc["total"] == pytest.approx(20.00 + 2000 * M7G_XLARGE * 0.28 + 2000 * FEE * M7G_XLARGE)
    assert doc["discounts"][0]["service"] == "ec2"


def test_managed_instances_sized_from_the_load(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    path = write_file(
        "lmi.yaml",
        "name: api\nfree_tier: false\nfunctions:\n"
        "  - name: api\n    memory: 2GB\n    architecture: arm64\n    duration: 200ms\n    requests: 100M\n"
        "    managed_instances: {instance_type: m7g.xlarge}\n",
    )
    doc = run_json(runner, path)
    (sized,) = doc["managed_instances_sized"]
    # 7.61 requests in flight fit one 1-vCPU environment of 16; AWS keeps 3 instances: 3 x 730 h.
    assert sized["requests_in_flight"] == pytest.approx(100e6 / (730 * 3600) * 0.2)
    assert sized["instances"] == 3
    assert lines(doc)["managed_instances"]["quantity"] == 3 * 730
    assert doc["total"] == pytest.approx(100e6 * REQUEST + 3 * 730 * M7G_XLARGE * (1 + FEE))
    table = runner.invoke(app, ["estimate", str(path)], terminal_width=200)
    text = " ".join(table.stdout.split())
    assert "sized from the load" in text and "at least 3" in text


def test_public_example_7_durable_functions(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    path = write_file(
        "durable.yaml",
        "name: insurance claims\nfunctions:\n"
        "  - name: claims\n    memory: 1GB\n    architecture: arm64\n    duration: 32s\n    requests: 1M\n"
        "    durable: {operations_per_execution: 4, invocations_per_execution: 2,"
        " data_written_per_execution: 104KB, running_days: 7, retention_days: 14}\n",
    )
    doc = run_json(runner, path)
    items = lines(doc)
    compute = (32_000_000 - 400_000) * ARM_TIER1  # $421.34
    assert items["duration"]["cost"] + items["free_tier_duration"]["cost"] == pytest.approx(compute)
    assert items["requests"]["quantity"] == 2_000_000  # 2 invocations per execution
    assert items["requests"]["cost"] + items["free_tier_requests"]["cost"] == pytest.approx(1_000_000 * REQUEST)
    assert items["durable_operations"]["cost"] == pytest.approx(4_000_000 * 8.00 / 1e6)
    assert items["durable_data_written"]["cost"] == pytest.approx(104 * 0.25)
    assert items["durable_data_retained"]["cost"] == pytest.approx((104 * 7 / 30 + 104 * 14 / 30) * 0.15)
    assert round(doc["total"], 2) == 490.46


def test_public_example_8_tenant_isolation(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    path = write_file(
        "tenants.yaml",
        "name: multi-tenant SaaS\nfree_tier: false\nfunctions:\n"
        "  - name: saas\n    memory: 1024MB\n    duration: 2s\n    requests: 10M\n"
        "    tenant_isolation: {environments_per_month: 200k}\n",
    )
    doc = run_json(runner, path)
    items = lines(doc)
    assert items["tenant_isolation"]["quantity"] == 200_000
    assert items["tenant_isolation"]["cost"] == pytest.approx(200_000 * 0.000167 * 1)  # $33.40
    assert doc["total"] == pytest.approx(10e6 * REQUEST + 20_000_000 * X86_TIER1 + 33.40)
    # AWS shows $368.74 from its compute line $333.34; 20M GB-s x $0.0000166667 = $333.334 -> $333.33.
    assert round(doc["total"], 2) == 368.73


def test_public_example_9_response_streaming(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    path = write_file(
        "ssr.yaml",
        "name: server-side rendering\nfree_tier: {streaming_gb: 0}\nfunctions:\n"
        "  - name: ssr\n    memory: 1536MB\n    duration: 500ms\n    requests: 3M\n"
        "    response_streaming: {response_size: 7MB, responses: 1M}\n",
    )
    doc = run_json(runner, path)
    items = lines(doc)
    assert items["response_streaming"]["quantity"] == pytest.approx(1_000_000 / 1024)  # 976.56 GB
    assert round(items["response_streaming"]["cost"], 2) == 7.81
    assert "free_tier_streaming" not in items or items["free_tier_streaming"]["cost"] == 0
    compute = (2_250_000 - 400_000) * X86_TIER1
    # AWS sums its lines rounded to the cent: $30.83 + $0.40 + $7.81 = $39.04.
    billed = [round(compute, 2), round(2_000_000 * REQUEST, 2), round(items["response_streaming"]["cost"], 2)]
    assert sum(billed) == pytest.approx(39.04)
    assert doc["total"] == pytest.approx(compute + 0.40 + 1_000_000 / 1024 * 0.008)


def test_snapstart_cache_for_a_31_day_month(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    """AWS's SnapStart example bills the cache for 744 hours (24 x 31 x 3,600 s); hours up to 744 are accepted.

    The example's other inputs ($263.92 in all) are not in shared/reference/, so this checks the 744-hour
    month on the rule: 2 versions of 1 GB cached 744 h, and 100,000 restores of 1 GB.
    """
    path = write_file(
        "snap.yaml",
        "name: snap\nfree_tier: false\nfunctions:\n"
        "  - name: api\n    memory: 1GB\n    duration: 100ms\n    requests: 1M\n"
        "    snapstart: {versions: 2, cache_hours_per_month: 744, restore_rate: 10%}\n",
    )
    items = lines(run_json(runner, path))
    assert items["snapstart_cache"]["quantity"] == 2 * 1 * 24 * 31 * 3600
    assert items["snapstart_cache"]["cost"] == pytest.approx(2 * 24 * 31 * 3600 * SNAP_CACHE)  # $8.06
    assert items["snapstart_restore"]["cost"] == pytest.approx(100_000 * 1 * SNAP_RESTORE)  # $13.98


def test_discount_and_plan_options(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    path = write_file(
        "w.yaml",
        "name: w\nfree_tier: false\ndiscounts: {lambda: 10%}\nfunctions:\n"
        "  - name: api\n    memory: 1GB\n    duration: 1s\n    requests: 1M\n",
    )
    duration = 1_000_000 * X86_TIER1
    assert run_json(runner, path)["total"] == pytest.approx(1e6 * REQUEST + duration * 0.90)
    assert run_json(runner, path, "--plan", "compute-savings-plan")["total"] == pytest.approx(
        1e6 * REQUEST + duration * 0.83
    )
    doc = run_json(runner, path, "--plan", "compute-savings-plan", "--discount", "lambda=5%")
    assert doc["total"] == pytest.approx(1e6 * REQUEST + duration * 0.95)
    assert lines(doc)["savings_plan"]["cost"] == pytest.approx(-0.05 * duration)
    bad = runner.invoke(app, ["estimate", str(path), "--discount", "lambda=120%"])
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "--discount" in bad.stderr


@pytest.mark.parametrize(
    ("lmi", "words"),
    [
        ("{instance_type: m9z.huge}", "'m9z.huge' is not in the EC2 price table"),
        ("{instance_type: t4g.small}", "burstable"),
        ("{instance_type: m7i.xlarge}", "x86_64 but the function is arm64"),
    ],
)
def test_instance_types_managed_instances_cannot_use(
    runner: CliRunner, write_file: Callable[[str, str], Path], lmi: str, words: str
) -> None:
    path = write_file(
        "w.yaml",
        "name: w\nfunctions:\n  - name: api\n    memory: 2GB\n    architecture: arm64\n"
        f"    duration: 200ms\n    requests: 1M\n    managed_instances: {lmi}\n",
    )
    result = runner.invoke(app, ["estimate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert f"{path}: functions[0].managed_instances.instance_type (line 8): " in result.stderr
    assert words in result.stderr


def test_outside_us_east_1_the_2026_rates_are_flagged_where_used(
    runner: CliRunner, write_file: Callable[[str, str], Path]
) -> None:
    path = write_file(
        "w.yaml",
        "name: w\nregion: af-south-1\nfree_tier: false\nfunctions:\n"
        "  - name: saas\n    memory: 1GB\n    duration: 2s\n    requests: 1M\n"
        "    tenant_isolation: {environments_per_month: 1000}\n"
        "  - name: plain\n    memory: 1GB\n    duration: 2s\n    requests: 1M\n",
    )
    doc = run_json(runner, path)
    # Derived: us-east-1's $0.000167 scaled by af-south-1's first-tier duration rate over us-east-1's.
    rate = 0.000167 * 0.0000221 / 0.0000166667
    assert lines(doc)["tenant_isolation"]["rate"] == pytest.approx(rate, rel=1e-6)
    flagged = doc["pricing"]["unconfirmed_rates"]
    assert "tenant_isolation.x86_64" in flagged
    assert not any(u.startswith(("managed_instances", "response_streaming", "event_source")) for u in flagged)


def test_free_tier_left(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    path = write_file(
        "w.yaml",
        "name: w\nfree_tier: {requests: 500k, gb_seconds: 0}\nfunctions:\n"
        "  - name: api\n    memory: 1GB\n    duration: 1s\n    requests: 3M\n",
    )
    doc = run_json(runner, path)
    assert doc["free_tier_used"] == {"requests": 500_000, "gb_seconds": 0}
    assert doc["total"] == pytest.approx((3e6 - 500_000) * REQUEST + 3e6 * X86_TIER1)
    table = runner.invoke(app, ["estimate", str(path)], terminal_width=200)
    assert "500,000 of 500,000 requests and 0 of 0 GB-s used" in " ".join(table.stdout.split())


def test_the_derived_arm64_tenant_rate_is_flagged_only_when_used(
    runner: CliRunner, write_file: Callable[[str, str], Path]
) -> None:
    text = "name: w\nfunctions:\n  - name: t\n    memory: 1GB\n    duration: 1s\n    requests: 1M\n"
    text += "    tenant_isolation: {environments_per_month: 1000}\n"
    x86 = run_json(runner, write_file("x86.yaml", text))
    assert x86["pricing"]["unconfirmed_rates"] == []
    arm = run_json(
        runner, write_file("arm.yaml", text.replace("    memory: 1GB\n", "    memory: 1GB\n    architecture: arm64\n"))
    )
    assert arm["pricing"]["unconfirmed_rates"] == ["tenant_isolation.arm64"]
    assert lines(arm)["tenant_isolation"]["rate"] == pytest.approx(0.000167 * 0.8)  # derived: x86_64 x 0.8


def test_capacity_leaves_out_managed_instances_functions(runner: CliRunner) -> None:
    from tests.conftest import WORKLOADS

    result = runner.invoke(app, ["capacity", str(WORKLOADS / "saas-platform-2026.yaml"), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    names = [f["name"] for f in json.loads(result.stdout)["functions"]]
    assert "api" not in names and "ingest-worker" in names  # api runs on Managed Instances


def test_throttled_requests_carry_no_2026_charges(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    """20M requests of 200 ms ask for 20M x 0.2 s / 2,628,000 s = 1.52 concurrent executions; a
    reservation of 1 serves 2,628,000 s / 0.2 s = 13,140,000 of them (flat traffic). A 300 KB
    asynchronous event counts one extra request (256 KB + one 64 KB chunk). 4M of 1 s ask for the
    same 1.52, of which 1 serves 2,628,000; each of 1M streamed responses of 7 MB streams 1 MB over
    the first 6 MB. Only the served share of either is billed: 13.14M / 20M = 2.628M / 4M = 65.7%."""
    path = write_file(
        "w.yaml",
        "name: t\nfree_tier: false\nfunctions:\n"
        "  - name: events\n    memory: 512MB\n    duration: 200ms\n    requests: 20M\n"
        "    async_event_size: 300KB\n    reserved_concurrency: 1\n"
        "  - name: ssr\n    memory: 512MB\n    duration: 1s\n    requests: 4M\n"
        "    response_streaming: {response_size: 7MB, responses: 1M}\n    reserved_concurrency: 1\n",
    )
    doc = run_json(runner, path)
    share = (730 * 3600 / 0.2) / 20e6
    events, ssr = lines(doc, 0), lines(doc, 1)
    assert events["requests"]["quantity"] == pytest.approx(20e6 * share)
    assert events["async_requests"]["quantity"] == pytest.approx(20e6 * share)
    assert events["async_requests"]["cost"] == pytest.approx(20e6 * share * REQUEST)
    assert ssr["response_streaming"]["quantity"] == pytest.approx(1e6 * share / 1024)
    assert ssr["response_streaming"]["cost"] == pytest.approx(1e6 * share / 1024 * 0.008)
